"""The hosted API's own example responses (copied from its reference into reference_examples.json)
parse into the client's models: the client reads the hosted API, not only openinfinity."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from infinity_client import models

EXAMPLES = json.loads((Path(__file__).parent / "reference_examples.json").read_text())
MODELS: list[tuple[str, type[BaseModel]]] = [
    (r"/attachments/(file|url)$", models.Attachment),
    (r"/attributes(/\{[a-z_]+\})?$", models.Attribute),
    (r"/items/\{item_id\}/comments(/\{comment_id\})?$", models.Comment),
    (r"/folders(/\{folder_id\})?$", models.Folder),
    (r"/hooks(/\{[a-z_]+\})?$", models.Hook),
    (r"/items(/\{item_id\})?$", models.Item),
    (r"/members(/invite|/\{user\})?$|/users$", models.Member),
    (r"/profile$", models.Profile),
    (r"/references(/\{reference_id\})?$", models.Reference),
    (r"/views(/\{view_id\})?$", models.View),
    (r"/boards(/\{board\})?$", models.Board),
    (r"/workspaces$", models.Workspace),
]


def model_for(path: str) -> type[BaseModel]:
    return next(model for pattern, model in MODELS if re.search(pattern, path))


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e['method']} {e['path']}" for e in EXAMPLES])
def test_the_references_example_response_parses(example: dict[str, Any]) -> None:
    body = example["body"]
    if example["method"] == "DELETE" and set(body) == {"id", "object", "deleted"}:
        assert models.Deleted.model_validate(body).deleted
        return
    model = model_for(example["path"])
    if "data" in body and "has_more" in body:
        page = models.Page[model].model_validate(body)  # type: ignore[valid-type]
        assert len(page.data) == len(body["data"])
        parsed = page.data
    else:
        parsed = [model.model_validate(body)]
    for entry, raw in zip(parsed, body.get("data", [body]), strict=True):
        assert getattr(entry, "id", None) == raw.get("id")


def test_values_of_the_reference_item_read_by_attribute_name() -> None:
    get_item = next(e for e in EXAMPLES if e["method"] == "GET" and e["path"].endswith("/items/{item_id}"))
    item = models.Item.model_validate(get_item["body"])
    assert item.values and all(v.attribute is not None for v in item.values)
    notes = item.values.text("Notes")
    assert notes is not None and notes.startswith("The Park")
