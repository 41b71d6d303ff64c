"""in_values: the rows of an IN list, with one statement whatever the list's length."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.accounts.workspaces.models import Workspace
from openinfinity.core.inlist import in_param, in_values
from openinfinity.items.models import Item
from tests.factories import Account
from tests.factories_items import board_setup, create_item


async def test_selects_the_listed_rows_by_integer_and_string_ids(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    items = [(await create_item(client, setup, values={"Name": f"n{i}"}))["id"] for i in range(3)]
    dialect = app.state.db.engine.dialect.name
    async with app.state.db.transaction(write=False) as session:

        async def workspaces(ids: list[int]) -> set[int]:
            stmt = select(Workspace.id).where(in_values(dialect, Workspace.id, ids))
            return set(await session.scalars(stmt))

        async def board_items(ids: list[str]) -> set[str]:
            stmt = select(Item.id).where(Item.board_id == setup.board_id, in_values(dialect, Item.id, ids))
            return set(await session.scalars(stmt))

        assert await workspaces([owner.workspace_id, -1]) == {owner.workspace_id}
        assert await workspaces([]) == set()
        assert await board_items(items[:2]) == set(items[:2])
        assert await board_items([items[2], "not-an-item"]) == {items[2]}
        assert await board_items([]) == set()
        # Built once, ids bound at execution.
        prebuilt = select(Item.id).where(in_param(dialect, Item.id, "ids"))
        assert set(await session.scalars(prebuilt, {"ids": items})) == set(items)
        assert set(await session.scalars(prebuilt, {"ids": items[1:2]})) == {items[1]}


async def test_the_sql_is_the_same_for_any_number_of_values(app: FastAPI) -> None:
    """A driver prepares and caches one statement per SQL text: a text per length would fill
    every pooled connection with near-duplicates."""
    dialect = app.state.db.engine.dialect

    def sql(ids: list[str]) -> str:
        stmt = select(Item.id).where(in_values(dialect.name, Item.id, ids))
        # As executed: an expanding IN's placeholder list is rendered at this step.
        return str(stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True}))

    assert sql(["a"]) == sql(["a", "b", "c"]) == sql([f"id{i}" for i in range(2000)])
