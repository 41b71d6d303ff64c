"""The base of every model: unknown fields are kept (a newer server may send more), and
`page` is the list envelope every list endpoint answers with."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict

T = TypeVar("T")

# A JSON object that the hosted API (PHP) sends as `[]` when it is empty.
JsonObject = Annotated[dict[str, Any], BeforeValidator(lambda v: {} if v == [] else v)]
# A decimal position, sent as a string ("786432.000…") or a number.
SortOrder = str | float | None


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
