from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from openinfinity.accounts.workspaces.models import Workspace
from openinfinity.workspaces.rows import WorkspaceRow


class WorkspaceRead(BaseModel):
    id: int
    object: Literal["workspace"] = "workspace"
    name: str
    photo_url: str | None
    owner_id: int
    deleted: bool


class WorkspaceCreate(BaseModel):
    name: str = Field(min_length=1, max_length=255)

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is required.")
        return value.strip()


class WorkspaceUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=255)


def present_workspace(workspace: Workspace | WorkspaceRow) -> dict[str, Any]:
    return {
        "id": workspace.id,
        "object": "workspace",
        "name": workspace.name,
        "photo_url": workspace.photo_url,
        "owner_id": workspace.owner_id,
        "deleted": workspace.deleted_at is not None,
    }
