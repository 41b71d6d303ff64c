"""Lists as iterators that follow the `after` cursor page by page (each page one request)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Generic, TypeVar

from infinity_client.models import Page

T = TypeVar("T")


class AsyncPager(Generic[T]):
    """`async for x in pager` yields every object of every page; `pager.pages()` yields pages.
    Nothing is fetched until iteration starts; each iteration starts from the first page."""

    def __init__(
        self,
        load: Callable[[dict[str, Any]], Awaitable[Page[T]]],
        params: dict[str, Any],
        count: Callable[[dict[str, Any]], Awaitable[int]] | None = None,
    ) -> None:
        self._load = load
        self._params = params
        self._count = count

    async def pages(self) -> AsyncIterator[Page[T]]:
        params = dict(self._params)
        while True:
            page = await self._load(params)
            yield page
            if not page.has_more or not page.after or not page.data:
                return
            params = {**params, "after": page.after}
            params.pop("before", None)

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for entry in page.data:
                yield entry

    async def first_page(self) -> Page[T]:
        return await self._load(dict(self._params))

    async def to_list(self) -> list[T]:
        return [entry async for entry in self]

    async def total(self) -> int:
        """How many objects the list has, counted by the server in one request (`return=total`,
        openinfinity's extension; filters apply, pages do not)."""
        if self._count is None:
            raise NotImplementedError("this list has no total")
        return await self._count(dict(self._params))
