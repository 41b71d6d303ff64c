# Generated from _async/_pagination.py by scripts/unasync.py: edit that file, then run the script.
"""Lists as iterators that follow the `after` cursor page by page (each page one request)."""

from __future__ import annotations

from collections.abc import Iterator, Callable
from typing import Any, Generic, TypeVar

from infinity_client.models import Page

T = TypeVar("T")


class Pager(Generic[T]):
    """`for x in pager` yields every object of every page; `pager.pages()` yields pages.
    Nothing is fetched until iteration starts; each iteration starts from the first page."""

    def __init__(
        self,
        load: Callable[[dict[str, Any]], Page[T]],
        params: dict[str, Any],
        count: Callable[[dict[str, Any]], int] | None = None,
    ) -> None:
        self._load = load
        self._params = params
        self._count = count

    def pages(self) -> Iterator[Page[T]]:
        params = dict(self._params)
        while True:
            page = self._load(params)
            yield page
            if not page.has_more or not page.after or not page.data:
                return
            params = {**params, "after": page.after}
            params.pop("before", None)

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            for entry in page.data:
                yield entry

    def first_page(self) -> Page[T]:
        return self._load(dict(self._params))

    def to_list(self) -> list[T]:
        return [entry for entry in self]

    def total(self) -> int:
        """How many objects the list has, counted by the server in one request (`return=total`,
        openinfinity's extension; filters apply, pages do not)."""
        if self._count is None:
            raise NotImplementedError("this list has no total")
        return self._count(dict(self._params))
