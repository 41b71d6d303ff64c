"""References between items, and the `reference` values that mirror them.

The source item's value for a `reference` attribute is an item_values row whose data is the list
of item ids it points to (oldest link first); every change here rewrites it in the same
transaction, so the value and this endpoint never disagree. The value is read-only elsewhere.
"""

from __future__ import annotations

from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from openinfinity.boards.access import BoardContext, visible_boards
from openinfinity.boards.models import Board
from openinfinity.core.errors import NotFound, ValidationFailed, merge_validation
from openinfinity.core.inlist import in_values
from openinfinity.core.pagination import Page, PageParams, paginate
from openinfinity.core.softdelete import live
from openinfinity.items.mirrors import sync_values
from openinfinity.items.models import Item
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.references.models import Reference
from openinfinity.workspaces.service import WorkspaceContext

REFERENCE_TYPE = "reference"


def _live(item_column: object) -> object:
    item = aliased(Item)
    return exists().where(item.id == item_column, live(item))


def _seen_by(board: BoardContext, item_column: object) -> object:
    """The item is live and on a board the caller sees: a reference into a hidden board would
    otherwise tell a restricted member that board's item ids."""
    boards = visible_boards(board.workspace).with_only_columns(Board.id).scalar_subquery()
    target = aliased(Item)
    return exists().where(target.id == item_column, live(target), target.board_id.in_(boards))


async def list_references(
    session: AsyncSession,
    board: BoardContext,
    params: PageParams,
    *,
    from_item_id: str | None = None,
    to_item_id: str | None = None,
    attribute_id: str | None = None,
) -> Page[Reference]:
    stmt = select(Reference).where(
        Reference.board_id == board.id,
        _live(Reference.from_item_id),  # type: ignore[arg-type]
        _seen_by(board, Reference.to_item_id),  # type: ignore[arg-type]
    )
    if from_item_id:
        stmt = stmt.where(Reference.from_item_id == from_item_id)
    if to_item_id:
        stmt = stmt.where(Reference.to_item_id == to_item_id)
    if attribute_id:
        stmt = stmt.where(Reference.attribute_id == attribute_id)
    return await paginate(session, stmt, params, id_column=Reference.id, created_column=Reference.created_at)


async def list_in_workspace(
    session: AsyncSession, ctx: WorkspaceContext, params: PageParams, *, item_id: str | None = None
) -> tuple[Page[Reference], dict[str, str]]:
    """The references on every board of the workspace the caller can see (both ends live and on
    such boards), only those from or to `item_id` when given, and the board of each item at
    their ends: one request where the board-scoped list would need one per board."""
    boards = visible_boards(ctx).with_only_columns(Board.id).scalar_subquery()
    source, target = aliased(Item), aliased(Item)
    stmt = (
        select(Reference)
        .join(source, source.id == Reference.from_item_id)
        .join(target, target.id == Reference.to_item_id)
        .where(
            live(source),
            live(target),
            source.board_id.in_(boards),
            target.board_id.in_(boards),
        )
    )
    if item_id:
        stmt = stmt.where(or_(Reference.from_item_id == item_id, Reference.to_item_id == item_id))
    page = await paginate(session, stmt, params, id_column=Reference.id, created_column=Reference.created_at)
    ends = {r.from_item_id for r in page.rows} | {r.to_item_id for r in page.rows}
    rows = await session.execute(
        select(Item.id, Item.board_id).where(in_values(session.get_bind().dialect.name, Item.id, ends))
    )
    return page, {row_id: board_id for row_id, board_id in rows}


async def get_reference(session: AsyncSession, board: BoardContext, reference_id: str) -> Reference:
    reference = await session.scalar(
        select(Reference).where(
            Reference.id == reference_id,
            Reference.board_id == board.id,
            _live(Reference.from_item_id),  # type: ignore[arg-type]
            _seen_by(board, Reference.to_item_id),  # type: ignore[arg-type]
        )
    )
    if reference is None:
        raise NotFound.of("Reference")
    return reference


def _invalid(field: str) -> ValidationFailed:
    return ValidationFailed({field: [f"The selected {field.replace('_', ' ')} is invalid."]})


async def create(
    session: AsyncSession,
    board: BoardContext,
    *,
    attribute_id: str,
    from_item_id: str,
    to_item_id: str,
) -> tuple[Reference, bool]:
    """The reference (created, or the existing identical one) and whether it was created."""
    errors: list[ValidationFailed] = []
    attribute = await session.scalar(
        select(Attribute).where(Attribute.id == attribute_id, Attribute.board_id == board.id, live(Attribute))
    )
    if attribute is None:
        errors.append(_invalid("attribute_id"))
    elif attribute.type != REFERENCE_TYPE:
        errors.append(ValidationFailed.field("attribute_id", "must be an attribute of type reference."))
    source = await session.scalar(
        select(Item.id).where(Item.id == from_item_id, Item.board_id == board.id, live(Item))
    )
    if source is None:
        errors.append(_invalid("from_item_id"))
    # The target may live on any board of the workspace the caller can see.
    boards = visible_boards(board.workspace).with_only_columns(Board.id)
    target = await session.scalar(
        select(Item.id).where(Item.id == to_item_id, live(Item), Item.board_id.in_(boards.scalar_subquery()))
    )
    if target is None:
        errors.append(_invalid("to_item_id"))
    elif to_item_id == from_item_id:
        errors.append(ValidationFailed.field("to_item_id", "must be different from the from item id."))
    if errors:
        raise merge_validation(errors)
    existing = await session.scalar(
        select(Reference).where(
            Reference.attribute_id == attribute_id,
            Reference.from_item_id == from_item_id,
            Reference.to_item_id == to_item_id,
        )
    )
    if existing is not None:
        return existing, False
    reference = Reference(
        board_id=board.id,
        attribute_id=attribute_id,
        from_item_id=from_item_id,
        to_item_id=to_item_id,
        created_by=board.user_id,
    )
    session.add(reference)
    await session.flush()
    await sync_values(session, [(from_item_id, attribute_id)], principal=board.workspace.principal)
    return reference, True


async def delete(session: AsyncSession, reference: Reference) -> Reference:
    await session.delete(reference)
    await session.flush()
    await sync_values(session, [(reference.from_item_id, reference.attribute_id)])
    return reference
