from datetime import date

import pytest

from mgreader.core.journal.model import Medicine


def med(
    name: str = "Magnesium citrate",
    mg: float | None = 200,
    times: int = 1,
    every: int = 1,
    started: date | None = None,
    stopped: date | None = None,
    kind: str | None = None,
    amount: float = 1,
    unit: str = "tablet",
) -> Medicine:
    return Medicine("", name, "tablet", amount, unit, times, every, "", started, stopped, mg, kind, "", "")


@pytest.fixture
def make_medicine():
    return med
