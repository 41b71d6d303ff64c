"""Schemathesis hooks (loaded through SCHEMATHESIS_HOOKS): every /api error is in our envelope."""

from __future__ import annotations

from typing import Any

import schemathesis


@schemathesis.check
def error_envelope(ctx: Any, response: Any, case: Any) -> bool | None:
    """A 4xx/5xx under /api answers `{"message": str, "code": str, ...}` and nothing else shaped."""
    if response.status_code < 400 or not case.path.startswith("/api/"):
        return None
    try:
        body = response.json()
    except ValueError as exc:
        raise AssertionError(f"error body is not JSON: {response.text[:200]!r}") from exc
    if not isinstance(body, dict) or not isinstance(body.get("message"), str):
        raise AssertionError(f"error body has no message: {body!r}"[:300])
    code = body.get("code")
    if not isinstance(code, str) or not code.count("/") >= 1:
        raise AssertionError(f"error body has no code: {body!r}"[:300])
    return True
