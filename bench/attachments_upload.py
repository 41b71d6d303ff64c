"""Upload and download a large file through a real server and report throughput and the
server's peak memory (it must stay flat: uploads and downloads stream).

    PYTHONPATH=src python -m bench.attachments_upload --megabytes 1024
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _cli(env: dict[str, str], *args: str) -> str:
    code = "from openinfinity.cli.main import app; app()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, check=True, capture_output=True, text=True
    ).stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=1024)
    parser.add_argument("--port", type=int, default=18777)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "OPENINFINITY_DATABASE_URL": f"sqlite:///{tmp}/bench.db",
            "OPENINFINITY_STORAGE_DIR": f"{tmp}/files",
            "OPENINFINITY_SECRET_KEY": "bench",
            "OPENINFINITY_PORT": str(args.port),
            "OPENINFINITY_MAX_UPLOAD_BYTES": str((args.megabytes + 1) * 1024 * 1024),
            "OPENINFINITY_RATE_LIMIT": "100000/minute",
            "OPENINFINITY_RATE_LIMIT_UPLOADS": "off",
        }
        account = json.loads(
            _cli(env, "bootstrap", "--email", "bench@example.com", "--name", "B", "--workspace", "W")
        )
        code = "from openinfinity.cli.main import app; app()"
        server = subprocess.Popen(
            [sys.executable, "-c", code, "serve"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{args.port}"
            for _ in range(100):
                try:
                    httpx.get(base + "/health", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            peak = [_rss_kb(server.pid)]
            done = threading.Event()

            def watch() -> None:
                while not done.is_set():
                    peak.append(_rss_kb(server.pid))
                    time.sleep(0.2)

            threading.Thread(target=watch, daemon=True).start()
            size = args.megabytes * 1024 * 1024
            block = os.urandom(1024 * 1024)

            def body():  # type: ignore[no-untyped-def]
                yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n'
                for _ in range(args.megabytes):
                    yield block
                yield b"\r\n--b--\r\n"

            started = time.perf_counter()
            response = httpx.post(
                f"{base}/api/v2/workspaces/{account['workspace_id']}/attachments/file",
                headers={
                    "Authorization": f"Bearer {account['token']}",
                    "Content-Type": "multipart/form-data; boundary=b",
                },
                content=body(),
                timeout=600,
            )
            upload_s = time.perf_counter() - started
            response.raise_for_status()
            started = time.perf_counter()
            received = 0
            with httpx.stream("GET", response.json()["link"], timeout=600) as download:
                for chunk in download.iter_bytes():
                    received += len(chunk)
            download_s = time.perf_counter() - started
            done.set()
            assert received == size, (received, size)
            print(
                json.dumps(
                    {
                        "megabytes": args.megabytes,
                        "upload_mb_per_s": round(args.megabytes / upload_s, 1),
                        "download_mb_per_s": round(args.megabytes / download_s, 1),
                        "server_rss_start_mb": round(peak[0] / 1024, 1),
                        "server_rss_peak_mb": round(max(peak) / 1024, 1),
                    }
                )
            )
        finally:
            os.kill(server.pid, signal.SIGTERM)
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
