"""item full-text search: one document per item, indexed by FTS5 (SQLite) or tsvector+GIN (PostgreSQL)

`item_search_docs` holds, per live item, the text its values contribute to search: `primary_text`
(text-like types, ranked first) and `other_text` (every other type). The application keeps it in
step in the same transaction as the values. On SQLite an external-content FTS5 table indexes it
through triggers; on PostgreSQL a stored generated tsvector column carries a GIN index.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_SQLITE_FTS = [
    # remove_diacritics 2: "Guell" finds "Güell".
    """CREATE VIRTUAL TABLE item_search_fts USING fts5(
        primary_text, other_text,
        content='item_search_docs', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER item_search_docs_ai AFTER INSERT ON item_search_docs BEGIN
        INSERT INTO item_search_fts(rowid, primary_text, other_text)
        VALUES (new.id, new.primary_text, new.other_text);
    END""",
    """CREATE TRIGGER item_search_docs_ad AFTER DELETE ON item_search_docs BEGIN
        INSERT INTO item_search_fts(item_search_fts, rowid, primary_text, other_text)
        VALUES ('delete', old.id, old.primary_text, old.other_text);
    END""",
    """CREATE TRIGGER item_search_docs_au AFTER UPDATE ON item_search_docs BEGIN
        INSERT INTO item_search_fts(item_search_fts, rowid, primary_text, other_text)
        VALUES ('delete', old.id, old.primary_text, old.other_text);
        INSERT INTO item_search_fts(rowid, primary_text, other_text)
        VALUES (new.id, new.primary_text, new.other_text);
    END""",
]

_POSTGRES_TSV = [
    """ALTER TABLE item_search_docs ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(primary_text, '')), 'A')
        || setweight(to_tsvector('simple', coalesce(other_text, '')), 'B')
    ) STORED""",
    "CREATE INDEX ix_item_search_docs_document ON item_search_docs USING gin (document)",
]


def upgrade() -> None:
    op.create_table(
        "item_search_docs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("board_id", sa.String(length=11), nullable=False),
        sa.Column("primary_text", sa.Text(), nullable=False, server_default=""),
        sa.Column("other_text", sa.Text(), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name=op.f("fk_item_search_docs_item_id_items"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_search_docs")),
        sa.UniqueConstraint("item_id", name="uq_item_search_docs_item_id"),
    )
    op.create_index("ix_items_folder_sort", "items", ["folder_id", "sort_order"], unique=False)
    dialect = op.get_bind().dialect.name
    statements = _SQLITE_FTS if dialect == "sqlite" else _POSTGRES_TSV if dialect == "postgresql" else []
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("item_search_docs_ai", "item_search_docs_ad", "item_search_docs_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS item_search_fts")
    op.drop_table("item_search_docs")
    op.drop_index("ix_items_folder_sort", table_name="items")
