"""The state events and the webhook outbox run in Paystead's own sessions only: their hooks are
installed on each session factory's own class, not on SQLAlchemy's ``Session`` for the whole
process (which every other session, a test's or a library's, would run too)."""

from __future__ import annotations

import asyncio

from sqlalchemy import event
from sqlalchemy.orm import Session

from paystead import modules
from paystead.settings import load_settings


def test_hooks_are_on_each_factory_and_nowhere_else(tmp_path):
    settings = load_settings(data_dir=str(tmp_path))
    first, second = modules.create_state(settings), modules.create_state(settings)
    try:
        own_class = first.sessions.kw["sync_session_class"]
        assert second.sessions.kw["sync_session_class"] is not own_class
        for name, listener in modules.SESSION_HOOKS:
            assert event.contains(own_class, name, listener)
            assert not event.contains(Session, name, listener)
    finally:
        asyncio.run(first.close())
        asyncio.run(second.close())
