"""The UI changes the reader's notes only through core/session: no store mutation is called from ui/."""

import ast
from pathlib import Path

import mgreader

UI = Path(mgreader.__file__).parent / "ui"
STORE_MUTATIONS = {
    "add_bookmark", "update_bookmark", "delete_bookmark", "restore_bookmark",
    "add_note", "update_note", "delete_note", "restore_note", "merge",
}  # fmt: skip


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
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in STORE_MUTATIONS
            and receiver_name(node.func.value) != "session"
        ):
            found.append(f"{ast.unparse(node.func)} (line {node.lineno})")
    return found


def test_the_check_finds_a_store_mutation():
    assert mutations_outside_sessions("self.store.add_note('x')\nself.session.add_note('y')") == [
        "self.store.add_note (line 1)"
    ]


def test_no_store_mutation_is_called_from_the_ui():
    found = {
        str(path.relative_to(UI)): calls
        for path in sorted(UI.rglob("*.py"))
        if (calls := mutations_outside_sessions(path.read_text(encoding="utf-8")))
    }
    assert found == {}
