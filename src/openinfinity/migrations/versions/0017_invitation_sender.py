"""invitation sender: an invitation link remembers who sent it

Deactivating a user invalidates the pending invitations they sent (issue 20 #6); for that a link
names its sender (NULL for links an operator issues with `openinfinity user invite-link`, and for
links made before this revision).

Revision ID: 0017
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0013"
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


def downgrade() -> None:
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_invitations_invited_by_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_invitations_invited_by"))
        batch_op.drop_column("invited_by")
