"""invitations per workspace: a link belongs to the workspace that invited the user

Issuing a link used to invalidate every unused link of the user, so anyone inviting the same
e-mail into their own workspace burned another workspace's pending invitation. A link now names
its workspace (NULL for links an operator issues with `openinfinity user invite-link`), and a new
link invalidates only the older ones of the same workspace.

Revision ID: 0012
Revises: 0011
Depends on: 0007 (which creates the invitations table; not an ancestor of 0011)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = "0007"


def upgrade() -> None:
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("workspace_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_invitations_workspace_id"), ["workspace_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_invitations_workspace_id_workspaces"),
            "workspaces",
            ["workspace_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_invitations_workspace_id_workspaces"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_invitations_workspace_id"))
        batch_op.drop_column("workspace_id")
