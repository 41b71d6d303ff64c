from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from openinfinity.accounts.users import service
from openinfinity.auth.deps import scope_guard
from openinfinity.auth.principal import Principal
from openinfinity.core.db import SessionDep
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.urls import base_url
from openinfinity.users.avatar import avatar_svg
from openinfinity.users.schemas import ProfileRead, present_profile

router = APIRouter(prefix="/api/v2", tags=["Profile"])
public = APIRouter(tags=["Profile"])

Reader = Annotated[Principal, Depends(scope_guard("content"))]


@router.get("/profile", responses={200: {"model": ProfileRead}}, summary="Get my profile data")
async def get_profile(request: Request, session: SessionDep, principal: Reader) -> Response:
    user = await service.get_user(session, principal.user_id)
    return ApiJSONResponse(present_profile(user, base_url(request)))


@public.get("/profile/avatar.svg", include_in_schema=False)
async def avatar(name: Annotated[str, Query(max_length=255)] = "") -> Response:
    return Response(
        avatar_svg(name),
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=86400"},
    )
