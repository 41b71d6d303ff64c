"""The OpenAPI document, completed for people and client generators, and the pages that show it.

FastAPI builds the document from the routes; `install_openapi` then, in one pass:
- names every operation (`ids.py`: `listItems`, `createItem`, derived from the function names),
- documents the error envelope on every /api operation (core/openapi.py),
- adds the security schemes and each operation's credentials and scope (`security.py`),
- types value data per attribute type (`values.py`),
- documents the `{"total": N}` answer of the lists that take `return=total` (`totals.py`),
- adds the hosted reference's examples and fills missing summaries (`examples.py`),
- orders the tags as the reference does (`tags.py`) and declares the servers.
The interactive pages (`/docs`, `/redoc`) are in `ui.py`.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from openinfinity.core.openapi import document_errors
from openinfinity.openapi.examples import apply_examples, borrow_put_examples
from openinfinity.openapi.ids import generate_operation_id, operation_id_for
from openinfinity.openapi.routes_table import api_routes
from openinfinity.openapi.security import requirement, security_schemes
from openinfinity.openapi.tags import ordered_tags
from openinfinity.openapi.totals import document_totals
from openinfinity.openapi.values import document_values

__all__ = ["generate_operation_id", "install_openapi"]

SERVERS = [
    {"url": "/", "description": "This openinfinity server"},
    {"url": "https://app.startinfinity.com", "description": "The hosted Infinity API"},
]
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def complete(app: FastAPI, schema: dict[str, Any]) -> dict[str, Any]:
    """Everything FastAPI leaves out (see the module docstring), added to `schema` in place."""
    paths: dict[str, dict[str, Any]] = schema.get("paths", {})
    for route in api_routes(app):
        operations = paths.get(route.path_format, {})
        for method in route.methods:
            operation = operations.get(method.lower())
            if operation is None:
                continue
            # Also ids a route set by hand (`operation_id=`) follow the one rule.
            operation["operationId"] = operation_id_for(route.name, method, route.path_format)
            needed = requirement(route.dependant, method)
            if needed is not None:
                operation["security"] = needed
    document_errors(schema)
    document_values(schema)
    document_totals(schema)
    used_tags: set[str] = set()
    for path, operations in paths.items():
        for method, operation in operations.items():
            if method in HTTP_METHODS:
                apply_examples(method, path, operation)
                used_tags.update(operation.get("tags", []))
    for operations in paths.values():
        borrow_put_examples(operations)
        put, patch = operations.get("put"), operations.get("patch")
        if put and patch and put.get("summary") == patch.get("summary"):
            patch["summary"] = f"{patch['summary']} (only the fields sent)"
    schema["servers"] = SERVERS
    schema["tags"] = ordered_tags(used_tags)
    schema.setdefault("components", {})["securitySchemes"] = security_schemes()
    return schema


def install_openapi(app: FastAPI) -> None:
    generate = app.openapi  # FastAPI's own generator (caches in app.openapi_schema)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete(app, generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
