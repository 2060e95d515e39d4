"""Schema versions: Alembic migrations, imported only when a file needs one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

# The newest revision in models/migrations/versions; a test keeps the two in step,
# so opening an up-to-date file never imports Alembic.
SCHEMA_HEAD = "0011"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def known_revisions() -> list[str]:
    """Every revision from the first to the head."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def script_head() -> str:
    """The head revision as the migration scripts say it."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Migrate the database behind ``connection`` to ``revision``."""
    from alembic import command

    command.upgrade(_config(connection), revision)
