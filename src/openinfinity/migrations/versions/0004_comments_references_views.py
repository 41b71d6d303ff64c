"""comments, item references, folder views

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-23 19:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def _timestamps() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "comments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("board_id", sa.String(length=11), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        *_timestamps(),
        _fk("comments", "board_id", "boards", "CASCADE"),
        _fk("comments", "item_id", "items", "CASCADE"),
        _fk("comments", "parent_id", "comments", "SET NULL"),
        _fk("comments", "created_by", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comments")),
    )
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.create_index("ix_comments_item_created", ["item_id", "created_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_comments_board_id"), ["board_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_comments_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_comments_created_at"), ["created_at"], unique=False)

    op.create_table(
        "item_references",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("board_id", sa.String(length=11), nullable=False),
        sa.Column("attribute_id", sa.String(length=36), nullable=False),
        sa.Column("from_item_id", sa.String(length=36), nullable=False),
        sa.Column("to_item_id", sa.String(length=36), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        *_timestamps(),
        _fk("item_references", "board_id", "boards", "CASCADE"),
        _fk("item_references", "attribute_id", "attributes", "CASCADE"),
        _fk("item_references", "from_item_id", "items", "CASCADE"),
        _fk("item_references", "to_item_id", "items", "CASCADE"),
        _fk("item_references", "created_by", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_references")),
        sa.UniqueConstraint("attribute_id", "from_item_id", "to_item_id", name="uq_item_references_link"),
    )
    with op.batch_alter_table("item_references", schema=None) as batch_op:
        batch_op.create_index(
            "ix_item_references_board_created", ["board_id", "created_at", "id"], unique=False
        )
        batch_op.create_index("ix_item_references_from", ["from_item_id", "attribute_id"], unique=False)
        batch_op.create_index("ix_item_references_to", ["to_item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_item_references_created_at"), ["created_at"], unique=False)

    op.create_table(
        "folder_views",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("board_id", sa.String(length=11), nullable=False),
        sa.Column("folder_id", sa.String(length=11), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("sort_order", sa.Double(), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        *_timestamps(),
        _fk("folder_views", "board_id", "boards", "CASCADE"),
        _fk("folder_views", "folder_id", "folders", "CASCADE"),
        _fk("folder_views", "created_by", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_folder_views")),
    )
    with op.batch_alter_table("folder_views", schema=None) as batch_op:
        batch_op.create_index("ix_folder_views_board_created", ["board_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_folder_views_folder", ["folder_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_folder_views_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_table("folder_views")
    op.drop_table("item_references")
    op.drop_table("comments")
