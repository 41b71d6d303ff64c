"""What both clients share and is not I/O: settings, URLs, headers, query encoding, parsing."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from infinity_client._version import __version__

# The hosted API (the reference's examples call https://app.startinfinity.com/api/v2/...).
HOSTED_BASE_URL = "https://app.startinfinity.com"
API_PREFIX = "/api/v2"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
TOKEN_ENV = "INFINITY_TOKEN"
BASE_URL_ENV = "INFINITY_BASE_URL"
WORKSPACE_ENV = "INFINITY_WORKSPACE"

M = TypeVar("M", bound=BaseModel)
Params = dict[str, Any]


def origin(base_url: str | None) -> str:
    """The server's origin: "https://host[/prefix]" without a trailing "/api/v2" (both spellings
    are accepted, as users copy either from the docs)."""
    url = (base_url or os.environ.get(BASE_URL_ENV) or HOSTED_BASE_URL).rstrip("/")
    return url.removesuffix(API_PREFIX)


def default_headers(token: str | None, extra: Mapping[str, str] | None) -> dict[str, str]:
    headers = {"Accept": "application/json", "User-Agent": f"openinfinity-client/{__version__}"}
    token = token if token is not None else os.environ.get(TOKEN_ENV)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    headers.update(extra or {})
    return headers


def query(params: Mapping[str, Any] | None = None, *, expand: Iterable[str] | None = None) -> Params:
    """Query parameters without the unset ones; `expand` as the API's `expand[]` list."""
    out: Params = {k: v for k, v in (params or {}).items() if v is not None}
    for key, value in list(out.items()):
        if isinstance(value, bool):
            out[key] = "true" if value else "false"
    if expand:
        out["expand[]"] = list(expand)
    return out


def body(**fields: Any) -> dict[str, Any]:
    """A JSON body of the fields given (None: not sent, so an update changes only what it names)."""
    return {k: v for k, v in fields.items() if v is not None}


def parse(model: type[M], data: Any, **context: Any) -> M:
    """`data` as `model`, with client-set fields (workspace_id, board_id) filled in."""
    if context and isinstance(data, dict):
        data = {**data, **{k: v for k, v in context.items() if data.get(k) is None}}
    return model.model_validate(data)


def path_id(value: object) -> str:
    """An id for a URL path: an object's `id` or the value itself."""
    return str(getattr(value, "id", value))
