"""Item history and the workspace audit log: the two append-only tables and their recorder.

Kept in core, like the outbox (core/events.py), because every domain that writes records into
them; the history package only reads them (its routes) and prunes them.

Who. The actor of a change is read from the request the session serves (core/db.REQUEST_KEY):
the principal that authenticated it and the client address; a service that holds the caller's
principal (a board or workspace context) passes it, so sessions outside a request (commands,
tests acting for a user) name the user too. Anything else acts as "system".

When. Callers append entries while they work; the entries of a transaction are inserted together
just before it commits (one executemany per table, like the outbox), so a request that changes
100 values pays one statement, and a transaction that rolls back leaves none. The pending lists
are popped when written or dropped on rollback: nothing is recorded twice.

No foreign keys: an entry outlives what it describes (a deleted item's history, a removed
member's audit trail) until retention prunes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, cast

from sqlalchemy import JSON, Index, String, Table, event, insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column

from openinfinity.core.config import Settings
from openinfinity.core.db import REQUEST_KEY, SETTINGS_KEY
from openinfinity.core.models import Base, utcnow


class Caller(Protocol):
    """What the recorder needs of an authenticated principal (auth.principal.Principal)."""

    @property
    def user_id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def token_id(self) -> int | None: ...
    @property
    def client_id(self) -> int | None: ...


class ActorColumns:
    """Who made a change: the user, and the credential they used (a personal token, an OAuth
    application's token, or the web app's session); all None for the server itself (CLI)."""

    actor_user_id: Mapped[int | None] = mapped_column(default=None)
    actor_kind: Mapped[str] = mapped_column(String(16), default="system")
    actor_token_id: Mapped[int | None] = mapped_column(default=None)
    actor_client_id: Mapped[int | None] = mapped_column(default=None)


class ItemChange(ActorColumns, Base):
    """One change of one item: the item itself (`field` set, e.g. folder_id) or one of its values
    (`attribute_id` set). `old`/`new` are API values (None where there was none)."""

    __tablename__ = "item_changes"
    __table_args__ = (
        Index("ix_item_changes_item", "item_id", "id"),
        Index("ix_item_changes_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    board_id: Mapped[str] = mapped_column(String(64))
    item_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    attribute_id: Mapped[str | None] = mapped_column(String(64), default=None)
    field: Mapped[str | None] = mapped_column(String(32), default=None)
    old: Mapped[Any] = mapped_column(JSON, nullable=True, default=None)
    new: Mapped[Any] = mapped_column(JSON, nullable=True, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(ActorColumns, Base):
    """One administrative action in a workspace (membership, credentials, hooks, boards and
    attributes), with the client address it came from."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_workspace", "workspace_id", "id"),
        Index("ix_audit_log_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    workspace_id: Mapped[int] = mapped_column()
    action: Mapped[str] = mapped_column(String(48))
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[str | None] = mapped_column(String(64), default=None)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    address: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


_CACHE_KEY = "openinfinity.actor"


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None = None
    # "personal" (token), "oauth" (an application's token), "session" (web app), "system".
    kind: str = "system"
    token_id: int | None = None
    client_id: int | None = None
    address: str | None = None

    def columns(self) -> dict[str, Any]:
        return {
            "actor_user_id": self.user_id,
            "actor_kind": self.kind,
            "actor_token_id": self.token_id,
            "actor_client_id": self.client_id,
        }


SYSTEM = Actor()


def _of_principal(principal: Caller, address: str | None) -> Actor:
    return Actor(
        user_id=principal.user_id,
        kind=principal.kind,
        token_id=principal.token_id,
        client_id=principal.client_id,
        address=address,
    )


def actor_of(session: Session | Any, principal: Caller | None = None) -> Actor:
    """The actor of `session` (an AsyncSession or its sync Session: they share `info`).

    `principal`, when the caller has it at hand (a board or workspace context), names the actor
    even in a session that serves no request (commands, tests acting for a user)."""
    info = session.info
    cached = info.get(_CACHE_KEY)
    if isinstance(cached, Actor) and (principal is None or cached.user_id == principal.user_id):
        return cached
    request = info.get(REQUEST_KEY)
    address = None
    if request is not None:
        client = request.client
        address = client.host if client else None
        found = getattr(request.state, "principal", None)
        if found is not None:  # set by authentication (auth/deps.py)
            principal = found
    if principal is None:
        return Actor(address=address)
    actor = _of_principal(principal, address)
    info[_CACHE_KEY] = actor
    return actor


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
    principal: Caller | None = None,
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
    principal: Caller | None = None,
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


def audit_credential(
    session: AsyncSession,
    *,
    owner_id: int,
    workspace_ids: Iterable[int],
    action: str,
    target_type: str,
    target_id: str | int | None,
    details: dict[str, Any],
    principal: Caller | None = None,
) -> None:
    """A credential of `owner_id` was granted or revoked: audited in each workspace it can act in
    (the one it is restricted to, else every workspace of its owner)."""
    for workspace in sorted(set(workspace_ids)):
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


_INSERT_CHANGES = insert(cast(Table, ItemChange.__table__))
_INSERT_AUDIT = insert(cast(Table, AuditEntry.__table__))


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    # Core inserts of the tables (the rows are plain dicts with the same keys): the ORM's bulk
    # insert path sorts and groups them per mapper first, a tenth of a create's CPU for nothing.
    changes = session.info.pop(_ITEM_CHANGES, None)
    if changes:
        session.connection().execute(_INSERT_CHANGES, changes)
    entries = session.info.pop(_AUDIT, None)
    if entries:
        session.connection().execute(_INSERT_AUDIT, entries)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, _previous: Any) -> None:
    session.info.pop(_ITEM_CHANGES, None)
    session.info.pop(_AUDIT, None)
