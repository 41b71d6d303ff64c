"""Write the API reference page of the documentation site from the server's OpenAPI document.

    .venv/bin/python scripts/api_reference.py docs/reference.md      (what `make docs` runs)

One section per tag in the document's order, one entry per operation: method and path, summary,
operation id, the credentials and scope it needs, parameters, request body with its example, and
the responses with theirs. Then the schemas, property by property. Generated, never edited: the
page is rebuilt on every `make docs` (and is not committed).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from openinfinity.app import create_app
from openinfinity.core.config import Settings

METHODS = ("get", "post", "put", "patch", "delete")


def build_document() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp}/unused.db"))
        document: dict[str, Any] = app.openapi()
    return document


def anchor(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def type_of(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return f"[{name}](#{anchor(name)})"
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " or ".join(type_of(option) for option in schema[key])
    kind = schema.get("type")
    if kind == "array":
        return f"array of {type_of(schema.get('items', {}))}"
    if isinstance(kind, list):
        return " or ".join(kind)
    if "const" in schema:
        return f"`{json.dumps(schema['const'])}`"
    if "enum" in schema:
        return " \\| ".join(f"`{json.dumps(v)}`" for v in schema["enum"])
    return str(kind or "any")


def cell(text: Any) -> str:
    return str(text or "").replace("\n", " ").replace("|", "\\|")


def example_block(example: Any) -> list[str]:
    return ["```json", json.dumps(example, indent=2, ensure_ascii=False)[:4000], "```", ""]


def scope_line(operation: dict[str, Any]) -> str:
    security = operation.get("security")
    if not security:
        return "No credentials needed."
    scopes = next((option["oauth2"] for option in security if "oauth2" in option), [])
    scope = f" with the `{scopes[0]}` scope" if scopes else ""
    return f"A token (bearer, `x-api-token` or OAuth2){scope}."


def operation_section(method: str, path: str, operation: dict[str, Any]) -> list[str]:
    lines = [f"### {operation.get('summary', operation['operationId'])}", ""]
    lines += [f"`{method.upper()} {path}` · operation id `{operation['operationId']}`", ""]
    if operation.get("description"):
        lines += [operation["description"].strip(), ""]
    lines += [scope_line(operation), ""]
    parameters = operation.get("parameters", [])
    if parameters:
        lines += ["| parameter | in | type | required | description |", "|---|---|---|---|---|"]
        for p in parameters:
            schema = p.get("schema", {})
            required = "yes" if p.get("required") else ""
            lines.append(
                f"| `{p['name']}` | {p['in']} | {cell(type_of(schema))} | {required} "
                f"| {cell(p.get('description') or schema.get('description'))} |"
            )
        lines.append("")
    body = operation.get("requestBody", {}).get("content", {})
    for media, content in body.items():
        lines += [f"**Request body** ({media}): {type_of(content.get('schema', {}))}", ""]
        if "example" in content:
            lines += example_block(content["example"])
    lines += ["| status | meaning | body |", "|---|---|---|"]
    examples: list[tuple[str, Any]] = []
    for status, response in operation.get("responses", {}).items():
        content = response.get("content", {}).get("application/json", {})
        lines.append(
            f"| {status} | {cell(response.get('description'))} | {cell(type_of(content.get('schema', {})))} |"
        )
        if "example" in content:
            examples.append((status, content["example"]))
    lines.append("")
    for status, example in examples:
        lines += [f"Example response ({status}):", ""] + example_block(example)
    return lines


def schema_section(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"### {name}", ""]
    if schema.get("description"):
        lines += [schema["description"].strip(), ""]
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    if properties:
        lines += ["| property | type | required | description |", "|---|---|---|---|"]
        for key, value in properties.items():
            lines.append(
                f"| `{key}` | {cell(type_of(value))} | {'yes' if key in required else ''} "
                f"| {cell(value.get('description'))} |"
            )
        lines.append("")
    elif "properties" not in schema:
        lines += [f"Type: {type_of(schema)}", ""]
    if schema.get("examples"):
        lines += ["Example:", ""] + example_block(schema["examples"][0])
    return lines


def render(document: dict[str, Any]) -> str:
    lines = [
        "# API reference",
        "",
        f"Generated from the server's OpenAPI document (version {document['info']['version']}). "
        "Every path starts at your server's address; the hosted Infinity API answers the same paths "
        "at `https://app.startinfinity.com`. Try each call in your browser at `/docs` on your server.",
        "",
    ]
    by_tag: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for path, item in document["paths"].items():
        for method in METHODS:
            if method in item:
                tag = (item[method].get("tags") or ["Other"])[0]
                by_tag.setdefault(tag, []).append((method, path, item[method]))
    order = [tag["name"] for tag in document.get("tags", [])]
    for tag in order + sorted(set(by_tag) - set(order)):
        if tag not in by_tag:
            continue
        lines += [f"## {tag}", ""]
        description = next((t.get("description") for t in document.get("tags", []) if t["name"] == tag), None)
        if description:
            lines += [description, ""]
        for method, path, operation in by_tag[tag]:
            lines += operation_section(method, path, operation)
    lines += ["## Schemas", ""]
    for name, schema in sorted(document["components"]["schemas"].items()):
        lines += schema_section(name, schema)
    return "\n".join(lines) + "\n"


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/reference.md")
    target.write_text(render(build_document()))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
