"""The OpenAPI document as client generators and people read it: valid, every operation named by
one rule, summarised, secured with its scope, value shapes typed per attribute type, the
reference's examples, servers and tags in the reference's order."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from openapi_spec_validator import validate

from openinfinity.openapi.ids import ID_PATTERN, operation_id_for
from openinfinity.openapi.values import data_schema_name
from openinfinity.schema.attributes.types import registry
from tests.openapi.conftest import operations

# First words an operation id may start with. A new route whose name starts otherwise fails here:
# name it verb_noun, or add the verb if it is one.
VERBS = {
    "list", "get", "create", "update", "patch", "replace", "delete", "remove", "add", "invite",
    "change", "revoke", "redeliver", "test", "request", "sign", "download", "upload", "move",
    "copy", "duplicate", "restore", "archive", "search", "export", "import", "reorder", "reindex",
    "batch", "stream", "send", "set", "clear", "accept", "resend", "rotate", "register", "count",
    "convert", "check", "merge", "undo", "subscribe", "unsubscribe", "start", "stop", "run",
    "upsert",
}  # fmt: skip


def test_the_document_validates(document: dict[str, Any]) -> None:
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_operation_ids_are_unique_short_and_verb_noun(document: dict[str, Any]) -> None:
    ids = [operation["operationId"] for _, _, operation in operations(document)]
    assert len(ids) > 80
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    bad = [i for i in ids if not ID_PATTERN.match(i) or len(i) > 40]
    assert bad == []
    assert sorted({i for i in ids if _verb(i) not in VERBS}) == []
    for expected in ("listItems", "createItem", "getItem", "updateItem", "patchItem", "deleteItem",
                     "listBoards", "createBoard", "listAttributes", "createAttachmentFromFile",
                     "inviteMember", "getProfile", "listAdminUsers", "listTokens"):  # fmt: skip
        assert expected in ids, expected


def test_published_operation_ids_stay(document: dict[str, Any]) -> None:
    """Renaming a route function would rename its id and break generated clients: an id, once
    listed in published_operation_ids.txt, must stay (new operations add theirs)."""
    listed = Path(__file__).with_name("published_operation_ids.txt").read_text().splitlines()
    published = {line for line in listed if line and not line.startswith("#")}
    ids = {operation["operationId"] for _, _, operation in operations(document)}
    assert sorted(published - ids) == []


def _verb(operation_id: str) -> str:
    head = ""
    for char in operation_id:
        if char.isupper():
            break
        head += char
    return head


def test_new_routes_are_named_without_an_edit() -> None:
    """The rule works for any verb_noun function: what a colleague's next route will get."""
    assert operation_id_for("create_time_entry", "POST", "/api/v2/x") == "createTimeEntry"
    assert operation_id_for("list_item_history", "GET", "/api/v2/x") == "listItemHistory"
    assert operation_id_for("update_time_entry", "PATCH", "/api/v2/x") == "patchTimeEntry"
    assert operation_id_for("list_sessions", "GET", "/api/v2/admin/sessions") == "listAdminSessions"


def test_every_operation_has_a_summary_and_api_ones_their_credentials(document: dict[str, Any]) -> None:
    for method, path, operation in operations(document):
        assert operation.get("summary"), (method, path)
        public = path.startswith(("/health", "/oauth", "/.well-known", "/api/v2/attachments/"))
        if path.startswith("/api/") and not public:
            schemes = {name for option in operation["security"] for name in option}
            assert schemes == {"bearerAuth", "apiToken", "oauth2"}, (method, path)
        elif public:
            assert "security" not in operation, (method, path)
    items = document["paths"]["/api/v2/workspaces/{workspace}/boards/{board_id}/items"]
    assert {"oauth2": ["read"]} in items["get"]["security"]
    assert {"oauth2": ["write"]} in items["post"]["security"]
    hooks = document["paths"]["/api/v2/workspaces/{workspace}/boards/{board_id}/hooks"]
    assert {"oauth2": ["hooks"]} in hooks["get"]["security"]


def test_security_schemes_servers_and_tags(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    assert (schemes["apiToken"]["in"], schemes["apiToken"]["name"]) == ("header", "x-api-token")
    flow = schemes["oauth2"]["flows"]["authorizationCode"]
    assert set(flow["scopes"]) == {"read", "write", "members", "hooks", "admin"}
    assert flow["tokenUrl"] == "/oauth/token"
    assert document["servers"][0]["url"] == "/"
    tags = [tag["name"] for tag in document["tags"]]
    reference_order = ["Attachments", "Attributes", "Boards", "Comments", "Folders", "Hooks", "Items",
                       "Members", "Profile", "References", "Views", "Workspaces"]  # fmt: skip
    assert [t for t in tags if t in reference_order] == reference_order


def test_value_shapes_are_typed_per_attribute_type(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    kinds = registry.kinds()
    assert len(kinds) >= 20
    assert schemas["CheckboxData"]["type"] == "boolean"
    assert schemas["LabelData"]["items"]["type"] == "string"
    assert schemas["MembersData"]["items"]["type"] == "integer"
    assert len(schemas["ValueData"]["anyOf"]) == len(kinds) + 1
    assert schemas["ValueRead"]["properties"]["data"]["$ref"] == "#/components/schemas/ValueData"
    assert schemas["ValueWrite"]["properties"]["data"]["$ref"] == "#/components/schemas/ValueData"
    attribute = schemas["AttributeRead"]
    assert attribute["discriminator"]["propertyName"] == "type"
    assert set(attribute["discriminator"]["mapping"]) == set(kinds)
    number = schemas["NumberAttributeRead"]["properties"]
    assert number["type"]["const"] == "number"
    assert {"$ref": "#/components/schemas/NumberData"} in number["default_data"]["anyOf"]
    untyped = [kind for kind in kinds if "type" not in schemas[data_schema_name(kind)]]
    assert untyped == []


def test_the_reference_examples_are_attached(document: dict[str, Any]) -> None:
    items = document["paths"]["/api/v2/workspaces/{workspace}/boards/{board_id}/items"]["post"]
    request = items["requestBody"]["content"]["application/json"]["example"]
    assert request["values"][0]["attribute_id"]
    response = items["responses"]["201"]["content"]["application/json"]["example"]
    assert response["object"] == "item"
    with_examples = [
        operation
        for _, _, operation in operations(document)
        if any("example" in c for r in operation["responses"].values() for c in r.get("content", {}).values())
    ]
    assert len(with_examples) >= 40
    without = [
        operation["operationId"]
        for _, _, operation in operations(document)
        if "example"
        not in operation.get("requestBody", {}).get("content", {}).get("application/json", {"example": 1})
    ]
    assert without == []


def test_lists_document_their_total_answer(document: dict[str, Any]) -> None:
    """`return=total` answers `{"total": N}`: every list that takes it documents both shapes."""
    lists = [
        (path, operation)
        for method, path, operation in operations(document)
        if method == "get" and any(p["name"] == "return" for p in operation.get("parameters", []))
    ]
    assert len(lists) > 20
    for path, operation in lists:
        shapes = operation["responses"]["200"]["content"]["application/json"]["schema"]["anyOf"]
        assert {"$ref": "#/components/schemas/ListTotal"} in shapes, path
        assert len(shapes) == 2, path
    total = document["components"]["schemas"]["ListTotal"]
    assert total["required"] == ["total"] and total["additionalProperties"] is False
    history = document["paths"]["/api/v2/workspaces/{workspace}/boards/{board_id}/items/{item_id}/history"]
    assert "ListTotal" in str(history["get"]["responses"]["200"])
