"""/docs and /redoc over HTTP: pages that load scripts from this server only (under a CSP saying
so), the bundles served with cache validators, unknown asset names refused, and the session's
CSRF token handed to the page only for a signed-in browser."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI

from tests import factories_auth as fa


async def test_pages_load_only_local_assets(client: httpx.AsyncClient) -> None:
    for path in ("/docs", "/redoc"):
        page = await client.get(path)
        assert page.status_code == 200
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert sources and all(s.startswith(("/", "data:")) for s in sources), sources
        assert "<script>" not in page.text  # no inline script: the CSP would block it
    assert 'name="csrf-token"' not in (await client.get("/docs")).text


async def test_bundles_are_served_with_validators(client: httpx.AsyncClient) -> None:
    for name, kind in (
        ("swagger-ui-bundle.js", "javascript"),
        ("swagger-ui.css", "css"),
        ("redoc.standalone.js", "javascript"),
        ("swagger-init.js", "javascript"),
    ):
        asset = await client.get(f"/docs/assets/{name}", headers={"accept-encoding": "gzip"})
        assert asset.status_code == 200 and kind in asset.headers["content-type"], name
        again = await client.get(f"/docs/assets/{name}", headers={"if-none-match": asset.headers["etag"]})
        assert again.status_code == 304, name
    for name in ("../ui.py", "favicon.png", "nothing.js"):
        assert (await client.get(f"/docs/assets/{name}")).status_code == 404, name


async def test_a_signed_in_page_carries_the_session_csrf_token(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    user = await fa.with_password(app)
    signed_out = await client.get("/docs")
    assert 'name="csrf-token"' not in signed_out.text and "Authorize" in signed_out.text
    assert (await fa.sign_in(client, user.email)).status_code == 303
    page = await client.get("/docs")
    [token] = re.findall(r'<meta name="csrf-token" content="([^"]+)">', page.text)
    assert "Signed in" in page.text
    # The token is the session's: a write with it (and the cookie) succeeds, a forged one does not.
    workspaces = (await client.get("/api/v2/workspaces")).json()["data"]
    boards = f"/api/v2/workspaces/{workspaces[0]['id']}/boards"
    forged = await client.post(boards, json={"name": "Forged"}, headers={"x-csrf-token": token + "0"})
    assert forged.status_code == 403 and forged.json()["code"] == "general/csrf-failed"
    made = await client.post(boards, json={"name": "From /docs"}, headers={"x-csrf-token": token})
    assert made.status_code == 201, made.text
