"""Boards, folders and attributes made through their real services (never raw inserts)."""

from __future__ import annotations

import itertools
from typing import Any

from fastapi import FastAPI

from openinfinity.attributes import service as attributes
from openinfinity.boards import service as boards
from openinfinity.boards.access import BoardContext, get_visible
from openinfinity.boards.models import Board
from openinfinity.folders import service as folders
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.folders.models import Folder
from openinfinity.workspaces import service as workspaces
from tests.factories import Account

_counter = itertools.count(1)


async def _principal_ctx(app: FastAPI, session: Any, account: Account) -> workspaces.WorkspaceContext:
    from openinfinity.auth.principal import Principal

    principal = Principal(
        user_id=account.user_id,
        token_id=0,
        scopes=frozenset({"content"}),
        workspace_id=None,
        is_instance_admin=False,
    )
    return await workspaces.access(session, principal, account.workspace_id)


async def _board_ctx(session: Any, app: FastAPI, account: Account, board_id: str) -> BoardContext:
    return await get_visible(session, await _principal_ctx(app, session, account), board_id)


async def board(app: FastAPI, account: Account, **kw: Any) -> Board:
    """A board in `account`'s workspace, created by `account` (owner/admin/full member)."""
    kw.setdefault("name", f"Board {next(_counter)}")
    async with app.state.db.transaction() as session:
        ctx = await _principal_ctx(app, session, account)
        return await boards.create_board(session, ctx, **kw)


async def folder(app: FastAPI, account: Account, board_id: str, **kw: Any) -> Folder:
    kw.setdefault("name", f"Folder {next(_counter)}")
    async with app.state.db.transaction() as session:
        ctx = await _board_ctx(session, app, account, board_id)
        return await folders.create_folder(session, ctx, **kw)


async def attribute(
    app: FastAPI, account: Account, board_id: str, type: str = "text", **kw: Any
) -> Attribute:
    kw.setdefault("name", f"Attribute {next(_counter)}")
    async with app.state.db.transaction() as session:
        ctx = await _board_ctx(session, app, account, board_id)
        return await attributes.create_attribute(session, ctx, type=type, **kw)
