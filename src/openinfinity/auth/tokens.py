"""Token strings: high-entropy, recognisable by prefix, stored only as SHA-256.

SHA-256 (not a slow password hash) is right here: the token has 256 bits of entropy, so there is
nothing to brute-force, and a fast hash lets every request be authenticated by one indexed lookup.
"""

from __future__ import annotations

import hashlib
import secrets

PERSONAL_PREFIX = "oi_pat_"
OAUTH_PREFIX = "oi_oat_"


def generate(prefix: str = PERSONAL_PREFIX) -> str:
    return prefix + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def display_prefix(token: str) -> str:
    """What lists show: enough to recognise a token, far too little to use it."""
    return token[: len(PERSONAL_PREFIX) + 4]
