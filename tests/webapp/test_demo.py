"""`openinfinity serve --demo` end to end: what it prints works (the web app's address, a sign-in
through the real /signin form, the token), and the demo workspace shows every part of the product
through the public API. A second start reuses it all."""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page

from openinfinity.schema.attributes.types import registry
from tests.webapp.harness import Api, LiveServer, live_server_in, sign_in


@dataclass(frozen=True)
class Printed:
    web_app: str
    email: str
    password: str
    token: str


def printed(log: Path) -> Printed:
    """The last demo banner in a server's output."""
    text = log.read_text()
    return Printed(
        web_app=re.findall(r"Web app:\s+(\S+)", text)[-1],
        email=re.findall(r"Sign in:\s+(\S+) / ", text)[-1],
        password=re.findall(r"Sign in:\s+\S+ / (\S+)", text)[-1],
        token=re.findall(r"Bearer (\S+?)'", text)[-1],
    )


@dataclass(frozen=True)
class Demo:
    """The demo workspace as the API shows it to the demo user."""

    printed: Printed
    api: Api
    workspace_id: int
    boards: dict[str, dict[str, Any]]
    attributes: dict[str, list[dict[str, Any]]]  # by board name
    items: dict[str, list[dict[str, Any]]]  # by board name, with values and their attributes

    def base(self, board: str) -> str:
        return f"/workspaces/{self.workspace_id}/boards/{self.boards[board]['id']}"

    def item_named(self, board: str, name: str) -> dict[str, Any]:
        return next(i for i in self.items[board] if name in [v["data"] for v in i["values"]])


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo")


@pytest.fixture(scope="module")
def live_server(demo_dir: Path) -> Iterator[LiveServer]:
    """The browser fixtures' server, here started with --demo."""
    with live_server_in(demo_dir, "--demo") as server:
        yield server


@pytest.fixture(scope="module")
def demo(live_server: LiveServer) -> Iterator[Demo]:
    told = printed(live_server.log)
    api = Api(live_server.base_url, told.token)
    (workspace,) = api.get("/workspaces")["data"]
    boards = {b["name"]: b for b in api.all(f"/workspaces/{workspace['id']}/boards")}
    attributes: dict[str, list[dict[str, Any]]] = {}
    items: dict[str, list[dict[str, Any]]] = {}
    for name, board in boards.items():
        base = f"/workspaces/{workspace['id']}/boards/{board['id']}"
        attributes[name] = api.all(f"{base}/attributes")
        items[name] = api.all(f"{base}/items", **{"expand[]": "values.attribute"})
    yield Demo(told, api, workspace["id"], boards, attributes, items)
    api.close()


def test_the_banner_names_the_web_app_and_a_kept_sign_in(live_server: LiveServer, demo: Demo) -> None:
    assert demo.printed.web_app == f"{live_server.base_url}/"
    assert demo.printed.email == "demo@openinfinity.local"
    kept = live_server.cwd / "data" / "demo_password"
    assert kept.read_text().strip() == demo.printed.password
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert demo.api.get("/profile")["email"] == demo.printed.email


def test_the_printed_sign_in_works_through_the_sign_in_form(
    live_server: LiveServer, demo: Demo, page: Page
) -> None:
    sign_in(page, live_server.base_url, demo.printed.email, demo.printed.password)
    assert "oi_session" in {c["name"] for c in page.context.cookies()}


def test_two_boards_or_more_use_every_value_type(demo: Demo) -> None:
    used = {a["type"] for attributes in demo.attributes.values() for a in attributes}
    assert used == set(registry.kinds())
    assert {"Product Launch", "Customers"} <= set(demo.boards)


def test_every_stored_type_has_a_real_value(demo: Demo) -> None:
    filled = {
        v["attribute"]["type"]
        for items in demo.items.values()
        for item in items
        for v in item["values"]
        if v["data"] not in (None, "", [], False)
    }
    stored = {kind for kind in registry.kinds() if not registry.get(kind).computed}  # type: ignore[union-attr]
    assert stored <= filled, stored - filled
    assert all(len(items) >= 4 for items in demo.items.values())


def test_folders_nest_and_sub_items_hang_under_their_parent(demo: Demo) -> None:
    folders = demo.api.all(f"{demo.base('Product Launch')}/folders")
    by_id = {f["id"]: f for f in folders}
    api_folder = next(f for f in folders if f["name"] == "API")
    engineering = by_id[api_folder["parent_id"]]
    assert engineering["name"] == "Engineering" and by_id[engineering["parent_id"]]["name"] == "Launch 2.0"
    feed = demo.item_named("Product Launch", "Public change feed")
    subs = [i for i in demo.items["Product Launch"] if i.get("parent_id") == feed["id"]]
    assert len(subs) == 3


def _views(demo: Demo, board: str) -> list[dict[str, Any]]:
    return demo.api.all(f"{demo.base(board)}/views")


def test_a_filtered_table_view_and_kanban_views_by_a_label(demo: Demo) -> None:
    views = {v["name"]: v for v in _views(demo, "Product Launch")}
    status = next(a for a in demo.attributes["Product Launch"] if a["name"] == "Status")
    for name in ("Status board", "My tasks"):
        assert views[name]["type"] == "columns" and views[name]["settings"]["groupBy"] == status["id"]
    assert views["My tasks"]["settings"]["filter"]["conditions"]
    table = views["Open, high priority"]
    assert table["type"] == "table" and table["settings"]["filter"]["conditions"]
    shown = demo.api.all(f"{demo.base('Product Launch')}/views/{table['id']}/items", **{"expand[]": "values"})
    labels = {
        label["id"]: label["name"]
        for attribute in demo.attributes["Product Launch"]
        if attribute["type"] == "label"
        for label in attribute["settings"]["labels"]
    }
    named = {a["name"]: a["id"] for a in demo.attributes["Product Launch"]}
    assert 0 < len(shown) < len(demo.items["Product Launch"])
    for item in shown:
        data = {v["attribute_id"]: v["data"] for v in item["values"]}
        assert [labels[x] for x in data[named["Priority"]]] in (["High"], ["Urgent"])
        assert [labels[x] for x in data.get(named["Status"], [])] != ["Done"]
    assert any(v["settings"].get("filter") for v in _views(demo, "Customers"))


def test_a_comment_thread_with_a_reply_from_a_colleague(demo: Demo) -> None:
    banner = demo.item_named("Product Launch", "Launch banner")
    thread = demo.api.all(f"{demo.base('Product Launch')}/items/{banner['id']}/comments")
    replies = [c for c in thread if c.get("parent_id")]
    assert len(thread) >= 3 and replies
    question = next(c for c in thread if c["id"] == replies[0]["parent_id"])
    assert question["created_by"] != replies[0]["created_by"]
    assert "<strong>48 px</strong>" in replies[0]["text"]


def test_references_within_and_across_boards(demo: Demo) -> None:
    within = demo.api.all(f"{demo.base('Product Launch')}/references")
    across = demo.api.all(f"{demo.base('Customers')}/references")
    launch_ids = {i["id"] for i in demo.items["Product Launch"]}
    assert within and all(r["to_item_id"] in launch_ids for r in within)
    assert across and all(r["to_item_id"] in launch_ids for r in across)


def test_the_attachment_is_an_image_with_a_thumbnail(demo: Demo) -> None:
    banner = demo.item_named("Product Launch", "Launch banner")
    (files,) = [v["data"] for v in banner["values"] if v["attribute"]["type"] == "attachments"]
    (image,) = files
    assert image["original_name"] == "launch-banner.png" and image["thumb"]
    for url, kind in ((image["link"], "image/png"), (image["thumb"], "image/")):
        response = httpx.get(url, timeout=10)
        assert response.status_code == 200 and response.headers["content-type"].startswith(kind)


def test_the_demo_user_works_with_colleagues(demo: Demo) -> None:
    members = demo.api.all(f"/workspaces/{demo.workspace_id}/members")
    assert len(members) >= 3
    launch = demo.items["Product Launch"]
    owners = {
        user for i in launch for v in i["values"] if v["attribute"]["type"] == "members" for user in v["data"]
    }
    assert owners == {m["id"] for m in members}


def test_a_second_start_reuses_the_demo_and_its_sign_in(demo_dir: Path, demo: Demo) -> None:
    with live_server_in(demo_dir, "--demo") as again:
        second = printed(again.log)
        assert (second.email, second.password) == (demo.printed.email, demo.printed.password)
        assert second.token != demo.printed.token
        api = Api(again.base_url, second.token)
        try:
            assert [w["id"] for w in api.get("/workspaces")["data"]] == [demo.workspace_id]
            assert len(api.all(f"/workspaces/{demo.workspace_id}/boards")) == len(demo.boards)
            launch = api.all(f"{demo.base('Product Launch')}/items")
            assert len(launch) == len(demo.items["Product Launch"])
        finally:
            api.close()
