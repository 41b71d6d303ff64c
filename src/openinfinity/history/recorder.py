"""Recording history and audit entries in the writing transaction.

Callers append entries while they work; the entries of a transaction are inserted together just
before it commits (one executemany per table, like the outbox in core/events.py), so a request
that changes 100 values pays one statement, and a transaction that rolls back leaves none. The
pending lists are popped when written or dropped on rollback: nothing is recorded twice.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from openinfinity.auth.principal import Principal
from openinfinity.core.config import Settings
from openinfinity.core.db import REQUEST_KEY, SETTINGS_KEY
from openinfinity.core.models import utcnow
from openinfinity.history.actor import Actor, actor_of
from openinfinity.history.models import AuditEntry, ItemChange
from openinfinity.workspaces.models import Membership

_ITEM_CHANGES = "openinfinity.history_pending"
_AUDIT = "openinfinity.audit_pending"


def records_items(session: AsyncSession | Session) -> bool:
    """Whether item history is recorded (OPENINFINITY_ITEM_HISTORY; on outside an application)."""
    settings = session.info.get(SETTINGS_KEY)
    return not isinstance(settings, Settings) or settings.item_history


def item_change(
    session: AsyncSession,
    *,
    board_id: str,
    item_id: str,
    action: str,
    attribute_id: str | None = None,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    principal: Principal | None = None,
) -> None:
    """Append one change of an item (`field`) or of one of its values (`attribute_id`)."""
    if not records_items(session):
        return
    row = {
        "board_id": board_id,
        "item_id": item_id,
        "action": action,
        "attribute_id": attribute_id,
        "field": field,
        "old": old,
        "new": new,
        "created_at": utcnow(),
    }
    row.update(actor_of(session, principal).columns())
    session.info.setdefault(_ITEM_CHANGES, []).append(row)


def audit(
    session: AsyncSession,
    *,
    workspace_id: int,
    action: str,
    target_type: str,
    target_id: str | int | None = None,
    details: dict[str, Any] | None = None,
    principal: Principal | None = None,
    user_id: int | None = None,
) -> None:
    """Append one administrative action to the workspace's audit log. `user_id` names the acting
    user of a request no token authenticated (the signed-in OAuth consent page); outside a
    request (commands) the actor is the server itself."""
    actor = actor_of(session, principal)
    if actor.user_id is None and user_id is not None and REQUEST_KEY in session.info:
        # A request that no token authenticated: a signed-in page of the user.
        actor = Actor(user_id=user_id, kind="session", address=actor.address)
    row = {
        "workspace_id": workspace_id,
        "action": action,
        "target_type": target_type,
        "target_id": None if target_id is None else str(target_id),
        "details": details or {},
        "address": actor.address,
        "created_at": utcnow(),
    }
    row.update(actor.columns())
    session.info.setdefault(_AUDIT, []).append(row)


async def audit_credential(
    session: AsyncSession,
    *,
    owner_id: int,
    workspace_id: int | None,
    action: str,
    target_type: str,
    target_id: str | int | None,
    details: dict[str, Any],
    principal: Principal | None = None,
) -> None:
    """A credential of `owner_id` was granted or revoked: audited in the workspace it is
    restricted to, else in every workspace of its owner (it can act in each of them)."""
    if workspace_id is not None:
        workspaces = [workspace_id]
    else:
        rows = await session.scalars(select(Membership.workspace_id).where(Membership.user_id == owner_id))
        workspaces = sorted(rows)
    for workspace in workspaces:
        audit(
            session,
            workspace_id=workspace,
            action=action,
            target_type=target_type,
            target_id=target_id,
            details=details,
            principal=principal,
            user_id=owner_id,
        )


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    changes = session.info.pop(_ITEM_CHANGES, None)
    if changes:
        session.execute(insert(ItemChange), changes)
    entries = session.info.pop(_AUDIT, None)
    if entries:
        session.execute(insert(AuditEntry), entries)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, _previous: Any) -> None:
    session.info.pop(_ITEM_CHANGES, None)
    session.info.pop(_AUDIT, None)
