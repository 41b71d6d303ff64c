"""Behind a reverse proxy (OPENINFINITY_FORWARDED_ALLOW_IPS): a real `openinfinity serve` believes
X-Forwarded-For / X-Forwarded-Proto only from the proxies it trusts. The client address decides
the anonymous rate-limit budget and appears in the access log; the scheme decides secure cookies."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.servers import cli_env, running_server


def _env(tmp_path: Path, trusted: str | None) -> dict[str, str]:
    extra = {"OPENINFINITY_RATE_LIMIT": "2/minute", "OPENINFINITY_LOG_FORMAT": "json"}
    if trusted is not None:
        extra["OPENINFINITY_FORWARDED_ALLOW_IPS"] = trusted
    return cli_env(f"sqlite:///{tmp_path / 'proxy.db'}", **extra)


def _access_clients(log: Path) -> list[str | None]:
    records = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    access = [r for r in records if r.get("logger") == "openinfinity.access"]
    return [r.get("client") for r in access if r.get("path") == "/api/v2/profile"]


@pytest.mark.parametrize("server", ["uvicorn", "granian"])
def test_a_trusted_proxy_forwards_address_and_scheme(tmp_path: Path, server: str) -> None:
    log = tmp_path / "server.log"
    with running_server(_env(tmp_path, "127.0.0.1"), tmp_path, "--server", server, log=log) as base:
        # Each forwarded client has its own anonymous budget of 2.
        for client in ("203.0.113.1", "203.0.113.2"):
            answers = [
                httpx.get(f"{base}/api/v2/profile", headers={"X-Forwarded-For": f"{client}, 127.0.0.1"})
                for _ in range(3)
            ]
            assert [a.status_code for a in answers] == [401, 401, 429]
        page = httpx.get(f"{base}/signin", headers={"X-Forwarded-Proto": "https"})
        assert page.status_code == 200 and "secure" in page.headers["set-cookie"].lower()
    assert set(_access_clients(log)) == {"203.0.113.1", "203.0.113.2"}


def test_forwarded_headers_are_ignored_by_default(tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with running_server(_env(tmp_path, None), tmp_path, log=log) as base:
        # Made-up addresses do not buy a fresh budget: all three count against the real peer.
        answers = [
            httpx.get(f"{base}/api/v2/profile", headers={"X-Forwarded-For": f"198.51.100.{n}"})
            for n in range(3)
        ]
        assert [a.status_code for a in answers] == [401, 401, 429]
        page = httpx.get(f"{base}/signin", headers={"X-Forwarded-Proto": "https"})
        assert "secure" not in page.headers["set-cookie"].lower()
    assert set(_access_clients(log)) == {"127.0.0.1"}


def test_an_untrusted_peer_cannot_forward(tmp_path: Path) -> None:
    """Proxies are configured, but the request does not come from one of them."""
    with running_server(_env(tmp_path, "192.0.2.10"), tmp_path) as base:
        answers = [
            httpx.get(f"{base}/api/v2/profile", headers={"X-Forwarded-For": f"198.51.100.{n}"})
            for n in range(3)
        ]
        assert [a.status_code for a in answers] == [401, 401, 429]
        page = httpx.get(f"{base}/signin", headers={"X-Forwarded-Proto": "https"})
        assert "secure" not in page.headers["set-cookie"].lower()
