"""Standard Webhooks signatures (https://www.standardwebhooks.com/).

The hook's `secret` is 32 characters of [A-Za-z0-9], shaped like the hosted API's secrets. Those
characters are all in the base64 alphabet, so the secret doubles as a Standard Webhooks key: the
signing key is `base64decode(secret)` (24 bytes, 192 bits of entropy), which is exactly what the
`standardwebhooks` libraries derive from it. A receiver verifies with the secret as returned:

    from standardwebhooks import Webhook
    Webhook(hook["secret"]).verify(body, headers)

The secret is kept in clear in the database: an HMAC key must be recoverable to sign, and the API
returns it to the hook's owner (the seed lists it on every read). It is not a credential to this
API: it proves to receivers that a request came from us, nothing more.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string

_ALPHABET = string.ascii_letters + string.digits
SECRET_LENGTH = 32


def new_secret() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(SECRET_LENGTH))


def signing_key(secret: str) -> bytes:
    raw = secret.removeprefix("whsec_")
    return base64.b64decode(raw + "=" * (-len(raw) % 4))


def sign(secret: str, *, message_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` header value: `v1,<base64 HMAC-SHA256 of id.timestamp.body>`."""
    to_sign = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(signing_key(secret), to_sign, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(secret: str, *, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, message_id=message_id, timestamp=timestamp, body=body),
    }
