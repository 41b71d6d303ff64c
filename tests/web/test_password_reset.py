"""Password resets: asked for on a page that answers the same for every address, mailed through a
real SMTP server (aiosmtpd), single-use and expiring, ending every browser session of the user;
`openinfinity user reset-password` prints (and mails) a link; each bad input has its answer."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from email.message import Message
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from sqlalchemy import select, update

from openinfinity.accounts.users import service as users
from openinfinity.app import create_app
from openinfinity.auth import resets
from openinfinity.auth.models import PasswordReset
from openinfinity.core.models import utcnow
from tests import conftest
from tests import factories_auth as fa
from tests.conftest import free_tcp_port
from tests.mail.test_invitations import Inbox
from tests.servers import cli_env, cli_json, run_cli

NEW_PASSWORD = "a much better passphrase"
SENT = "a link to choose a new password is on its way"


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server (aiosmtpd) on loopback that keeps every message."""
    inbox = Inbox()
    port = free_tcp_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def _browser(client: httpx.AsyncClient, address: str = "127.0.0.1") -> httpx.AsyncClient:
    """Another browser (its own cookies) on the same application."""
    transport = client._transport
    assert isinstance(transport, httpx.ASGITransport)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=transport.app, client=(address, 50000)),
        base_url="http://testserver",
    )


async def _ask(browser: httpx.AsyncClient, email: str) -> httpx.Response:
    page = await browser.get("/password-reset")
    assert page.status_code == 200
    return await browser.post(
        "/password-reset", data={"email": email, "csrf_token": fa.csrf_token(page.text)}
    )


async def _choose(
    browser: httpx.AsyncClient, path: str, password: str, confirm: str | None = None
) -> httpx.Response:
    page = await browser.get(path)
    assert page.status_code == 200, page.text
    form = {"password": password, "password_confirmation": confirm or password}
    return await browser.post(path, data={**form, "csrf_token": fa.csrf_token(page.text)})


def _path(message: Message) -> str:
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    found = re.search(r"http://testserver(/password-reset/oi_rst_\S+)", body.decode())
    assert found, body
    return found.group(1)


async def _mail_client(make_client: Callable[..., Any], port: int, **extra: object) -> httpx.AsyncClient:
    client: httpx.AsyncClient = await make_client(
        smtp_host="127.0.0.1", smtp_port=port, smtp_security="none", **extra
    )
    return client


async def test_the_mailed_link_sets_the_password_and_ends_every_session(
    make_client: Callable[..., Any], smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    client = await _mail_client(make_client, port)
    app = client._transport.app  # type: ignore[attr-defined]
    user = await fa.with_password(app)
    signed_in = _browser(client)
    assert (await fa.sign_in(signed_in, user.email)).status_code == 303
    assert (await signed_in.get("/profile")).status_code == 200
    # The sign-in page leads there.
    assert 'href="/password-reset"' in (await _browser(client).get("/signin")).text

    forgetful = _browser(client)
    asked = await _ask(forgetful, user.email.upper())  # e-mails are matched case-insensitively
    assert asked.status_code == 200 and SENT in asked.text
    [message] = await inbox.wait(1)
    assert message["To"] == user.email and message["Subject"] == "Reset your openinfinity password"
    link = _path(message)

    mismatch = await _choose(forgetful, link, NEW_PASSWORD, "something else entirely")
    assert mismatch.status_code == 422 and "confirmation does not match" in mismatch.text
    short = await _choose(forgetful, link, "short")
    assert short.status_code == 422 and "at least 8 characters" in short.text
    done = await _choose(forgetful, link, NEW_PASSWORD)  # refusals above left the link usable
    assert done.status_code == 303 and done.headers["location"] == "/"
    assert (await forgetful.get("/profile")).status_code == 200  # this browser is signed in

    assert (await signed_in.get("/profile")).status_code == 303  # the other session has ended
    assert (await fa.sign_in(_browser(client), user.email)).status_code == 401  # old password
    assert (await fa.sign_in(_browser(client), user.email, NEW_PASSWORD)).status_code == 303
    assert (await _browser(client).get(link)).status_code == 404  # single use
    assert (await client.get("/api/v2/profile", headers=user.headers)).status_code == 200  # tokens stay


async def test_every_address_gets_the_same_answer(
    make_client: Callable[..., Any], smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    client = await _mail_client(make_client, port)
    app: FastAPI = client._transport.app  # type: ignore[attr-defined]
    known = await fa.with_password(app)
    gone = await fa.with_password(app)
    async with app.state.db.transaction() as session:
        (await users.get_user(session, gone.user_id)).active = False
    answers = [
        await _ask(_browser(client), email) for email in (known.email, "nobody@example.com", gone.email)
    ]
    assert {a.status_code for a in answers} == {200}
    assert len({a.text for a in answers}) == 1 and SENT in answers[0].text
    await inbox.wait(1)
    await asyncio.sleep(0.3)
    assert [m["To"] for m in inbox.messages] == [known.email]  # only the active account gets mail
    async with app.state.db.transaction(write=False) as session:
        owners = set(await session.scalars(select(PasswordReset.user_id)))
    assert gone.user_id not in owners


async def test_requests_are_throttled_per_e_mail_whether_it_exists_or_not(
    make_client: Callable[..., Any],
) -> None:
    client = await make_client(password_reset_limit_account="2/hour", password_reset_limit_address="50/hour")
    app: FastAPI = client._transport.app  # type: ignore[attr-defined]
    known = await fa.with_password(app)
    for email in (known.email, "ghost@example.com"):
        statuses = [(await _ask(_browser(client), email)).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
    refused = await _ask(_browser(client), "ghost@example.com")
    assert "Too many requests" in refused.text and int(refused.headers["retry-after"]) > 0
    # Another e-mail from the same address is still answered.
    assert (await _ask(_browser(client), "someone-else@example.com")).status_code == 200


async def test_bad_input_is_refused_clearly(client: httpx.AsyncClient, app: FastAPI) -> None:
    user = await fa.with_password(app)
    browser = _browser(client)
    invalid = await _ask(browser, "not-an-e-mail")
    assert invalid.status_code == 422 and "valid e-mail" in invalid.text
    no_csrf = await browser.post("/password-reset", data={"email": user.email})
    assert no_csrf.status_code == 403
    for path in ("/password-reset/oi_rst_unknown", "/password-reset/garbage", "/password-reset/" + "x" * 300):
        answer = await browser.get(path)
        assert answer.status_code in (404, 422), path
        if answer.status_code == 404:
            assert "unknown, already used or expired" in answer.text

    async def issue() -> str:
        async with app.state.db.transaction() as session:
            issued = await resets.issue(
                session, await users.get_user(session, user.user_id), base_url="", minutes=60
            )
        return issued.url

    older = await issue()
    newer = await issue()
    assert (await browser.get(older)).status_code == 404  # replaced by the newer link
    assert (await browser.get(newer)).status_code == 200
    page = await browser.get(newer)
    forged = await browser.post(newer, data={"password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD})
    assert forged.status_code == 403  # no CSRF token: nothing changed
    assert (await fa.sign_in(_browser(client), user.email)).status_code == 303
    async with app.state.db.transaction() as session:
        await session.execute(update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1)))
    expired = await browser.post(
        newer,
        data={
            "password": NEW_PASSWORD,
            "password_confirmation": NEW_PASSWORD,
            "csrf_token": fa.csrf_token(page.text),
        },
    )
    assert expired.status_code == 404 and "expired" in expired.text
    assert (await fa.sign_in(_browser(client), user.email)).status_code == 303  # password unchanged


async def test_setting_the_password_otherwise_burns_reset_links(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    admin = await fa.admin(app)
    user = await fa.with_password(app)
    async with app.state.db.transaction() as session:
        issued = await resets.issue(
            session, await users.get_user(session, user.user_id), base_url="", minutes=60
        )
    assert (await client.get(issued.url)).status_code == 200
    changed = await client.patch(
        f"/api/v2/admin/users/{user.user_id}", json={"password": NEW_PASSWORD}, headers=admin.headers
    )
    assert changed.status_code == 200
    assert (await client.get(issued.url)).status_code == 404


async def test_a_link_stops_working_when_the_user_is_deactivated(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    user = await fa.with_password(app)
    async with app.state.db.transaction() as session:
        target = await users.get_user(session, user.user_id)
        issued = await resets.issue(session, target, base_url="", minutes=60)
    page = await client.get(issued.url)
    assert page.status_code == 200
    async with app.state.db.transaction() as session:
        (await users.get_user(session, user.user_id)).active = False
    form = {"password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD}
    refused = await client.post(issued.url, data={**form, "csrf_token": fa.csrf_token(page.text)})
    assert refused.status_code == 404
    async with app.state.db.transaction(write=False) as session:
        assert (await users.get_user(session, user.user_id)).password_hash is not None
        used = await session.scalar(
            select(PasswordReset.used_at).where(PasswordReset.user_id == user.user_id)
        )
    assert used is None  # nothing was changed


def test_cli_prints_the_link_and_mails_it_when_configured(tmp_path: Path, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    url = f"sqlite:///{tmp_path / 'reset.db'}"
    env = cli_env(url, OPENINFINITY_PUBLIC_URL="http://testserver")
    boot = ["bootstrap", "--email", "cli-reset@example.com", "--name", "C", "--workspace", "W"]
    cli_json([*boot, "--password", "the first password"], env, tmp_path)
    printed = cli_json(["user", "reset-password", "--email", "cli-reset@example.com"], env, tmp_path)
    assert isinstance(printed, dict) and printed["mailed"] is False
    assert printed["url"].startswith("http://testserver/password-reset/oi_rst_")
    mailing = {
        **env,
        "OPENINFINITY_SMTP_HOST": "127.0.0.1",
        "OPENINFINITY_SMTP_PORT": str(port),
        "OPENINFINITY_SMTP_SECURITY": "none",
    }
    mailed = cli_json(["user", "reset-password", "--email", "CLI-reset@example.com"], mailing, tmp_path)
    assert isinstance(mailed, dict) and mailed["mailed"] is True
    assert len(inbox.messages) == 1 and _path(inbox.messages[0]) in mailed["url"]
    unknown = run_cli(["user", "reset-password", "--email", "nobody@example.com"], env, tmp_path)
    assert unknown.returncode == 1 and unknown.stderr.startswith("error: No user with e-mail")

    async def check() -> None:
        application = create_app(conftest.test_settings(url.replace("sqlite://", "sqlite+aiosqlite://", 1)))
        try:
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=application), base_url="http://testserver"
            ) as browser:
                first = printed["url"].removeprefix("http://testserver")
                assert (await browser.get(first)).status_code == 404  # the mailed one replaced it
                second = mailed["url"].removeprefix("http://testserver")
                assert (await _choose(browser, second, NEW_PASSWORD)).status_code == 303
        finally:
            await application.state.db.dispose()

    asyncio.run(check())
