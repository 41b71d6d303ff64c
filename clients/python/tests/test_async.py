"""The async client against the real server: the same calls, awaited, and concurrency."""

from __future__ import annotations

import asyncio

import pytest

from infinity_client import AsyncClient, NotFound
from infinity_client.models import Event
from sdk_testing import BoardSetup, Server


@pytest.fixture
async def aclient(server: Server) -> AsyncClient:
    return AsyncClient(server.token, base_url=server.base_url, workspace=server.workspace)


async def test_async_crud_pages_and_values_by_name(aclient: AsyncClient, board: BoardSetup) -> None:
    async with aclient:
        names = [f"a{i}" for i in range(5)]
        created = await asyncio.gather(
            *(aclient.items.create(board.board, folder=board.folder, values={"Name": n, "Status": "Todo"})
              for n in names)
        )  # fmt: skip
        assert all(i.values.labels("Status") == ["Todo"] for i in created)
        listed = [i async for i in aclient.items.list(board.board, limit=2, expand=["values"])]
        assert sorted(i.values.text("Name") or "" for i in listed) == names
        pages = [p async for p in aclient.items.list(board.board, limit=2).pages()]
        assert [len(p.data) for p in pages] == [2, 2, 1]
        assert len(await aclient.items.list(board.board).to_list()) == 5
        assert await aclient.items.list(board.board).total() == 5
        await aclient.items.delete(created[0])
        with pytest.raises(NotFound):
            await aclient.items.get(board.board, created[0].id)


async def test_async_change_feed(aclient: AsyncClient, board: BoardSetup) -> None:
    async with aclient:
        start = (await aclient.changes.page(board.board)).after
        item = await aclient.items.create(board.board, folder=board.folder, values={"Name": "live"})
        events: list[Event] = []
        async for event in aclient.changes.stream(board.board, after=start):
            events.append(event)
            if event.event == "item.finalized":
                break
        assert events[0].event == "item.created" and events[0].payload["id"] == item.id
        assert {e.event for e in events} >= {"item.created", "value.created", "item.finalized"}
