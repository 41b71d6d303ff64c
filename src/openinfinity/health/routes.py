from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from openinfinity import __version__
from openinfinity.appstate import app_state
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.health import checks

router = APIRouter(tags=["Health"])

_FINE = ("ok", "not configured")


@router.get("/health", summary="Liveness: the process answers (no authentication, no database)")
async def health() -> Response:
    return ApiJSONResponse({"status": "ok", "version": __version__})


@router.get(
    "/health/ready",
    summary="Readiness: database reachable and migrated, storage writable, Redis reachable (503 if not)",
)
async def ready(request: Request) -> Response:
    state = app_state(request)
    results = await checks.readiness(state.settings, state.db, state.attachments_runtime().storage)
    failed = {name: verdict for name, verdict in results.items() if verdict not in _FINE}
    if failed:
        body = {
            "status": "unavailable",
            "message": "; ".join(failed.values()),
            "code": "general/service-unavailable",
            "checks": results,
        }
        return ApiJSONResponse(body, status_code=503, headers={"Cache-Control": "no-store"})
    body = {"status": "ready", "version": __version__, "checks": results}
    return ApiJSONResponse(body, headers={"Cache-Control": "no-store"})
