"""Reading the item history and the audit log, and pruning both past their retention."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.core.config import Settings
from openinfinity.core.db import Database
from openinfinity.core.errors import Forbidden, NotFound
from openinfinity.core.history import AuditEntry, ItemChange
from openinfinity.core.models import utcnow
from openinfinity.core.pagination import Page, PageParams, paginate
from openinfinity.items.models import Item
from openinfinity.workspaces import roles
from openinfinity.workspaces.service import WorkspaceContext

# Rows removed per table and pruning round: short transactions, never a long write lock.
PRUNE_BATCH = 5000


async def list_item_history(
    session: AsyncSession,
    *,
    board_id: str,
    item_id: str,
    params: PageParams,
    attribute_id: str | None = None,
    action: str | None = None,
) -> Page[ItemChange]:
    """The changes of an item of the board (live or deleted), newest first by default."""
    stmt = select(ItemChange).where(ItemChange.item_id == item_id, ItemChange.board_id == board_id)
    if attribute_id:
        stmt = stmt.where(ItemChange.attribute_id == attribute_id)
    if action:
        stmt = stmt.where(ItemChange.action == action)
    return await paginate(
        session, stmt, params, id_column=ItemChange.id, created_column=ItemChange.created_at
    )


def require_auditor(ctx: WorkspaceContext) -> None:
    if not roles.manages_members(ctx.role):
        raise Forbidden("Only the workspace owner and admins may read the audit log.")


async def list_audit(
    session: AsyncSession, workspace_id: int, params: PageParams, *, action: str | None = None
) -> Page[AuditEntry]:
    """The audit log of a workspace; `action` filters by exact action, or by prefix when it ends
    with a dot (`member.` is every membership action)."""
    stmt = select(AuditEntry).where(AuditEntry.workspace_id == workspace_id)
    if action:
        if action.endswith("."):
            stmt = stmt.where(AuditEntry.action.startswith(action, autoescape=True))
        else:
            stmt = stmt.where(AuditEntry.action == action)
    return await paginate(
        session, stmt, params, id_column=AuditEntry.id, created_column=AuditEntry.created_at
    )


async def require_item_of_board(session: AsyncSession, board_id: str, item_id: str) -> None:
    found = await session.scalar(select(Item.id).where(Item.id == item_id, Item.board_id == board_id))
    if found is None:
        raise NotFound.of("Item")


async def prune(db: Database, settings: Settings) -> int:
    """Remove entries older than their retention (0 days: kept forever), a batch per table."""
    removed = 0
    now = utcnow()
    for model, days in (
        (ItemChange, settings.history_retention_days),
        (AuditEntry, settings.audit_retention_days),
    ):
        if days <= 0:
            continue
        cutoff = now - timedelta(days=days)
        async with db.transaction() as session:
            victims = select(model.id).where(model.created_at < cutoff).order_by(model.id).limit(PRUNE_BATCH)
            result = await session.execute(
                delete(model).where(model.id.in_(victims)).execution_options(synchronize_session=False)
            )
            removed += int(getattr(result, "rowcount", 0) or 0)
    return removed
