"""The multi-action POST follows one rule on every resource that has it (core/multiaction.py):
a table of resources × (`id`, `deleted_at`) → outcome, run through the API on both databases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from openinfinity.core.errors import ValidationFailed
from openinfinity.core.ids import short_id, uuid_str
from openinfinity.core.multiaction import deletes
from tests import factories_collab
from tests.factories import Account
from tests.factories_collab import BoardSetup

_ABSENT = object()  # the body has no `deleted_at` at all


@dataclass(frozen=True)
class Resource:
    name: str
    object: str  # the `object` of its deleted answer
    created_status: int

    def new_id(self) -> str:
        """A well-formed id no record has (folders have short ids, the others UUIDs)."""
        return short_id() if self.name == "folders" else uuid_str()

    def collection(self, setup: BoardSetup, item_id: str) -> str:
        if self.name == "comments":
            return setup.path(f"/items/{item_id}/comments")
        return setup.path(f"/{self.name}")

    def create_body(self, setup: BoardSetup) -> dict[str, Any]:
        return {
            "items": {"folder_id": setup.folder_id},
            "attributes": {"name": "Size", "type": "text"},
            "folders": {"name": "Later"},
            "views": {"type": "list", "folder_id": setup.folder_id},
            "comments": {"text": "Looks good"},
        }[self.name]


RESOURCES = [
    Resource("items", "item", 201),
    Resource("attributes", "attribute", 200),
    Resource("folders", "folder", 201),
    Resource("views", "folderview", 201),
    Resource("comments", "comment", 201),
]

DELETING = ["2023-05-25T22:01:55.000000Z", "2023-05-25T22:01:55Z", "2023-05-25 22:01:55", "2023-05-25", True]
KEEPING = [False, None, 0, _ABSENT]
REFUSED = [1, -1, 0.5, "yes", "true", "false", "", "2023-13-45", "tomorrow", {}, [], ["2023-05-25"]]

# (which id the body carries, its deleted_at, the outcome)
CASES: list[tuple[str, Any, str]] = [
    *[("existing", value, "deleted") for value in DELETING],
    *[("existing", value, "updated") for value in KEEPING],
    *[("existing", value, "invalid deleted_at") for value in REFUSED],
    *[("none", value, "invalid id") for value in DELETING],
    *[("none", value, "created") for value in KEEPING],
    *[("none", value, "invalid deleted_at") for value in ("yes", 1)],
    *[("new", value, "not found") for value in DELETING],
    *[("new", value, "created") for value in KEEPING],
    *[("new", value, "invalid deleted_at") for value in ("yes", 1)],
]


def _case_id(case: tuple[str, Any, str]) -> str:
    which, value, outcome = case
    shown = "absent" if value is _ABSENT else repr(value)
    return f"{which}-{shown}-{outcome.replace(' ', '_')}"


@pytest.fixture
async def setup(app: FastAPI, owner: Account) -> BoardSetup:
    return await factories_collab.board(app, owner)


async def _live(client: httpx.AsyncClient, url: str, record_id: str, headers: dict[str, str]) -> bool:
    response = await client.get(f"{url}/{record_id}", headers=headers)
    assert response.status_code in (200, 404), response.text
    return response.status_code == 200


async def _count(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> int:
    response = await client.get(url, params={"limit": 100}, headers=headers)
    assert response.status_code == 200, response.text
    return len(response.json()["data"])


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.name)
@pytest.mark.parametrize("case", CASES, ids=_case_id)
async def test_one_rule(
    client: httpx.AsyncClient,
    app: FastAPI,
    setup: BoardSetup,
    resource: Resource,
    case: tuple[str, Any, str],
) -> None:
    which, deleted_at, outcome = case
    headers = setup.account.headers
    item_id = await factories_collab.item(app, setup)
    url = resource.collection(setup, item_id)
    made = await client.post(url, json=resource.create_body(setup), headers=headers)
    assert made.status_code == resource.created_status, made.text
    existing = made.json()["id"]
    body: dict[str, Any] = {"name": "Renamed"} if resource.name in ("attributes", "folders", "views") else {}
    if which != "existing" or resource.name in ("items", "comments"):
        body = {**resource.create_body(setup), **body}
    if which == "existing":
        body["id"] = existing
    elif which == "new":
        body["id"] = resource.new_id()
    if deleted_at is not _ABSENT:
        body["deleted_at"] = deleted_at
    before = await _count(client, url, headers)

    response = await client.post(url, json=body, headers=headers)

    answer = response.json()
    if outcome == "deleted":
        assert response.status_code == 200, answer
        assert answer == {"id": existing, "object": resource.object, "deleted": True}
        assert not await _live(client, url, existing, headers)
    elif outcome == "updated":
        assert response.status_code == 200, answer
        assert answer["id"] == existing and answer["deleted"] is False
        assert await _live(client, url, existing, headers)
    elif outcome == "created":
        assert response.status_code == resource.created_status, answer
        assert answer["id"] != existing and answer["deleted"] is False
        if which == "new":
            assert answer["id"] == body["id"]
        assert await _count(client, url, headers) == before + 1
    elif outcome == "not found":
        assert response.status_code == 404, answer
        assert answer["code"] == "general/not-found"
    else:
        field = outcome.removeprefix("invalid ")
        assert response.status_code == 422, answer
        assert answer["code"] == "general/invalid-fields"
        assert answer["invalidFields"] == [field]
        assert await _count(client, url, headers) == before
        assert await _live(client, url, existing, headers)


ITEM_UPDATES: list[tuple[Any, str]] = [
    *[(value, "deleted") for value in DELETING],
    *[(value, "updated") for value in KEEPING],
    *[(value, "invalid deleted_at") for value in REFUSED],
]


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
@pytest.mark.parametrize(("deleted_at", "outcome"), ITEM_UPDATES, ids=lambda v: repr(v))
async def test_item_update_follows_the_rule(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup, method: str, deleted_at: Any, outcome: str
) -> None:
    item_id = await factories_collab.item(app, setup)
    url = setup.path("/items")
    body: dict[str, Any] = {} if deleted_at is _ABSENT else {"deleted_at": deleted_at}
    response = await client.request(method, f"{url}/{item_id}", json=body, headers=setup.account.headers)
    answer = response.json()
    if outcome == "deleted":
        assert response.status_code == 200 and answer == {"id": item_id, "object": "item", "deleted": True}
        assert not await _live(client, url, item_id, setup.account.headers)
    elif outcome == "updated":
        assert response.status_code == 200 and answer["deleted"] is False
    else:
        assert response.status_code == 422 and answer["invalidFields"] == ["deleted_at"], answer
        assert await _live(client, url, item_id, setup.account.headers)


@pytest.mark.parametrize("value", DELETING)
def test_deletes(value: Any) -> None:
    assert deletes(value) is True


@pytest.mark.parametrize("value", [False, None, 0, 0.0])
def test_keeps(value: Any) -> None:
    assert deletes(value) is False


@pytest.mark.parametrize("value", REFUSED)
def test_refuses(value: Any) -> None:
    with pytest.raises(ValidationFailed) as raised:
        deletes(value)
    assert list(raised.value.errors) == ["deleted_at"]
