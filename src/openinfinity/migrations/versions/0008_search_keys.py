"""search keys: SQLite search documents renumbered so their ids follow the item list's order

A `q` search on SQLite now walks the FTS5 hits in rowid order and stops after one page
(items/search_pages.py); that needs every document id to be its item's search key
(items/search.py: search_key). New documents get it when written; this renumbers the existing ones
and rebuilds the FTS index over the new ids. PostgreSQL is unchanged.

Revision ID: 0008
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from openinfinity.migrations.frozen import renumbering

revision = "0008"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    rows = bind.execute(
        sa.text(
            "SELECT d.id, d.item_id, i.created_at FROM item_search_docs d JOIN items i ON i.id = d.item_id"
        )
    ).all()
    changes = renumbering(rows)
    if not changes:
        return
    # The update trigger would re-index row by row; the index is rebuilt once instead.
    trigger = bind.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'item_search_docs_au'")
    ).scalar()
    if trigger:
        op.execute("DROP TRIGGER item_search_docs_au")
    bind.execute(sa.text("UPDATE item_search_docs SET id = :new WHERE id = :old"), changes)
    if trigger:
        op.execute(trigger)
    op.execute("INSERT INTO item_search_fts(item_search_fts) VALUES ('rebuild')")


def downgrade() -> None:
    """The renumbered ids stay: any id is a valid document id."""
