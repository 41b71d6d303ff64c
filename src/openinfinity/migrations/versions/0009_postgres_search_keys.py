"""search keys on PostgreSQL: document ids become search keys, indexed by board

Migration 0008 gave SQLite documents their items' search keys (items/search.py: search_key) so a
`q` page reads its hits in list order and stops after one page. This does the same on
PostgreSQL: the id becomes a BIGINT without a sequence, existing documents are renumbered, and an
index on (board_id, id) lets a search walk one board's documents in key order, testing each
against the query, instead of reading every hit of a common word from the GIN index and sorting
them. SQLite is unchanged.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from openinfinity.migrations.frozen import renumbering

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE item_search_docs ALTER COLUMN id DROP DEFAULT")
    op.execute("ALTER TABLE item_search_docs ALTER COLUMN id TYPE BIGINT")
    op.execute("DROP SEQUENCE IF EXISTS item_search_docs_id_seq")
    rows = bind.execute(
        sa.text(
            "SELECT d.id, d.item_id, i.created_at FROM item_search_docs d JOIN items i ON i.id = d.item_id"
        )
    ).all()
    changes = renumbering(rows)
    if changes:
        # Old ids count up from 1, keys are above 2^50: one UPDATE never meets a taken id.
        op.execute("CREATE TEMP TABLE search_key_changes (old BIGINT PRIMARY KEY, new BIGINT NOT NULL)")
        bind.execute(sa.text("INSERT INTO search_key_changes (old, new) VALUES (:old, :new)"), changes)
        op.execute("UPDATE item_search_docs d SET id = c.new FROM search_key_changes c WHERE d.id = c.old")
        op.execute("DROP TABLE search_key_changes")
    op.execute("CREATE INDEX ix_item_search_docs_board_key ON item_search_docs (board_id, id)")


def downgrade() -> None:
    """Ids stay search keys (and BIGINT); new documents number on from the largest."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_item_search_docs_board_key")
    op.execute("CREATE SEQUENCE item_search_docs_id_seq OWNED BY item_search_docs.id")
    op.execute(
        "SELECT setval('item_search_docs_id_seq', COALESCE((SELECT max(id) FROM item_search_docs), 0) + 1,"
        " false)"
    )
    op.execute("ALTER TABLE item_search_docs ALTER COLUMN id SET DEFAULT nextval('item_search_docs_id_seq')")
