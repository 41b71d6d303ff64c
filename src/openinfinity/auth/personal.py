"""Personal access tokens as the profile page, the profile API and the CLI create them: the
checks every entry point shares (known scopes, a workspace the user belongs to, a sane expiry, and
never more than the creating token itself may do)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users.models import User
from openinfinity.accounts.workspaces.models import Membership, Workspace
from openinfinity.auth import service
from openinfinity.auth.models import AccessToken
from openinfinity.auth.principal import Principal
from openinfinity.auth.scopes import ADMIN, ALL_SCOPES, normalise_scopes
from openinfinity.core.errors import Forbidden, NotFound, ValidationFailed
from openinfinity.core.models import utcnow
from openinfinity.core.pagination import Page, PageParams, paginate
from openinfinity.core.softdelete import live

MAX_EXPIRY_DAYS = 3650


async def create(
    session: AsyncSession,
    user: User,
    *,
    name: str,
    scopes: list[str] | None = None,
    workspace_id: int | None = None,
    expires_in_days: int | None = None,
    caller: Principal | None = None,
) -> tuple[AccessToken, str]:
    """Issue a personal token; 422 on bad input. `caller` is the token making the request, if any:
    the new token may not exceed its scopes, escape its workspace restriction or outlive it (a
    later or missing expiry becomes the caller's own)."""
    try:
        granted = normalise_scopes(scopes)
    except ValueError:
        raise ValidationFailed.field("scopes", f"must only contain: {', '.join(ALL_SCOPES)}.") from None
    if ADMIN in (scopes or []) and not user.is_instance_admin:
        raise ValidationFailed.field("scopes", "may only contain admin for instance administrators.")
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_EXPIRY_DAYS:
        raise ValidationFailed.field("expires_in_days", f"must be between 1 and {MAX_EXPIRY_DAYS}.")
    if caller is not None:
        beyond = [s for s in granted if s not in caller.scopes]
        if beyond:
            raise ValidationFailed.field(
                "scopes", f"may not exceed the scopes of this token ({', '.join(beyond)})."
            )
        if caller.workspace_id is not None:
            if workspace_id is None:
                workspace_id = caller.workspace_id
            elif workspace_id != caller.workspace_id:
                raise ValidationFailed.field(
                    "workspace_id", "must be the workspace this token is restricted to."
                )
    if workspace_id is not None and not await _is_member(session, user.id, workspace_id):
        raise ValidationFailed.field("workspace_id", "must be a workspace you belong to.")
    expires_at = utcnow() + timedelta(days=expires_in_days) if expires_in_days else None
    if caller is not None and caller.expires_at is not None:
        expires_at = min(expires_at or caller.expires_at, caller.expires_at)
    row, raw = await service.issue_token(
        session, user, name=name, scopes=granted, workspace_id=workspace_id, expires_at=expires_at
    )
    await service.audit_token(session, "token.created", row, caller)
    return row, raw


async def _is_member(session: AsyncSession, user_id: int, workspace_id: int) -> bool:
    found = await session.scalar(
        select(Membership.user_id)
        .join(Workspace, Workspace.id == Membership.workspace_id)
        .where(
            Membership.workspace_id == workspace_id,
            Membership.user_id == user_id,
            live(Workspace),
        )
    )
    return found is not None


def require_personal(principal: Principal) -> None:
    """Tokens and applications are managed with a personal token or the signed-in page, never
    with an OAuth application's token (an application must not mint itself lasting credentials)."""
    if principal.kind != "personal":
        raise Forbidden(
            "Personal access tokens and applications can only be managed with a personal access token."
        )


def require_account_wide(principal: Principal) -> None:
    """OAuth applications belong to the whole account: a token restricted to one workspace must
    not list, create or delete them (nor reach the user's tokens outside its workspace)."""
    require_personal(principal)
    if principal.workspace_id is not None:
        raise Forbidden("Applications can only be managed with a token not restricted to a workspace.")


async def page_for(
    session: AsyncSession, user_id: int, params: PageParams, *, within_workspace: int | None = None
) -> Page[AccessToken]:
    """The user's personal tokens that are not revoked (expired ones stay visible until revoked).
    A token restricted to a workspace sees only the tokens restricted to that same workspace."""
    stmt = select(AccessToken).where(
        AccessToken.user_id == user_id, AccessToken.kind == "personal", AccessToken.revoked_at.is_(None)
    )
    if within_workspace is not None:
        stmt = stmt.where(AccessToken.workspace_id == within_workspace)
    return await paginate(
        session, stmt, params, id_column=AccessToken.id, created_column=AccessToken.created_at
    )


async def revoke(
    session: AsyncSession, user_id: int, token_id: int, *, within_workspace: int | None = None
) -> AccessToken:
    """Revoke one of the user's tokens; a workspace-restricted caller reaches only tokens restricted
    to its own workspace (it must not be able to end the user's other sessions)."""
    row = await session.get(AccessToken, token_id)
    if row is None or row.user_id != user_id or row.kind != "personal" or row.revoked_at is not None:
        raise NotFound.of("Token")
    if within_workspace is not None and row.workspace_id != within_workspace:
        raise NotFound.of("Token")
    row.revoked_at = utcnow()
    await session.flush()
    await service.audit_token(session, "token.revoked", row, None)
    return row
