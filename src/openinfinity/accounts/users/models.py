from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.models import Base, SoftDeleteMixin, TimestampMixin


class User(SoftDeleteMixin, TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(255))
    # Stored lower-cased: e-mail addresses are matched case-insensitively.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    job: Mapped[str | None] = mapped_column(String(255), default=None)
    location: Mapped[str | None] = mapped_column(String(255), default=None)
    tagline: Mapped[str | None] = mapped_column(String(255), default=None)
    preferences: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    is_developer: Mapped[bool] = mapped_column(default=True)
    is_instance_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    # Invited by e-mail and never signed in yet.
    pending: Mapped[bool] = mapped_column(default=False)
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
