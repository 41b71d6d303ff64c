"""Issue 20 #1: no body is read for a caller who may not send one, and every body is capped while
it streams (multipart and chunked included), so a large body costs neither memory nor time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests import factories

CHUNK = 64 * 1024
CAP = 10 * 1024 * 1024  # OPENINFINITY_MAX_BODY_BYTES default


class Body:
    """A body of `total` bytes produced on demand, counting what the server pulled."""

    def __init__(self, total: int, *, separator_every: int = 0) -> None:
        self.total = total
        self.read = 0
        self.every = separator_every

    async def stream(self) -> AsyncIterator[bytes]:
        while self.read < self.total:
            self.read += CHUNK
            if self.every and self.read % self.every == 0:
                yield b"a" * (CHUNK - 3) + b"&f="  # a new form field
            else:
                yield b"a" * CHUNK


def _headers(kind: str, token: str | None, extra: dict[str, str] | None = None) -> dict[str, str]:
    headers = {
        "Content-Type": "multipart/form-data; boundary=z" if kind == "multipart" else "application/json"
    }
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return {**headers, **(extra or {})}


@pytest.mark.parametrize("kind", ["multipart", "json"])
@pytest.mark.parametrize("token", [None, "oi_pat_not_a_real_token"])
async def test_unauthenticated_bodies_are_refused_unread(
    client: httpx.AsyncClient, owner: factories.Account, kind: str, token: str | None
) -> None:
    for url in ("/api/v2/workspaces", owner.ws("/boards"), owner.ws("/attachments/file")):
        body = Body(1024 * 1024 * 1024)  # 1 GiB, streamed (chunked)
        response = await client.post(url, content=body.stream(), headers=_headers(kind, token))
        assert response.status_code == 401, (url, response.text)
        assert response.json()["code"] == "general/unauthorised"
        assert body.read <= CHUNK, (url, body.read)
        # Announced by Content-Length rather than chunked: the same.
        declared = Body(1024 * 1024 * 1024)
        response = await client.post(
            url,
            content=declared.stream(),
            headers=_headers(kind, token, {"Content-Length": str(declared.total)}),
        )
        assert response.status_code == 401, (url, response.text)
        assert declared.read <= CHUNK


@pytest.mark.parametrize("kind", ["multipart", "json"])
async def test_authenticated_bodies_stop_at_the_cap(
    client: httpx.AsyncClient, owner: factories.Account, kind: str
) -> None:
    for url in ("/api/v2/workspaces", owner.ws("/boards")):
        body = Body(200 * 1024 * 1024)  # chunked: no length announced
        response = await client.post(url, content=body.stream(), headers=_headers(kind, owner.token))
        assert response.status_code == 413, (url, kind, response.status_code, response.text[:200])
        assert response.json()["code"] == "general/payload-too-large"
        assert body.read <= CAP + CHUNK, (url, kind, body.read)


async def test_small_authenticated_requests_are_unchanged(
    app: FastAPI, client: httpx.AsyncClient, owner: factories.Account
) -> None:
    response = await client.post("/api/v2/workspaces", json={"name": "W"}, headers=owner.headers)
    assert response.status_code == 201, response.text
    # Without a body, an unauthenticated call still answers as before.
    for method, url in (("GET", "/api/v2/workspaces"), ("GET", owner.ws("/boards"))):
        response = await client.request(method, url)
        assert response.status_code == 401
    headers: dict[str, Any] = {"x-api-token": owner.token}
    response = await client.post("/api/v2/workspaces", json={"name": "X"}, headers=headers)
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("url", ["/signin", "/oauth/token", "/oauth/revoke"])
async def test_page_and_oauth_forms_stop_at_the_cap(client: httpx.AsyncClient, url: str) -> None:
    # Many fields just under the form parser's 1 MiB per-field limit, chunked: no length announced.
    body = Body(200 * 1024 * 1024, separator_every=512 * 1024)
    response = await client.post(
        url, content=body.stream(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert 400 <= response.status_code < 500, (url, response.status_code)
    assert body.read <= CAP + CHUNK, (url, body.read)
