"""Sign-in, sign-out, invitation and profile pages (plain HTML forms, no JavaScript)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from sqlalchemy import select
from starlette.responses import Response

from openinfinity.accounts.workspaces.models import Membership, Workspace
from openinfinity.appstate import app_state
from openinfinity.auth import accounts, browser, invitations, personal, sessions
from openinfinity.auth.pages import Web, WebDep, first_error, read_form, safe_next
from openinfinity.auth.schemas import present_token
from openinfinity.auth.scopes import ALL_SCOPES
from openinfinity.auth.security import SESSION_COOKIE, clear_cookie
from openinfinity.auth.throttle import SigninThrottle
from openinfinity.core.bounds import ID_MAX, is_decimal
from openinfinity.core.errors import ApiError, ValidationFailed
from openinfinity.core.pagination import PageParams
from openinfinity.core.softdelete import live
from openinfinity.oauth import clients

router = APIRouter(include_in_schema=False)

_ALL = PageParams(limit=100, sort_by="created_at", sort_direction="desc")


def _address(web: Web) -> str:
    client = web.request.client
    return client.host if client else "unknown"


@router.get("/signin")
async def signin_page(web: WebDep, next: Annotated[str | None, Query(max_length=4000)] = None) -> Response:
    target = safe_next(next)
    if web.user is not None:
        return web.redirect(target)
    return web.render("signin.html", {"next": target, "email": ""})


@router.post("/signin")
async def signin(web: WebDep) -> Response:
    form = await web.form()
    target = safe_next(form.get("next"))
    email = form.get("email", "").strip()[:320]
    if not web.csrf_ok(form):
        return web.forbidden()
    throttle: SigninThrottle = app_state(web.request).signin_throttle
    wait = await throttle.retry_after(email, _address(web))
    if wait is not None:
        minutes = max(1, round(wait / 60))
        response = web.render(
            "signin.html",
            {
                "next": target,
                "email": email,
                "error": f"Too many failed sign-in attempts. Try again in {minutes} minute(s).",
            },
            status=429,
        )
        response.headers["Retry-After"] = str(wait)
        return response
    user = await accounts.check_sign_in(web.session, email, form.get("password", "")[:1024])
    if user is None:
        await throttle.failed(email, _address(web))
        return web.render(
            "signin.html",
            {"next": target, "email": email, "error": "These credentials do not match our records."},
            status=401,
        )
    response = web.redirect(target)
    await web.replace_session(response, user)
    return response


@router.post("/signout")
async def signout(web: WebDep) -> Response:
    form = await web.form()
    if not web.csrf_ok(form):
        return web.forbidden()
    raw = web.request.cookies.get(SESSION_COOKIE)
    await sessions.end(web.session, raw)
    browser.forget(app_state(web.request).token_cache, raw)
    response = web.redirect("/signin")
    clear_cookie(response, web.request, web.settings, SESSION_COOKIE)
    web.rotate_csrf(response)
    return response


InvitationToken = Annotated[str, Path(max_length=200)]


def _invalid_invitation(web: Web) -> Response:
    return web.render(
        "error.html",
        {
            "title": "Invitation not valid",
            "message": "This invitation link is unknown, already used or expired. Ask for a new one.",
        },
        status=404,
    )


@router.get("/invitations/{token}")
async def invitation_page(web: WebDep, token: InvitationToken) -> Response:
    found = await invitations.find_valid(web.session, token)
    if found is None:
        return _invalid_invitation(web)
    return web.render("invitation.html", {"invited": found[1], "invitation_token": token})


@router.post("/invitations/{token}")
async def accept_invitation(web: WebDep, token: InvitationToken) -> Response:
    form = await web.form()
    if not web.csrf_ok(form):
        return web.forbidden()
    found = await invitations.find_valid(web.session, token)
    if found is None:
        return _invalid_invitation(web)
    password = form.get("password", "")
    error = None
    if password != form.get("password_confirmation", ""):
        error = "The password confirmation does not match."
    else:
        try:
            user = await invitations.redeem(web.session, token, password)
        except ValidationFailed as exc:
            error = first_error(exc)
        else:
            if user is None:
                return _invalid_invitation(web)
            response = web.redirect("/")
            await web.replace_session(response, user)
            return response
    return web.render(
        "invitation.html", {"invited": found[1], "invitation_token": token, "error": error}, status=422
    )


async def _profile(web: Web, status: int = 200, **extra: object) -> Response:
    assert web.user is not None
    tokens = await personal.page_for(web.session, web.user.id, _ALL)
    apps = await clients.page_for(web.session, web.user.id, _ALL)
    workspaces = (
        await web.session.scalars(
            select(Workspace)
            .join(Membership, Membership.workspace_id == Workspace.id)
            .where(Membership.user_id == web.user.id, live(Workspace))
            .order_by(Workspace.id)
        )
    ).all()
    context = {
        "tokens": [present_token(t) for t in tokens.rows],
        "clients": apps.rows,
        "workspaces": workspaces,
        "all_scopes": [s for s in ALL_SCOPES if s != "admin" or web.user.is_instance_admin],
        "new_secret": None,
        "new_secret_label": "",
    }
    context.update(extra)
    return web.render("profile.html", context, status=status)


def _signin_redirect(web: Web) -> Response:
    return web.redirect("/signin?next=/profile")


@router.get("/profile")
async def profile_page(web: WebDep) -> Response:
    if web.user is None:
        return _signin_redirect(web)
    return await _profile(web)


def _optional_int(value: str | None, field: str) -> int | None:
    if not value:
        return None
    if not is_decimal(value.strip()) or len(value.strip()) > 9:
        raise ValidationFailed.field(field, "must be an integer.")
    return int(value)


@router.post("/profile/tokens")
async def create_token(web: WebDep) -> Response:
    if web.user is None:
        return _signin_redirect(web)
    form = await read_form(web.request)
    fields = {k: v for k, v in form.multi_items() if isinstance(v, str)}
    if not web.csrf_ok(fields):
        return web.forbidden()
    scopes = [v for v in form.getlist("scopes") if isinstance(v, str)]
    name = fields.get("name", "").strip()
    try:
        if not name or len(name) > 255:
            raise ValidationFailed.field("name", "is required (at most 255 characters).")
        _, raw = await personal.create(
            web.session,
            web.user,
            name=name,
            scopes=scopes or None,
            workspace_id=_optional_int(fields.get("workspace_id"), "workspace_id"),
            expires_in_days=_optional_int(fields.get("expires_in_days"), "expires_in_days"),
        )
    except ValidationFailed as exc:
        return await _profile(web, status=422, error=first_error(exc))
    return await _profile(web, status=201, new_secret=raw, new_secret_label=f"Your new token “{name}”")


@router.post("/profile/tokens/{token_id}/revoke")
async def revoke_token(web: WebDep, token_id: Annotated[int, Path(ge=1, le=ID_MAX)]) -> Response:
    if web.user is None:
        return _signin_redirect(web)
    if not web.csrf_ok(await web.form()):
        return web.forbidden()
    try:
        await personal.revoke(web.session, web.user.id, token_id)
    except ApiError as exc:
        return await _profile(web, status=404, error=first_error(exc))
    return web.redirect("/profile")


@router.post("/profile/clients")
async def create_client(web: WebDep) -> Response:
    if web.user is None:
        return _signin_redirect(web)
    form = await web.form()
    if not web.csrf_ok(form):
        return web.forbidden()
    name = form.get("name", "")[:255]
    try:
        client, secret = await clients.register(
            web.session,
            owner_id=web.user.id,
            name=name,
            redirect_uris=form.get("redirect_uris", "").splitlines(),
            public=form.get("public") == "1",
        )
    except ValidationFailed as exc:
        return await _profile(web, status=422, error=first_error(exc))
    if secret is None:
        return await _profile(web, status=201)
    return await _profile(
        web,
        status=201,
        new_secret=secret,
        new_secret_label=f"Client secret of “{client.name}” ({client.client_id})",
    )


@router.post("/profile/clients/{client_pk}/delete")
async def delete_client(web: WebDep, client_pk: Annotated[int, Path(ge=1, le=ID_MAX)]) -> Response:
    if web.user is None:
        return _signin_redirect(web)
    if not web.csrf_ok(await web.form()):
        return web.forbidden()
    try:
        await clients.delete(web.session, await clients.get_owned(web.session, web.user.id, client_pk))
    except ApiError as exc:
        return await _profile(web, status=404, error=first_error(exc))
    return web.redirect("/profile")
