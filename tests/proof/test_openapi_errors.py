"""The OpenAPI description documents what the server really answers: every /api operation lists
its error statuses with the `{message, code}` envelope (not FastAPI's `{"detail": [...]}`), and an
update that deletes (`deleted_at`) documents the deleted shape too."""

from __future__ import annotations

import httpx


async def test_every_api_operation_documents_the_error_envelope(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    checked = 0
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404", "413", "422", "429"):
                content = operation["responses"][status]["content"]["application/json"]["schema"]
                assert content == {"$ref": "#/components/schemas/ErrorRead"}, (method, path, status)
            checked += 1
    assert checked > 50
    error = schema["components"]["schemas"]["ErrorRead"]
    assert set(error["required"]) == {"message", "code"}
    token = schema["paths"]["/oauth/token"]["post"]["responses"]["400"]["content"]["application/json"]
    assert token["schema"] == {"$ref": "#/components/schemas/OAuthErrorRead"}


async def test_item_update_documents_the_deleted_answer(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    put = schema["paths"]["/api/v2/workspaces/{workspace}/boards/{board_id}/items/{item_id}"]["put"]
    shape = put["responses"]["200"]["content"]["application/json"]["schema"]
    refs = {option["$ref"].rsplit("/", 1)[1] for option in shape["anyOf"]}
    assert refs == {"ItemRead", "DeletedRead"}
