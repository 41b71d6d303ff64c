"""`DELETE /api/v2/profile/session`: the web app signs its browser session out.

The app signs out through the API like every other write (session cookie + `X-CSRF-Token`), so it
needs one CSRF mechanism, not also the sign-in pages' form token. The `/signout` form stays for the
server-rendered pages.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from openinfinity.appstate import app_state
from openinfinity.auth import browser, sessions
from openinfinity.auth.deps import CurrentPrincipal, scope_guard
from openinfinity.auth.security import CSRF_COOKIE, clear_cookie, new_csrf_value, set_cookie
from openinfinity.core.db import SessionDep
from openinfinity.core.errors import Forbidden

router = APIRouter(prefix="/api/v2/profile", tags=["Profile"], dependencies=[Depends(scope_guard("content"))])


NOT_A_SESSION = (
    "Only a browser session can be signed out here; a token is revoked with "
    "DELETE /api/v2/profile/tokens/{id}."
)


@router.delete("/session", status_code=204, summary="Sign the browser session out (the web app)")
async def sign_out(request: Request, session: SessionDep, principal: CurrentPrincipal) -> Response:
    if principal.kind != "session":
        raise Forbidden(NOT_A_SESSION)
    raw = request.cookies.get(sessions.COOKIE)
    await sessions.end(session, raw)
    browser.forget(app_state(request).token_cache, raw)
    response = Response(status_code=204)
    settings = app_state(request).settings
    clear_cookie(response, request, settings, sessions.COOKIE)
    # As the /signout form does: a sign-in page token minted before now is useless afterwards.
    set_cookie(response, request, settings, CSRF_COOKIE, new_csrf_value(), 30 * 86400)
    return response
