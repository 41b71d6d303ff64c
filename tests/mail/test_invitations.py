"""Invitations by mail through a real SMTP server (aiosmtpd) on loopback: the mailed link works,
an unreachable server never fails the invitation, and without SMTP nothing is sent."""

from __future__ import annotations

import asyncio
import email
import logging
import re
import threading
from collections.abc import Callable, Iterator
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.conftest import free_tcp_port
from tests.factories import Account
from tests.servers import cli_env, cli_json


class Inbox:
    """aiosmtpd handler (its server runs a loop in its own thread): keeps every message."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else b""
        with self.arrived:
            self.messages.append(email.message_from_bytes(content))
            self.arrived.notify_all()
        return "250 OK"

    async def wait(self, count: int, within: float = 5.0) -> list[Message]:
        def until() -> bool:
            with self.arrived:
                return self.arrived.wait_for(lambda: len(self.messages) >= count, within)

        assert await asyncio.to_thread(until), f"{len(self.messages)} of {count} messages arrived"
        return self.messages


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_tcp_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def _link(message: Message) -> str:
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    found = re.search(r"http://testserver(/invitations/oi_inv_\S+)", body.decode())
    assert found, body
    return found.group(1)


async def test_invitation_is_mailed_and_its_link_works(
    make_client: Callable[..., Any], owner: Account, smtp: tuple[Inbox, int]
) -> None:
    inbox, port = smtp
    client = await make_client(smtp_host="127.0.0.1", smtp_port=port, smtp_security="none")
    invited = await client.post(
        owner.ws("/members/invite"), json={"email": "mailme@example.com"}, headers=owner.headers
    )
    assert invited.status_code == 200
    [message] = await inbox.wait(1)
    assert message["To"] == "mailme@example.com"
    assert message["Subject"] == "You are invited to openinfinity"
    page = await client.get(_link(message))
    assert page.status_code == 200 and "mailme@example.com" in page.text


async def test_unreachable_smtp_never_fails_the_invitation(
    make_client: Callable[..., Any], owner: Account, caplog: pytest.LogCaptureFixture
) -> None:
    client = await make_client(smtp_host="127.0.0.1", smtp_port=free_tcp_port(), smtp_security="none")
    with caplog.at_level(logging.INFO):
        invited = await client.post(
            owner.ws("/members/invite"), json={"email": "nobody-home@example.com"}, headers=owner.headers
        )
    assert invited.status_code == 200
    assert "invitation link for nobody-home@example.com" in caplog.text  # still there for the operator
    assert "mail to nobody-home@example.com not sent" in caplog.text


async def test_without_smtp_nothing_is_sent(client: Any, owner: Account, smtp: tuple[Inbox, int]) -> None:
    inbox, _ = smtp
    invited = await client.post(
        owner.ws("/members/invite"), json={"email": "quiet@example.com"}, headers=owner.headers
    )
    assert invited.status_code == 200
    await asyncio.sleep(0.3)
    assert inbox.messages == []


def test_cli_invite_link_mails_when_configured(tmp_path: Path, smtp: tuple[Inbox, int]) -> None:
    inbox, port = smtp
    env = cli_env(
        f"sqlite:///{tmp_path / 'mail.db'}",
        OPENINFINITY_SMTP_HOST="127.0.0.1",
        OPENINFINITY_SMTP_PORT=str(port),
        OPENINFINITY_SMTP_SECURITY="none",
        OPENINFINITY_PUBLIC_URL="http://testserver",
    )
    cli_json(
        ["bootstrap", "--email", "cli-mail@example.com", "--name", "C", "--workspace", "W"], env, tmp_path
    )
    issued = cli_json(["user", "invite-link", "--email", "cli-mail@example.com"], env, tmp_path)
    assert isinstance(issued, dict) and issued["mailed"] is True
    assert len(inbox.messages) == 1 and _link(inbox.messages[0]) in issued["url"]
    quiet = cli_json(
        ["user", "invite-link", "--email", "cli-mail@example.com"],
        {**env, "OPENINFINITY_SMTP_HOST": ""},
        tmp_path,
    )
    assert (
        isinstance(quiet, dict) and quiet["mailed"] is False and quiet["url"].startswith("http://testserver/")
    )
