"""`/docs` (Swagger UI) and `/redoc`, served from this server alone: no CDN, no web fonts.

The Swagger UI and Redoc bundles come from the fastapi-offline package (its static folder); our
own start-up script sits beside this module. Both pages run under a CSP that allows scripts from
this server only, so the start-up code is a file, not an inline script.

"Try it out" works at once for a signed-in browser: requests carry the session cookie, and the
page hands the session's CSRF token to the script (as the web app's shell does), which adds
`X-CSRF-Token` to writes. A token entered under "Authorize" takes precedence (the server ignores
the cookie when a token header is present).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Annotated

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.openapi.docs import get_swagger_ui_oauth2_redirect_html
from starlette.responses import HTMLResponse, Response

from openinfinity.appstate import app_state
from openinfinity.auth import browser, sessions
from openinfinity.core.errors import Unauthenticated
from openinfinity.web.assets import AssetStore, serve_asset

VENDOR = AssetStore(Path(fastapi_offline.__file__).resolve().parent / "static")
OWN = AssetStore(Path(__file__).resolve().parent / "static")
VENDOR_FILES = frozenset({"swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"})
OWN_FILES = frozenset({"swagger-init.js", "docs.css"})

PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    # Redoc injects its styles and runs its search in a blob: worker; images are inline SVG.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}

router = APIRouter(include_in_schema=False)


def _asset_url(store: AssetStore, name: str) -> str:
    return f"/docs/assets/{name}?v={store.version(name)}"


async def _session_csrf(request: Request) -> str | None:
    """The CSRF token of the browser's session, or None when it is not signed in."""
    raw = request.cookies.get(sessions.COOKIE)
    if not raw or len(raw) > 200:
        return None
    state = app_state(request)
    try:
        await browser.session_principal(state.db, state.token_cache, raw)
    except Unauthenticated:
        return None
    token: str = state.session_csrf.token(raw)
    return token


@router.get("/docs")
async def swagger_ui(request: Request) -> Response:
    csrf = await _session_csrf(request)
    signed_in = f'<meta name="csrf-token" content="{escape(csrf)}">\n' if csrf else ""
    note = (
        "Signed in: requests use your browser session. Authorize to use a token instead."
        if csrf
        else 'Use "Authorize" with a personal access token (profile page), or sign in first.'
    )
    html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{signed_in}<title>openinfinity API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{_asset_url(VENDOR, "swagger-ui.css")}">
<link rel="stylesheet" href="{_asset_url(OWN, "docs.css")}">
</head>
<body>
<p class="oi-note" id="oi-note">{escape(note)} <a href="/redoc">Reference (Redoc)</a></p>
<div id="swagger-ui"></div>
<script src="{_asset_url(VENDOR, "swagger-ui-bundle.js")}"></script>
<script src="{_asset_url(OWN, "swagger-init.js")}"></script>
</body>
</html>
"""
    return HTMLResponse(html, headers=PAGE_HEADERS)


@router.get("/docs/oauth2-redirect")
async def swagger_ui_oauth2_redirect() -> Response:
    # Swagger UI's own page: an inline script hands the code back to the opener.
    response = get_swagger_ui_oauth2_redirect_html()
    response.headers.update({**PAGE_HEADERS, "Content-Security-Policy": "frame-ancestors 'none'"})
    return response


@router.get("/redoc")
async def redoc() -> Response:
    html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>openinfinity API reference</title>
<link rel="icon" href="data:,">
</head>
<body>
<redoc spec-url="/openapi.json"></redoc>
<script src="{_asset_url(VENDOR, "redoc.standalone.js")}"></script>
</body>
</html>
"""
    return HTMLResponse(html, headers=PAGE_HEADERS)


@router.get("/docs/assets/{name}")
async def docs_asset(request: Request, name: Annotated[str, PathParam(max_length=100)]) -> Response:
    store = VENDOR if name in VENDOR_FILES else OWN if name in OWN_FILES else None
    return serve_asset(request, store, name)
