"""Items end to end: create with values by name, read them typed, list by pages, update, delete."""

from __future__ import annotations

import datetime as dt

import pytest

from infinity_client import Client, NotFound, ValidationError
from infinity_client.models import ChecklistEntry, Item
from sdk_testing import BoardSetup


def test_values_by_name_round_trip_typed_per_attribute_type(client: Client, board: BoardSetup) -> None:
    item = client.items.create(
        board.board,
        folder=board.folder,
        values={
            "Name": "Ship the SDK",
            "Status": ["Doing"],  # a label name: the client sends its id
            "Estimate": 3.5,
            "Done": False,
            "Due": dt.date(2026, 12, 24),
            "Steps": [ChecklistEntry(name="write", done=True), ChecklistEntry(name="test")],
        },
    )
    doing = board.status.label_id("Doing")
    fetched = client.items.get(board.board, item.id)
    assert fetched.values["Name"] == "Ship the SDK"
    assert fetched.values["Status"] == [doing]
    assert fetched.values.labels("Status") == ["Doing"]
    assert fetched.values["Estimate"] == 3.5 and fetched.values.number("Estimate") == 3.5
    assert fetched.values["Done"] is False
    assert fetched.values["Due"] == dt.date(2026, 12, 24)
    steps = fetched.values.checklist("Steps")
    assert [(s.name, s.done) for s in steps] == [("write", True), ("test", False)] and all(
        s.id for s in steps
    )
    # The same attributes on the wire: what another client reads without this package's help.
    raw = client.http.get(
        f"{client.base_url}/api/v2/workspaces/{board.board.workspace_id}/boards/{board.board.id}/items/{item.id}",
        params={"expand[]": "values"},
    ).json()
    by_attribute = {v["attribute_id"]: v["data"] for v in raw["values"]}
    assert by_attribute[board.status.id] == [doing]


def test_list_follows_after_cursors_across_pages(client: Client, board: BoardSetup) -> None:
    created = {
        client.items.create(board.board, folder=board.folder, values={"Name": f"n{i}"}).id for i in range(7)
    }
    pager = client.items.list(board.board, limit=3, expand=["values"])
    pages = list(pager.pages())
    assert [len(p.data) for p in pages] == [3, 3, 1]
    seen = [item for page in pages for item in page.data]
    assert {i.id for i in seen} == created and len(seen) == 7
    assert sorted(i.values["Name"] for i in seen) == sorted(f"n{i}" for i in range(7))  # type: ignore[type-var]
    assert {i.id for i in client.items.list(board.board, limit=2)} == created
    assert all(isinstance(i, Item) and i.board_id == board.board.id for i in pager)
    assert pager.total() == 7 and client.folders.list(board.board).total() == 1


def test_update_changes_named_values_and_keeps_the_others(client: Client, board: BoardSetup) -> None:
    item = client.items.create(board.board, folder=board.folder, values={"Name": "a", "Estimate": 1})
    updated = client.items.update(item, values={"Estimate": 2, "Status": ["Done"]})
    assert updated.values.as_dict()["Name"] == "a"
    assert updated.values["Estimate"] == 2 and updated.values.labels("Status") == ["Done"]
    value = updated.values.value("Estimate")
    assert value is not None and value.id
    client.items.delete_value(updated, value.id)
    assert client.items.get(board.board, item.id).values.get("Estimate") is None
    assert client.items.delete(item).deleted is True
    with pytest.raises(NotFound) as caught:
        client.items.get(board.board, item.id)
    assert caught.value.code == "general/not-found" and caught.value.request_id


def test_invalid_values_raise_a_validation_error_with_fields_code_and_request_id(
    client: Client, board: BoardSetup
) -> None:
    with pytest.raises(ValidationError) as caught:
        client.items.create(board.board, folder=board.folder, values={"Estimate": "many"})
    error = caught.value
    assert error.status_code == 422 and error.code == "general/invalid-fields"
    assert error.invalid_fields and error.errors and error.request_id
    assert "invalid_fields" in str(error) and error.request_id in str(error)
    assert list(client.items.list(board.board)) == []  # nothing was created


def test_unknown_label_name_or_attribute_is_refused_before_any_request(
    client: Client, board: BoardSetup
) -> None:
    with pytest.raises(KeyError, match="Someday"):
        client.items.create(board.board, folder=board.folder, values={"Status": ["Someday"]})
    with pytest.raises(KeyError, match="Colour"):
        client.items.create(board.board, folder=board.folder, values={"Colour": "red"})


def test_values_as_the_apis_own_list_are_sent_as_given(client: Client, board: BoardSetup) -> None:
    done = board.status.label_id("Done")
    item = client.items.create(
        board.board, folder=board.folder, values=[{"attribute_id": board.status.id, "data": [done]}]
    )
    assert item.values.ids("Status") == [done]
    assert client.items.list(board.board, expand=["values.attribute"]).first_page().data[0].values.labels(
        "Status"
    ) == ["Done"]
