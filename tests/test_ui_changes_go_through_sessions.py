"""The UI changes the reader's notes only through core/session: no store mutation is called from ui/."""

import ast
from pathlib import Path

import mgreader

UI = Path(mgreader.__file__).parent / "ui"
STORE_MUTATIONS = {
    "add_bookmark", "update_bookmark", "delete_bookmark", "restore_bookmark",
    "add_note", "update_note", "delete_note", "restore_note", "merge",
}  # fmt: skip
# Restore and import rewrite the notes file as a whole; they too are done in core (core/session/transfer.py).
WHOLE_FILE_CHANGES = {"import_json": "", "restore": "backups", "merge_checkin": "", "merge_visit": ""}


def receiver_name(node: ast.expr) -> str:
    """``self.panel.session`` -> "session"; ``store`` -> "store"."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


def mutations_outside_sessions(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        store_mutation = (
            isinstance(node.func, ast.Attribute)
            and node.func.attr in STORE_MUTATIONS
            and receiver_name(node.func.value) != "session"
        )
        if store_mutation or whole_file_change(node.func):
            found.append(f"{ast.unparse(node.func)} (line {node.lineno})")
    return found


def whole_file_change(func: ast.expr) -> bool:
    """``import_json(...)``, ``x.import_json(...)``, ``self.backups.restore(...)``; not ``p.restore()``."""
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name not in WHOLE_FILE_CHANGES:
        return False
    receiver = WHOLE_FILE_CHANGES[name]
    return not receiver or (isinstance(func, ast.Attribute) and receiver_name(func.value) == receiver)


def test_the_check_finds_a_store_mutation():
    assert mutations_outside_sessions("self.store.add_note('x')\nself.session.add_note('y')") == [
        "self.store.add_note (line 1)"
    ]


def test_the_check_finds_a_restore_or_an_import_done_in_the_ui():
    source = "import_json(store, path)\nself.backups.restore(chosen)\npainter.restore()\nimport_file(p, s)"
    assert mutations_outside_sessions(source) == ["import_json (line 1)", "self.backups.restore (line 2)"]


def test_no_store_mutation_is_called_from_the_ui():
    found = {
        str(path.relative_to(UI)): calls
        for path in sorted(UI.rglob("*.py"))
        if (calls := mutations_outside_sessions(path.read_text(encoding="utf-8")))
    }
    assert found == {}
