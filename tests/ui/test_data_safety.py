"""Back up, restore, export and import from the window."""

from pathlib import Path

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
    assert notes.file.restore_backup(first)
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
