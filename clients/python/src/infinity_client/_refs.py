"""Where an object lives. Board routes need the workspace; item routes also the board. Objects the
client returns remember both (`workspace_id`, `board_id`), so most calls take just the object;
plain ids fall back to the arguments given, then to the client's default workspace."""

from __future__ import annotations

from dataclasses import dataclass

from infinity_client.models import Board, Item, Workspace

WorkspaceRef = Workspace | str | int
BoardRef = Board | str
ItemRef = Item | str


@dataclass(frozen=True)
class BoardScope:
    workspace: str
    board: str

    @property
    def path(self) -> str:
        return f"/api/v2/workspaces/{self.workspace}/boards/{self.board}"


def workspace_id(workspace: WorkspaceRef | None, default: str | None) -> str:
    if isinstance(workspace, Workspace):
        return str(workspace.id)
    if workspace is not None:
        return str(workspace)
    if default is None:
        raise ValueError("no workspace: pass workspace=..., or set Client(workspace=...)")
    return default


def board_scope(board: BoardRef, workspace: WorkspaceRef | None, default: str | None) -> BoardScope:
    if isinstance(board, Board):
        return BoardScope(workspace_id(workspace or board.workspace_id, default), board.id)
    return BoardScope(workspace_id(workspace, default), board)


def item_scope(
    item: ItemRef, board: BoardRef | None, workspace: WorkspaceRef | None, default: str | None
) -> tuple[BoardScope, str]:
    """The board scope of an item and its id."""
    if isinstance(item, Item):
        if board is None and item.board_id is None:
            raise ValueError("the item does not say its board: pass board=...")
        scope = board_scope(board or item.board_id or "", workspace or item.workspace_id, default)
        return scope, item.id
    if board is None:
        raise ValueError("an item id needs its board: pass board=...")
    return board_scope(board, workspace, default), item
