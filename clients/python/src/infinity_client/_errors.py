"""Every error the client raises, one tree, so `except InfinityError` catches them all:

    InfinityError
     ├── TransportError            the request did not get an answer (after the retries)
     │    └── TimeoutError         ... because a timeout expired
     ├── APIError                  the API answered with an error status (4xx, 5xx)
     │    ├── BadRequest           400
     │    ├── AuthenticationError  401: no token, a wrong or a revoked one
     │    ├── PermissionDenied     403: the token lacks a scope or the role a right
     │    ├── NotFound             404
     │    ├── Conflict             409
     │    ├── Gone                 410 (the change feed's `changes/cursor-expired`)
     │    ├── ValidationError      422: `invalid_fields` and `errors` say which fields and why
     │    ├── RateLimited          429 (raised once the retries are used up; `retry_after`)
     │    └── ServerError          5xx
     ├── ChangeFeedClosed          the server closed the change feed for good (`access-revoked`)
     └── WebhookVerificationError  a webhook request whose signature does not verify

An `APIError` carries what the API's error envelope says (`message`, `code`, `errors`,
`invalid_fields`) and the request id (`X-Request-Id`) to quote to the server's operator.
"""

from __future__ import annotations

from typing import Any

import httpx


class InfinityError(Exception):
    """The base of every error of this package."""


class TransportError(InfinityError):
    """No answer from the API: connection refused or reset, DNS failure, ... (after the retries)."""


class TimeoutError(TransportError):  # noqa: A001  (the name users look for; it is namespaced)
    """A connect, read, write or pool timeout expired (after the retries)."""


class APIError(InfinityError):
    """The API answered with an error status. `code` is the envelope's stable code, e.g.
    `general/not-found` or `items/folder-not-found`; branch on it, not on `message`."""

    status: int = 0

    def __init__(self, response: httpx.Response, body: Any) -> None:
        envelope = body if isinstance(body, dict) else {}
        self.response = response
        self.status_code = response.status_code
        self.message: str = str(
            envelope.get("message") or envelope.get("error_description") or response.reason_phrase or "error"
        )
        # OAuth2 endpoints answer RFC 6749 errors: {"error": "invalid_grant", "error_description"}.
        self.code: str | None = envelope.get("code") or envelope.get("error")
        raw_errors = envelope.get("errors")
        self.errors: dict[str, list[str]] = raw_errors if isinstance(raw_errors, dict) else {}
        fields = envelope.get("invalidFields")
        self.invalid_fields: list[str] = list(fields) if isinstance(fields, list) else list(self.errors)
        raw_failures = envelope.get("failures")
        # A batch's 422 (`items/batch-failed`): each failing operation's index, status and error.
        self.failures: list[dict[str, Any]] = raw_failures if isinstance(raw_failures, list) else []
        self.request_id: str | None = response.headers.get("x-request-id")
        self.body: Any = body
        super().__init__(self._describe())

    def _describe(self) -> str:
        parts = [f"{self.status_code} {self.message}"]
        if self.code:
            parts.append(f"code={self.code}")
        if self.invalid_fields:
            parts.append(f"invalid_fields={self.invalid_fields}")
        if self.request_id:
            parts.append(f"request_id={self.request_id}")
        return " ".join(parts)


class BadRequest(APIError):
    status = 400


class AuthenticationError(APIError):
    status = 401


class PermissionDenied(APIError):
    status = 403


class NotFound(APIError):
    status = 404


class Conflict(APIError):
    status = 409


class Gone(APIError):
    status = 410


class ValidationError(APIError):
    status = 422


class RateLimited(APIError):
    status = 429

    @property
    def retry_after(self) -> float | None:
        """Seconds the API asked to wait (`Retry-After`), if it said."""
        value = self.response.headers.get("retry-after")
        try:
            return float(value) if value is not None else None
        except ValueError:
            return None


class ServerError(APIError):
    status = 500


class ChangeFeedClosed(InfinityError):
    """The server ended the change feed and asks not to reconnect (`reason`, e.g. `access-revoked`)."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(f"{reason}: {message}")


class WebhookVerificationError(InfinityError):
    """The webhook request is not signed by the hook's secret, or its timestamp is too old."""


_BY_STATUS: dict[int, type[APIError]] = {
    cls.status: cls
    for cls in (
        BadRequest,
        AuthenticationError,
        PermissionDenied,
        NotFound,
        Conflict,
        Gone,
        ValidationError,
        RateLimited,
    )
}


def error_for(response: httpx.Response) -> APIError:
    """The exception for an error response (its body read as the API's envelope when it is JSON)."""
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    status = response.status_code
    cls = _BY_STATUS.get(status) or (ServerError if status >= 500 else APIError)
    return cls(response, body)
