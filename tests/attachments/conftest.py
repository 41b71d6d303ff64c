from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from openinfinity.files.runtime import AttachmentsRuntime
from openinfinity.files.storage.s3 import S3Storage
from tests.factories_attachments import install_runtime


@pytest.fixture
def files_root(tmp_path: Path) -> Path:
    return tmp_path / "files"


@pytest.fixture
def runtime(app: FastAPI, files_root: Path) -> Iterator[AttachmentsRuntime]:
    """Attachments on a fresh local directory; restored afterwards so tests stay independent."""
    previous = getattr(app.state, "attachments", None)
    yield install_runtime(app, files_root)
    app.state.attachments = previous


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    """A real S3-compatible server (moto in server mode) on 127.0.0.1, stopped by its pid."""
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(endpoint + "/moto-api/", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("moto server did not start") from None
                time.sleep(0.2)
        yield endpoint
    finally:
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


@pytest.fixture
def s3_storage(moto_server: str) -> S3Storage:
    """A fresh bucket on the moto server."""
    storage = S3Storage(
        bucket=f"bucket-{uuid.uuid4().hex[:12]}",
        endpoint_url=moto_server,
        region="us-east-1",
        access_key_id="testing",
        secret_access_key="testing",
    )
    storage.client.create_bucket(Bucket=storage.bucket)
    return storage
