"""Apply Alembic migrations programmatically (``paystead migrate`` and ``paystead serve``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str) -> None:
    """Bring the database to the newest schema. Runs its own event loop: call it before serving."""
    command.upgrade(alembic_config(database_url), "head")
