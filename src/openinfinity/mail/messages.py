"""The texts we send: subject and plain-text body."""

from __future__ import annotations

from datetime import datetime


def invitation(*, url: str, expires_at: datetime, instance: str) -> tuple[str, str]:
    subject = "You are invited to openinfinity"
    text = (
        f"You have been invited to the openinfinity workspace at {instance}.\n\n"
        f"Choose your password here (the link works once, until {expires_at:%Y-%m-%d %H:%M} UTC):\n\n"
        f"{url}\n\n"
        "If you did not expect this, ignore this message.\n"
    )
    return subject, text


def password_reset(*, url: str, expires_at: datetime, instance: str) -> tuple[str, str]:
    subject = "Reset your openinfinity password"
    text = (
        f"Someone (hopefully you) asked to reset the password of your account at {instance}.\n\n"
        f"Choose a new password here (the link works once, until {expires_at:%Y-%m-%d %H:%M} UTC):\n\n"
        f"{url}\n\n"
        "Setting it signs out every browser signed in to your account. If you did not ask for this,\n"
        "ignore this message: your password stays as it is.\n"
    )
    return subject, text
