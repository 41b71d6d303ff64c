"""The storage contract, run against every backend: memory, a local directory, and S3 (a real
moto server on this machine)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from openinfinity.files.storage import ObjectMissing, Storage, build_storage, check_key
from openinfinity.files.storage.local import LocalStorage
from openinfinity.files.storage.memory import MemoryStorage
from openinfinity.files.storage.s3 import PART_SIZE, S3Storage
from tests import factories
from tests.factories_attachments import install_runtime, relative, upload

BACKENDS = ["memory", "local", "s3"]


@pytest.fixture(params=BACKENDS)
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    if request.param == "memory":
        return MemoryStorage()
    if request.param == "local":
        return LocalStorage(tmp_path / "store")
    backend: S3Storage = request.getfixturevalue("s3_storage")
    return backend


async def _chunks(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


async def _read(storage: Storage, key: str, **kwargs: int) -> bytes:
    return b"".join([chunk async for chunk in storage.open(key, **kwargs)])


class Boom(Exception):
    pass


async def _failing() -> AsyncIterator[bytes]:
    yield b"partial data"
    raise Boom


async def test_save_open_size_delete(storage: Storage) -> None:
    key = "item-files/1/abc.txt"
    assert await storage.save(key, _chunks(b"hello ", b"world")) == 11
    assert await storage.size(key) == 11
    assert await _read(storage, key) == b"hello world"
    assert await _read(storage, key, start=6) == b"world"
    assert await _read(storage, key, start=2, length=3) == b"llo"
    assert await _read(storage, key, start=0, length=0) == b""

    await storage.delete(key)
    await storage.delete(key)  # deleting twice is fine
    with pytest.raises(ObjectMissing):
        await storage.size(key)
    with pytest.raises(ObjectMissing):
        await _read(storage, key)


async def test_empty_object(storage: Storage) -> None:
    assert await storage.save("item-files/1/empty", _chunks()) == 0
    assert await storage.size("item-files/1/empty") == 0
    assert await _read(storage, "item-files/1/empty") == b""


async def test_a_failed_save_leaves_nothing(storage: Storage) -> None:
    with pytest.raises(Boom):
        await storage.save("item-files/1/broken.bin", _failing())
    with pytest.raises(ObjectMissing):
        await storage.size("item-files/1/broken.bin")


def test_keys_cannot_escape_the_storage_root() -> None:
    for bad in ("../etc/passwd", "a/../../b", "/abs/path", "a//b", ".hidden", ""):
        with pytest.raises(ValueError):
            check_key(bad)
    assert check_key("item-files/669/Zg0.jpg") == "item-files/669/Zg0.jpg"


async def test_local_storage_leaves_no_partial_files(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "store")
    with pytest.raises(Boom):
        await storage.save("item-files/1/broken.bin", _failing())
    assert [p for p in (tmp_path / "store").rglob("*") if p.is_file()] == []


async def test_s3_large_objects_go_up_in_parts(s3_storage: S3Storage) -> None:
    block = bytes(range(256)) * 4096  # 1 MiB
    count = PART_SIZE // len(block) + 2  # more than one part
    size = await s3_storage.save("item-files/1/large.bin", _chunks(*([block] * count)))
    assert size == count * len(block)
    assert await s3_storage.size("item-files/1/large.bin") == size
    tail = await _read(s3_storage, "item-files/1/large.bin", start=size - 10)
    assert tail == block[-10:]
    # An aborted multipart upload leaves neither the object nor a pending upload behind.
    with pytest.raises(Boom):
        await s3_storage.save("item-files/1/aborted.bin", _big_failing(block, count))
    pending = s3_storage.client.list_multipart_uploads(Bucket=s3_storage.bucket).get("Uploads", [])
    assert pending == []
    with pytest.raises(ObjectMissing):
        await s3_storage.size("item-files/1/aborted.bin")


async def _big_failing(block: bytes, count: int) -> AsyncIterator[bytes]:
    for _ in range(count):
        yield block
    raise Boom


def test_settings_choose_the_backend(app: FastAPI, tmp_path: Path) -> None:
    local = build_storage(app.state.settings.model_copy(update={"storage_dir": tmp_path}))
    assert isinstance(local, LocalStorage)
    s3 = build_storage(
        app.state.settings.model_copy(
            update={"storage_backend": "s3", "s3_bucket": "b", "s3_endpoint_url": "http://127.0.0.1:9"}
        )
    )
    assert isinstance(s3, S3Storage) and s3.bucket == "b"
    with pytest.raises(ValueError, match="S3_BUCKET"):
        build_storage(app.state.settings.model_copy(update={"storage_backend": "s3", "s3_bucket": None}))


async def test_upload_and_download_through_s3(
    app: FastAPI, client: httpx.AsyncClient, owner: factories.Account, s3_storage: S3Storage, tmp_path: Path
) -> None:
    install_runtime(app, tmp_path, storage=s3_storage)
    try:
        content = b"0123456789" * 100
        body = (await upload(client, owner, content, name="s3.txt")).json()
        stored = s3_storage.client.get_object(Bucket=s3_storage.bucket, Key=body["path"])["Body"].read()
        assert stored == content
        response = await client.get(relative(body["link"]), headers={"Range": "bytes=10-19"})
        assert (response.status_code, response.content) == (206, content[10:20])
    finally:
        app.state.attachments = None
