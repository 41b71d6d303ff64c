"""Schemathesis hooks (loaded through SCHEMATHESIS_HOOKS): every /api error is in our envelope, and
generated requests also carry the inputs that once answered 500 (issue 20 #16): list cursors
holding numbers beyond 32 and 64 bits, and lone UTF-16 surrogates in JSON strings."""

from __future__ import annotations

import base64
from typing import Any

import schemathesis
from hypothesis import strategies as st

LONE_SURROGATE = "\ud800"  # json.dumps escapes it as \ud800: a real lone surrogate on the wire
HUGE_CURSORS = [
    base64.b64encode(text.encode()).decode()
    for text in (str(2**70), str(2**31), f"{2**63},2024-01-01 00:00:00.000000", "q0:k" + str(2**70))
]


# Operations whose body is multipart (an attachment upload, a CSV import).
_MULTIPART_PATHS = ("/file", "/items/import")


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


@schemathesis.hook
def flatmap_query(context: Any, query: dict[str, Any] | None) -> Any:
    """Sometimes an `after` or `before` cursor beyond the keys' range."""
    if not isinstance(query, dict):
        return st.just(query)
    cursors = [{**query, field: cursor} for field in ("after", "before") for cursor in HUGE_CURSORS]
    return st.sampled_from([query, query, *cursors])


def _with_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return value + LONE_SURROGATE
    if isinstance(value, dict):
        return {key: _with_surrogates(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_with_surrogates(child) for child in value]
    return value


@schemathesis.hook
def flatmap_body(context: Any, body: Any) -> Any:
    """Sometimes every string of a JSON body ends in a lone surrogate (and one extra field)."""
    operation = getattr(context, "operation", None)
    if not isinstance(body, dict | list) or str(getattr(operation, "path", "")).endswith(_MULTIPART_PATHS):
        return st.just(body)  # multipart uploads: a surrogate cannot even be encoded
    extra = {**body, "note" + LONE_SURROGATE: LONE_SURROGATE} if isinstance(body, dict) else body
    return st.sampled_from([body, body, _with_surrogates(body), extra])
