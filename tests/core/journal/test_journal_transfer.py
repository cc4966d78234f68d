"""The journal travels in the JSON export and merges by record, like the notes."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from mgreader.core.journal.model import Symptom
from mgreader.core.notes.store import Store
from mgreader.core.notes.transfer import MalformedExportError, export_json, import_json

from .conftest import med

TODAY = date(2026, 12, 1)


def test_check_ins_and_medicines_go_to_another_computer(tmp_path: Path):
    with Store.open(tmp_path / "laptop.sqlite3") as laptop, Store.open(tmp_path / "pc.sqlite3") as desktop:
        laptop.journal.save_checkin(TODAY, 3, [Symptom("Dizziness on standing", 2)], True, "dizzy", TODAY)
        citrate = laptop.journal.add_medicine(med(mg=200, times=2, started=date(2026, 11, 1)), TODAY)
        export_json(laptop, tmp_path / "all.json")
        first = import_json(desktop, tmp_path / "all.json")
        assert first.added >= 2
        assert desktop.journal.checkins() == laptop.journal.checkins()
        assert desktop.journal.medicines() == [citrate]
        again = import_json(desktop, tmp_path / "all.json")  # nothing is duplicated
        assert again.added == 0
        assert len(desktop.journal.checkins()) == 1 and len(desktop.journal.medicines()) == 1


def test_a_later_local_edit_of_a_medicine_is_kept(tmp_path: Path):
    with Store.open(tmp_path / "a.sqlite3") as a, Store.open(tmp_path / "b.sqlite3") as b:
        citrate = a.journal.add_medicine(med(mg=200), TODAY)
        export_json(a, tmp_path / "all.json")
        import_json(b, tmp_path / "all.json")
        mine = b.journal.update_medicine(replace(citrate, times_per_day=2), TODAY)
        import_json(b, tmp_path / "all.json")
        assert b.journal.medicines() == [mine]


def test_a_damaged_journal_record_imports_nothing_and_says_which(tmp_path: Path):
    import json

    with Store.open(tmp_path / "a.sqlite3") as a, Store.open(tmp_path / "b.sqlite3") as b:
        a.journal.save_checkin(TODAY, 3, [], None, "", TODAY)
        a.add_note("kept", "a note")
        export_json(a, tmp_path / "all.json")
        document = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
        document["checkins"][0]["energy"] = 42
        (tmp_path / "all.json").write_text(json.dumps(document), encoding="utf-8")
        with pytest.raises(MalformedExportError) as error:
            import_json(b, tmp_path / "all.json")
        assert "checkin 1" in str(error.value)
        assert b.notes() == [] and b.journal.checkins() == []
