"""Shared base of the computed types: read-only, derived from the item on every read
(`ctx["item"]` is the Item row). They store no values."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types.base import AttributeType, InvalidValue, ValueContext


class ComputedType(AttributeType):
    computed: ClassVar[bool] = True
    writable: ClassVar[bool] = False
    csv_importable: ClassVar[bool] = False
    empty: ClassVar[Any] = None

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        raise InvalidValue("is read-only: its value is computed.")

    async def normalise_default(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        # A computed attribute has no default; whatever a client copies along is ignored.
        return None

    def derive(self, item: Any) -> Any:
        raise NotImplementedError

    def present(self, data: Any, attribute: Attribute, ctx: dict[str, Any]) -> Any:
        item = ctx.get("item")
        return None if item is None else self.derive(item)
