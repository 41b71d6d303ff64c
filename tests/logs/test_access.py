"""Access records and unhandled errors, in process (the fields) and from real servers (the
configuration `serve` applies to uvicorn and granian, JSON and text)."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from tests import factories_auth as fa
from tests.factories import Account
from tests.servers import cli_env, cli_json, running_server


async def test_one_access_record_per_request_with_its_fields(
    client: httpx.AsyncClient, owner: Account, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="openinfinity.access"):
        response = await client.get(
            owner.ws("/boards"),
            params={"limit": 5, "secret": "s3cr3t"},
            headers={**owner.headers, "X-Request-Id": "acc-1"},
        )
    assert response.status_code == 200
    records = [r for r in caplog.records if r.name == "openinfinity.access"]
    assert len(records) == 1
    record = records[0]
    assert record.levelno == logging.INFO
    assert record.__dict__["request_id"] == "acc-1"
    assert record.__dict__["method"] == "GET"
    assert record.__dict__["path"] == owner.ws("/boards")
    assert record.__dict__["status"] == 200
    assert record.__dict__["user_id"] == owner.user_id
    assert record.__dict__["workspace"] == str(owner.workspace_id)
    assert record.__dict__["duration_ms"] >= 0
    assert "s3cr3t" not in caplog.text


async def test_access_records_name_the_user_the_gate_or_a_session_authenticated(
    app: FastAPI, owner: Account, caplog: pytest.LogCaptureFixture
) -> None:
    """The user id comes from the request state, whoever authenticated: the body gate (before
    the body is read), the route's `current_principal`, a browser session (kind "session", no
    token id). A body refused by the gate is logged too, with no user and one request id."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        member = await fa.with_password(app)
        assert (await fa.sign_in(http, member.email)).status_code == 303
        csrf = app.state.session_csrf.token(http.cookies["oi_session"])
        with caplog.at_level(logging.INFO, logger="openinfinity.access"):
            await http.get(member.ws("/boards"), headers={"X-Request-Id": "ses-get"})
            await http.post(
                member.ws("/boards"),
                json={"name": "By session"},
                headers={"X-CSRF-Token": csrf, "X-Request-Id": "ses-post"},
            )
    with caplog.at_level(logging.INFO, logger="openinfinity.access"):
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            await http.post(
                owner.ws("/boards"),
                json={"name": "By token"},
                headers={**owner.headers, "X-Request-Id": "tok"},
            )
            refused = await http.post(
                owner.ws("/boards"),
                json={"name": "No"},
                headers={"Authorization": "Bearer oi_pat_wrong", "X-Request-Id": "bad"},
            )
    assert refused.status_code == 401 and refused.headers.get_list("x-request-id") == ["bad"]
    records = {
        r.__dict__["request_id"]: r.__dict__ for r in caplog.records if r.name == "openinfinity.access"
    }
    assert (records["ses-get"]["status"], records["ses-get"]["user_id"]) == (200, member.user_id)
    assert (records["ses-post"]["status"], records["ses-post"]["user_id"]) == (201, member.user_id)
    assert (records["tok"]["status"], records["tok"]["user_id"]) == (201, owner.user_id)
    assert (records["bad"]["status"], records["bad"]["user_id"]) == (401, None)


async def test_invitation_token_never_in_the_access_path(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="openinfinity.access"):
        await client.get("/invitations/oi_inv_notarealtoken")
    paths = [r.__dict__["path"] for r in caplog.records if r.name == "openinfinity.access"]
    assert paths == ["/invitations/{token}"]


async def test_unhandled_error_is_one_record_and_the_body_names_the_request(
    app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    async def boom() -> None:
        raise RuntimeError("internal detail")

    app.add_api_route("/api/v2/test-boom", boom, methods=["GET"], include_in_schema=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        with caplog.at_level(logging.INFO):
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
                response = await http.get("/api/v2/test-boom", headers={"X-Request-Id": "boom-1"})
    finally:
        app.router.routes.pop()
    assert response.status_code == 500
    assert response.json() == {
        "message": "Server Error",
        "code": "general/server-error",
        "request_id": "boom-1",
    }
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert errors[0].__dict__["request_id"] == "boom-1" and errors[0].exc_info is not None
    access = [r for r in caplog.records if r.name == "openinfinity.access"]
    assert [r.__dict__["status"] for r in access] == [500]


@pytest.mark.parametrize("server", ["uvicorn", "granian"])
def test_serve_writes_json_access_lines_and_masks_secrets(tmp_path: Path, server: str) -> None:
    env = cli_env(
        f"sqlite:///{tmp_path / 'logs.db'}",
        OPENINFINITY_LOG_FORMAT="json",
        OPENINFINITY_SECRET_KEY="do-not-print-me",
        OPENINFINITY_STORAGE_DIR=str(tmp_path / "files"),
    )
    account = cli_json(
        ["bootstrap", "--email", "log@example.com", "--name", "L", "--workspace", "W"], env, tmp_path
    )
    assert isinstance(account, dict)
    log_file = tmp_path / "server.log"
    with running_server(env, tmp_path, "--server", server, log=log_file) as base:
        headers = {"Authorization": f"Bearer {account['token']}", "X-Request-Id": "srv-1"}
        url = f"{base}/api/v2/workspaces/{account['workspace_id']}/boards?limit=3"
        assert httpx.get(url, headers=headers).status_code == 200
        invited = httpx.post(
            f"{base}/api/v2/workspaces/{account['workspace_id']}/members/invite",
            json={"email": "invitee@example.com"},
            headers=headers,
        )
        assert invited.status_code == 200, invited.text
    text = log_file.read_text()
    assert "do-not-print-me" not in text
    assert account["token"] not in text
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert len(lines) == len(text.strip().splitlines()), text  # every line is JSON
    startup = next(line for line in lines if line["message"].startswith(f"starting {server}"))
    assert startup["settings"]["secret_key"] == "***"
    access = [
        line
        for line in lines
        if line["logger"] == "openinfinity.access" and line.get("request_id") == "srv-1"
    ]
    assert len(access) == 2, lines
    first = access[0]
    assert first["path"] == f"/api/v2/workspaces/{account['workspace_id']}/boards"
    assert first["status"] == 200 and first["method"] == "GET" and first["level"] == "INFO"
    assert first["user_id"] == account["user_id"] and first["workspace"] == str(account["workspace_id"])
    assert isinstance(first["duration_ms"], float | int) and re.match(r"\d{4}-\d\d-\d\dT", first["time"])
    invitation = next(line for line in lines if "invitation link" in line["message"])
    assert invitation["level"] == "INFO" and "/invitations/oi_inv_" in invitation["message"]


def test_serve_text_format_is_readable(tmp_path: Path) -> None:
    env = cli_env(f"sqlite:///{tmp_path / 'text.db'}", OPENINFINITY_STORAGE_DIR=str(tmp_path / "files"))
    log_file = tmp_path / "server.log"
    with running_server(env, tmp_path, log=log_file) as base:
        httpx.get(f"{base}/health", headers={"X-Request-Id": "txt-1"})
    access = [line for line in log_file.read_text().splitlines() if "request_id=txt-1" in line]
    assert len(access) == 1
    assert re.match(r"\d{4}-\d\d-\d\dT\S+Z INFO +openinfinity.access GET /health 200 ", access[0])
