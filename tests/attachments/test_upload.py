from __future__ import annotations

import re
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from openinfinity.files.models import Attachment
from openinfinity.files.runtime import AttachmentsRuntime
from tests import factories
from tests.factories_attachments import install_runtime, relative, stored_files, upload

SEED_KEYS = [
    "link",
    "path",
    "original_name",
    "filesize",
    "thumb",
    "team_id",
    "updated_at",
    "created_at",
    "id",
    "extension",
    "basename",
    "filename",
]
DATE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


async def _count(app: FastAPI, workspace_id: int) -> int:
    async with app.state.db.transaction(write=False) as session:
        stmt = select(func.count()).select_from(Attachment).where(Attachment.workspace_id == workspace_id)
        return int(await session.scalar(stmt) or 0)


async def test_upload_answers_the_seed_object_and_stores_under_a_random_name(
    client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime, files_root: Path
) -> None:
    response = await upload(client, owner, b"hello world", name="test.txt")

    assert response.status_code == 201, response.text
    body = response.json()
    assert list(body) == SEED_KEYS
    assert isinstance(body["id"], int)
    assert body["original_name"] == "test.txt"
    assert (body["basename"], body["filename"], body["extension"]) == ("test.txt", "test", "txt")
    assert body["filesize"] == 11
    assert body["thumb"] is None
    assert body["team_id"] == owner.workspace_id
    assert DATE.match(body["created_at"]) and DATE.match(body["updated_at"])
    assert re.fullmatch(rf"item-files/{owner.workspace_id}/[A-Za-z0-9]{{40}}\.txt", body["path"])
    assert (files_root / body["path"]).read_bytes() == b"hello world"
    assert re.fullmatch(
        rf"http://testserver/api/v2/attachments/{body['id']}/download\?expires=\d+&signature=[0-9a-f]{{64}}",
        body["link"],
    )

    download = await client.get(relative(body["link"]))  # no token: the signature is enough
    assert download.status_code == 200
    assert download.content == b"hello world"
    assert download.headers["content-type"].startswith("text/plain")
    assert download.headers["content-disposition"] == (
        "inline; filename=\"test.txt\"; filename*=UTF-8''test.txt"
    )
    assert download.headers["x-content-type-options"] == "nosniff"


async def test_file_without_extension_and_unicode_name(
    client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime
) -> None:
    body = (await upload(client, owner, b"\x00\x01", name="Résumé 2024", content_type="")).json()
    assert (body["extension"], body["filename"], body["basename"]) == ("", "Résumé 2024", "Résumé 2024")
    assert re.fullmatch(rf"item-files/{owner.workspace_id}/[A-Za-z0-9]{{40}}", body["path"])

    download = await client.get(relative(body["link"]))
    assert download.headers["content-type"] == "application/octet-stream"
    assert download.headers["content-disposition"] == (
        "attachment; filename=\"Resume 2024\"; filename*=UTF-8''R%C3%A9sum%C3%A9%202024"
    )


async def test_path_components_are_stripped_from_the_name(
    client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime
) -> None:
    body = (await upload(client, owner, b"x", name="C:\\Users\\me\\..\\evil.html")).json()
    assert body["original_name"] == "evil.html"
    download = await client.get(relative(body["link"]))
    # Uploaded HTML is offered as a download and may never run as one of our pages.
    assert download.headers["content-disposition"].startswith("attachment;")
    assert "sandbox" in download.headers["content-security-policy"]


async def test_empty_file_is_accepted(
    client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime
) -> None:
    response = await upload(client, owner, b"", name="empty.txt")
    assert response.status_code == 201
    assert response.json()["filesize"] == 0


async def test_any_member_may_upload_and_strangers_get_404(
    app: FastAPI, client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime
) -> None:
    restricted = await factories.member(app, owner.workspace_id, role="restricted-member")
    assert (await upload(client, restricted, b"mine")).status_code == 201

    stranger = await factories.account(app)
    response = await upload(client, stranger, b"theirs", workspace_id=owner.workspace_id)
    assert response.status_code == 404
    assert response.json()["code"] == "general/not-found"

    read_only = await factories.token(app, owner.user_id, scopes=["read"])
    response = await client.post(
        owner.ws("/attachments/file"),
        headers={"Authorization": f"Bearer {read_only}"},
        files={"file": ("a.txt", b"a", "text/plain")},
    )
    assert response.status_code == 403

    response = await client.post(owner.ws("/attachments/file"), files={"file": ("a.txt", b"a")})
    assert response.status_code == 401
    assert await _count(app, owner.workspace_id) == 1


async def test_missing_file_field(
    client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime, files_root: Path
) -> None:
    response = await client.post(
        owner.ws("/attachments/file"), headers=owner.headers, files={"other": ("a.txt", b"a")}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "general/missing-fields"
    assert response.json()["errors"] == {"file": ["The file field is required."]}

    response = await client.post(
        owner.ws("/attachments/file"), headers=owner.headers, files={"file": (None, "just text")}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"file": ["The file field must be a file."]}

    response = await client.post(owner.ws("/attachments/file"), headers=owner.headers, json={"file": "x"})
    assert response.status_code == 422
    assert stored_files(files_root) == []


async def test_truncated_multipart_body_is_a_clean_400_and_stores_nothing(
    client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime, files_root: Path
) -> None:
    body = b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nsome bytes'
    response = await client.post(
        owner.ws("/attachments/file"),
        headers={**owner.headers, "Content-Type": "multipart/form-data; boundary=XyZ"},
        content=body,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "general/malformed-request"
    assert stored_files(files_root) == []


async def test_size_cap_answers_413_and_leaves_nothing(
    app: FastAPI, client: httpx.AsyncClient, owner: factories.Account, tmp_path: Path
) -> None:
    root = tmp_path / "capped"
    install_runtime(app, root, max_upload_bytes=1000)
    try:
        # Exactly at the cap is fine.
        assert (await upload(client, owner, b"a" * 1000)).status_code == 201
        before = stored_files(root)

        # Over the cap, detected while streaming (the declared length alone does not give it away).
        response = await upload(client, owner, b"a" * 5000)
        assert response.status_code == 413
        assert response.json() == {
            "message": "The file is larger than the upload limit of 1000 bytes.",
            "code": "general/payload-too-large",
        }
        # Far over the cap: refused from Content-Length before the body is read.
        response = await upload(client, owner, b"a" * (3 * 1024 * 1024))
        assert response.status_code == 413

        assert stored_files(root) == before
        assert await _count(app, owner.workspace_id) == 1
    finally:
        app.state.attachments = None


async def test_upload_streams_without_holding_the_file_in_memory(
    app: FastAPI, client: httpx.AsyncClient, owner: factories.Account, tmp_path: Path
) -> None:
    root = tmp_path / "big"
    install_runtime(app, root)
    size = 24 * 1024 * 1024
    boundary = "streamedboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    async def body() -> AsyncIterator[bytes]:
        yield head
        block = b"z" * (256 * 1024)
        for _ in range(size // len(block)):
            yield block
        yield tail

    tracemalloc.start()
    try:
        response = await client.post(
            owner.ws("/attachments/file"),
            headers={**owner.headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
            content=body(),
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        app.state.attachments = None
    assert response.status_code == 201, response.text
    assert response.json()["filesize"] == size
    assert (root / response.json()["path"]).stat().st_size == size
    # A 24 MB upload passes through a few MB at most (chunks in flight, not the file).
    assert peak < 8 * 1024 * 1024, peak


async def test_interrupted_upload_leaves_nothing(
    app: FastAPI, owner: factories.Account, runtime: AttachmentsRuntime, files_root: Path
) -> None:
    """The client goes away halfway through: the partial file is removed, no row is written."""
    head = b'--B\r\nContent-Disposition: form-data; name="file"; filename="half.bin"\r\n\r\n'
    messages = [
        {"type": "http.request", "body": head + b"x" * 70_000, "more_body": True},
        {"type": "http.request", "body": b"y" * 70_000, "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": owner.ws("/attachments/file"),
        "raw_path": owner.ws("/attachments/file").encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"testserver"),
            (b"authorization", owner.headers["Authorization"].encode()),
            (b"content-type", b"multipart/form-data; boundary=B"),
        ],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)  # type: ignore[arg-type]

    assert sent[0]["status"] == 400
    assert stored_files(files_root) == []
    assert await _count(app, owner.workspace_id) == 0
