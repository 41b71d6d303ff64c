"""One place that turns exceptions into the error envelope."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from openinfinity.core.accesslog import loggable_path
from openinfinity.core.db import is_query_timeout
from openinfinity.core.errors import (
    ApiError,
    MalformedRequest,
    MethodNotAllowed,
    NotFound,
    QueryTimeout,
    ServerError,
    ValidationFailed,
    humanize,
)
from openinfinity.core.methods import allowed_methods
from openinfinity.core.responses import ApiJSONResponse

log = logging.getLogger(__name__)

_LOCATIONS = {"body", "query", "path", "header", "cookie"}

# pydantic error type -> Laravel-style predicate; "{ctx}" keys come from the error's ctx.
_PREDICATES: dict[str, str] = {
    "string_type": "must be a string.",
    "int_type": "must be an integer.",
    "int_parsing": "must be an integer.",
    "int_from_float": "must be an integer.",
    "float_type": "must be a number.",
    "float_parsing": "must be a number.",
    "decimal_parsing": "must be a number.",
    "finite_number": "must be a number.",
    "bool_type": "must be true or false.",
    "bool_parsing": "must be true or false.",
    "list_type": "must be an array.",
    "tuple_type": "must be an array.",
    "set_type": "must be an array.",
    "dict_type": "must be an object.",
    "model_type": "must be an object.",
    "model_attributes_type": "must be an object.",
    "string_too_long": "must not be greater than {max_length} characters.",
    "string_too_short": "must be at least {min_length} characters.",
    "too_long": "must not have more than {max_length} items.",
    "too_short": "must have at least {min_length} items.",
    "greater_than_equal": "must be at least {ge}.",
    "greater_than": "must be greater than {gt}.",
    "less_than_equal": "must not be greater than {le}.",
    "less_than": "must be less than {lt}.",
    "string_pattern_mismatch": "format is invalid.",
    "datetime_parsing": "must be a valid date.",
    "datetime_type": "must be a valid date.",
    "date_parsing": "must be a valid date.",
    "uuid_parsing": "must be a valid UUID.",
    "value_error": "{error}",
    "assertion_error": "{error}",
}


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in _LOCATIONS]
    return ".".join(parts) or "body"


def _message(field: str, err: dict[str, Any]) -> str:
    kind = err.get("type", "")
    name = humanize(field)
    if kind == "missing":
        return f"The {name} field is required."
    if kind in ("literal_error", "enum"):
        return f"The selected {name} is invalid."
    template = _PREDICATES.get(kind)
    if template is None:
        return f"The {name} field is invalid."
    ctx = dict(err.get("ctx") or {})
    if "error" in ctx:
        ctx["error"] = str(ctx["error"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    try:
        predicate = template.format(**ctx)
    except (KeyError, IndexError):
        predicate = "is invalid."
    return f"The {name} field {predicate}"


def validation_from_pydantic(errors: list[dict[str, Any]]) -> ApiError:
    """Translate FastAPI/pydantic errors; undecodable JSON is a malformed request (400)."""
    if any(e.get("type") in ("json_invalid", "json_type") for e in errors):
        return MalformedRequest("The request body is not valid JSON.")
    fields: dict[str, list[str]] = {}
    for err in errors:
        field = _field_name(tuple(err.get("loc", ())))
        fields.setdefault(field, []).append(_message(field, err))
    return ValidationFailed(fields, missing=all(e.get("type") == "missing" for e in errors))


def error_response(exc: ApiError, request_id: str | None = None) -> Response:
    headers = dict(exc.headers)
    if request_id:
        headers["X-Request-Id"] = request_id
    return ApiJSONResponse(exc.body(), status_code=exc.status_code, headers=headers)


def _request_id(request: Request) -> str | None:
    return getattr(request.state, "request_id", None)


def install_error_handlers(app: FastAPI) -> None:
    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(exc, _request_id(request))

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        return error_response(validation_from_pydantic(list(exc.errors())), _request_id(request))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        mapped: ApiError
        if exc.status_code == 404:
            mapped = NotFound()
        elif exc.status_code == 405:
            mapped = MethodNotAllowed()
            allow = allowed_methods(request.app.router.routes, request.scope)
            if allow:
                exc.headers = {**(exc.headers or {}), "Allow": ", ".join(allow)}
        elif exc.status_code >= 500:
            mapped = ServerError()
        else:
            mapped = MalformedRequest(str(exc.detail))
        mapped.headers.update(exc.headers or {})
        return error_response(mapped, _request_id(request))

    async def on_database_error(request: Request, exc: Exception) -> Response:
        # A statement the time budget stopped is the caller's costly query, not a crash.
        if is_query_timeout(exc):
            log.warning(
                "query stopped by the time budget",
                extra={"request_id": _request_id(request), "path": loggable_path(request.scope)},
            )
            return error_response(QueryTimeout(), _request_id(request))
        return await on_crash(request, exc)

    async def on_crash(request: Request, exc: Exception) -> Response:
        # One record: the traceback with the request's fields, the client gets the id to quote.
        request_id = _request_id(request)
        principal = getattr(request.state, "principal", None)
        fields = {
            "request_id": request_id,
            "method": request.method,
            "path": loggable_path(request.scope),
            "user_id": getattr(principal, "user_id", None),
        }
        log.exception("unhandled error: %s", type(exc).__name__, extra=fields)
        return error_response(ServerError(request_id=request_id), request_id)

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(DBAPIError, on_database_error)
    app.add_exception_handler(Exception, on_crash)
