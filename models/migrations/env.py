"""Alembic environment: migrations always run on a connection Minga opened."""

from __future__ import annotations

from alembic import context

from models.base import Base
from models.tables import load_all

load_all()  # every table on the metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
