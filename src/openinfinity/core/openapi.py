"""The OpenAPI description, completed with the errors every API operation can answer.

FastAPI documents only the success response and its own 422 shape (`{"detail": [...]}`), but our
errors all share one envelope (`ErrorRead`) and come from layers the route does not see: the token
check (401), scopes and roles (403), the workspace/board resolvers (404), the body cap (413), the
rate limit (429), malformed JSON (400). Documenting them once here keeps the schema honest, so a
client generated from it (or a schema fuzzer) can rely on every status and body it receives.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from openinfinity.core.schemas import ErrorRead

ERROR_REF = {"$ref": "#/components/schemas/ErrorRead"}
ERROR_STATUSES: dict[str, str] = {
    "400": "Malformed request (e.g. a body that is not valid JSON)",
    "401": "Missing, unknown, expired or revoked token (or browser session)",
    "403": (
        "The token's scope or the caller's role does not allow this; with the browser session, "
        "a write without X-CSRF-Token or a cross-site request"
    ),
    "404": "Not found, or not visible to the caller",
    "406": "The Accept header excludes JSON",
    "409": "Conflicts with the current state",
    "413": "Body larger than OPENINFINITY_MAX_BODY_BYTES",
    "422": "Validation failed (`errors` and `invalidFields` name the fields)",
    "429": "Rate limit exceeded (see Retry-After)",
    "500": "Unexpected failure (logged with the request id)",
}
# Paths answering in our error envelope; /oauth follows RFC 6749's `{error, error_description}`.
ENVELOPE_PREFIXES = ("/api/",)
OAUTH_PREFIX = "/oauth/"
OAUTH_ERROR_SCHEMA: dict[str, Any] = {
    "title": "OAuthErrorRead",
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string"}, "error_description": {"type": "string"}},
}
OAUTH_ERROR_STATUSES = {
    "400": "invalid_request, invalid_grant, unsupported_grant_type ... (RFC 6749 section 5.2)",
    "401": "invalid_client: the client could not be authenticated",
}


WRITE_METHODS = ("post", "put", "patch", "delete")
IDEMPOTENCY_KEY_PARAMETER: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "description": (
        "Makes a retry safe: a repeat of this request (same user, method, path, query and body) "
        "within 24 hours returns the first response with `Idempotent-Replayed: true` instead of "
        "running again. The same key for another request: 422 `general/idempotency-key-reused`; "
        "while the first still runs: 409 `general/idempotency-key-in-use`; a key longer than 255 "
        "characters: 400 `general/idempotency-key-invalid`. See docs/api-extensions.md."
    ),
}


def _error_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Give every /api operation the error responses it can produce, all as `ErrorRead`."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorRead"] = ErrorRead.model_json_schema(ref_template="#/components/schemas/{model}")
    components["OAuthErrorRead"] = OAUTH_ERROR_SCHEMA
    oauth_ref = {"$ref": "#/components/schemas/OAuthErrorRead"}
    for path, operations in schema.get("paths", {}).items():
        if path.startswith(OAUTH_PREFIX):
            for operation in operations.values():
                for status, description in OAUTH_ERROR_STATUSES.items():
                    operation.setdefault("responses", {})[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": oauth_ref}},
                    }
        if not path.startswith(ENVELOPE_PREFIXES):
            continue
        for method, operation in operations.items():
            if method in WRITE_METHODS:
                operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY_PARAMETER)
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                responses[status] = _error_response(description)
    # FastAPI's `{"detail": [...]}` validation shapes are never sent; drop them if nothing uses them.
    text = repr(schema["paths"])
    for name in ("HTTPValidationError", "ValidationError"):
        if f"/{name}'" not in text:
            components.pop(name, None)
    return schema


def install_openapi(app: FastAPI) -> None:
    generate = app.openapi  # FastAPI's own generator (caches in app.openapi_schema)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
