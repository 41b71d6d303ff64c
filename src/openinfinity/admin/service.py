"""The instance administrator's view: every user, workspace and token."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users import service as users
from openinfinity.accounts.users.models import User
from openinfinity.accounts.workspaces.models import Membership, Workspace
from openinfinity.auth import accounts, invitations, sessions
from openinfinity.auth import service as auth_service
from openinfinity.auth.models import AccessToken
from openinfinity.auth.principal import Principal
from openinfinity.boards.models import Board
from openinfinity.core.errors import Forbidden, NotFound, ValidationFailed
from openinfinity.core.models import utcnow
from openinfinity.core.pagination import Page, PageParams, paginate
from openinfinity.core.softdelete import live
from openinfinity.items.models import Item
from openinfinity.oauth import revocation


def require_admin(principal: Principal) -> None:
    """The token has the admin scope (scope_guard checked it); the user must still be an admin."""
    if not principal.is_instance_admin:
        raise Forbidden("Only instance administrators may use the admin API.")


async def list_users(session: AsyncSession, params: PageParams) -> Page[User]:
    stmt = select(User).where(live(User))
    return await paginate(session, stmt, params, id_column=User.id, created_column=User.created_at)


async def get_user(session: AsyncSession, user_id: int) -> User:
    return await users.get_user(session, user_id)


async def user_by_email(session: AsyncSession, email: str) -> User:
    user = await users.find_by_email(session, email)
    if user is None or user.deleted_at is not None:
        raise NotFound.of("User")
    return user


async def update_user(
    session: AsyncSession,
    principal: Principal,
    user: User,
    *,
    name: str | None = None,
    active: bool | None = None,
    is_instance_admin: bool | None = None,
    password: str | None = None,
) -> User:
    if user.id == principal.user_id and (active is False or is_instance_admin is False):
        # An administrator locking themselves out is almost always a mistake.
        raise ValidationFailed.field(
            "active" if active is False else "is_instance_admin", "cannot be turned off for your own account."
        )
    if password is not None:
        await accounts.set_password(session, user, password)
    if name is not None:
        user.name = name
    if is_instance_admin is not None:
        user.is_instance_admin = is_instance_admin
    if active is not None and active != user.active:
        user.active = active
        if not active:
            await deactivate_credentials(session, user.id)
    await session.flush()
    return user


async def deactivate_credentials(session: AsyncSession, user_id: int) -> None:
    """Everything that acts for a deactivated user stops. Ended for good: browser sessions, OAuth
    grants (refresh and access tokens of every application; audited) and the pending invitations they
    sent. Refused while the user is inactive (and back if the user is reactivated): personal
    tokens, by authentication, and webhooks, which the dispatcher neither queues nor sends
    (hooks/outbox.py, hooks/dispatcher.py). Open change-feed streams end at their next access
    check, which this commit wakes (changes/access.py)."""
    await sessions.end_all(session, user_id)
    await revocation.revoke_user(session, user_id, reason=revocation.USER_DEACTIVATED)
    await invitations.withdraw_sent_by(session, user_id)


async def list_workspaces(
    session: AsyncSession, params: PageParams
) -> tuple[Page[Workspace], dict[int, int], dict[int, int]]:
    stmt = select(Workspace).where(live(Workspace))
    page = await paginate(session, stmt, params, id_column=Workspace.id, created_column=Workspace.created_at)
    ids = [w.id for w in page.rows]
    if not ids:
        return page, {}, {}
    members = dict(
        (
            await session.execute(
                select(Membership.workspace_id, func.count())
                .where(Membership.workspace_id.in_(ids))
                .group_by(Membership.workspace_id)
            )
        ).all()
    )
    items = dict(
        (
            await session.execute(
                select(Board.workspace_id, func.count(Item.id))
                .join(Item, Item.board_id == Board.id)
                .where(Board.workspace_id.in_(ids), live(Item), live(Board))
                .group_by(Board.workspace_id)
            )
        ).all()
    )
    return page, members, items


async def list_tokens(session: AsyncSession, params: PageParams, *, user_id: int | None) -> Page[AccessToken]:
    stmt = select(AccessToken).where(AccessToken.revoked_at.is_(None))
    if user_id is not None:
        stmt = stmt.where(AccessToken.user_id == user_id)
    return await paginate(
        session, stmt, params, id_column=AccessToken.id, created_column=AccessToken.created_at
    )


async def revoke_token(session: AsyncSession, token_id: int) -> AccessToken:
    row = await session.get(AccessToken, token_id)
    if row is None or row.revoked_at is not None:
        raise NotFound.of("Token")
    row.revoked_at = utcnow()
    await session.flush()
    await auth_service.audit_token(session, "token.revoked", row, None)
    return row


async def get_workspace(session: AsyncSession, workspace_id: int) -> Workspace:
    """Any workspace of the instance (deleted ones too: their audit trail stays readable)."""
    workspace = await session.get(Workspace, workspace_id)
    if workspace is None:
        raise NotFound.of("Workspace")
    return workspace
