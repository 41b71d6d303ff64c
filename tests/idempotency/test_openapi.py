"""The OpenAPI description documents the extensions: Idempotency-Key on every write, the upsert
and batch operations, and `return=total` on the lists."""

from __future__ import annotations

import httpx

BOARD = "/api/v2/workspaces/{workspace}/boards/{board_id}"


async def test_openapi_documents_the_extensions(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    paths = schema["paths"]
    writes = [
        (path, method, operation)
        for path, operations in paths.items()
        if path.startswith("/api/")
        for method, operation in operations.items()
        if method in ("post", "put", "patch", "delete")
    ]
    assert len(writes) > 40
    for path, method, operation in writes:
        names = [p["name"] for p in operation.get("parameters", [])]
        assert names.count("Idempotency-Key") == 1, (method, path)
    assert "general/idempotency-key-reused" in str(paths[BOARD + "/items"]["post"]["parameters"])

    upsert = paths[BOARD + "/items"]["put"]
    assert upsert["operationId"] == "upsertItem"
    assert {"201", "200", "409", "422"} <= set(upsert["responses"])
    assert "match" in [p["name"] for p in upsert["parameters"]]
    batch = paths[BOARD + "/items/batch"]["post"]
    assert batch["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/BatchWrite")
    assert "BatchRead" in str(batch["responses"]["200"])
    values = paths[BOARD + "/items/batch/values"]["post"]
    assert (batch["operationId"], values["operationId"]) == ("runItemBatch", "setItemValues")
    assert "BatchValueWrite" in str(values["requestBody"])

    for path in (BOARD + "/items", BOARD + "/views/{view_id}/items", "/api/v2/workspaces"):
        names = [p["name"] for p in paths[path]["get"]["parameters"]]
        assert "return" in names, path
