"""outbox horizons: per board, the highest outbox id pruned (the change feed's cursor check)

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_horizons",
        sa.Column("board_id", sa.String(length=64), nullable=False),
        sa.Column("pruned_through", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("board_id", name=op.f("pk_outbox_horizons")),
    )


def downgrade() -> None:
    op.drop_table("outbox_horizons")
