"""Value data typed per attribute type.

On the wire a value's `data` is JSON whose shape depends on its attribute's type ("some text",
`true`, `["<label id>"]`, `[{"id", "url", "name", "favicon"}]`, ...). `typed_data(kind, data)`
turns it into the Python type of that kind (`ValueData`); `ItemValues` (an item's `values`)
reads them by attribute name once the values know their attribute (`expand=["values.attribute"]`,
or the board's cached attributes, which the client attaches)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Required, TypedDict

from pydantic import TypeAdapter

from infinity_client.models._base import Model


class Link(Model):
    id: str | None = None
    url: str
    name: str | None = None
    favicon: str | None = None


class ChecklistEntry(Model):
    id: str | None = None
    name: str
    done: bool = False


class AttachmentFile(Model):
    """An attachment as an `attachments` value holds it (write: `{"id": <attachment id>}`)."""

    id: int
    link: str | None = None
    original_name: str | None = None
    filesize: int | None = None
    thumb: str | None = None
    extension: str | None = None


class ValueWrite(TypedDict, total=False):
    """A value as the API takes it in a write: `{"attribute_id", "data"}` (`id` to name one)."""

    attribute_id: Required[str]
    data: Any
    id: str


ValueData = (
    str | bool | float | int | date | datetime
    | list[str] | list[int] | list[Link] | list[ChecklistEntry] | list[AttachmentFile] | None
)  # fmt: skip

_TEXT = frozenset({"text", "longtext", "email", "phone", "source_folder"})
_NUMBER = frozenset({"number", "progress", "rating", "time_tracking"})  # time_tracking: seconds
_ID_LISTS = frozenset({"label", "reference"})
_USER_LISTS = frozenset({"members", "vote"})
_MODEL_LISTS: dict[str, TypeAdapter[Any]] = {
    "links": TypeAdapter(list[Link]),
    "checklist": TypeAdapter(list[ChecklistEntry]),
    "attachments": TypeAdapter(list[AttachmentFile]),
}


def parse_date(raw: str) -> date | datetime:
    """ "2023-05-25" -> date; "2023-05-25T10:00:00.000000Z" -> aware datetime."""
    if len(raw) == 10:
        return date.fromisoformat(raw)
    return datetime.fromisoformat(raw.replace("Z", "+00:00"))


def typed_data(kind: str | None, data: Any) -> ValueData:
    """`data` as the Python type of attribute type `kind` (unknown kinds: the JSON as is)."""
    if data is None:
        return [] if kind in _ID_LISTS | _USER_LISTS | set(_MODEL_LISTS) else None
    if kind in _TEXT:
        return str(data)
    if kind in _NUMBER:
        number = float(data)
        return int(number) if number.is_integer() and kind != "number" else number
    if kind == "checkbox":
        return bool(data)
    if kind in ("date", "created_at", "updated_at"):
        return parse_date(data) if isinstance(data, str) and data else None
    if kind == "created_by":
        return int(data)
    if kind in _ID_LISTS:
        return [str(x) for x in data]
    if kind in _USER_LISTS:
        return [int(x) for x in data]
    if kind in _MODEL_LISTS:
        parsed: ValueData = _MODEL_LISTS[kind].validate_python(data)
        return parsed
    result: ValueData = data
    return result


def wire_data(data: Any) -> Any:
    """Python value data as JSON for a write (models to dicts, dates to ISO 8601)."""
    if isinstance(data, Model):
        return data.model_dump(exclude_none=True)
    if isinstance(data, datetime | date):
        return data.isoformat()
    if isinstance(data, list | tuple):
        return [wire_data(x) for x in data]
    return data
