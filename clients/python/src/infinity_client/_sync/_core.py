# Generated from _async/_core.py by scripts/unasync.py: edit that file, then run the script.
"""The request layer every resource uses: URLs, JSON in and out, models, pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from infinity_client._sync._pagination import Pager
from infinity_client._sync._transport import Transport
from infinity_client._base import Params, parse
from infinity_client.models import Page

M = TypeVar("M", bound=BaseModel)


class Core:
    def __init__(self, transport: Transport, base_url: str, workspace: str | None) -> None:
        self.transport = transport
        self.base_url = base_url
        self.workspace = workspace

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: Any = None,
        data: dict[str, str] | None = None,
        files: Any = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        url = path if path.startswith(("http://", "https://")) else self.base_url + path
        return self.transport.send(
            method, url, params=params, json=json, data=data, files=files, headers=headers
        )

    def fetch(self, url: str) -> httpx.Response:
        """GET an absolute URL (a signed link); the token goes only to the API's own origin."""
        if url.startswith("/"):
            url = self.base_url + url
        headers = None if url.startswith(self.base_url + "/") else {"Authorization": ""}
        return self.transport.send("GET", url, headers=headers)

    def request_stream(
        self, path: str, *, headers: dict[str, str], params: Params | None = None
    ) -> httpx.Response:
        """A streamed GET (the caller closes the response)."""
        return self.transport.send(
            "GET", self.base_url + path, params=params, headers=headers, stream=True
        )

    def call(
        self,
        model: type[M],
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: Any = None,
        data: dict[str, str] | None = None,
        files: Any = None,
        context: dict[str, Any] | None = None,
    ) -> M:
        response = self.request(method, path, params=params, json=json, data=data, files=files)
        return parse(model, response.json(), **(context or {}))

    def page(
        self, model: type[M], path: str, params: Params, context: dict[str, Any] | None = None
    ) -> Page[M]:
        response = self.request("GET", path, params=params)
        raw = response.json()
        raw["data"] = [parse(model, entry, **(context or {})) for entry in raw.get("data", [])]
        return Page[M].model_validate(raw)

    def pager(
        self, model: type[M], path: str, params: Params, context: dict[str, Any] | None = None
    ) -> Pager[M]:
        def load(page_params: Params) -> Page[M]:
            return self.page(model, path, page_params, context)

        return Pager(load, params, self.counter(path))

    def counter(self, path: str) -> Callable[[Params], int]:
        """The `total()` of a list at `path`: its size, from `return=total`."""

        def count(params: Params) -> int:
            sent = {k: v for k, v in params.items() if k not in ("limit", "after", "before")}
            response = self.request("GET", path, params={**sent, "return": "total"})
            return int(response.json()["total"])

        return count
