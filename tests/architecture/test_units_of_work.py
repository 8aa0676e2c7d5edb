"""Every session of Paystead's is opened through ``paystead.db.unit_of_work.unit_of_work``: it
states whether the work may write (on SQLite a writing unit of work takes the write lock when it
begins), opens the transaction and commits it. A session factory called by hand would leave the
intent to whatever the task set last."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "paystead"
THE_UNIT_OF_WORK = SOURCE / "db" / "unit_of_work.py"


def sessions_opened_by_hand(path: Path) -> list[str]:
    """``sessions()`` / ``x.sessions()`` calls: a session factory called directly."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    where = path.relative_to(SOURCE.parent) if path.is_relative_to(SOURCE.parent) else path.name
    return [f"{where}:{node.lineno} {ast.unparse(node)}" for node in ast.walk(tree)
            if isinstance(node, ast.Call) and not node.args and not node.keywords
            and ((isinstance(node.func, ast.Name) and node.func.id == "sessions")
                 or (isinstance(node.func, ast.Attribute) and node.func.attr == "sessions"))]


def test_sessions_are_opened_through_the_unit_of_work():
    found = [where for path in sorted(SOURCE.rglob("*.py")) if path != THE_UNIT_OF_WORK
             for where in sessions_opened_by_hand(path)]
    assert not found, "open sessions with unit_of_work(sessions, writes=...):\n" + "\n".join(found)


def test_the_check_sees_a_session_opened_by_hand(tmp_path):
    module = tmp_path / "page.py"
    module.write_text("async def show(state):\n    async with state.sessions() as session:\n        pass\n")
    assert [where.split(" ", 1)[1] for where in sessions_opened_by_hand(module)] == ["state.sessions()"]
