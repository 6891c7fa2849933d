"""What Alembic's autogenerate compares: everything but the hand-made search index."""

from __future__ import annotations

from claimdesk.store.models import is_search_index


def include_object(obj: object, name: str | None, type_: str, *_: object) -> bool:
    # The full-text index tables are made by hand in migration 0004 and have no model;
    # autogenerate must not offer to drop them.
    return not (type_ == "table" and is_search_index(name))
