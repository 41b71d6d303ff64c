"""The password-reset pages (plain HTML forms, like sign-in and invitations):

GET/POST /password-reset           ask for a link by e-mail (the same answer for every address)
GET/POST /password-reset/{token}   choose the new password with the mailed link
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Path
from starlette.responses import Response

from openinfinity.appstate import app_state
from openinfinity.auth import resets
from openinfinity.auth.pages import Web, WebDep, first_error
from openinfinity.auth.throttle import SigninThrottle
from openinfinity.core.emails import valid_email
from openinfinity.core.errors import ValidationFailed
from openinfinity.mail import messages

router = APIRouter(include_in_schema=False)

ResetToken = Annotated[str, Path(max_length=200)]


def _address(web: Web) -> str:
    client = web.request.client
    return client.host if client else "unknown"


def _invalid_link(web: Web) -> Response:
    return web.render(
        "error.html",
        {
            "title": "Link not valid",
            "message": "This password-reset link is unknown, already used or expired. Ask for a new one.",
        },
        status=404,
    )


@router.get("/password-reset")
async def password_reset_page(web: WebDep) -> Response:
    return web.render("password_reset.html", {"email": "", "sent": False})


@router.post("/password-reset")
async def request_password_reset(web: WebDep, background: BackgroundTasks) -> Response:
    form = await web.form()
    if not web.csrf_ok(form):
        return web.forbidden()
    try:
        email = valid_email(form.get("email", "")[:1000])
    except ValueError:
        context = {
            "email": form.get("email", "")[:320],
            "sent": False,
            "error": "Enter a valid e-mail address.",
        }
        return web.render("password_reset.html", context, status=422)
    throttle: SigninThrottle = app_state(web.request).reset_throttle
    wait = await throttle.retry_after(email, _address(web))
    if wait is not None:
        minutes = max(1, round(wait / 60))
        response = web.render(
            "password_reset.html",
            {"email": email, "sent": False, "error": f"Too many requests. Try again in {minutes} minute(s)."},
            status=429,
        )
        response.headers["Retry-After"] = str(wait)
        return response
    await throttle.failed(email, _address(web))  # every request counts, known address or not
    settings = web.settings
    issued = await resets.request(
        web.session, email, base_url=settings.base_url, minutes=settings.password_reset_minutes
    )
    mailer = app_state(web.request).mailer
    if issued is not None and mailer is not None:
        # Sent after the response (and so after the commit): the link works when it arrives, and
        # the answer takes as long for an unknown address as for a known one.
        subject, text = messages.password_reset(
            url=issued.url, expires_at=issued.expires_at, instance=settings.base_url
        )
        background.add_task(mailer.send, to=issued.user.email, subject=subject, text=text)
    return web.render("password_reset.html", {"email": "", "sent": True})


@router.get("/password-reset/{token}")
async def password_reset_form(web: WebDep, token: ResetToken) -> Response:
    found = await resets.find_valid(web.session, token)
    if found is None:
        return _invalid_link(web)
    return web.render("password_reset_choose.html", {"account": found[1], "reset_token": token})


@router.post("/password-reset/{token}")
async def reset_password(web: WebDep, token: ResetToken) -> Response:
    form = await web.form()
    if not web.csrf_ok(form):
        return web.forbidden()
    found = await resets.find_valid(web.session, token)
    if found is None:
        return _invalid_link(web)
    password = form.get("password", "")[:1024]
    if password != form.get("password_confirmation", "")[:1024]:
        error = "The password confirmation does not match."
    else:
        try:
            user = await resets.redeem(web.session, token, password)
        except ValidationFailed as exc:
            error = first_error(exc)
        else:
            if user is None:
                return _invalid_link(web)
            response = web.redirect("/")
            await web.replace_session(response, user)
            return response
    context = {"account": found[1], "reset_token": token, "error": error}
    return web.render("password_reset_choose.html", context, status=422)
