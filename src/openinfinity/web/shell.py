"""The web app's shell: `GET /` and every client route `/w/...` answer the same small HTML page,
which loads the built bundle and hands the session's CSRF token to it (`<meta name="csrf-token">`).

Everything the app shows comes from `/api/v2`; this page carries no data but that token. Signed
out, the browser goes to the sign-in page and comes back to the route it asked for. Without a
build (`make webapp` not run) the page says so instead of loading files that are not there.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter
from starlette.responses import RedirectResponse, Response

from openinfinity.appstate import app_state
from openinfinity.auth.pages import Web, WebDep, templates
from openinfinity.auth.security import SESSION_COOKIE
from openinfinity.web.assets import ENTRY_POINTS, AssetStore

router = APIRouter(include_in_schema=False)

# Scripts and styles only from this server (the bundle); images also from attachment storage
# (S3 links are https) and data:/blob: previews; no framing. Inline styles stay allowed for
# style attributes the components set.
SHELL_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob: https:; connect-src 'self'; object-src 'none'; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


def _signin_redirect(web: Web) -> Response:
    request = web.request
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    response = RedirectResponse(f"/signin?next={quote(target, safe='/')}", status_code=302)
    response.headers["Cache-Control"] = "no-store"
    return response


def _shell(web: Web) -> Response:
    store: AssetStore = app_state(web.request).webapp_assets
    if not store.built:
        return web.render(
            "app_missing.html",
            {"dist": str(store.root), "missing": [n for n in ENTRY_POINTS if store.get(n) is None]},
            status=503,
        )
    if web.user is None:
        return _signin_redirect(web)
    session_raw = web.request.cookies.get(SESSION_COOKIE, "")
    response = templates.TemplateResponse(
        web.request,
        "app.html",
        {
            "csrf_token": app_state(web.request).session_csrf.token(session_raw),
            "css_version": store.version("app.css"),
            "js_version": store.version("app.js"),
        },
    )
    response.headers.update(SHELL_HEADERS)
    return response


@router.get("/")
async def app_home(web: WebDep) -> Response:
    return _shell(web)


@router.get("/w/{route:path}")
async def app_route(web: WebDep, route: str) -> Response:
    return _shell(web)
