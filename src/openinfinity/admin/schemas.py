from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from openinfinity.accounts.users.models import User
from openinfinity.accounts.workspaces.models import Workspace
from openinfinity.core.emails import Email
from openinfinity.users.schemas import UserRead, present_user
from openinfinity.workspaces.schemas import WorkspaceRead, present_workspace


class AdminUserRead(UserRead):
    active: bool
    pending: bool
    is_instance_admin: bool


class AdminUserCreate(BaseModel):
    email: Email
    name: str = Field(min_length=1, max_length=255)
    password: str | None = Field(default=None, max_length=1024)
    is_instance_admin: bool = False


class AdminUserUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=255)
    active: bool | None = None
    is_instance_admin: bool | None = None
    password: str | None = Field(default=None, max_length=1024)


class AdminWorkspaceRead(WorkspaceRead):
    member_count: int
    item_count: int


def present_admin_user(user: User, base_url: str) -> dict[str, Any]:
    return {
        **present_user(user, base_url),
        "active": user.active,
        "pending": user.pending,
        "is_instance_admin": user.is_instance_admin,
    }


def present_admin_workspace(workspace: Workspace, member_count: int, item_count: int) -> dict[str, Any]:
    return {**present_workspace(workspace), "member_count": member_count, "item_count": item_count}
