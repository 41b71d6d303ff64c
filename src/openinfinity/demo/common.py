"""What the demo boards share: acting as a member of the demo workspace, and writing items with
values given in friendly form (label names, checklist lines) through the items service."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.attributes.service import create_attribute
from openinfinity.auth.principal import Principal
from openinfinity.boards.access import BoardContext
from openinfinity.boards.rows import BoardRow
from openinfinity.boards.service import create_board
from openinfinity.items.models import Item
from openinfinity.items.schemas import ItemWrite, ValueWrite
from openinfinity.items.service import create_item
from openinfinity.schema.attributes.models import Attribute
from openinfinity.workspaces.service import WorkspaceContext, access


async def member_context(session: AsyncSession, user_id: int, workspace_id: int) -> WorkspaceContext:
    """The workspace as `user_id` sees it, as if they called the API with a token of theirs."""
    principal = Principal(
        user_id=user_id,
        token_id=0,
        scopes=frozenset(),
        workspace_id=workspace_id,
        is_instance_admin=False,
    )
    return await access(session, principal, workspace_id)


def label_ids(attribute: Attribute, *names: str) -> list[str]:
    by_name = {str(label["name"]): str(label["id"]) for label in attribute.settings["labels"]}
    return [by_name[name] for name in names]


def labels(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "color": color} for name, color in pairs]


@dataclass
class DemoBoard:
    """A board being built: its attributes by a short key, and helpers to add items."""

    session: AsyncSession
    board: BoardContext
    attributes: dict[str, Attribute] = field(default_factory=dict)
    # Items made so far, by their "name" value.
    items: dict[str, Item] = field(default_factory=dict)

    @classmethod
    async def create(
        cls, session: AsyncSession, ctx: WorkspaceContext, *, name: str, color: str, description: str
    ) -> DemoBoard:
        row = await create_board(session, ctx, name=name, color=color, description=description)
        return cls(session, BoardContext(board=BoardRow.of(row), workspace=ctx))

    def as_member(self, ctx: WorkspaceContext) -> BoardContext:
        """This board as another member acts on it (their comments carry their name)."""
        return BoardContext(board=self.board.board, workspace=ctx)

    async def attribute(self, key: str, name: str, kind: str, **kwargs: Any) -> Attribute:
        made = await create_attribute(self.session, self.board, name=name, type=kind, **kwargs)
        self.attributes[key] = made
        return made

    def ids(self, *keys: str) -> list[str]:
        return [self.attributes[key].id for key in keys]

    def data(self, key: str, raw: Any) -> Any:
        """Stored form of a friendly value: label names -> ids, checklist lines -> entries
        (a line starting with "x " is done)."""
        attribute = self.attributes[key]
        if attribute.type == "label":
            return label_ids(attribute, *([raw] if isinstance(raw, str) else raw))
        if attribute.type == "checklist":
            return [
                {"name": line[2:], "done": True} if line.startswith("x ") else {"name": line, "done": False}
                for line in raw
            ]
        return raw

    async def item(self, folder_id: str, row: dict[str, Any], *, parent: Item | None = None) -> Item:
        values = [
            ValueWrite(attribute_id=self.attributes[k].id, data=self.data(k, v)) for k, v in row.items()
        ]
        body = ItemWrite(folder_id=folder_id, parent_id=parent.id if parent else None, values=values)
        made = await create_item(self.session, self.board, body)
        if "name" in row:
            self.items[row["name"]] = made
        return made
