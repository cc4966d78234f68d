"""Back up, restore, export and import from the window."""

from pathlib import Path

import pytest

from mgreader.core.notes.backup import BackupManager


def bookmark(window, phrase: str) -> None:
    start = window.article_view.toPlainText().index(phrase)
    window.notes.bookmark_span(start, start + len(phrase))


def test_back_up_then_restore_an_earlier_state_keeps_the_current_one_too(make_window, tmp_path: Path):
    window = make_window()
    notes = window.notes
    bookmark(window, "Magnesium is a mineral.")
    first = notes.file.backup_now()
    assert first is not None
    assert first.bookmarks == 1
    bookmark(window, "Only a few small studies looked at this.")
    heard: list = []
    window.changes.changed.connect(heard.append)
    assert notes.file.restore_backup(first)
    assert [changes.everything for changes in heard] == [True], "one record: everything was replaced"
    assert [b.quote for b in notes.store.all_bookmarks()] == ["Magnesium is a mineral."]
    assert window.article_view.highlighted_texts() == ["Magnesium is a mineral."]
    assert notes.notes_panel.model.rowCount() == 1
    title, text = window.prompter.told[-1]
    assert title == "Notes restored"
    assert "just before" in text
    backups = BackupManager(
        notes.store.path, tmp_path / "home" / "data" / "backups", lambda: None
    ).list_backups()
    assert any(b.bookmarks == 2 for b in backups), "the state before the restore was backed up"


def test_export_on_one_computer_import_on_another_merges(make_window, tmp_path: Path, qtbot):
    window = make_window()
    bookmark(window, "Magnesium is a mineral.")
    window.notes.notes_panel.new_note()
    window.notes.notes_panel.editor.edit.setPlainText("Questions for March")
    window.notes.notes_panel.editor.save()
    exported = tmp_path / "moving.json"
    assert window.notes.file.export_everything(exported)
    window.close()

    other_home = tmp_path / "other"
    from mgreader.core.notes.store import Store

    other = Store.open(other_home / "notes.sqlite3")
    try:
        from mgreader.core.notes.transfer import import_json

        report = import_json(other, exported)
        assert (report.added, report.updated) == (2, 0)
        assert [n.body for n in other.notes()] == ["Questions for March"]
    finally:
        other.close()

    again = make_window()
    assert again.notes.file.import_everything(exported)
    assert again.prompter.told[-1][0] == "Notes imported"
    assert len(again.notes.store.all_bookmarks()) == 1  # nothing duplicated


def test_what_an_import_brought_in_is_in_the_next_backup(make_window, tmp_path: Path):
    """The import writes through a connection of its own; its writes still count as changes to back up."""
    from mgreader.core.notes.store import Store
    from mgreader.core.notes.transfer import export_json

    exported = tmp_path / "from-the-laptop.json"
    with Store.open(tmp_path / "laptop.sqlite3") as laptop:
        laptop.add_note("Ask about ferritin", "Ask about ferritin")
        export_json(laptop, exported)
    window = make_window()
    assert window.notes.file.import_everything(exported)
    window.notes.file.backup_if_changed()  # as at quit
    backups = BackupManager(window.notes.store.path, tmp_path / "home" / "data" / "backups", lambda: None)
    assert backups.list_backups()[0].notes == 1, "the newest backup holds the imported note"


def test_an_import_in_the_window_backs_up_the_notes_first(make_window, tmp_path: Path):
    """A reader who regrets an import can restore the notes as they were just before it."""
    from mgreader.core.notes.store import Store
    from mgreader.core.notes.transfer import export_json

    exported = tmp_path / "from-the-laptop.json"
    with Store.open(tmp_path / "laptop.sqlite3") as laptop:
        laptop.add_note("Ask about ferritin", "Ask about ferritin")
        export_json(laptop, exported)
    window = make_window()
    bookmark(window, "Magnesium is a mineral.")
    assert window.notes.file.import_everything(exported)
    backups = BackupManager(window.notes.store.path, tmp_path / "home" / "data" / "backups", lambda: None)
    newest = backups.list_backups()[0]
    assert (newest.bookmarks, newest.notes) == (1, 0), "the backup holds the notes from before the import"
    title, text = window.prompter.told[-1]
    assert title == "Notes imported"
    assert f"kept as the backup of {newest.describe()}" in text


def test_a_large_import_runs_off_the_window_thread_and_shows_progress(
    make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Issue 11: a 100,000-record import froze the window for seconds with no progress."""
    import json
    import threading

    from mgreader.core.notes import transfer
    from mgreader.ui.app import long_work

    window = make_window()
    bookmark(window, "Magnesium is a mineral.")
    exported = tmp_path / "big.json"
    assert window.notes.file.export_everything(exported)
    document = json.loads(exported.read_text(encoding="utf-8"))
    (one,) = document["bookmarks"]
    document["bookmarks"] = [dict(one, id=f"b{n:05}") for n in range(3_000)]
    exported.write_text(json.dumps(document), encoding="utf-8")

    threads: list[str] = []
    shown: list[str] = []
    real_import = transfer.import_json

    def recording(store, source, progress=None, now=None):
        threads.append(threading.current_thread().name)
        return real_import(store, source, progress, now)

    monkeypatch.setattr(transfer, "import_json", recording)
    real_run = long_work.run

    def watching(parent, title, work):
        def work_seen(report):
            return work(
                lambda what, done, total: (shown.append(f"{what} {done}/{total}"), report(what, done, total))
            )

        return real_run(parent, title, work_seen)

    monkeypatch.setattr(long_work, "run", watching)
    assert window.notes.file.import_everything(exported)
    assert threads and threads[0] != threading.main_thread().name
    assert "Checking the bookmarks 1000/3000" in shown and "Checking the bookmarks 3000/3000" in shown
    assert window.prompter.told[-1][0] == "Notes imported"
    assert len(window.notes.store.all_bookmarks()) == 3_001


def test_an_import_reaches_every_view_through_one_change_record(make_window, tmp_path: Path, qtbot):
    """The import names what it wrote; the page, the notes panel and the search index each take it up."""
    from mgreader.core.notes import placement
    from mgreader.core.notes.store import Store
    from mgreader.core.notes.transfer import export_json
    from mgreader.core.search.index import DocKind

    window = make_window()
    qtbot.waitUntil(lambda: window.searching.indexer is not None and window.searching.indexer.runs >= 1)
    qtbot.waitUntil(lambda: not window.searching.indexer.busy)
    article_id = window.article.ref.id
    text = placement.page_text(window.article_view.page_text())
    start = text.index("Magnesium is a mineral.")
    anchor = placement.selection_anchor(text, start, start + len("Magnesium is a mineral."))
    exported = tmp_path / "from-the-laptop.json"
    with Store.open(tmp_path / "laptop.sqlite3") as laptop:
        on_passage = laptop.add_bookmark(article_id, anchor)
        note = laptop.add_note("My cardiologist mentioned ferritin", "My cardiologist mentioned ferritin")
        export_json(laptop, exported)
    heard: list = []
    window.changes.changed.connect(heard.append)

    assert window.notes.file.import_everything(exported)

    assert len(heard) == 1, "one change record, emitted once"
    (changes,) = heard
    assert not changes.everything
    assert (changes.bookmarks, changes.notes) == ({on_passage.id}, {note.id})
    assert window.article_view.highlighted_texts() == ["Magnesium is a mineral."]
    panel = window.notes.notes_panel
    assert note.id in panel.listed_note_ids()
    window.commands.search_library.trigger()
    search = window.searching.search_panel
    search.field.setText("ferritin")
    qtbot.waitUntil(lambda: not search._timer.isActive(), timeout=3000)
    assert [(hit.kind, hit.title) for hit in search.model.hits] == [
        (DocKind.NOTE, "My cardiologist mentioned ferritin")
    ]
