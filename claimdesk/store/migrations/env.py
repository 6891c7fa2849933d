"""Alembic environment: always run from ``claimdesk.store.engine`` with a live connection."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from claimdesk.store import models, models_published  # noqa: F401  (registers the tables)
from claimdesk.store.migrations.filters import include_object

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
