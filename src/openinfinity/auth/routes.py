"""`/api/v2/profile/tokens`: the caller's personal access tokens (scope family "content")."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from starlette.responses import Response

from openinfinity.accounts.users import service as users
from openinfinity.auth import personal
from openinfinity.auth.deps import CurrentPrincipal, scope_guard
from openinfinity.auth.schemas import TokenCreate, TokenCreated, TokenRead, present_token
from openinfinity.core.bounds import parse_db_id
from openinfinity.core.db import SessionDep
from openinfinity.core.errors import NotFound
from openinfinity.core.pagination import Pagination
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import page_of

router = APIRouter(
    prefix="/api/v2/profile/tokens", tags=["Profile"], dependencies=[Depends(scope_guard("content"))]
)

TokenId = Annotated[str, Path(description="Token ID", max_length=32)]


def parse_id(raw: str, what: str) -> int:
    value = parse_db_id(raw)
    if value is None:
        raise NotFound.of(what)
    return value


@router.get("", responses={200: {"model": page_of(TokenRead)}}, summary="List my personal access tokens")
async def list_tokens(session: SessionDep, principal: CurrentPrincipal, page: Pagination) -> Response:
    personal.require_personal(principal)
    result = await personal.page_for(
        session, principal.user_id, page, within_workspace=principal.workspace_id
    )
    return ApiJSONResponse(result.envelope([present_token(t) for t in result.rows]))


@router.post(
    "", status_code=201, responses={201: {"model": TokenCreated}}, summary="Create a personal access token"
)
async def create_token(session: SessionDep, principal: CurrentPrincipal, body: TokenCreate) -> Response:
    personal.require_personal(principal)
    user = await users.get_user(session, principal.user_id)
    row, raw = await personal.create(
        session,
        user,
        name=body.name,
        scopes=body.scopes,
        workspace_id=body.workspace_id,
        expires_in_days=body.expires_in_days,
        caller=principal,
    )
    return ApiJSONResponse({**present_token(row), "token": raw}, status_code=201)


@router.delete("/{token_id}", responses={200: {"model": TokenRead}}, summary="Revoke a personal access token")
async def revoke_token(session: SessionDep, principal: CurrentPrincipal, token_id: TokenId) -> Response:
    personal.require_personal(principal)
    row = await personal.revoke(
        session, principal.user_id, parse_id(token_id, "Token"), within_workspace=principal.workspace_id
    )
    return ApiJSONResponse(present_token(row))
