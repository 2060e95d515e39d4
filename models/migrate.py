"""Schema versions: Alembic migrations, imported only when a file needs one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# The newest revision in models/migrations/versions; a test keeps the two in step,
# so opening an up-to-date file never imports Alembic.
SCHEMA_HEAD = "0004"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config(connection: Connection) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def known_revisions() -> list[str]:
    """Every revision from the first to the head."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def script_head() -> str:
    """The head revision as the migration scripts say it."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    head = ScriptDirectory.from_config(config).get_current_head()
    return head or ""


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Migrate the database behind ``connection`` to ``revision``."""
    from alembic import command
    from alembic.config import Config

    config = _config(connection)
    assert isinstance(config, Config)
    command.upgrade(config, revision)
