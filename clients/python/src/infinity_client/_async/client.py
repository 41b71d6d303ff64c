from __future__ import annotations

import os
from collections.abc import Mapping
from types import TracebackType

import httpx

from infinity_client._async._core import AsyncCore
from infinity_client._async._transport import AsyncTransport
from infinity_client._async.account import AsyncAccount, AsyncAdmin, AsyncHealth, AsyncOAuth
from infinity_client._async.attachments import AsyncAttachments
from infinity_client._async.attributes import AsyncAttributes
from infinity_client._async.boards import AsyncBoards, AsyncFolders
from infinity_client._async.changes import AsyncChanges
from infinity_client._async.comments import AsyncComments, AsyncReferences
from infinity_client._async.history import AsyncHistory, AsyncTimeTracking
from infinity_client._async.hooks import AsyncHooks
from infinity_client._async.items import AsyncItems
from infinity_client._async.spreadsheets import AsyncCsv
from infinity_client._async.views import AsyncViews
from infinity_client._async.workspaces import AsyncMembers, AsyncWorkspaces
from infinity_client._base import DEFAULT_TIMEOUT, WORKSPACE_ENV, default_headers, origin
from infinity_client._refs import WorkspaceRef
from infinity_client._retry import RateLimitState, Retries


class AsyncClient:
    """A client of the Infinity API v2: the hosted API (default) or an openinfinity server.

        async with AsyncClient(token, base_url="http://localhost:8000", workspace=1) as client:
            board = await client.boards.create(name="Roadmap")

    `token` defaults to $INFINITY_TOKEN, `base_url` to $INFINITY_BASE_URL, else the hosted API,
    `workspace` to $INFINITY_WORKSPACE; it is the default for calls that take `workspace=`.
    `retries` (a count or a `Retries`) governs waits on 429 and retries of failed requests;
    `timeout` is in seconds or an `httpx.Timeout`. `transport` and `http` plug into httpx
    (proxies, event hooks, tests).
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str | None = None,
        workspace: WorkspaceRef | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retries: Retries | int = Retries(),
        headers: Mapping[str, str] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http: httpx.AsyncClient | None = None,
    ) -> None:
        policy = retries if isinstance(retries, Retries) else Retries(max_retries=retries)
        self.base_url = origin(base_url)
        self._owns_http = http is None
        self.http = http or httpx.AsyncClient(
            timeout=timeout, headers=default_headers(token, headers), transport=transport
        )
        if not self._owns_http:
            self.http.headers.update(default_headers(token, headers))
        ws = (
            str(getattr(workspace, "id", workspace))
            if workspace is not None
            else os.environ.get(WORKSPACE_ENV)
        )
        self._core = AsyncCore(AsyncTransport(self.http, policy), self.base_url, ws)
        core = self._core
        self.workspaces = AsyncWorkspaces(core)
        self.members = AsyncMembers(core)
        self.boards = AsyncBoards(core)
        self.folders = AsyncFolders(core)
        self.attributes = AsyncAttributes(core)
        self.items = AsyncItems(core, self.attributes)
        self.views = AsyncViews(core, self.attributes)
        self.comments = AsyncComments(core)
        self.references = AsyncReferences(core)
        self.attachments = AsyncAttachments(core, self.items)
        self.hooks = AsyncHooks(core)
        self.history = AsyncHistory(core)
        self.time_tracking = AsyncTimeTracking(core)
        self.csv = AsyncCsv(core)
        self.changes = AsyncChanges(core)
        self.profile = AsyncAccount(core)
        self.admin = AsyncAdmin(core)
        self.oauth = AsyncOAuth(core)
        self.health = AsyncHealth(core)

    @property
    def rate_limit(self) -> RateLimitState:
        """The `X-RateLimit-*` figures of the last response (`remaining`, `limit`, `reset_at`)."""
        return self._core.transport.rate_limit

    async def aclose(self) -> None:
        if self._owns_http:
            await self.http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()
