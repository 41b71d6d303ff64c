"""OAuth2 endpoints: authorization (consent page), token, revocation, RFC 8414 metadata."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749.errors import InvalidGrantError
from fastapi import APIRouter, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from openinfinity.appstate import app_state
from openinfinity.auth.pages import Web, WebDep, read_form
from openinfinity.auth.scopes import ALL_SCOPES
from openinfinity.core.config import Settings
from openinfinity.core.db import SessionDep
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.urls import base_url
from openinfinity.oauth import flow, revocation
from openinfinity.oauth.adapter import ClientView, Exchange, current
from openinfinity.oauth.adapter import Request as OAuthRequest
from openinfinity.oauth.server import Server, granted_scopes

router = APIRouter(tags=["OAuth2"])

SCOPE_DESCRIPTIONS = {
    "read": "read your workspaces, boards, items and members",
    "write": "create, change and delete content",
    "members": "invite, add and remove workspace members",
    "hooks": "manage webhooks",
    "admin": "administer this openinfinity instance",
}
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_CONSENT_FIELDS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
)


def _server(request: Request) -> Server:
    server: Server = app_state(request).oauth_server
    return server


def _url(request: Request) -> str:
    return str(request.url)


async def _adapter(request: Request, *, with_form: bool) -> OAuthRequest:
    query = list(request.query_params.multi_items())
    form: list[tuple[str, str]] = []
    if with_form:
        data = await read_form(request)
        form = [(k, v) for k, v in data.multi_items() if isinstance(v, str)]
    return OAuthRequest(request.method, _url(request), request.headers, query, form)


def _to_response(
    result: tuple[int, Any, list[tuple[str, str]]], *, extra: dict[str, str] | None = None
) -> Response:
    status, body, headers = result
    merged = dict(headers)
    merged.update(extra or {})
    if status in (301, 302, 303):
        merged["Cache-Control"] = "no-store"
        return Response(status_code=302, headers=merged)
    merged.pop("Content-Type", None)
    return ApiJSONResponse(body if isinstance(body, dict) else {}, status_code=status, headers=merged)


def _authorize_error(web: Web, server: Server, request: OAuthRequest, error: OAuth2Error) -> Response:
    """RFC 6749 section 4.1.2.1: redirect with error= only once the redirect URI is trusted;
    otherwise tell the user on a page and never redirect."""
    if error.redirect_uri:
        return _to_response(server.handle_error_response(request, error))
    return web.render(
        "error.html",
        {
            "title": "Invalid authorization request",
            "message": f"{error.error}: {error.get_error_description()}",
        },
        status=400,
    )


def _run(exchange: Exchange, call: Any, *args: Any, **kwargs: Any) -> Any:
    token = current.set(exchange)
    try:
        return call(*args, **kwargs)
    finally:
        current.reset(token)


async def _consent_grant(web: WebDep, oauth_request: OAuthRequest) -> tuple[Any, Exchange] | Response:
    server = _server(web.request)
    exchange = await flow.preload(web.session, oauth_request)
    try:
        grant = _run(exchange, server.get_consent_grant, oauth_request, end_user=web.user)
    except OAuth2Error as error:
        return _authorize_error(web, server, oauth_request, error)
    return grant, exchange


@router.get("/oauth/authorize", include_in_schema=False)
async def authorize_page(web: WebDep) -> Response:
    oauth_request = await _adapter(web.request, with_form=False)
    outcome = await _consent_grant(web, oauth_request)
    if isinstance(outcome, Response):
        return outcome
    grant, _ = outcome
    if web.user is None:
        target = web.request.url.path + "?" + web.request.url.query
        return web.redirect("/signin?" + urlencode({"next": target}))
    client: ClientView = grant.request.client
    scopes = granted_scopes(oauth_request.scope, web.user)
    params = [(k, oauth_request.payload.data[k]) for k in _CONSENT_FIELDS if k in oauth_request.payload.data]
    return web.render(
        "consent.html",
        {
            "client_name": client.row.name,
            "scopes": [{"name": s, "description": SCOPE_DESCRIPTIONS[s]} for s in scopes],
            "redirect_uri": grant.redirect_uri,
            "params": params,
        },
    )


@router.post("/oauth/authorize", include_in_schema=False)
async def authorize_decision(web: WebDep) -> Response:
    oauth_request = await _adapter(web.request, with_form=True)
    if not web.csrf_ok(dict(oauth_request.form)):
        return web.forbidden()
    if web.user is None:
        return web.redirect("/signin")
    # The decision and CSRF fields are ours, not OAuth parameters.
    oauth_request = OAuthRequest(
        "POST",
        _url(web.request),
        web.request.headers,
        [],
        [(k, v) for k, v in oauth_request.form.items() if k in _CONSENT_FIELDS],
    )
    outcome = await _consent_grant(web, oauth_request)
    if isinstance(outcome, Response):
        return outcome
    grant, exchange = outcome
    allow = (await web.form()).get("decision") == "allow"
    server = _server(web.request)
    result = _run(
        exchange,
        server.create_authorization_response,
        oauth_request,
        grant_user=web.user if allow else None,
        grant=grant,
    )
    await flow.apply(web.session, exchange, web.settings)
    return _to_response(result)


async def _token_like(request: Request, session: AsyncSession, call: Any) -> Response:
    settings: Settings = app_state(request).settings
    oauth_request = await _adapter(request, with_form=True)
    oauth_request = OAuthRequest("POST", _url(request), request.headers, [], list(oauth_request.form.items()))
    exchange = await flow.preload(session, oauth_request)
    result = _run(exchange, call, oauth_request)
    if result[0] == 200:
        if not await flow.apply(session, exchange, settings):
            # Lost a race for a single-use credential: nothing is issued.
            await session.rollback()
            error = InvalidGrantError("The grant has already been used.")
            result = _server(request).handle_error_response(oauth_request, error)
    else:
        if exchange.burn_code is not None:
            await flow.burn_code(session, exchange.burn_code)
        if exchange.replayed_family:
            await revocation.revoke_family(session, exchange.replayed_family, reason=revocation.REPLAYED)
    return _to_response(result, extra=NO_STORE)


@router.post("/oauth/token", summary="OAuth2 token endpoint (RFC 6749)")
async def token(request: Request, session: SessionDep) -> Response:
    return await _token_like(request, session, _server(request).create_token_response)


@router.post("/oauth/revoke", summary="OAuth2 token revocation (RFC 7009)")
async def revoke(request: Request, session: SessionDep) -> Response:
    server = _server(request)
    return await _token_like(request, session, lambda r: server.create_endpoint_response("revocation", r))


@router.get("/.well-known/oauth-authorization-server", summary="OAuth2 server metadata (RFC 8414)")
async def metadata(request: Request) -> Response:
    base = base_url(request)
    return ApiJSONResponse(
        {
            "issuer": base,
            "authorization_endpoint": f"{base}/oauth/authorize",
            "token_endpoint": f"{base}/oauth/token",
            "revocation_endpoint": f"{base}/oauth/revoke",
            "scopes_supported": list(ALL_SCOPES),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
            "revocation_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
                "none",
            ],
            "service_documentation": f"{base}/docs",
        }
    )
