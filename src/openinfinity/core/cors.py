"""Opt-in CORS (`OPENINFINITY_CORS_ORIGINS`): browser apps on other origins may call the API with a
token. Credentials (the session cookie) are never allowed cross-origin: the web app is same-origin,
and a cookie sent from another site is what CSRF protection exists to refuse."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

ALLOW_HEADERS = [
    "Authorization",
    "Content-Type",
    "x-api-token",
    "X-HTTP-METHOD-OVERRIDE",
    "X-Request-Id",
    "If-None-Match",
    "If-Modified-Since",
    "Last-Event-ID",
    "Idempotency-Key",
]
EXPOSE_HEADERS = [
    "X-Request-Id",
    "ETag",
    "Last-Modified",
    "Retry-After",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "Location",
    "Idempotent-Replayed",
]


def install_cors(app: FastAPI, origins: list[str]) -> None:
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=ALLOW_HEADERS,
        expose_headers=EXPOSE_HEADERS,
        allow_credentials=False,
        max_age=600,
    )
