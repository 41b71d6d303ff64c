"""The base of every model: unknown fields are kept (a newer server may send more), and
`page` is the list envelope every list endpoint answers with."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class Model(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Page(Model, Generic[T]):
    """One page of a list: `after` is the cursor of the next page when `has_more`."""

    has_more: bool = False
    before: str | None = None
    after: str | None = None
    data: list[T]


class Deleted(Model):
    """The answer to a delete: which object, and that it is gone."""

    id: Any
    object: str
    deleted: bool = True
