"""User shapes of the API. Handlers return presenter dicts (orjson, no per-object validation);
the pydantic classes document the same shapes in the OpenAPI description."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import quote

from pydantic import BaseModel

from openinfinity.accounts.users.models import User
from openinfinity.core.timefmt import iso


class UserRead(BaseModel):
    id: int
    object: Literal["user"] = "user"
    name: str
    email: str
    photo_url: str
    job: str | None
    location: str | None
    tagline: str | None
    created_at: str
    deleted: bool


class ProfileRead(UserRead):
    preferences: dict[str, Any]
    is_developer: bool


def photo_url(base_url: str, name: str) -> str:
    return f"{base_url}/profile/avatar.svg?name={quote(name)}"


def present_user(user: User, base_url: str) -> dict[str, Any]:
    return {
        "id": user.id,
        "object": "user",
        "name": user.name,
        "email": user.email,
        "photo_url": photo_url(base_url, user.name),
        "job": user.job,
        "location": user.location,
        "tagline": user.tagline,
        "created_at": iso(user.created_at),
        "deleted": user.deleted_at is not None,
    }


def present_profile(user: User, base_url: str) -> dict[str, Any]:
    data = present_user(user, base_url)
    # Key order as the hosted API's profile example.
    return {
        "id": data["id"],
        "object": "user",
        "name": data["name"],
        "email": data["email"],
        "photo_url": data["photo_url"],
        "created_at": data["created_at"],
        "job": data["job"],
        "location": data["location"],
        "tagline": data["tagline"],
        "preferences": user.preferences or {},
        "is_developer": user.is_developer,
        "deleted": data["deleted"],
    }
