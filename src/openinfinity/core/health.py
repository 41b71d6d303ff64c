from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import text
from starlette.responses import Response

from openinfinity import __version__
from openinfinity.core.db import get_database
from openinfinity.core.errors import ApiError
from openinfinity.core.responses import ApiJSONResponse

router = APIRouter(tags=["Health"])


class DatabaseUnavailable(ApiError):
    status_code = 503
    code = "general/service-unavailable"
    default_message = "The database is not reachable."


@router.get("/health", summary="Liveness and database reachability (no authentication)")
async def health(request: Request) -> Response:
    try:
        async with get_database(request).transaction(write=False) as session:
            await session.execute(text("SELECT 1"))
    except Exception as exc:  # any driver error means "not reachable"
        raise DatabaseUnavailable() from exc
    return ApiJSONResponse({"status": "ok", "version": __version__})
