"""Properties every registered attribute type has."""

from __future__ import annotations

import json
from typing import Any

import pytest

from openinfinity.schema.attributes.types import registry
from openinfinity.schema.attributes.types.base import AttributeType, InvalidValue, SortKey
from tests.attributes.types.helpers import attr, ctx, kind


def sample(name: str) -> Any:
    """The type's documented example (`value_shape`), valid under its `example_settings`."""
    shape = kind(name).value_shape
    assert shape is not None, f"{name} documents no value_shape"
    return shape[1]


def settings_of(name: str) -> dict[str, Any]:
    return dict(kind(name).example_settings)


# Writable types whose example normalises without a database (attachments are checked against
# the workspace's stored files: tests/attachments).
SAMPLED = [k for k in registry.kinds() if kind(k).writable and k != "attachments"]


def test_registry_has_the_seed_types() -> None:
    expected = {
        "text", "longtext", "checkbox", "number", "label", "members", "links", "checklist", "date",
        "email", "phone", "progress", "rating", "vote", "reference", "source_folder", "created_at",
        "created_by", "updated_at",
    }  # fmt: skip
    assert expected <= set(registry.kinds())
    assert registry.get("banana") is None


@pytest.mark.parametrize("name", registry.kinds())
def test_kind_matches_key(name: str) -> None:
    assert isinstance(kind(name), AttributeType)
    assert kind(name).kind == name


@pytest.mark.parametrize("name", registry.kinds())
async def test_empty_value_round_trips(name: str) -> None:
    t = kind(name)
    a = attr(name, **settings_of(name))
    if not t.writable:
        with pytest.raises(InvalidValue):
            await t.normalise(t.empty, a, ctx())
        return
    stored = await t.normalise(t.empty, a, ctx())
    assert stored == t.empty
    key = t.sort_key(stored, a)
    assert isinstance(key, SortKey)
    assert t.search_text(stored, a) in (None, "")


@pytest.mark.parametrize("name", registry.kinds())
async def test_garbage_is_refused(name: str) -> None:
    t = kind(name)
    for garbage in ({"nested": {"object": 1}}, [[1, 2]], float("inf")):
        with pytest.raises(InvalidValue):
            await t.normalise(garbage, attr(name, **settings_of(name)), ctx())


@pytest.mark.parametrize("name", registry.kinds())
def test_settings_accept_empty_object(name: str) -> None:
    assert isinstance(kind(name).validate_settings({}), dict)


@pytest.mark.parametrize("name", SAMPLED)
async def test_sample_is_stable_and_keyed(name: str) -> None:
    t = kind(name)
    a = attr(name, **settings_of(name))
    stored = await t.normalise(sample(name), a, ctx())
    assert await t.normalise(stored, a, ctx()) == stored
    json.dumps(stored)
    json.dumps(t.present(stored, a, {}))
    key = t.sort_key(stored, a)
    assert key.number is None or isinstance(key.number, float)
    if key.text is not None:
        assert len(key.text) <= 255
        assert key.text == key.text.lower() or name == "date"
    text = t.search_text(stored, a)
    assert text is None or isinstance(text, str)


@pytest.mark.parametrize("name", SAMPLED)
async def test_same_type_conversion_keeps_data(name: str) -> None:
    t = kind(name)
    a = attr(name, **settings_of(name))
    stored = await t.normalise(sample(name), a, ctx())
    assert t.convert(stored, t, a) == stored


@pytest.mark.parametrize("name", [k for k in registry.kinds() if kind(k).computed])
def test_computed_types_are_read_only(name: str) -> None:
    assert kind(name).writable is False
