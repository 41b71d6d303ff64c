"""The web app's shell at `/` and `/w/...`, its assets under `/assets/`, and the page shown when
the bundle was never built. A small stand-in bundle in a temporary directory plays `dist/`."""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from openinfinity.web.assets import AssetStore
from tests import factories_auth as fa

MakeClient = Callable[..., Coroutine[Any, Any, httpx.AsyncClient]]
APP_JS = b'import "./chunk.js";\nconsole.log("openinfinity");\n'
APP_CSS = b"body { margin: 0 }\n" + b".cell { padding: 2px }\n" * 100  # big enough to be gzipped


def digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:16]


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    root.mkdir()
    (root / "app.js").write_bytes(APP_JS)
    (root / "app.css").write_bytes(APP_CSS)
    (root / "chunk.js").write_bytes(b"export const x = 1;\n")
    (root / "notes.py").write_bytes(b"print('not an asset')\n")
    (tmp_path / "secret.js").write_bytes(b"outside dist\n")
    return root


def meta_csrf(page: str) -> str:
    match = re.search(r'<meta name="csrf-token" content="([0-9a-f]+)">', page)
    assert match, "shell has no csrf-token meta"
    return match.group(1)


async def test_signed_out_visitors_go_to_sign_in_and_come_back(
    app: FastAPI, make_client: MakeClient, dist: Path
) -> None:
    browser = await make_client(webapp_dist=dist)
    for path, next_value in (("/", "/"), ("/w/5/b/7?item=9", "/w/5/b/7%3Fitem%3D9")):
        response = await browser.get(path)
        assert response.status_code == 302, path
        assert response.headers["location"] == f"/signin?next={next_value}"
    page = await browser.get("/signin?next=/w/5/b/7%3Fitem%3D9")
    user = await fa.with_password(app)
    signed_in = await browser.post(
        "/signin",
        data={
            "email": user.email,
            "password": fa.PASSWORD,
            "csrf_token": fa.csrf_token(page.text),
            "next": fa.hidden_fields(page.text)["next"],
        },
    )
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/w/5/b/7?item=9"
    assert (await browser.get("/w/5/b/7?item=9")).status_code == 200


async def test_the_shell_loads_the_hashed_bundle_with_the_session_csrf_token(
    app: FastAPI, make_client: MakeClient, dist: Path
) -> None:
    browser = await make_client(webapp_dist=dist)
    user = await fa.with_password(app)
    page = await browser.get("/signin")
    signed_in = await browser.post(
        "/signin", data={"email": user.email, "password": fa.PASSWORD, "csrf_token": fa.csrf_token(page.text)}
    )
    assert signed_in.headers["location"] == "/"  # no `next`: the web app
    for path in ("/", "/w/1", "/w/1/b/2/v/3"):
        shell = await browser.get(path)
        assert shell.status_code == 200 and shell.headers["content-type"].startswith("text/html"), path
        assert '<div id="app"></div>' in shell.text
        assert f'<link rel="stylesheet" href="/assets/app.css?v={digest(APP_CSS)}">' in shell.text
        assert f'<script type="module" src="/assets/app.js?v={digest(APP_JS)}"></script>' in shell.text
        assert shell.headers["cache-control"] == "no-store"
        assert "script-src 'self'" in shell.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in shell.headers["content-security-policy"]
    # The token in the page is the one the API wants on writes.
    csrf = meta_csrf(shell.text)
    created = await browser.post(
        user.ws("/boards"), json={"name": "From the app"}, headers={"X-CSRF-Token": csrf}
    )
    assert created.status_code == 201, created.text


async def test_assets_are_served_with_types_etags_and_long_cache_for_the_current_hash(
    make_client: MakeClient, dist: Path
) -> None:
    http = await make_client(webapp_dist=dist)
    current = await http.get(f"/assets/app.js?v={digest(APP_JS)}")
    assert current.status_code == 200 and current.content == APP_JS
    assert current.headers["content-type"] == "text/javascript; charset=utf-8"
    assert current.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert current.headers["etag"] == f'"{digest(APP_JS)}"'
    assert current.headers["x-content-type-options"] == "nosniff"
    # Without the hash, or with an old one, the browser revalidates.
    for url in ("/assets/app.js", "/assets/app.js?v=0123456789abcdef", "/assets/chunk.js"):
        response = await http.get(url)
        assert response.status_code == 200 and response.headers["cache-control"] == "no-cache", url
    revalidated = await http.get("/assets/app.js", headers={"If-None-Match": current.headers["etag"]})
    assert revalidated.status_code == 304 and revalidated.content == b""

    styles = await http.get("/assets/app.css", headers={"Accept-Encoding": "gzip"})
    assert styles.headers["content-type"] == "text/css; charset=utf-8"
    assert styles.headers["content-encoding"] == "gzip" and styles.headers["vary"] == "Accept-Encoding"
    assert styles.content == APP_CSS  # httpx decoded it
    assert int(styles.headers["content-length"]) == len(gzip.compress(APP_CSS, compresslevel=9, mtime=0))
    plain = await http.get("/assets/app.css", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == APP_CSS
    assert plain.headers["etag"] != styles.headers["etag"]

    for url in ("/assets/notes.py", "/assets/missing.js", "/assets/..%2Fsecret.js", "/assets/"):
        refused = await http.get(url)
        assert refused.status_code == 404 and b"outside" not in refused.content, url
    store = AssetStore(dist)
    assert store.get("../secret.js") is None and store.get(str(dist.parent / "secret.js")) is None
    assert store.get("sub/../chunk.js") is not None


async def test_a_rebuilt_bundle_gets_a_new_hash(app: FastAPI, make_client: MakeClient, dist: Path) -> None:
    browser = await make_client(webapp_dist=dist)
    user = await fa.with_password(app)
    assert (await fa.sign_in(browser, user.email)).status_code == 303
    rebuilt = APP_JS + b"// rebuilt\n"
    (dist / "app.js").write_bytes(rebuilt)
    shell = await browser.get("/")
    assert f"/assets/app.js?v={digest(rebuilt)}" in shell.text
    old = await browser.get(f"/assets/app.js?v={digest(APP_JS)}")
    assert old.content == rebuilt and old.headers["cache-control"] == "no-cache"


async def test_without_a_build_the_page_says_to_run_make_webapp(
    app: FastAPI, make_client: MakeClient, tmp_path: Path
) -> None:
    browser = await make_client(webapp_dist=tmp_path / "never-built")
    user = await fa.with_password(app)
    for signed_in in (False, True):
        if signed_in:
            assert (await fa.sign_in(browser, user.email)).status_code == 303
        for path in ("/", "/w/1/b/2"):
            page = await browser.get(path)
            assert page.status_code == 503, path
            assert page.headers["content-type"].startswith("text/html")
            assert "make webapp" in page.text and "app.js, app.css" in page.text
    assert (await browser.get("/assets/app.js")).status_code == 404
