"""Item and value shapes. Requests are pydantic models; responses are presenter dicts (orjson,
no per-object validation) documented by the pydantic `*Read` classes."""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

from openinfinity.boards.sort_order import LIMIT
from openinfinity.core.multiaction import DELETED_AT_DESCRIPTION
from openinfinity.core.timefmt import iso


def format_sort_order(value: float) -> str:
    """The hosted API's decimal form: 786432 -> "786432.000000000000000000000000000000"."""
    # format() ignores the decimal context's 28-digit precision (quantize would not).
    return format(Decimal(repr(float(value))), ".30f")


def parse_sort_order(value: Any) -> float:
    """A number or a numeric string (clients send both); raises ValueError otherwise."""
    if isinstance(value, bool) or value is None:
        raise ValueError("must be a number.")
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except InvalidOperation as exc:
            raise ValueError("must be a number.") from exc
    if not isinstance(value, int | float | Decimal):
        raise ValueError("must be a number.")
    number = float(value)
    if not math.isfinite(number) or abs(number) > LIMIT:
        raise ValueError("must be a number.")
    return number


def _optional_ref(value: Any) -> Any:
    # One popular integration sends the string "null" (the seed's own example does too).
    if isinstance(value, str) and value.strip().lower() in ("", "null"):
        return None
    return value


class ValueWrite(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str | None = Field(default=None, max_length=36)
    attribute_id: str = Field(max_length=64)
    # Any JSON: each attribute type validates its own data.
    data: Any = None


class ItemWrite(BaseModel):
    """Create and update share one body; on update every field is optional."""

    model_config = ConfigDict(extra="ignore")

    id: str | None = Field(default=None, max_length=36)
    folder_id: str | None = Field(default=None, max_length=64)
    parent_id: str | None = Field(default=None, max_length=64)
    values: list[ValueWrite] | None = Field(default=None, max_length=500)
    sort_order: float | None = None
    deleted_at: Any = Field(default=None, description=DELETED_AT_DESCRIPTION)

    @field_validator("folder_id", "parent_id", mode="before")
    @classmethod
    def _null_strings(cls, value: Any) -> Any:
        return _optional_ref(value)

    @field_validator("sort_order", mode="before")
    @classmethod
    def _sort_order(cls, value: Any) -> Any:
        return None if value is None else parse_sort_order(value)


class ValueRead(BaseModel):
    id: str
    object: Literal["value"] = "value"
    data: Any
    attribute_id: str
    item_id: str
    attribute: dict[str, Any] | None = Field(default=None, description="With expand[]=values.attribute")
    deleted: bool


class ItemRead(BaseModel):
    id: str
    object: Literal["item"] = "item"
    folder_id: str
    parent_id: str | None
    created_at: str
    sort_order: str
    values: list[ValueRead] | None = Field(default=None, description="With expand[]=values")
    created_by: dict[str, Any] | None = Field(default=None, description="With expand[]=created_by")
    folder: dict[str, Any] | None = Field(default=None, description="With expand[]=folder")
    deleted: bool


class ItemLike(Protocol):
    """An item as presenters read it: the `Item` entity or an items/rows.py `ItemRow`."""

    @property
    def id(self) -> str: ...
    @property
    def board_id(self) -> str: ...
    @property
    def folder_id(self) -> str: ...
    @property
    def parent_id(self) -> str | None: ...
    @property
    def sort_order(self) -> float: ...
    @property
    def created_by(self) -> int | None: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def updated_at(self) -> datetime: ...
    @property
    def deleted_at(self) -> datetime | None: ...


class ValueLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def item_id(self) -> str: ...
    @property
    def attribute_id(self) -> str: ...


def present_value(
    value: ValueLike, data: Any, *, attribute: dict[str, Any] | None = None, deleted: bool = False
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": value.id,
        "object": "value",
        "data": data,
        "attribute_id": value.attribute_id,
        "item_id": value.item_id,
    }
    if attribute is not None:
        out["attribute"] = attribute
    out["deleted"] = deleted
    return out


def present_item(item: ItemLike, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The item object; `extra` holds the expanded parts (values, created_by, folder)."""
    out: dict[str, Any] = {
        "id": item.id,
        "object": "item",
        "folder_id": item.folder_id,
        "parent_id": item.parent_id,
        "created_at": iso(item.created_at),
        "sort_order": format_sort_order(item.sort_order),
    }
    if extra:
        out.update(extra)
    out["deleted"] = item.deleted_at is not None
    return out
