"""`make docs` as a test: the API reference is generated from the server's OpenAPI document and the
site builds from the guide, the reference and the server pages; the built pages load nothing
from other hosts, and the user-facing pages name no internal function or module."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from openinfinity.app import create_app
from openinfinity.core.config import Settings
from openinfinity.openapi.routes_table import api_routes

ROOT = Path(__file__).resolve().parents[2]
MKDOCS = Path(sys.executable).with_name("mkdocs")


def _build(tmp: Path) -> Path:
    shutil.copytree(ROOT / "docs", tmp / "docs", ignore=shutil.ignore_patterns("reference.md"))
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    generated = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "api_reference.py"), str(tmp / "docs" / "reference.md")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert generated.returncode == 0, generated.stderr
    built = subprocess.run(
        [str(MKDOCS), "build", "--site-dir", str(tmp / "site")],
        cwd=tmp,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    # Pages of the guide that mkdocs could not find or link are reported as warnings.
    assert "WARNING" not in built.stderr, built.stderr[-3000:]
    return tmp / "site"


def test_site_builds_with_the_generated_reference(tmp_path: Path) -> None:
    site = _build(tmp_path)
    reference = (site / "reference" / "index.html").read_text()
    for text in (
        "listItems",
        "createItem",
        "createAttachmentFromFile",
        "LabelData",
        "Example response (201)",
    ):
        assert text in reference, text
    for page in ("getting-started", "concepts", "webhooks", "errors", "rate-limits"):
        assert (site / "guide" / page / "index.html").is_file(), page
    assert "Getting started" in (site / "index.html").read_text()
    external = [
        f"{page.relative_to(site)}: {match}"
        for page in site.rglob("*.html")
        for match in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?://[^"]+)"', page.read_text())
    ]
    assert external == []


def test_user_docs_name_no_internal_functions(tmp_path: Path) -> None:
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/unused.db"))
    internal = {route.name for route in api_routes(app) if "_" in route.name.strip("_")}
    assert {"list_items", "create_item"} <= internal
    reference = tmp_path / "reference.md"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "api_reference.py"), str(reference)], check=True)
    pages = [ROOT / "docs" / "index.md", reference, *sorted((ROOT / "docs" / "guide").glob("*.md"))]
    found = [
        f"{page.name}: {word}"
        for page in pages
        for word in set(re.findall(r"[A-Za-z_][A-Za-z0-9_.]*", page.read_text()))
        if word in internal or word.startswith("openinfinity.") or word.endswith(".py")
    ]
    assert found == []
