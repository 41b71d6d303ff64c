"""one history: the side heads 0004-0006 and 0012 (with 0007) merged, so that from here on every
migration has exactly one parent and `alembic heads` answers one revision.

Revision ID: 0013
Revises: 0004, 0005, 0006, 0012 (0012 already depends on 0007)
"""

from __future__ import annotations

revision = "0013"
down_revision = ("0004", "0005", "0006", "0012")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: a merge point only."""


def downgrade() -> None:
    """Nothing to change: a merge point only."""
