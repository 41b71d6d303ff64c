from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.models import Base, CreatedAtMixin


class AccessToken(CreatedAtMixin, Base):
    """A bearer token. Only its SHA-256 is stored; `prefix` is what lists show."""

    __tablename__ = "access_tokens"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    # "personal" for PATs; OAuth access tokens share the table and the authentication path.
    kind: Mapped[str] = mapped_column(String(16), default="personal")
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[list[str]] = mapped_column(JSON)
    workspace_id: Mapped[int | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), default=None
    )
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    # OAuth access tokens only: the application they were issued to and the grant ("family") they
    # descend from, so revoking a refresh token or detecting a replayed code revokes them all.
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("oauth_clients.id", ondelete="CASCADE"), default=None, index=True
    )
    family: Mapped[str | None] = mapped_column(String(36), default=None, index=True)


class WebSession(CreatedAtMixin, Base):
    """A signed-in browser. The cookie holds a random secret; only its SHA-256 is stored, so
    sign-out and deactivation end the session server-side."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column()


class Invitation(CreatedAtMixin, Base):
    """A single-use link with which an invited (pending) user sets their password."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The inviting workspace (None: issued by an operator); a new link replaces only its own
    # workspace's older links, so one workspace cannot burn another's invitation.
    workspace_id: Mapped[int | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True, default=None
    )
    # Who sent it (None: an operator); deactivating the sender invalidates their pending links.
    invited_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True, default=None
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class PasswordReset(CreatedAtMixin, Base):
    """A single-use, expiring link with which a user chooses a new password (auth/resets.py)."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column(default=None)
