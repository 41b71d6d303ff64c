from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.models import Base, utcnow


class IdempotencyKey(Base):
    """One Idempotency-Key of one user: the request it belongs to (`fingerprint`), and once that
    request has committed, the response to replay. `status_code` NULL: the request is running
    (or died before committing: a claim older than the stale limit may be taken over)."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("user_id", "key", name="uq_idempotency_keys_user_key"),
        Index("ix_idempotency_keys_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    # sha256 of method, path, query and body.
    fingerprint: Mapped[str] = mapped_column(String(64))
    # Who runs the request now: a fresh token per claim, so a request whose claim was taken over
    # cannot record its response (and its write is rolled back).
    claim: Mapped[str] = mapped_column(String(36))
    status_code: Mapped[int | None] = mapped_column(default=None)
    content_type: Mapped[str | None] = mapped_column(String(255), default=None)
    body: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
