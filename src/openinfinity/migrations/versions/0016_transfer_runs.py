"""transfer runs: workspace imports that resume where they stopped

`transfer_runs` holds one import (from another server or an archive) with its progress and
report; `transfer_objects` maps each source object already copied to its id here, so a rerun
creates nothing twice.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "transfer_runs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=2048), nullable=False),
        sa.Column("source_workspace", sa.String(length=64), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.JSON(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.Column("holder", sa.String(length=128), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f("fk_transfer_runs_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_transfer_runs")),
        sa.UniqueConstraint("key", name=op.f("uq_transfer_runs_key")),
    )
    op.create_index(op.f("ix_transfer_runs_workspace_id"), "transfer_runs", ["workspace_id"])
    op.create_index(op.f("ix_transfer_runs_created_at"), "transfer_runs", ["created_at"])
    op.create_table(
        "transfer_objects",
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("target_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["transfer_runs.id"],
            name=op.f("fk_transfer_objects_run_id_transfer_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", "kind", "source_id", name=op.f("pk_transfer_objects")),
    )


def downgrade() -> None:
    op.drop_table("transfer_objects")
    op.drop_index(op.f("ix_transfer_runs_created_at"), table_name="transfer_runs")
    op.drop_index(op.f("ix_transfer_runs_workspace_id"), table_name="transfer_runs")
    op.drop_table("transfer_runs")
