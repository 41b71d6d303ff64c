"""Browser tests: headless Debian Chromium driven by Playwright (sync API) against a real
`openinfinity serve` subprocess. Without Chromium, Playwright or the built web app they skip with the
reason shown; with OPENINFINITY_TEST_REQUIRE_SERVICES=1 (CI) they fail instead.

Browser test modules hold sync tests only. The sync Playwright marks its own event loop as running
in this thread between calls, so pytest-asyncio could not run an async test or fixture while a
browser is open; the browser is therefore module-scoped and closed before the next module runs.

A failing test leaves `test-artifacts/<module>.<test>.png` (one per open page: `-2`, `-3`, ...) and
`.log` with the pages' console errors and the server's output.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.webapp.harness import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DIST,
    Account,
    Api,
    LiveServer,
    artifact_name,
    live_server_in,
    sign_in,
    unavailable,
)

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the dev extras install it; without them the browser tests skip
    sync_playwright = None  # type: ignore[assignment]
else:
    # Playwright waits 5 s by default for an expectation; on a loaded 2-core CI machine a page
    # round trip during the whole suite has taken longer. A later pass is still a pass, a real
    # failure still fails, only slower.
    expect.set_options(timeout=15_000)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page


class OpenPages:
    """The pages a test opened, with their console errors, for the failure artifacts."""

    def __init__(self) -> None:
        self.pages: list[Page] = []
        self.console: list[str] = []

    def watch(self, page: Page) -> Page:
        self.pages.append(page)
        page.on("console", lambda m: self._console(m.type, m.text))
        page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        return page

    def _console(self, kind: str, text: str) -> None:
        if kind in ("error", "warning"):
            self.console.append(f"console.{kind}: {text}")


OPEN_PAGES = pytest.StashKey[OpenPages]()
SERVER_LOG = pytest.StashKey[Path]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    opened = item.stash.get(OPEN_PAGES, None)
    if report.failed and report.when in ("setup", "call") and opened is not None:
        _save_artifacts(artifact_name(item.nodeid), opened, item.stash.get(SERVER_LOG, None))
    return report


def _save_artifacts(name: str, opened: OpenPages, server_log: Path | None) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for index, page in enumerate(opened.pages, start=1):
        suffix = "" if index == 1 else f"-{index}"
        # A page that is closed or hung must not hide the test's own failure.
        with contextlib.suppress(Exception):
            page.screenshot(path=str(ARTIFACTS / f"{name}{suffix}.png"), full_page=True)
    lines = [f"page {i}: {p.url}" for i, p in enumerate(opened.pages, start=1)] + opened.console
    if server_log is not None and server_log.exists():
        lines += ["", "server output:", server_log.read_text()[-20000:]]
    (ARTIFACTS / f"{name}.log").write_text("\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A real server on 127.0.0.1 with a fresh SQLite database, one per test module."""
    with live_server_in(tmp_path_factory.mktemp("webapp")) as server:
        yield server


@pytest.fixture
def make_user(live_server: LiveServer) -> Callable[..., Account]:
    """`make_user(email=None, name=..., password=..., workspace=...)`: an account through the CLI."""
    return live_server.make_user


@pytest.fixture
def owner(live_server: LiveServer) -> Account:
    """A fresh user who can sign in, owning a fresh workspace."""
    return live_server.make_user()


@pytest.fixture
def api(live_server: LiveServer) -> Iterator[Callable[[Account], Api]]:
    """`api(account)`: an httpx client of /api/v2 with the account's token, for setup and checks."""
    clients: list[Api] = []

    def build(account: Account) -> Api:
        clients.append(Api(live_server.base_url, account.token))
        return clients[-1]

    yield build
    for client in clients:
        client.close()


@pytest.fixture(scope="session")
def built_webapp() -> Path:
    """The built assets; the browser tests of the app need them (`make webapp`)."""
    if not (DIST / "app.js").is_file():
        unavailable(f"the web app is not built ({DIST / 'app.js'} missing): run `make webapp`")
    return DIST


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """Headless Debian Chromium (never `playwright install`), one per module (see the docstring)."""
    if sync_playwright is None:
        unavailable("browser tests need the Python package playwright (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        unavailable(f"browser tests need Chromium at {CHROMIUM} (Debian packages chromium, chromium-driver)")
    with sync_playwright() as playwright:
        # launch() gives every browser a fresh temporary profile (user-data dir).
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def new_page(
    request: pytest.FixtureRequest, browser: Browser, live_server: LiveServer
) -> Iterator[Callable[[], Page]]:
    """`new_page()`: a page in a new browser context (own cookies: another person's browser)."""
    opened = OpenPages()
    request.node.stash[OPEN_PAGES] = opened
    request.node.stash[SERVER_LOG] = live_server.log
    contexts: list[BrowserContext] = []

    def build() -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=live_server.base_url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return opened.watch(context.new_page())

    yield build
    for context in contexts:
        with contextlib.suppress(Exception):
            context.close()


@pytest.fixture
def page(new_page: Callable[[], Page]) -> Page:
    return new_page()


@pytest.fixture
def signed_in_page(
    built_webapp: Path, live_server: LiveServer, new_page: Callable[[], Page]
) -> Callable[..., Page]:
    """`signed_in_page(account)` or `signed_in_page(email, password)`: a new browser session signed
    in through the real /signin form, landed where sign-in leads (the app at `/`)."""

    def build(who: Account | str, password: str | None = None) -> Page:
        email = who.email if isinstance(who, Account) else who
        secret = who.password if isinstance(who, Account) else password
        assert secret is not None, "signed_in_page(email, password) needs the password"
        fresh = new_page()
        sign_in(fresh, live_server.base_url, email, secret)
        return fresh

    return build
