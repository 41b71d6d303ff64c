from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from openinfinity.core.timefmt import iso
from openinfinity.oauth.models import OAuthClient


class ClientRead(BaseModel):
    id: int
    object: Literal["client"] = "client"
    name: str
    client_id: str
    public: bool
    redirect_uris: list[str]
    created_at: str


class ClientCreated(ClientRead):
    client_secret: str | None


class ClientCreate(BaseModel):
    name: str = Field(min_length=1, max_length=255)
    redirect_uris: list[str] = Field(min_length=1, max_length=10)
    public: bool = False


def present_client(client: OAuthClient) -> dict[str, Any]:
    return {
        "id": client.id,
        "object": "client",
        "name": client.name,
        "client_id": client.client_id,
        "public": client.is_public,
        "redirect_uris": list(client.redirect_uris),
        "created_at": iso(client.created_at),
    }
