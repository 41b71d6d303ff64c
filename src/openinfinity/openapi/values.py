"""Value shapes per attribute type, so a client sees `boolean` for a checkbox and a list of label ids
for a label instead of "any JSON".

A value does not carry its type on the wire (its attribute does), so value `data` is documented as
`ValueData`: any one of the per-type shapes below, each named and described by the type it belongs
to. Attributes do carry `type`, and are documented as a union discriminated by it: each variant says
what its `default_data` holds. Types added to the registry later appear as variants on their own.
Each type declares its shape on its class (`value_shape`; the examples are the hosted API
reference's own, "Attribute Types" table); a type without one is documented as any JSON.
"""

from __future__ import annotations

import copy
from typing import Any

from openinfinity.schema.attributes.types import registry


def data_schema_name(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("_")) + "Data"


def value_shape(kind: str) -> tuple[dict[str, Any], Any, str]:
    """The type's own shape (`value_shape` on its class), else any JSON."""
    attribute_type = registry.get(kind)
    own = attribute_type.value_shape if attribute_type is not None else None
    return own or ({}, None, "Any JSON")


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
