"""Rendering and per-request state of the server-rendered pages (sign-in, profile, consent)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import jinja2
from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

from openinfinity.accounts.users.models import User
from openinfinity.appstate import app_state
from openinfinity.auth import browser, sessions
from openinfinity.auth.security import CSRF_COOKIE, SESSION_COOKIE, Csrf, new_csrf_value, set_cookie
from openinfinity.core.bounds import is_decimal
from openinfinity.core.config import Settings
from openinfinity.core.db import SessionDep
from openinfinity.core.errors import ApiError, PayloadTooLarge, ValidationFailed

templates = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.PackageLoader("openinfinity.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
)

# No framing (clickjacking of the consent page), no scripts, no external resources.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


@dataclass
class Web:
    request: Request
    session: AsyncSession
    settings: Settings
    csrf: Csrf
    csrf_value: str
    csrf_is_new: bool
    user: User | None

    def render(self, template: str, context: dict[str, Any] | None = None, status: int = 200) -> Response:
        values = {"user": self.user, "csrf_token": self.csrf.token(self.csrf_value), "error": None}
        values.update(context or {})
        response = templates.TemplateResponse(self.request, template, values, status_code=status)
        response.headers.update(PAGE_HEADERS)
        if self.csrf_is_new:
            set_cookie(response, self.request, self.settings, CSRF_COOKIE, self.csrf_value, 30 * 86400)
        return response

    def redirect(self, url: str) -> Response:
        response = RedirectResponse(url, status_code=303)
        response.headers["Cache-Control"] = "no-store"
        return response

    async def form(self) -> dict[str, str]:
        data = await read_form(self.request)
        return {k: v for k, v in data.multi_items() if isinstance(v, str)}

    def csrf_ok(self, form: dict[str, str]) -> bool:
        return not self.csrf_is_new and self.csrf.valid(self.csrf_value, form.get("csrf_token"))

    def forbidden(self) -> Response:
        return self.render(
            "error.html",
            {
                "title": "Form expired",
                "message": "The form was not submitted from this site or has expired. Please try again.",
            },
            status=403,
        )

    def rotate_csrf(self, response: Response) -> None:
        set_cookie(response, self.request, self.settings, CSRF_COOKIE, new_csrf_value(), 30 * 86400)

    async def replace_session(self, response: Response, user: User) -> None:
        """Sign `user` in on this browser, ending whatever session the browser had before."""
        previous = self.request.cookies.get(SESSION_COOKIE)
        await sessions.end(self.session, previous)
        browser.forget(app_state(self.request).token_cache, previous)
        raw = await sessions.start(self.session, user, days=self.settings.session_days)
        self.start_session(response, raw)

    def start_session(self, response: Response, raw: str) -> None:
        set_cookie(
            response, self.request, self.settings, SESSION_COOKIE, raw, self.settings.session_days * 86400
        )
        self.rotate_csrf(response)


async def web_state(request: Request, session: SessionDep) -> Web:
    settings: Settings = app_state(request).settings
    existing = request.cookies.get(CSRF_COOKIE)
    valid_cookie = existing if existing and 20 <= len(existing) <= 100 else None
    user = await sessions.resolve(session, request.cookies.get(SESSION_COOKIE))
    return Web(
        request=request,
        session=session,
        settings=settings,
        csrf=app_state(request).csrf,
        csrf_value=valid_cookie or new_csrf_value(),
        csrf_is_new=valid_cookie is None,
        user=user,
    )


WebDep = Annotated[Web, Depends(web_state)]


MAX_FORM_BYTES = 64 * 1024


async def read_form(request: Request) -> FormData:
    """The posted form, refusing oversized bodies (the /api body cap does not cover these pages)."""
    declared = request.headers.get("content-length", "")
    if is_decimal(declared) and int(declared) > MAX_FORM_BYTES:
        raise PayloadTooLarge(f"The request body is larger than {MAX_FORM_BYTES} bytes.")
    return await request.form(max_files=0, max_fields=50)


def safe_next(value: str | None, default: str = "/") -> str:
    """Only local paths: never an open redirect to another site. By default the web app."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value or len(value) > 4000:
        return default
    return value


def first_error(exc: ApiError) -> str:
    """The one message a page shows for a refused action: a validation error's first field message."""
    if isinstance(exc, ValidationFailed):
        return next(iter(m for msgs in exc.errors.values() for m in msgs), exc.message)
    return exc.message
