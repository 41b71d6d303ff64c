"""Verifying a webhook request (Standard Webhooks, https://www.standardwebhooks.com/).

openinfinity signs each delivery with the hook's `secret` (as the API returns it): headers
`webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of
"<id>.<timestamp>.<body>">`, the HMAC key being the base64-decoded secret (a `whsec_` prefix is
accepted too). Verify the raw body bytes, before parsing them: re-serialised JSON would differ.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping

from infinity_client._errors import WebhookVerificationError
from infinity_client.models import Event

TOLERANCE_SECONDS = 5 * 60


def _key(secret: str) -> bytes:
    raw = secret.removeprefix("whsec_")
    try:
        return base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True)
    except binascii.Error as exc:
        raise WebhookVerificationError("the secret is not base64 (pass the hook's `secret` as is)") from exc


def sign(secret: str, *, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` value for this message (what the server sends)."""
    digest = hmac.new(_key(secret), f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def verify_webhook(
    secret: str,
    body: bytes | str,
    headers: Mapping[str, str],
    *,
    tolerance: float = TOLERANCE_SECONDS,
    now: float | None = None,
) -> Event:
    """The delivered event, once the signature matches and the timestamp is within `tolerance`
    seconds of now (against replays); else `WebhookVerificationError`. De-duplicate on
    `headers["webhook-id"]`: retries and redeliveries of one event carry the same id."""
    lower = {k.lower(): v for k, v in headers.items()}
    message_id, stamp, signatures = (
        lower.get(h) for h in ("webhook-id", "webhook-timestamp", "webhook-signature")
    )
    if not message_id or not stamp or not signatures:
        raise WebhookVerificationError("missing webhook-id, webhook-timestamp or webhook-signature header")
    try:
        timestamp = int(stamp)
    except ValueError as exc:
        raise WebhookVerificationError("webhook-timestamp is not an integer") from exc
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        raise WebhookVerificationError("webhook-timestamp is too far from now (a replay, or a wrong clock)")
    raw = body.encode() if isinstance(body, str) else body
    expected = sign(secret, message_id=message_id, timestamp=timestamp, body=raw).removeprefix("v1,")
    # The header may list several signatures (during a secret rotation), space-separated.
    for candidate in signatures.split():
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return Event.model_validate(json.loads(raw))
    raise WebhookVerificationError("no signature matches the secret")
