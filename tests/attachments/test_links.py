from __future__ import annotations

import io
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI
from PIL import Image

from openinfinity.files.runtime import AttachmentsRuntime
from openinfinity.files.signing import LinkSigner, load_secret
from tests import factories
from tests.factories_attachments import png_bytes, relative, upload

CONTENT = bytes(range(256)) * 4  # 1024 bytes, every offset distinguishable


async def _uploaded(client: httpx.AsyncClient, owner: factories.Account) -> dict[str, object]:
    response = await upload(client, owner, CONTENT, name="data.bin", content_type="application/octet-stream")
    assert response.status_code == 201
    body: dict[str, object] = response.json()
    return body


def _with_query(link: str, **changes: str) -> str:
    parts = urlsplit(link)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return parts.path + "?" + "&".join(f"{k}={v}" for k, v in query.items() if v is not None)


async def test_tampered_links_are_refused_with_403(
    client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime
) -> None:
    body = await _uploaded(client, owner)
    link = str(body["link"])
    expires = parse_qs(urlsplit(link).query)["expires"][0]
    signature = parse_qs(urlsplit(link).query)["signature"][0]

    tampered = [
        _with_query(link, signature=("0" if signature[0] != "0" else "1") + signature[1:]),
        _with_query(link, expires=str(int(expires) + 3600)),  # extending a link breaks it
        f"/api/v2/attachments/{body['id']}/download?expires={expires}",
        f"/api/v2/attachments/{body['id']}/download",
        relative(link).replace(f"/attachments/{body['id']}/", f"/attachments/{int(str(body['id'])) + 1000}/"),
        relative(link).replace("/download?", "/thumb?"),  # a download signature is not a thumb's
        f"/api/v2/attachments/abc/download?expires={expires}&signature={signature}",
    ]
    for url in tampered:
        response = await client.get(url)
        assert response.status_code == 403, url
        assert response.json() == {"message": "This link is invalid.", "code": "attachments/invalid-link"}

    assert (await client.get(relative(link))).status_code == 200


async def test_expired_link_is_refused(
    client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime
) -> None:
    body = await _uploaded(client, owner)
    stale = runtime.signer.link("download", int(str(body["id"])), str(body["path"]), now=time.time() - 7201)
    response = await client.get(relative(stale))
    assert response.status_code == 403
    assert response.json()["code"] == "attachments/link-expired"

    almost = runtime.signer.link("download", int(str(body["id"])), str(body["path"]), now=time.time() - 7000)
    assert (await client.get(relative(almost))).status_code == 200


def test_links_last_the_configured_ttl_and_are_signed_with_the_server_secret() -> None:
    signer = LinkSigner(b"k1", base_url="https://files.example", ttl=7200)
    link = signer.link("download", 7, "item-files/1/abc.jpg", now=1_000_000)
    query = parse_qs(urlsplit(link).query)
    assert link.startswith("https://files.example/api/v2/attachments/7/download?")
    assert query["expires"] == ["1007200"]
    signer.verify(
        "download",
        7,
        "item-files/1/abc.jpg",
        expires="1007200",
        signature=query["signature"][0],
        now=1_007_200,
    )
    other = LinkSigner(b"k2", base_url="https://files.example", ttl=7200)
    with pytest.raises(Exception, match="invalid"):
        other.verify(
            "download", 7, "item-files/1/abc.jpg", expires="1007200", signature=query["signature"][0], now=1
        )
    # The signature binds the stored object: the same id naming another file does not verify.
    with pytest.raises(Exception, match="invalid"):
        signer.verify(
            "download", 7, "item-files/1/xyz.jpg", expires="1007200", signature=query["signature"][0], now=1
        )


def test_generated_secret_is_persisted_and_reused(tmp_path: object, app: FastAPI) -> None:
    from pathlib import Path

    secret_file = Path(str(tmp_path)) / "data" / "secret_key"
    settings = app.state.settings.model_copy(update={"secret_key": None})
    first = load_secret(settings, secret_file=secret_file)
    assert len(first) >= 48
    assert load_secret(settings, secret_file=secret_file) == first
    assert secret_file.stat().st_mode & 0o077 == 0  # readable by the server's user only
    configured = app.state.settings.model_copy(update={"secret_key": "from-settings"})
    assert load_secret(configured, secret_file=secret_file) == b"from-settings"


@pytest.mark.parametrize(
    ("header", "status", "content_range", "expected"),
    [
        ("bytes=0-9", 206, "bytes 0-9/1024", CONTENT[0:10]),
        ("bytes=1000-", 206, "bytes 1000-1023/1024", CONTENT[1000:]),
        ("bytes=-5", 206, "bytes 1019-1023/1024", CONTENT[-5:]),
        ("bytes=1020-5000", 206, "bytes 1020-1023/1024", CONTENT[1020:]),
        ("bytes=0-1,5-6", 200, None, CONTENT),  # several ranges: the whole file
        ("items=0-1", 200, None, CONTENT),
    ],
)
async def test_range_requests(
    client: httpx.AsyncClient,
    owner: factories.Account,
    runtime: AttachmentsRuntime,
    header: str,
    status: int,
    content_range: str | None,
    expected: bytes,
) -> None:
    body = await _uploaded(client, owner)
    response = await client.get(relative(str(body["link"])), headers={"Range": header})
    assert response.status_code == status
    assert response.headers.get("content-range") == content_range
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["content-length"] == str(len(expected))
    assert response.content == expected


async def test_unsatisfiable_range_and_if_range(
    client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime
) -> None:
    body = await _uploaded(client, owner)
    link = relative(str(body["link"]))
    response = await client.get(link, headers={"Range": "bytes=1024-"})
    assert response.status_code == 416
    assert response.headers["content-range"] == "bytes */1024"
    assert response.json()["code"] == "attachments/range-not-satisfiable"

    etag = (await client.get(link)).headers["etag"]
    resumed = await client.get(link, headers={"Range": "bytes=10-19", "If-Range": etag})
    assert (resumed.status_code, resumed.content) == (206, CONTENT[10:20])
    changed = await client.get(link, headers={"Range": "bytes=10-19", "If-Range": '"something-else"'})
    assert (changed.status_code, changed.content) == (200, CONTENT)


async def test_head_and_any_accept_header(
    client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime
) -> None:
    body = await _uploaded(client, owner)
    link = relative(str(body["link"]))
    head = await client.head(link)
    assert head.status_code == 200
    assert head.headers["content-length"] == "1024"
    assert head.content == b""
    # Browsers and download tools do not ask for JSON; files are served whatever they accept.
    response = await client.get(link, headers={"Accept": "application/octet-stream"})
    assert response.status_code == 200
    assert response.content == CONTENT


async def test_missing_stored_file_is_a_404(
    client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime
) -> None:
    body = await _uploaded(client, owner)
    await runtime.storage.delete(str(body["path"]))
    response = await client.get(relative(str(body["link"])))
    assert response.status_code == 404
    assert response.json()["code"] == "general/not-found"


async def test_images_get_a_signed_thumbnail(
    client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime
) -> None:
    response = await upload(client, owner, png_bytes(800, 600), name="photo.png", content_type="image/png")
    body = response.json()
    assert body["thumb"] is not None
    assert f"/api/v2/attachments/{body['id']}/thumb?expires=" in body["thumb"]

    thumb = await client.get(relative(body["thumb"]))
    assert thumb.status_code == 200
    assert thumb.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(thumb.content))
    assert image.format == "JPEG"
    assert max(image.size) == 320 and image.size == (320, 240)

    # Transparency is kept (PNG); the image type comes from its bytes, not from its name.
    response = await upload(client, owner, png_bytes(100, 50, mode="RGBA"), name="logo", content_type="")
    body = response.json()
    thumb = await client.get(relative(body["thumb"]))
    assert thumb.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(thumb.content)).mode == "RGBA"
    original = await client.get(relative(body["link"]))
    assert original.headers["content-type"] == "image/png"

    # Something named like an image that is not one: no thumbnail, no error.
    response = await upload(client, owner, b"not an image", name="fake.jpg", content_type="image/jpeg")
    assert response.status_code == 201
    assert response.json()["thumb"] is None
