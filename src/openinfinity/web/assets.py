"""The built web app (`webapp/dist/`, made by `make webapp`) served under `/assets/`.

Each file is read once per version (its mtime and size) and kept in memory with its content hash
and, for text, a gzip copy: the few files of the bundle are small, and serving them from memory
keeps a page load off the disk. The shell links `/assets/app.js?v=<hash>`; a request whose `v` is
the current hash may be cached for a year (`immutable`), any other is revalidated by its ETag, so
a rebuilt bundle reaches browsers on their next page load.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from starlette.responses import PlainTextResponse, Response

from openinfinity.appstate import app_state

# The package's own build output; Settings.webapp_dist points elsewhere (tests, custom builds).
DIST = Path(__file__).resolve().parent.parent / "webapp" / "dist"
ENTRY_POINTS = ("app.js", "app.css")

CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".map": "application/json",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".txt": "text/plain; charset=utf-8",
}
COMPRESSIBLE = frozenset({".js", ".mjs", ".css", ".map", ".json", ".svg", ".txt"})
# Below this gzip saves less than the header costs.
MIN_GZIP_BYTES = 1024
LONG_CACHE = "public, max-age=31536000, immutable"


@dataclass(frozen=True, slots=True)
class Asset:
    body: bytes
    gzipped: bytes | None
    digest: str
    content_type: str
    stamp: tuple[int, int]  # (mtime_ns, size) of the file this was read from


class AssetStore:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._loaded: dict[Path, Asset] = {}

    @property
    def built(self) -> bool:
        """Whether `make webapp` has produced the files the shell links."""
        return all((self.root / name).is_file() for name in ENTRY_POINTS)

    def get(self, name: str) -> Asset | None:
        """The file `name` below the root (a known type, no escape through `..`), or None."""
        path = (self.root / name).resolve()
        content_type = CONTENT_TYPES.get(path.suffix.lower())
        if content_type is None or not path.is_relative_to(self.root):
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        stamp = (stat.st_mtime_ns, stat.st_size)
        cached = self._loaded.get(path)
        if cached is not None and cached.stamp == stamp:
            return cached
        try:
            body = path.read_bytes()
        except OSError:  # a directory, or removed since the stat
            return None
        compress = path.suffix.lower() in COMPRESSIBLE and len(body) >= MIN_GZIP_BYTES
        asset = Asset(
            body=body,
            gzipped=gzip.compress(body, compresslevel=9, mtime=0) if compress else None,
            digest=hashlib.sha256(body).hexdigest()[:16],
            content_type=content_type,
            stamp=stamp,
        )
        self._loaded[path] = asset
        return asset

    def version(self, name: str) -> str:
        """The content hash the shell puts in `?v=` ("" when the file is missing)."""
        asset = self.get(name)
        return asset.digest if asset is not None else ""


router = APIRouter(include_in_schema=False)


def _etag_matches(if_none_match: str, etag: str) -> bool:
    if if_none_match.strip() == "*":
        return True
    return any(t.strip().removeprefix("W/") == etag for t in if_none_match.split(","))


@router.get("/assets/{name:path}")
async def asset(request: Request, name: Annotated[str, PathParam(max_length=300)]) -> Response:
    return serve_asset(request, app_state(request).webapp_assets, name)


def serve_asset(request: Request, store: AssetStore | None, name: str) -> Response:
    """`name` from `store` with its cache headers (also the interactive docs' bundles)."""
    found = store.get(name) if store is not None else None
    if found is None:
        return PlainTextResponse("Not found.", status_code=404, headers={"Cache-Control": "no-store"})
    use_gzip = found.gzipped is not None and "gzip" in request.headers.get("accept-encoding", "").lower()
    # Each encoding is its own representation, with its own ETag.
    plain_etag, gzip_etag = f'"{found.digest}"', f'"{found.digest}-gz"'
    headers = {
        "ETag": gzip_etag if use_gzip else plain_etag,
        "Cache-Control": LONG_CACHE if request.query_params.get("v") == found.digest else "no-cache",
        "X-Content-Type-Options": "nosniff",
    }
    if found.gzipped is not None:
        headers["Vary"] = "Accept-Encoding"
    if _etag_matches(request.headers.get("if-none-match", ""), headers["ETag"]):
        return Response(status_code=304, headers=headers)
    if use_gzip:
        headers["Content-Encoding"] = "gzip"
    body = found.gzipped if use_gzip and found.gzipped is not None else found.body
    return Response(body, media_type=found.content_type, headers=headers)
