"""`openinfinity user create|set-password|promote|invite-link|reset-password`."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users.models import User
from openinfinity.auth import accounts, invitations, resets
from openinfinity.cli.common import emit, fail, in_transaction, migrate, settings
from openinfinity.core.timefmt import iso
from openinfinity.mail import messages
from openinfinity.mail.sender import build_mailer

app = typer.Typer(help="Manage user accounts.", no_args_is_help=True)


def describe(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "active": user.active,
        "pending": user.pending,
        "is_instance_admin": user.is_instance_admin,
        "has_password": user.password_hash is not None,
        "created_at": iso(user.created_at),
    }


def _password(value: str | None) -> str:
    # Prompting keeps the password out of shell history when --password is omitted.
    return value if value is not None else typer.prompt("Password", hide_input=True, confirmation_prompt=True)


@app.command("create")
def create(
    email: Annotated[str, typer.Option(help="E-mail (unique)")],
    name: Annotated[str, typer.Option(help="Display name")],
    password: Annotated[str | None, typer.Option(help="Password (prompted when omitted)")] = None,
    admin: Annotated[bool, typer.Option("--admin", help="Make the user an instance administrator")] = False,
) -> None:
    """Create a user with a password and print it as JSON."""
    config = settings()
    migrate(config)
    secret = _password(password)

    async def work(session: AsyncSession) -> dict[str, Any]:
        user = await accounts.create_account(
            session, email=email, name=name, password=secret, is_instance_admin=admin
        )
        return describe(user)

    emit(in_transaction(config, work))


@app.command("set-password")
def set_password(
    email: Annotated[str, typer.Option(help="The user's e-mail")],
    password: Annotated[str | None, typer.Option(help="New password (prompted when omitted)")] = None,
) -> None:
    """Set (or reset) a user's password."""
    config = settings()
    migrate(config)
    secret = _password(password)

    async def work(session: AsyncSession) -> dict[str, Any]:
        user = await accounts.require_by_email(session, email)
        return describe(await accounts.set_password(session, user, secret))

    emit(in_transaction(config, work))


@app.command("promote")
def promote(
    email: Annotated[str, typer.Option(help="The user's e-mail")],
    revoke: Annotated[
        bool, typer.Option("--revoke", help="Withdraw the instance-admin flag instead")
    ] = False,
) -> None:
    """Make a user an instance administrator (they still need a token with the admin scope)."""
    config = settings()
    migrate(config)

    async def work(session: AsyncSession) -> dict[str, Any]:
        user = await accounts.require_by_email(session, email)
        user.is_instance_admin = not revoke
        await session.flush()
        return describe(user)

    emit(in_transaction(config, work))


@app.command("invite-link")
def invite_link(email: Annotated[str, typer.Option(help="The invited user's e-mail")]) -> None:
    """Issue a new single-use link with which the user sets their password (older links stop working)."""
    config = settings()
    migrate(config)

    async def work(session: AsyncSession) -> dict[str, Any]:
        user = await accounts.require_by_email(session, email)
        row, raw = await invitations.issue(session, user, days=config.invitation_days)
        return {
            "user_id": user.id,
            "email": user.email,
            "url": invitations.link(config.base_url, raw),
            "expires_at": iso(row.expires_at),
            "expires": row.expires_at,
        }

    issued = in_transaction(config, work)
    expires = issued.pop("expires")
    mailer = build_mailer(config)
    if mailer is not None:
        # After the commit: the mailed link works the moment it arrives.
        subject, text = messages.invitation(url=issued["url"], expires_at=expires, instance=config.base_url)
        issued["mailed"] = asyncio.run(mailer.send(to=issued["email"], subject=subject, text=text))
    else:
        issued["mailed"] = False
    emit(issued)


@app.command("reset-password")
def reset_password(email: Annotated[str, typer.Option(help="The user's e-mail")]) -> None:
    """Issue a single-use password-reset link (older ones stop working): mailed when SMTP is
    configured, and printed as JSON either way, for the operator to forward."""
    config = settings()
    migrate(config)

    async def work(session: AsyncSession) -> resets.IssuedReset:
        user = await accounts.require_by_email(session, email)
        if not user.active:
            fail(f"the user {user.email} is deactivated; reactivate them first")
        return await resets.issue(
            session, user, base_url=config.base_url, minutes=config.password_reset_minutes
        )

    issued = in_transaction(config, work)
    mailed = False
    mailer = build_mailer(config)
    if mailer is not None:  # after the commit: the mailed link works the moment it arrives
        subject, text = messages.password_reset(
            url=issued.url, expires_at=issued.expires_at, instance=config.base_url
        )
        mailed = asyncio.run(mailer.send(to=issued.user.email, subject=subject, text=text))
    emit(
        {
            "user_id": issued.user.id,
            "email": issued.user.email,
            "url": issued.url,
            "expires_at": iso(issued.expires_at),
            "mailed": mailed,
        }
    )
