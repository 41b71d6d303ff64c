# Generated from _async/client.py by scripts/unasync.py: edit that file, then run the script.
from __future__ import annotations

import os
from collections.abc import Mapping
from types import TracebackType

import httpx

from infinity_client._sync._core import Core
from infinity_client._sync._transport import Transport
from infinity_client._sync.account import Account, Admin, Health, OAuth
from infinity_client._sync.attachments import Attachments
from infinity_client._sync.attributes import Attributes
from infinity_client._sync.boards import Boards, Folders
from infinity_client._sync.changes import Changes
from infinity_client._sync.comments import Comments, References
from infinity_client._sync.history import History, TimeTracking
from infinity_client._sync.hooks import Hooks
from infinity_client._sync.items import Items
from infinity_client._sync.spreadsheets import Csv
from infinity_client._sync.views import Views
from infinity_client._sync.workspaces import Members, Workspaces
from infinity_client._base import DEFAULT_TIMEOUT, WORKSPACE_ENV, default_headers, origin
from infinity_client._refs import WorkspaceRef
from infinity_client._retry import RateLimitState, Retries


class Client:
    """A client of the Infinity API v2: the hosted API (default) or an openinfinity server.

        with Client(token, base_url="http://localhost:8000", workspace=1) as client:
            board = client.boards.create(name="Roadmap")

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
        transport: httpx.BaseTransport | None = None,
        http: httpx.Client | None = None,
    ) -> None:
        policy = retries if isinstance(retries, Retries) else Retries(max_retries=retries)
        self.base_url = origin(base_url)
        self._owns_http = http is None
        self.http = http or httpx.Client(
            timeout=timeout, headers=default_headers(token, headers), transport=transport
        )
        if not self._owns_http:
            self.http.headers.update(default_headers(token, headers))
        ws = (
            str(getattr(workspace, "id", workspace))
            if workspace is not None
            else os.environ.get(WORKSPACE_ENV)
        )
        self._core = Core(Transport(self.http, policy), self.base_url, ws)
        core = self._core
        self.workspaces = Workspaces(core)
        self.members = Members(core)
        self.boards = Boards(core)
        self.folders = Folders(core)
        self.attributes = Attributes(core)
        self.items = Items(core, self.attributes)
        self.views = Views(core, self.attributes)
        self.comments = Comments(core)
        self.references = References(core)
        self.attachments = Attachments(core, self.items)
        self.hooks = Hooks(core)
        self.history = History(core)
        self.time_tracking = TimeTracking(core)
        self.csv = Csv(core)
        self.changes = Changes(core)
        self.profile = Account(core)
        self.admin = Admin(core)
        self.oauth = OAuth(core)
        self.health = Health(core)

    @property
    def rate_limit(self) -> RateLimitState:
        """The `X-RateLimit-*` figures of the last response (`remaining`, `limit`, `reset_at`)."""
        return self._core.transport.rate_limit

    def close(self) -> None:
        if self._owns_http:
            self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
