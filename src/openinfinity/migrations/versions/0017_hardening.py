"""hardening: invitation senders, background purges of large deletes

Deactivating a user invalidates the pending invitations they sent (issue 20 #6); for that a link
names its sender (NULL for links an operator issues with `openinfinity user invite-link`, and for
links made before this revision).

Deleting a large folder soft-deletes its items at once and leaves the per-item work (events,
search documents, references) to background batches (issue 20 #10): `item_purges` holds the
queued jobs, durably, with the last item done.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invited_by", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_invitations_invited_by"), ["invited_by"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_invitations_invited_by_users"),
            "users",
            ["invited_by"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "item_purges",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("board_id", sa.String(length=11), nullable=False),
        sa.Column("folder_ids", sa.JSON(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=False),
        sa.Column("after_created_at", sa.DateTime(), nullable=True),
        sa.Column("after_id", sa.String(length=36), nullable=False),
        # Who deleted the folder: the items' history names them (core/history.py ActorColumns).
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_kind", sa.String(length=16), nullable=False, server_default="system"),
        sa.Column("actor_token_id", sa.Integer(), nullable=True),
        sa.Column("actor_client_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["board_id"], ["boards.id"], name=op.f("fk_item_purges_board_id_boards"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_item_purges_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_purges")),
    )
    with op.batch_alter_table("item_purges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_purges_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_table("item_purges")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_invitations_invited_by_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_invitations_invited_by"))
        batch_op.drop_column("invited_by")
