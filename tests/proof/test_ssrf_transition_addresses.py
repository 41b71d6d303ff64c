"""Issue 20 #13: IPv6 transition and compatibility addresses that lead to a private IPv4 address,
and site-local IPv6, are refused as outbound targets: when a hook or a download from URL is
created, and again when a webhook is delivered."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from openinfinity.core import netguard
from openinfinity.hooks import delivery
from tests import factories, factories_hooks

HIDDEN_PRIVATE = [
    "::7f00:1",  # IPv4-compatible ::127.0.0.1
    "::127.0.0.1",
    "::a00:1",
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:0:7f00:1",  # IPv4-translated (SIIT)
    "64:ff9b::a00:1",  # NAT64 well-known prefix, 10.0.0.1
    "64:ff9b::a9fe:a9fe",  # NAT64 169.254.169.254 (cloud metadata)
    "64:ff9b:1::a00:1",  # NAT64 local-use prefix
    "2002:a00:1::1",  # 6to4 of 10.0.0.1
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2001:0:7f00:1::1",  # Teredo, server 127.0.0.1
    "fec0::1",  # site-local
    "fec0:1::1",
]
STILL_PUBLIC = ["8.8.8.8", "2606:4700:4700::1111", "64:ff9b::808:808", "2002:808:808::1", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("address", HIDDEN_PRIVATE)
def test_hidden_private_addresses_are_not_public(address: str) -> None:
    assert not netguard.is_public_address(address)


@pytest.mark.parametrize("address", STILL_PUBLIC)
def test_public_addresses_stay_public(address: str) -> None:
    assert netguard.is_public_address(address)


async def test_hooks_and_downloads_refuse_them(
    app: FastAPI, client: httpx.AsyncClient, owner: factories.Account
) -> None:
    board_id = await factories_hooks.board(app, owner)
    for address in HIDDEN_PRIVATE:
        url = f"http://[{address}]:8080/hook"
        response = await client.post(
            owner.ws(f"/boards/{board_id}/hooks"), json={"url": url}, headers=owner.headers
        )
        assert response.status_code == 422, (url, response.text)
        assert "private or loopback" in response.json()["errors"]["url"][0]
        response = await client.post(owner.ws("/attachments/url"), json={"url": url}, headers=owner.headers)
        assert response.status_code == 422, (url, response.text)
        assert "private or loopback" in response.json()["message"]


@pytest.mark.parametrize("address", ["::127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1", "fec0::1"])
async def test_delivery_checks_again(address: str) -> None:
    """A hook stored while private targets were allowed is checked again on every attempt."""
    pool = delivery.ClientPool(per_origin=1)
    try:
        outcome = await delivery.send(
            pool,
            url=f"http://[{address}]:9/hook",
            secret="whsec_" + "a" * 32,
            message_id="msg_1",
            event="item.updated",
            payload={"id": "i1"},
            timeout_seconds=5,
            allow_private=False,
        )
    finally:
        await pool.aclose()
    assert outcome.status_code is None
    assert outcome.error is not None and "private or loopback" in outcome.error, outcome.error
