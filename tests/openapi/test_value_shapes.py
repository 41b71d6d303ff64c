"""The typed value shapes hold for what the server really answers: an attribute of every type, and
an item with a value of every writable type (read back with its values and their attributes),
validate against the document's `AttributeRead` union and `ItemRead`, and a value of the wrong
shape for its type fails that validation (so the schema says something)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from openinfinity.schema.attributes.types import registry
from tests.factories import Account

DOCUMENT_URI = "urn:openinfinity:openapi"


def validator(document: dict[str, Any], name: str) -> Draft202012Validator:
    store = Registry().with_resource(DOCUMENT_URI, DRAFT202012.create_resource(document))
    schema = {"$ref": f"{DOCUMENT_URI}#/components/schemas/{name}"}
    return Draft202012Validator(schema, registry=store)


async def test_every_type_answers_in_its_documented_shape(client: httpx.AsyncClient, owner: Account) -> None:
    document = (await client.get("/openapi.json")).json()
    http = {"headers": owner.headers}
    me = owner.user_id
    board = (await client.post(owner.ws("/boards"), json={"name": "Shapes"}, **http)).json()
    base = owner.ws(f"/boards/{board['id']}")
    upload = await client.post(
        owner.ws("/attachments/file"), files={"file": ("a.txt", b"hello", "text/plain")}, **http
    )
    assert upload.status_code == 201, upload.text
    data: dict[str, Any] = {
        "text": "some Text",
        "longtext": "<p>Some Text</p>",
        "checkbox": True,
        "number": 3.3198,
        "progress": 41,
        "rating": 3,
        "email": "hello@startinfinity.com",
        "phone": "+1 206 555 0100",
        "date": "2023-05-25",
        "members": [me],
        "vote": [me],
        "links": [{"url": "https://startinfinity.com/", "name": "Infinity"}],
        "checklist": [{"name": "One", "done": True}],
        "attachments": [{"id": upload.json()["id"]}],
    }
    attributes = validator(document, "AttributeRead")
    values = []
    for kind in registry.kinds():
        settings = {"labels": [{"name": "Done"}]} if kind == "label" else {}
        created = await client.post(
            f"{base}/attributes", json={"name": kind, "type": kind, "settings": settings}, **http
        )
        assert created.status_code in (200, 201), created.text
        attributes.validate(created.json())
        if kind == "label":
            data["label"] = [created.json()["settings"]["labels"][0]["id"]]
        if kind in data:
            values.append({"attribute_id": created.json()["id"], "data": data[kind]})
    assert len(values) == 15
    listed = (await client.get(f"{base}/attributes", params={"limit": 100}, **http)).json()
    validator(document, "AttributeReadPage").validate(listed)

    folder = (await client.post(f"{base}/folders", json={"name": "All"}, **http)).json()
    item = await client.post(f"{base}/items", json={"folder_id": folder["id"], "values": values}, **http)
    assert item.status_code == 201, item.text
    read = await client.get(
        f"{base}/items/{item.json()['id']}", params={"expand[]": ["values", "values.attribute"]}, **http
    )
    items = validator(document, "ItemRead")
    items.validate(read.json())
    assert len(read.json()["values"]) >= 15  # and the computed ones (created_at, ...)

    wrong = read.json()
    wrong["values"][0]["data"] = {"not": "a value of any type"}
    with pytest.raises(ValidationError):
        items.validate(wrong)
    checkbox = next(a for a in listed["data"] if a["type"] == "checkbox")
    with pytest.raises(ValidationError):
        attributes.validate({**checkbox, "default_data": "yes"})
