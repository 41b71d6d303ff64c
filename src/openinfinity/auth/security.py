"""Cookies and CSRF for the server-rendered pages.

CSRF uses the signed double-submit pattern: every visitor gets a random `oi_csrf` cookie, and every
form carries that value signed with the server secret (itsdangerous, time-limited). A forged
cross-site form can neither read the cookie nor produce the signature. The value is replaced at
sign-in and sign-out, so a token planted before sign-in is useless afterwards.
"""

from __future__ import annotations

import hmac
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response

from openinfinity.auth import sessions
from openinfinity.core.config import Settings

SESSION_COOKIE = sessions.COOKIE
CSRF_COOKIE = "oi_csrf"
CSRF_MAX_AGE = 4 * 3600


class Csrf:
    def __init__(self, secret: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="openinfinity-csrf")

    def token(self, cookie_value: str) -> str:
        return self._serializer.dumps(cookie_value)

    def valid(self, cookie_value: str | None, form_token: str | None) -> bool:
        if not cookie_value or not form_token or len(form_token) > 500:
            return False
        try:
            signed = self._serializer.loads(form_token, max_age=CSRF_MAX_AGE)
        except BadSignature:
            return False
        return isinstance(signed, str) and hmac.compare_digest(signed, cookie_value)


def is_secure(request: Request, settings: Settings) -> bool:
    """Secure cookies whenever the site is served over HTTPS (directly or per the public URL)."""
    return settings.is_https or request.url.scheme == "https"


def set_cookie(
    response: Response, request: Request, settings: Settings, name: str, value: str, max_age: int
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        secure=is_secure(request, settings),
        samesite="lax",
    )


def clear_cookie(response: Response, request: Request, settings: Settings, name: str) -> None:
    response.delete_cookie(name, path="/", httponly=True, secure=is_secure(request, settings), samesite="lax")


def new_csrf_value() -> str:
    return secrets.token_urlsafe(32)
