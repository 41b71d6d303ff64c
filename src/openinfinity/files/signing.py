"""Signed links: `{base}/api/v2/attachments/{id}/{kind}?expires=<unix>&signature=<hex>`.

The signature is HMAC-SHA256 over the kind, the attachment id, its storage path and the expiry,
keyed by the server secret. Binding the storage path means a link can only ever serve the file it
was made for, even if an id were reused. Anyone holding a link may download until it expires.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal
from urllib.parse import urlencode

from openinfinity.core.bounds import is_decimal
from openinfinity.core.config import Settings
from openinfinity.core.errors import Forbidden
from openinfinity.core.secret import load_secret as server_secret

LinkKind = Literal["download", "thumb"]


class InvalidLink(Forbidden):
    code = "attachments/invalid-link"
    default_message = "This link is invalid."


class ExpiredLink(Forbidden):
    code = "attachments/link-expired"
    default_message = "This link has expired; fetch the attachment again for a fresh link."


def load_secret(settings: Settings, *, secret_file: Path | None = None) -> bytes:
    """OPENINFINITY_SECRET_KEY, or the server secret generated once and kept in <data dir>/secret_key
    (the same one that signs CSRF tokens; core.secret owns generating it)."""
    return server_secret(settings, secret_file).encode()


class LinkSigner:
    def __init__(
        self, secret: bytes, *, base_url: str, ttl: int, clock: Callable[[], float] = time.time
    ) -> None:
        self.secret = secret
        self.base_url = base_url.rstrip("/")
        self.ttl = ttl
        self.clock = clock

    def _signature(self, kind: LinkKind, attachment_id: int, path: str, expires: int) -> str:
        message = f"{kind}\n{attachment_id}\n{path}\n{expires}".encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()

    def link(self, kind: LinkKind, attachment_id: int, path: str, *, now: float | None = None) -> str:
        expires = int(now if now is not None else self.clock()) + self.ttl
        query = urlencode(
            {"expires": expires, "signature": self._signature(kind, attachment_id, path, expires)}
        )
        return f"{self.base_url}/api/v2/attachments/{attachment_id}/{kind}?{query}"

    def verify(
        self,
        kind: LinkKind,
        attachment_id: int,
        path: str,
        *,
        expires: str | None,
        signature: str | None,
        now: float | None = None,
    ) -> None:
        """Raise InvalidLink or ExpiredLink (both 403) unless the link is genuine and current."""
        if not expires or not signature or not is_decimal(expires) or len(expires) > 12:
            raise InvalidLink()
        expected = self._signature(kind, attachment_id, path, int(expires))
        if not hmac.compare_digest(expected, signature.lower()):
            raise InvalidLink()
        if int(expires) < (now if now is not None else self.clock()):
            raise ExpiredLink()
