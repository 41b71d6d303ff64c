from __future__ import annotations

from typing import Any

import httpx
from pydantic import BaseModel, Field, field_validator

from openinfinity.core.bounds import ID_MAX
from openinfinity.core.timefmt import iso
from openinfinity.transfer.models import TransferRun


class ImportCreate(BaseModel):
    url: str = Field(
        max_length=2048,
        pattern=r"^https?://",
        description="The source server, e.g. https://app.startinfinity.com",
    )
    # Sent as an HTTP header: visible ASCII only (anything else could never authenticate).
    token: str = Field(
        min_length=1,
        max_length=1024,
        pattern=r"^[\x21-\x7e]+$",
        description="A source token that can read the workspace",
    )
    # Hosted ids are letters and digits, openinfinity's are numbers: either goes into a URL path.
    workspace_id: str = Field(
        min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="The source workspace id"
    )
    into: int | None = Field(
        default=None, ge=1, le=ID_MAX, description="Copy into this workspace (default: new)"
    )

    @field_validator("url")
    @classmethod
    def _a_url_with_a_host(cls, value: str) -> str:
        """A URL httpx can request: printable, with a host (anything else fails only later, in the
        background job, where nobody sees why)."""
        if any(ord(c) < 0x21 or ord(c) == 0x7F for c in value):
            raise ValueError("must be a URL without spaces or control characters")
        try:
            host = httpx.URL(value).host
        except (httpx.InvalidURL, UnicodeError, ValueError):
            raise ValueError("must be a valid http(s) URL") from None
        if not host:
            raise ValueError("must name a host")
        return value

    rate_per_minute: float = Field(default=180.0, ge=1, le=100_000, description="Most requests a minute")


class ImportRead(BaseModel):
    id: str
    object: str
    status: str
    source: str
    source_workspace: str
    workspace_id: int | None
    progress: dict[str, Any]
    report: dict[str, Any]
    error: str | None
    created_at: str | None
    finished_at: str | None


def present_import(run: TransferRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "object": "import",
        "status": run.status,
        "source": run.source,
        "source_workspace": run.source_workspace,
        "workspace_id": run.workspace_id,
        "progress": run.progress or {},
        "report": run.report or {},
        "error": run.error,
        "created_at": iso(run.created_at),
        "finished_at": iso(run.finished_at),
    }
