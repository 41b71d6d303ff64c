"""One SMTP message per call (aiosmtplib), sent after the request's transaction has committed:
a rolled-back invitation must not reach anyone. A failure is logged, never raised to the client:
the link is also in the log and available to the inviter."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from email.message import EmailMessage

import aiosmtplib

from openinfinity.core.config import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mailer:
    host: str
    port: int
    security: str  # "starttls", "tls" or "none"
    username: str | None
    password: str | None
    sender: str
    timeout: float

    async def send(self, *, to: str, subject: str, text: str) -> bool:
        """Send a plain-text message; True when the server accepted it."""
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = self.sender, to, subject
        message.set_content(text)
        try:
            await aiosmtplib.send(
                message,
                hostname=self.host,
                port=self.port,
                username=self.username,
                password=self.password,
                use_tls=self.security == "tls",
                start_tls=self.security == "starttls",
                timeout=self.timeout,
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            log.warning(
                "mail to %s not sent: %s", to, exc, extra={"subject": subject, "smtp_host": self.host}
            )
            return False
        log.info("mail sent to %s", to, extra={"subject": subject})
        return True


def build_mailer(settings: Settings) -> Mailer | None:
    """The configured mailer, or None when OPENINFINITY_SMTP_HOST is unset."""
    if not settings.smtp_host:
        return None
    return Mailer(
        host=settings.smtp_host,
        port=settings.smtp_port,
        security=settings.smtp_security,
        username=settings.smtp_user,
        password=settings.smtp_password,
        sender=settings.smtp_from,
        timeout=settings.smtp_timeout,
    )
