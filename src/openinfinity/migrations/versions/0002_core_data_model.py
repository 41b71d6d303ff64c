"""core data model: boards, folders, attributes, items, values, outbox

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 19:35:28.743337
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "outbox_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.String(length=64), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_events")),
    )
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_events_board", ["board_id", "id"], unique=False)

    op.create_table(
        "boards",
        sa.Column("id", sa.String(length=11), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("color", sa.String(length=16), nullable=True),
        sa.Column("og_image", sa.String(length=2048), nullable=True),
        sa.Column("sort_order", sa.Double(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_boards_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_boards_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_boards")),
    )
    with op.batch_alter_table("boards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_boards_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            "ix_boards_workspace_created", ["workspace_id", "created_at", "id"], unique=False
        )

    op.create_table(
        "attributes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("board_id", sa.String(length=11), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("default_data", sa.JSON(), nullable=True),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"], ["boards.id"], name=op.f("fk_attributes_board_id_boards"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_attributes_created_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attributes")),
    )
    with op.batch_alter_table("attributes", schema=None) as batch_op:
        batch_op.create_index("ix_attributes_board_created", ["board_id", "created_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attributes_created_at"), ["created_at"], unique=False)

    op.create_table(
        "board_users",
        sa.Column("board_id", sa.String(length=11), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"], ["boards.id"], name=op.f("fk_board_users_board_id_boards"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_board_users_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("board_id", "user_id", name=op.f("pk_board_users")),
    )
    with op.batch_alter_table("board_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_board_users_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_board_users_user", ["user_id", "board_id"], unique=False)

    op.create_table(
        "folders",
        sa.Column("id", sa.String(length=11), nullable=False),
        sa.Column("board_id", sa.String(length=11), nullable=False),
        sa.Column("parent_folder_id", sa.String(length=11), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("color", sa.String(length=32), nullable=True),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("attribute_ids", sa.JSON(), nullable=False),
        sa.Column("sort_order", sa.Double(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"], ["boards.id"], name=op.f("fk_folders_board_id_boards"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_folders_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["parent_folder_id"],
            ["folders.id"],
            name=op.f("fk_folders_parent_folder_id_folders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_folders")),
    )
    with op.batch_alter_table("folders", schema=None) as batch_op:
        batch_op.create_index("ix_folders_board_created", ["board_id", "created_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_folders_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_folders_parent_folder_id"), ["parent_folder_id"], unique=False)

    op.create_table(
        "items",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("board_id", sa.String(length=11), nullable=False),
        sa.Column("folder_id", sa.String(length=11), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("sort_order", sa.Double(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"], ["boards.id"], name=op.f("fk_items_board_id_boards"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_items_created_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["folder_id"], ["folders.id"], name=op.f("fk_items_folder_id_folders"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["items.id"], name=op.f("fk_items_parent_id_items"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_items")),
    )
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.create_index("ix_items_board_created", ["board_id", "created_at", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_items_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_items_folder_created", ["folder_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_items_parent", ["parent_id"], unique=False)

    op.create_table(
        "item_values",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("item_id", sa.String(length=36), nullable=False),
        sa.Column("attribute_id", sa.String(length=36), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=True),
        sa.Column("number_key", sa.Float(), nullable=True),
        sa.Column("text_key", sa.String(length=255), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attribute_id"],
            ["attributes.id"],
            name=op.f("fk_item_values_attribute_id_attributes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name=op.f("fk_item_values_item_id_items"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_values")),
        sa.UniqueConstraint("item_id", "attribute_id", name="uq_item_values_item_attribute"),
    )
    with op.batch_alter_table("item_values", schema=None) as batch_op:
        batch_op.create_index("ix_item_values_attribute_number", ["attribute_id", "number_key"], unique=False)
        batch_op.create_index("ix_item_values_attribute_text", ["attribute_id", "text_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_item_values_created_at"), ["created_at"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("item_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_values_created_at"))
        batch_op.drop_index("ix_item_values_attribute_text")
        batch_op.drop_index("ix_item_values_attribute_number")

    op.drop_table("item_values")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_index("ix_items_parent")
        batch_op.drop_index("ix_items_folder_created")
        batch_op.drop_index(batch_op.f("ix_items_created_at"))
        batch_op.drop_index("ix_items_board_created")

    op.drop_table("items")
    with op.batch_alter_table("folders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_folders_parent_folder_id"))
        batch_op.drop_index(batch_op.f("ix_folders_created_at"))
        batch_op.drop_index("ix_folders_board_created")

    op.drop_table("folders")
    with op.batch_alter_table("board_users", schema=None) as batch_op:
        batch_op.drop_index("ix_board_users_user")
        batch_op.drop_index(batch_op.f("ix_board_users_created_at"))

    op.drop_table("board_users")
    with op.batch_alter_table("attributes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attributes_created_at"))
        batch_op.drop_index("ix_attributes_board_created")

    op.drop_table("attributes")
    with op.batch_alter_table("boards", schema=None) as batch_op:
        batch_op.drop_index("ix_boards_workspace_created")
        batch_op.drop_index(batch_op.f("ix_boards_created_at"))

    op.drop_table("boards")
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_events_board")

    op.drop_table("outbox_events")
