"""Visits travel in the JSON export and merge on import like notes (issue 19)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from mgreader.core.notes import transfer
from mgreader.core.notes.store import Store


def test_visits_are_exported_and_merged_by_id(tmp_path: Path):
    with (
        Store.open(tmp_path / "laptop.sqlite3") as laptop,
        Store.open(tmp_path / "desktop.sqlite3") as desktop,
    ):
        visit = laptop.journal.add_visit(date(2026, 3, 1), "Dr. K", "Review")
        path = tmp_path / "export.json"
        transfer.export_json(laptop, path)
        written = json.loads(path.read_text(encoding="utf-8"))["visits"]
        assert written == [{"id": visit.id, "day": "2026-03-01", "with_whom": "Dr. K", "title": "Review",
                            "created": visit.created, "updated": visit.updated}]  # fmt: skip
        assert transfer.import_json(desktop, path).added == 1
        assert desktop.journal.visits() == [visit]
        # Corrected on the laptop: the newer copy replaces the old one; importing again changes nothing.
        laptop.journal.update_visit(visit.__class__(**{**visit.__dict__, "title": "Review of medicines"}))
        transfer.export_json(laptop, path)
        assert transfer.import_json(desktop, path).updated == 1
        assert [v.title for v in desktop.journal.visits()] == ["Review of medicines"]
        assert transfer.import_json(desktop, path).unchanged == 1


def test_a_file_without_visits_imports_and_a_bad_visit_is_refused(tmp_path: Path):
    with Store.open(tmp_path / "notes.sqlite3") as store:
        path = tmp_path / "old.json"
        path.write_text('{"format": "mgreader-export", "version": 1, "bookmarks": [], "notes": []}', "utf-8")
        assert transfer.import_json(store, path).added == 0
        bad = {
            "format": "mgreader-export",
            "version": 1,
            "visits": [
                {
                    "id": "v1",
                    "day": "3 March",
                    "with_whom": "",
                    "title": "",
                    "created": "2026-03-01T12:00:00.000000Z",
                    "updated": "2026-03-01T12:00:00.000000Z",
                }
            ],
        }
        path.write_text(json.dumps(bad), "utf-8")  # fmt: skip
        with pytest.raises(transfer.MalformedExportError, match="visit 1 \\(id v1\\): 'day' must be a date"):
            transfer.import_json(store, path)
        assert store.journal.visits() == []
