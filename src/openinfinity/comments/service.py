"""Comments on items: list, get, create, update, delete, and the collection's multi-action POST.

Anyone who sees the board may read and write comments. Authors edit and delete their own;
the workspace owner and admins may delete any; everyone else gets 403.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users.models import User
from openinfinity.boards.access import BoardContext
from openinfinity.comments.models import Comment
from openinfinity.comments.schemas import CommentWrite, present_comment
from openinfinity.core import events, multiaction
from openinfinity.core.errors import Forbidden, NotFound, ValidationFailed
from openinfinity.core.ids import is_uuid
from openinfinity.core.models import utcnow
from openinfinity.core.pagination import Page, PageParams, paginate
from openinfinity.core.sanitize import sanitize_html
from openinfinity.core.softdelete import live, soft_delete
from openinfinity.items.present import Presenting, present_items
from openinfinity.items.rows import ItemRow, live_item
from openinfinity.items.schemas import ItemLike
from openinfinity.users.schemas import present_user
from openinfinity.workspaces import roles


async def get_item(session: AsyncSession, board: BoardContext, item_id: str) -> ItemRow:
    """The board's live item, as a row: comments only read its columns."""
    item = await live_item(session, board.id, item_id)
    if item is None:
        raise NotFound.of("Item")
    return item


async def list_comments(session: AsyncSession, item: ItemLike, params: PageParams) -> Page[Comment]:
    stmt = select(Comment).where(Comment.item_id == item.id, live(Comment))
    return await paginate(session, stmt, params, id_column=Comment.id, created_column=Comment.created_at)


async def find_comment(session: AsyncSession, item: ItemLike, comment_id: str) -> Comment | None:
    """The live comment of this item, or None."""
    return await session.scalar(
        select(Comment).where(Comment.id == comment_id, Comment.item_id == item.id, live(Comment))
    )


async def get_comment(session: AsyncSession, item: ItemLike, comment_id: str) -> Comment:
    comment = await find_comment(session, item, comment_id)
    if comment is None:
        raise NotFound.of("Comment")
    return comment


def _clean_parent(raw: str | None) -> str | None:
    # Some clients send the string "null" (or "") for "no parent", as in the hosted API's examples.
    return None if raw in (None, "", "null") else raw


async def _check_parent(
    session: AsyncSession, item: ItemLike, parent_id: str, comment_id: str | None
) -> None:
    """A reply's parent is a live comment of the same item, and never the reply itself or one of
    its own replies (no cycles)."""
    seen: set[str] = set()
    current: str | None = parent_id
    while current is not None:
        if current == comment_id or current in seen:
            raise ValidationFailed.field("parent_id", "must not be the comment itself or one of its replies.")
        seen.add(current)
        parent = await session.scalar(
            select(Comment).where(Comment.id == current, Comment.item_id == item.id, live(Comment))
        )
        if parent is None:
            if current == parent_id:
                raise ValidationFailed({"parent_id": ["The selected parent id is invalid."]})
            break
        current = parent.parent_id


async def _record(
    session: AsyncSession, event: str, board: BoardContext, item: ItemLike, comment: Comment
) -> None:
    payload = present_comment(comment)
    payload["item"] = {"id": item.id, "folder_id": item.folder_id}
    events.record(
        session,
        event,
        workspace_id=board.workspace.id,
        board_id=board.id,
        item_id=item.id,
        payload=payload,
    )


async def create(
    session: AsyncSession,
    board: BoardContext,
    item: ItemLike,
    body: CommentWrite,
    *,
    comment_id: str | None = None,
) -> Comment:
    if body.text is None or body.text == "":
        raise ValidationFailed.required("text")
    parent_id = _clean_parent(body.parent_id)
    if parent_id is not None:
        await _check_parent(session, item, parent_id, comment_id)
    comment = Comment(
        board_id=board.id,
        item_id=item.id,
        parent_id=parent_id,
        text=sanitize_html(body.text),
        created_by=board.user_id,
    )
    if comment_id is not None:
        comment.id = comment_id
    session.add(comment)
    await session.flush()
    await _record(session, "comment.created", board, item, comment)
    return comment


async def update(
    session: AsyncSession, board: BoardContext, item: ItemLike, comment: Comment, body: CommentWrite
) -> Comment:
    if comment.created_by != board.user_id:
        raise Forbidden("Only the author may edit a comment.")
    fields = body.model_dump(exclude_unset=True)
    if not fields.keys() & {"text", "parent_id"}:
        return comment  # nothing to change, nothing to announce
    if "text" in fields:
        if body.text is None or body.text == "":
            raise ValidationFailed.field("text", "must not be empty.")
        comment.text = sanitize_html(body.text)
    if "parent_id" in fields:
        parent_id = _clean_parent(body.parent_id)
        if parent_id is not None:
            await _check_parent(session, item, parent_id, comment.id)
        comment.parent_id = parent_id
    comment.updated_at = utcnow()
    await session.flush()
    await _record(session, "comment.updated", board, item, comment)
    return comment


async def delete(session: AsyncSession, board: BoardContext, item: ItemLike, comment: Comment) -> Comment:
    if comment.created_by != board.user_id and not roles.manages_members(board.workspace.role):
        raise Forbidden("Only the author, the workspace owner and admins may delete a comment.")
    soft_delete(comment)
    await session.flush()
    # Integrations learn about deletions through the only comment events the hosted API has.
    await _record(session, "comment.updated", board, item, comment)
    return comment


async def _check_new_id(session: AsyncSession, comment_id: str) -> None:
    if not is_uuid(comment_id):
        raise ValidationFailed.field("id", "must be a valid UUID.")
    if await session.get(Comment, comment_id) is not None:
        raise ValidationFailed({"id": ["The id has already been taken."]})


async def multi_action(
    session: AsyncSession, board: BoardContext, item: ItemLike, body: CommentWrite
) -> multiaction.Outcome[Comment]:
    """The multi-action POST (core/multiaction.py has the rule)."""

    async def find(comment_id: str) -> Comment | None:
        return await find_comment(session, item, comment_id)

    async def create_one(comment_id: str | None) -> Comment:
        if comment_id is not None:
            await _check_new_id(session, comment_id)
        return await create(session, board, item, body, comment_id=comment_id)

    async def edit(comment: Comment) -> Comment:
        return await update(session, board, item, comment, body)

    async def remove(comment: Comment) -> Comment:
        return await delete(session, board, item, comment)

    return await multiaction.run(
        record_id=body.id,
        deleted_at=body.deleted_at,
        what="Comment",
        find=find,
        create=create_one,
        update=edit,
        delete=remove,
    )


async def users_by_id(session: AsyncSession, ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    rows = await session.scalars(select(User).where(User.id.in_(ids)))
    return {user.id: user for user in rows}


def expand_with(
    shapes: list[dict[str, Any]],
    comments: list[Comment],
    *,
    users: dict[int, dict[str, Any]] | None,
    item_shape: dict[str, Any] | None,
) -> list[dict[str, Any]]:
    """Put expanded sub-objects into presented comments, keeping `deleted` last as the API does."""
    for shape, comment in zip(shapes, comments, strict=True):
        deleted = shape.pop("deleted")
        if users is not None:
            shape["created_by"] = users.get(comment.created_by) if comment.created_by else None
        if item_shape is not None:
            shape["item"] = item_shape
        shape["deleted"] = deleted
    return shapes


async def present_many(
    session: AsyncSession,
    board: BoardContext,
    comments: list[Comment],
    item: ItemLike,
    expand: frozenset[str],
    presenting: Presenting,
) -> list[dict[str, Any]]:
    """Comments as the API returns them, with the sub-objects `expand[]` asks for (the item
    through the items presenter, in the same context as GET item)."""
    shapes = [present_comment(c) for c in comments]
    users = None
    if "created_by" in expand:
        found = await users_by_id(session, {c.created_by for c in comments if c.created_by})
        users = {uid: present_user(u, presenting.base_url) for uid, u in found.items()}
    item_shape = None
    if "item" in expand or "item.values" in expand:
        parts = frozenset({"values"}) if "item.values" in expand else frozenset()
        [item_shape] = await present_items(session, [item], parts, presenting)
    return expand_with(shapes, comments, users=users, item_shape=item_shape)
