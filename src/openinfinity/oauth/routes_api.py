"""`/api/v2/profile/clients`: the caller's registered OAuth applications (scope family "content")."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from starlette.responses import Response

from openinfinity.auth import personal
from openinfinity.auth.deps import CurrentPrincipal, scope_guard
from openinfinity.auth.routes import parse_id
from openinfinity.core.db import SessionDep
from openinfinity.core.pagination import Pagination
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import page_of
from openinfinity.oauth import clients
from openinfinity.oauth.schemas import ClientCreate, ClientCreated, ClientRead, present_client

router = APIRouter(
    prefix="/api/v2/profile/clients", tags=["Profile"], dependencies=[Depends(scope_guard("content"))]
)

ClientPk = Annotated[str, Path(description="Client ID (numeric)", max_length=32)]


@router.get("", responses={200: {"model": page_of(ClientRead)}}, summary="List my OAuth applications")
async def list_clients(session: SessionDep, principal: CurrentPrincipal, page: Pagination) -> Response:
    personal.require_account_wide(principal)
    result = await clients.page_for(session, principal.user_id, page)
    return ApiJSONResponse(result.envelope([present_client(c) for c in result.rows]))


@router.post(
    "", status_code=201, responses={201: {"model": ClientCreated}}, summary="Register an OAuth application"
)
async def create_client(session: SessionDep, principal: CurrentPrincipal, body: ClientCreate) -> Response:
    personal.require_account_wide(principal)
    client, secret = await clients.register(
        session,
        owner_id=principal.user_id,
        name=body.name,
        redirect_uris=body.redirect_uris,
        public=body.public,
    )
    return ApiJSONResponse({**present_client(client), "client_secret": secret}, status_code=201)


@router.get("/{client}", responses={200: {"model": ClientRead}}, summary="Get an OAuth application")
async def get_client(session: SessionDep, principal: CurrentPrincipal, client: ClientPk) -> Response:
    personal.require_account_wide(principal)
    row = await clients.get_owned(session, principal.user_id, parse_id(client, "Client"))
    return ApiJSONResponse(present_client(row))


@router.delete("/{client}", responses={200: {"model": ClientRead}}, summary="Delete an OAuth application")
async def delete_client(session: SessionDep, principal: CurrentPrincipal, client: ClientPk) -> Response:
    personal.require_account_wide(principal)
    row = await clients.get_owned(session, principal.user_id, parse_id(client, "Client"))
    await clients.delete(session, row)
    return ApiJSONResponse(present_client(row))
