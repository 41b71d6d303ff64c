"""Value shapes per attribute type, so a client sees `boolean` for a checkbox and a list of label ids
for a label instead of "any JSON".

A value does not carry its type on the wire (its attribute does), so value `data` is documented as
`ValueData`: any one of the per-type shapes below, each named and described by the type it belongs
to. Attributes do carry `type`, and are documented as a union discriminated by it: each variant says
what its `default_data` holds. Types added to the registry later appear as variants on their own.
A type declares its shape on its class (`value_shape`); the table below holds the older types'. A
type with neither is documented as any JSON.

The examples are the hosted API reference's own ("Attribute Types" table).
"""

from __future__ import annotations

import copy
from typing import Any

from openinfinity.attributes.types import registry

_ID = {"type": "string", "description": "An id (UUID or short id)"}
_USER_IDS = {"type": "array", "items": {"type": "integer"}, "description": "User ids"}
_TIME = {"type": "string", "description": "ISO 8601 date-time in UTC, e.g. 2023-05-25T10:00:00.000000Z"}

# kind -> (JSON schema of its data, example, one line of description)
SHAPES: dict[str, tuple[dict[str, Any], Any, str]] = {
    "text": ({"type": "string"}, "some Text", "Plain text"),
    "longtext": ({"type": "string"}, "<p>Some Text</p>", "Rich text (sanitised HTML)"),
    "checkbox": ({"type": "boolean"}, True, "Checked or not"),
    "number": ({"type": "number"}, 3.3198, "A number (within settings.min..max when set)"),
    "progress": ({"type": "number"}, 41, "A number within the attribute's min..max"),
    "rating": ({"type": "number"}, 3, "A number within the attribute's min..max"),
    "email": ({"type": "string"}, "hello@startinfinity.com", "A valid e-mail address"),
    "phone": ({"type": "string"}, "+1 206 555 0100", "A phone number: digits, spaces, + ( ) -"),
    "date": ({"type": "string"}, "2023-05-25", "ISO 8601 date, or date-time (stored in UTC)"),
    "label": (
        {"type": "array", "items": copy.deepcopy(_ID)},
        ["3f68e105-d878-40d9-8e51-5919d92ab89d", "6bc19250-f233-4a6d-9ef7-620192b4147c"],
        "Label ids, defined in the attribute's settings",
    ),
    "members": (copy.deepcopy(_USER_IDS), [1975], "Ids of workspace members"),
    "vote": (copy.deepcopy(_USER_IDS), [1975], "Ids of the users who voted"),
    "links": (
        {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["url"],
                "properties": {
                    "id": {"type": "string"},
                    "url": {"type": "string"},
                    "name": {"type": ["string", "null"]},
                    "favicon": {"type": ["string", "null"]},
                },
            },
        },
        [
            {
                "id": "d72e0591-25f1-4003-b5ba-874fa4424ce2",
                "url": "https://startinfinity.com/",
                "name": "Infinity | Customizable Work Management Platform",
                "favicon": "https://startinfinity.com/favicon/android-icon-192x192.png?v=2",
            }
        ],
        "Links with an optional name and favicon",
    ),
    "checklist": (
        {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "done": {"type": "boolean"},
                },
            },
        },
        [
            {"id": "71559530-e671-4043-a6e5-dc017b8a1771", "name": "One", "done": True},
            {"id": "3c23caad-390b-41d3-ae18-607bb03f7168", "name": "Two", "done": False},
        ],
        "Checklist entries",
    ),
    "attachments": (
        {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": ["integer", "string"]}},
            },
        },
        [{"id": 86255}],
        "Uploaded attachments: write their ids, read them back with fresh signed links",
    ),
    "reference": (
        {"type": "array", "items": {}},
        [],
        "Read-only here: references are made through the References endpoints",
    ),
    "created_at": (
        copy.deepcopy(_TIME),
        "2023-05-25T10:00:00.000000Z",
        "When the item was created (read-only)",
    ),
    "updated_at": (
        copy.deepcopy(_TIME),
        "2023-05-25T10:00:00.000000Z",
        "When the item last changed (read-only)",
    ),
    "created_by": ({"type": "integer"}, 1975, "The user who created the item (read-only)"),
    "source_folder": ({"type": "string"}, "PxhWpuzzyRz", "The item's folder (read-only)"),
}


def data_schema_name(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("_")) + "Data"


def value_shape(kind: str) -> tuple[dict[str, Any], Any, str]:
    """The type's own shape (`value_shape` on its class), else this module's table, else any JSON."""
    attribute_type = registry.get(kind)
    own = attribute_type.value_shape if attribute_type is not None else None
    return own or SHAPES.get(kind, ({}, None, "Any JSON"))


def _data_schema(kind: str) -> dict[str, Any]:
    shape, example, description = value_shape(kind)
    schema = copy.deepcopy(shape)
    schema.update({"title": data_schema_name(kind), "description": f"`{kind}`: {description}"})
    if example is not None:
        schema["examples"] = [example]
    return schema


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _attribute_variant(base: dict[str, Any], kind: str) -> dict[str, Any]:
    variant = copy.deepcopy(base)
    name = data_schema_name(kind).removesuffix("Data") + "AttributeRead"
    variant["title"] = name
    properties = variant.setdefault("properties", {})
    properties["type"] = {"type": "string", "const": kind}
    properties["default_data"] = {"anyOf": [_ref(data_schema_name(kind)), {"type": "null"}]}
    return variant


def _retype_data(node: Any) -> None:
    """Point every `data` of a value shape (ValueRead, ValueWrite) at ValueData."""
    if isinstance(node, dict):
        properties = node.get("properties")
        if isinstance(properties, dict) and "attribute_id" in properties and "data" in properties:
            properties["data"] = {**_ref("ValueData"), "description": "Shaped by the attribute's type"}
        for child in node.values():
            _retype_data(child)
    elif isinstance(node, list):
        for child in node:
            _retype_data(child)


def document_values(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    kinds = registry.kinds()
    for kind in kinds:
        components[data_schema_name(kind)] = _data_schema(kind)
    components["ValueData"] = {
        "title": "ValueData",
        "description": "A value's data: its shape depends on the type of the value's attribute.",
        "anyOf": [_ref(data_schema_name(kind)) for kind in kinds] + [{"type": "null"}],
    }
    for name in ("ValueRead", "ValueWrite"):
        if name in components:
            _retype_data(components[name])
    base = components.get("AttributeRead")
    if base is not None and "oneOf" not in base:
        mapping = {}
        for kind in kinds:
            variant = _attribute_variant(base, kind)
            components[variant["title"]] = variant
            mapping[kind] = f"#/components/schemas/{variant['title']}"
        components["AttributeRead"] = {
            "title": "AttributeRead",
            "description": "An attribute: `type` decides the shape of `default_data` and of its values.",
            "oneOf": [{"$ref": ref} for ref in mapping.values()],
            "discriminator": {"propertyName": "type", "mapping": mapping},
        }
    return schema
