from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from openinfinity.attachments import fetch
from openinfinity.core import outbound
from openinfinity.files.runtime import AttachmentsRuntime
from tests import factories
from tests.attachments.file_server import PNG, REPORT, FileServer
from tests.factories_attachments import install_runtime, relative, stored_files


@pytest.fixture(scope="module")
def file_server() -> Iterator[FileServer]:
    server = FileServer()
    yield server
    server.stop()


@pytest.fixture
def allowing(app: FastAPI, files_root: Path) -> Iterator[AttachmentsRuntime]:
    """Private addresses allowed: the test server is on loopback."""
    yield install_runtime(app, files_root, allow_private_urls=True, max_upload_bytes=4096)
    app.state.attachments = None


async def _from_url(client: httpx.AsyncClient, owner: factories.Account, url: str) -> httpx.Response:
    return await client.post(owner.ws("/attachments/url"), headers=owner.headers, json={"url": url})


async def test_downloads_and_stores_the_file(
    client: httpx.AsyncClient, owner: factories.Account, allowing: AttachmentsRuntime, file_server: FileServer
) -> None:
    response = await _from_url(client, owner, file_server.url("/files/report.pdf"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["original_name"], body["extension"], body["filesize"]) == ("report.pdf", "pdf", len(REPORT))
    assert body["team_id"] == owner.workspace_id
    download = await client.get(relative(body["link"]))
    assert download.content == REPORT
    assert download.headers["content-type"] == "application/pdf"


async def test_name_from_content_disposition_and_url_path(
    client: httpx.AsyncClient, owner: factories.Account, allowing: AttachmentsRuntime, file_server: FileServer
) -> None:
    body = (await _from_url(client, owner, file_server.url("/download?id=7"))).json()
    assert body["original_name"] == "naïve.txt"

    # Like the hosted API's example (https://via.placeholder.com/150): no extension in the name.
    body = (await _from_url(client, owner, file_server.url("/150"))).json()
    assert (body["original_name"], body["extension"], body["filename"]) == ("150", "", "150")
    assert body["filesize"] == len(PNG)
    assert body["thumb"] is not None  # the bytes are an image, so it gets a thumbnail


async def test_follows_at_most_three_redirects(
    client: httpx.AsyncClient, owner: factories.Account, allowing: AttachmentsRuntime, file_server: FileServer
) -> None:
    response = await _from_url(client, owner, file_server.url("/hop/2"))  # 3 redirects
    assert response.status_code == 201
    assert response.json()["original_name"] == "report.pdf"

    response = await _from_url(client, owner, file_server.url("/hop/3"))  # 4 redirects
    assert response.status_code == 422
    assert response.json()["errors"]["url"] == [
        "The file could not be downloaded from the url: more than 3 redirects."
    ]


async def test_failures_answer_422_with_the_reason(
    client: httpx.AsyncClient, owner: factories.Account, allowing: AttachmentsRuntime, file_server: FileServer
) -> None:
    response = await _from_url(client, owner, file_server.url("/missing"))
    assert response.status_code == 422
    assert response.json()["message"] == (
        "The file could not be downloaded from the url: the server answered with status 404."
    )
    for bad in ("ftp://example.com/a.txt", "not a url", "http:///nohost"):
        response = await _from_url(client, owner, bad)
        assert response.status_code == 422, bad
        assert "absolute http or https URL" in response.json()["message"]

    response = await client.post(owner.ws("/attachments/url"), headers=owner.headers, json={})
    assert response.status_code == 422
    assert response.json()["errors"] == {"url": ["The url field is required."]}

    # Nothing listens on port 1: a connection failure, not a 500.
    response = await _from_url(client, owner, "http://127.0.0.1:1/file")
    assert response.status_code == 422
    assert "could not be reached" in response.json()["message"]


async def test_size_cap_applies_to_downloads(
    client: httpx.AsyncClient,
    owner: factories.Account,
    allowing: AttachmentsRuntime,
    file_server: FileServer,
    files_root: Path,
) -> None:
    for path in ("/big-declared", "/big-chunked"):  # told up front / found out while streaming
        response = await _from_url(client, owner, file_server.url(path))
        assert response.status_code == 413, path
        assert response.json()["code"] == "general/payload-too-large"
    assert stored_files(files_root) == []


async def test_private_addresses_are_refused_by_default(
    client: httpx.AsyncClient,
    owner: factories.Account,
    runtime: AttachmentsRuntime,
    file_server: FileServer,
    files_root: Path,
) -> None:
    assert runtime.settings.allow_private_urls is False
    for url in (
        file_server.url("/files/report.pdf"),
        f"http://localhost:{file_server.port}/files/report.pdf",
    ):
        response = await _from_url(client, owner, url)
        assert response.status_code == 422
        assert "private or loopback address" in response.json()["message"]
    assert stored_files(files_root) == []


async def test_every_redirect_hop_is_checked(
    client: httpx.AsyncClient,
    owner: factories.Account,
    runtime: AttachmentsRuntime,
    file_server: FileServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first hop is let through (as if it were public); its redirect to localhost is not."""

    async def first_hop_public(url: str, *, allow_private: bool) -> outbound.PinnedTarget:
        if url.startswith("http://127.0.0.1:"):
            return await outbound.pin(url, allow_private=True)
        return await outbound.pin(url, allow_private=allow_private)

    monkeypatch.setattr(fetch, "pin", first_hop_public)
    response = await _from_url(client, owner, file_server.url(f"/to-localhost/{file_server.port}"))
    assert response.status_code == 422
    assert "private or loopback address" in response.json()["message"]


async def test_stranger_gets_404(
    app: FastAPI, client: httpx.AsyncClient, owner: factories.Account, allowing: AttachmentsRuntime
) -> None:
    stranger = await factories.account(app)
    response = await client.post(
        owner.ws("/attachments/url"), headers=stranger.headers, json={"url": "http://127.0.0.1:1/"}
    )
    assert response.status_code == 404
