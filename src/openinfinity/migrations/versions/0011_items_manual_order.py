"""items manual order: keyset indexes on (board_id, sort_order, id) and (folder_id, sort_order, id)

`GET …/items?sort_by=sort_order` (the web app's table) pages a board or a folder in manual order,
keyed on (sort_order, id). These indexes make each page a range read of the next rows, at any board
size, on both databases (the old (folder_id, sort_order) index cannot order ties by id).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_items_board_sort", "items", ["board_id", "sort_order", "id"])
    op.create_index("ix_items_folder_sort_id", "items", ["folder_id", "sort_order", "id"])
    # The new folder index serves the max(sort_order) probe of new items too.
    op.drop_index("ix_items_folder_sort", table_name="items")


def downgrade() -> None:
    op.create_index("ix_items_folder_sort", "items", ["folder_id", "sort_order"])
    op.drop_index("ix_items_folder_sort_id", table_name="items")
    op.drop_index("ix_items_board_sort", table_name="items")
