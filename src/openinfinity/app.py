"""`create_app(settings)`: the application with its routers, middleware and error handler."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from openinfinity import __version__
from openinfinity.api import include_routers
from openinfinity.appstate import AppState
from openinfinity.auth import ended, sessions
from openinfinity.auth.browser import SessionCsrf
from openinfinity.auth.gate import body_gate
from openinfinity.auth.security import Csrf
from openinfinity.auth.service import TokenCache
from openinfinity.auth.throttle import SigninThrottle
from openinfinity.changes.hub import Hub
from openinfinity.core import metrics
from openinfinity.core.accesslog import AccessLogMiddleware
from openinfinity.core.compression import GzipMiddleware
from openinfinity.core.conditional import ConditionalGetMiddleware
from openinfinity.core.config import Settings
from openinfinity.core.cors import install_cors
from openinfinity.core.db import Database
from openinfinity.core.dialects import RequestDialectMiddleware, RequestEdgeMiddleware
from openinfinity.core.handlers import install_error_handlers
from openinfinity.core.limitstore import make_storage
from openinfinity.core.metrics import MetricsMiddleware
from openinfinity.core.ratelimit import RateLimitMiddleware, parse_limits, route_limits
from openinfinity.core.requestid import RequestIdMiddleware
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.secret import load_secret
from openinfinity.hooks.worker import in_process_dispatcher
from openinfinity.idempotency.middleware import IdempotencyMiddleware
from openinfinity.mail.sender import build_mailer
from openinfinity.oauth.server import Server as OAuthServer
from openinfinity.openapi import generate_operation_id, install_openapi
from openinfinity.web.assets import DIST, AssetStore

DESCRIPTION = """Self-hosted implementation of the Infinity work-management REST API v2.

Authenticate with `Authorization: Bearer <token>` or `x-api-token: <token>`. The web app uses the
signed-in browser session instead (cookie, plus `X-CSRF-Token` on writes; see docs/auth.md).
Errors are `{"message", "code"}`; validation errors add `errors` and `invalidFields`.
Lists are cursor-paginated: `limit`, `sort_by`, `sort_direction`, `before`, `after`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    # Requests get the query time budget (a costly filter answers 503, never holds a worker).
    db = Database(settings, statement_timeout=settings.query_timeout)
    changes = Hub(db, settings)
    token_cache = TokenCache(settings.token_cache_seconds)
    # Cleared after each commit of this process that revokes or deactivates (auth/ended.py).
    stop_clearing = ended.subscribe(token_cache, db.engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        changes.end_streams_on_signals()
        # The embedded setup delivers webhooks from the server itself (no worker to run).
        async with in_process_dispatcher(db, settings):
            yield
        await changes.stop()
        stop_clearing()
        await db.dispose()
        metrics.process_exiting()

    app = FastAPI(
        title="openinfinity",
        version=__version__,
        description=DESCRIPTION,
        default_response_class=ApiJSONResponse,
        lifespan=lifespan,
        # Served from local assets by openapi/ui.py (the defaults load Swagger UI from a CDN).
        docs_url=None,
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        generate_unique_id_function=generate_operation_id,
    )
    secret = load_secret(settings)
    app.state = AppState(
        settings=settings,
        db=db,
        changes=changes,
        token_cache=token_cache,
        csrf=Csrf(secret),
        session_csrf=SessionCsrf(secret),
        webapp_assets=AssetStore(settings.webapp_dist or DIST),
        oauth_server=OAuthServer(settings),
        mailer=build_mailer(settings),
        signin_throttle=SigninThrottle(
            make_storage(settings.redis_url, timeout=settings.redis_timeout),
            retry_seconds=settings.redis_retry_seconds,
            per_account=settings.signin_limit_account,
            per_address=settings.signin_limit_address,
        ),
        reset_throttle=SigninThrottle(
            make_storage(settings.redis_url, timeout=settings.redis_timeout),
            retry_seconds=settings.redis_retry_seconds,
            per_account=settings.password_reset_limit_account,
            per_address=settings.password_reset_limit_address,
            purpose="reset",
        ),
    )
    install_error_handlers(app)
    include_routers(app)
    install_openapi(app)
    # Added innermost first. Outermost: forwarded headers (trusted proxies only) -> request id ->
    # access log -> metrics -> CORS -> gzip -> edge (path, Accept, body pace) -> rate limit ->
    # dialects (authentication before the body, body cap, method override, query and body merge)
    # -> conditional GET. The limiter comes
    # before the body so a caller refused unread still spends its budget.
    app.add_middleware(ConditionalGetMiddleware)
    # Idempotency-Key sits between dialects and conditional GET: it needs the authenticated
    # caller and the final method, path and body.
    app.add_middleware(
        IdempotencyMiddleware,
        database=db,
        # An upload's multipart body is its file plus a little framing.
        max_body_bytes=max(settings.max_body_bytes, settings.max_upload_bytes + 1024 * 1024),
    )
    app.add_middleware(
        RequestDialectMiddleware,
        max_body_bytes=settings.max_body_bytes,
        gate=body_gate,
    )
    app.add_middleware(
        RateLimitMiddleware,
        limits=parse_limits(settings.rate_limit),
        storage=make_storage(settings.redis_url, timeout=settings.redis_timeout),
        session_cookie=sessions.COOKIE,
        routes=route_limits(settings),
        store_retry_seconds=settings.redis_retry_seconds,
    )
    app.add_middleware(RequestEdgeMiddleware, body_timeout=settings.body_timeout)
    app.add_middleware(GzipMiddleware, minimum_size=settings.gzip_minimum_bytes)
    if settings.cors_origin_list:
        install_cors(app, settings.cors_origin_list)
    app.add_middleware(MetricsMiddleware, pool=db.engine.pool)
    app.add_middleware(AccessLogMiddleware)
    app.add_middleware(RequestIdMiddleware)
    if settings.forwarded_allow_ips.strip():
        # Outermost, the same for uvicorn and granian: the client address (rate limits, failed
        # authentications, access log) and scheme (secure cookies) come from X-Forwarded-For and
        # X-Forwarded-Proto only when the peer is one of these proxies (docs/deploy.md).
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.forwarded_allow_ips)
    return app
