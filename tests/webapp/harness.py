"""What the browser tests stand on: a real `openinfinity serve` process, accounts made through the
CLI, an httpx client with a token for setup and checks, and sign-in through the real /signin form."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from openinfinity.cli.bootstrap import ensure_account
from openinfinity.core.config import Settings
from openinfinity.core.db import Database
from tests.servers import cli_env, cli_json, running_server

if TYPE_CHECKING:
    from playwright.sync_api import Page

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "src" / "openinfinity" / "webapp" / "dist"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
# Fixed, so a test (or a second server) can rely on the same signatures across restarts.
SECRET_KEY = "webapp-tests-secret-key-not-for-production-0123456789"
PASSWORD = "correct horse battery staple"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def services_required() -> bool:
    return bool(os.environ.get("OPENINFINITY_TEST_REQUIRE_SERVICES"))


def unavailable(reason: str) -> None:
    """Skip with the reason shown, or fail where CI requires every test to run."""
    if services_required():
        pytest.fail(f"{reason} (OPENINFINITY_TEST_REQUIRE_SERVICES is set)")
    pytest.skip(reason)


@dataclass(frozen=True)
class Account:
    """A user with a sign-in password, a workspace they own and a default-scope token."""

    user_id: int
    email: str
    name: str
    password: str
    workspace_id: int
    token: str


class Api:
    """The public API with a token: every call asserts its expected status and returns the JSON."""

    def __init__(self, base_url: str, token: str) -> None:
        self.http = httpx.Client(
            base_url=f"{base_url}/api/v2", headers={"Authorization": f"Bearer {token}"}, timeout=30
        )

    def call(self, method: str, path: str, *, expect: int | tuple[int, ...] = (200, 201), **kw: Any) -> Any:
        wanted = (expect,) if isinstance(expect, int) else expect
        response = self.http.request(method, path, **kw)
        assert response.status_code in wanted, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else None

    def get(self, path: str, **kw: Any) -> Any:
        return self.call("GET", path, **kw)

    def all(self, path: str, **params: Any) -> list[dict[str, Any]]:
        """Every row of a list endpoint, page by page (keyset `after` cursors)."""
        rows: list[dict[str, Any]] = []
        cursor: dict[str, Any] = {}
        while True:
            page = self.get(path, params={"limit": 100, **params, **cursor})
            rows += page["data"]
            if not page["has_more"]:
                return rows
            cursor = {"after": page["after"]}

    def post(self, path: str, **kw: Any) -> Any:
        return self.call("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> Any:
        return self.call("PUT", path, **kw)

    def patch(self, path: str, **kw: Any) -> Any:
        return self.call("PATCH", path, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.call("DELETE", path, **kw)

    def close(self) -> None:
        self.http.close()


class AccountMaker:
    """Accounts made by `openinfinity bootstrap`'s own function, in this process, on the server's
    database: a CLI start costs 2 s on an idle machine and 8 s on a busy one, and nearly every
    browser test makes an account. The loop runs in a thread of its own because the sync Playwright
    marks the main thread's loop as running."""

    def __init__(self, database_url: str) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="account-maker", daemon=True)
        self._thread.start()
        self._db = Database(Settings(database_url=database_url))

    def _run(self, work: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(work, self._loop).result(timeout=120)

    def ensure(self, *, email: str, name: str, workspace: str, password: str) -> dict[str, Any]:
        async def work() -> dict[str, Any]:
            async with self._db.transaction() as session:
                return await ensure_account(
                    session, email=email, name=name, workspace=workspace, password=password
                )

        made: dict[str, Any] = self._run(work())
        return made

    def close(self) -> None:
        self._run(self._db.dispose())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()


@dataclass(frozen=True)
class LiveServer:
    base_url: str
    env: dict[str, str]
    cwd: Path
    log: Path
    accounts: AccountMaker

    def url(self, path: str = "/") -> str:
        return f"{self.base_url}{path}"

    def cli(self, *args: str) -> Any:
        """An `openinfinity` command against this server's database; its JSON output."""
        return cli_json(list(args), self.env, self.cwd)

    def make_user(
        self,
        email: str | None = None,
        *,
        name: str | None = None,
        password: str = PASSWORD,
        workspace: str | None = None,
    ) -> Account:
        """A new (or existing) user who can sign in, owning `workspace`, with a fresh token (what
        `openinfinity bootstrap --password` does)."""
        email = email or f"user-{uuid.uuid4().hex[:10]}@example.com"
        name = name or email.split("@")[0].replace(".", " ").title()
        workspace = workspace or f"{name}'s workspace"
        made = self.accounts.ensure(email=email, name=name, workspace=workspace, password=password)
        return Account(made["user_id"], email, name, password, made["workspace_id"], made["token"])


def server_env(database_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    return cli_env(
        database_url,
        OPENINFINITY_SECRET_KEY=SECRET_KEY,
        # A browser page makes many API calls; the limit is tested elsewhere.
        OPENINFINITY_RATE_LIMIT="1000000/minute",
        OPENINFINITY_STORAGE_DIR=str(data_dir / "attachments"),
        # Generated files (the demo sign-in) in data_dir/data, where the tests look for them.
        OPENINFINITY_DATA_DIR=str(data_dir / "data"),
        **extra,
    )


@contextlib.contextmanager
def live_server_in(data_dir: Path, *serve_args: str) -> Iterator[LiveServer]:
    """`openinfinity serve` on a fresh SQLite database in `data_dir` (also its working directory;
    generated files such as the demo sign-in land in data_dir/data); stopped by pid on exit."""
    database_url = f"sqlite:///{data_dir / 'webapp.db'}"
    env = server_env(database_url, data_dir)
    # One log per server: a second server on the same directory must not overwrite the first's.
    log = next(
        data_dir / f"server-{n}.log" for n in range(1, 1000) if not (data_dir / f"server-{n}.log").exists()
    )
    with running_server(env, data_dir, *serve_args, log=log) as base:
        # After the start: `serve` has migrated the database by then.
        accounts = AccountMaker(database_url)
        try:
            yield LiveServer(base, env, data_dir, log, accounts)
        finally:
            accounts.close()


def sign_in(page: Page, base_url: str, email: str, password: str, *, path: str = "/signin") -> None:
    """Fill and submit the real sign-in form, then wait until the browser has left it."""
    page.goto(f"{base_url}{path}")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: not re.search(r"/signin(\?|$)", url))


def artifact_name(nodeid: str) -> str:
    """`tests/webapp/test_x.py::test_y[a]` -> `test_x.test_y-a` (safe as a file name)."""
    tail = nodeid.split("/")[-1].replace(".py::", ".").replace("::", ".")
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", tail).strip("-")
