"""A workspace as read for a request: a frozen row, not an ORM entity (no identity map, no
attribute instrumentation). Routes that change the workspace load the ORM `Workspace` by id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy.sql.elements import KeyedColumnElement

from openinfinity.accounts.workspaces.models import Workspace


@dataclass(frozen=True, slots=True)
class WorkspaceRow:
    id: int
    name: str
    photo_url: str | None
    owner_id: int
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None

    @classmethod
    def from_row(cls, values: Sequence[Any]) -> WorkspaceRow:
        """From the row's values in the order of the columns below."""
        return cls(*values)

    @classmethod
    def of(cls, workspace: Workspace) -> WorkspaceRow:
        """The row of an entity already loaded (commands and the demo build from ORM objects)."""
        return cls(*(getattr(workspace, name) for name in WORKSPACE_FIELDS))


WORKSPACE_FIELDS = tuple(f.name for f in fields(WorkspaceRow))
# The columns in the dataclass's order: `WorkspaceRow(*row[:len(WORKSPACE_COLUMNS)])`.
WORKSPACE_COLUMNS: tuple[KeyedColumnElement[Any], ...] = tuple(
    Workspace.__table__.c[name] for name in WORKSPACE_FIELDS
)
