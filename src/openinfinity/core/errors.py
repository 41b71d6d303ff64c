"""The error tree and its one HTTP mapping.

    ApiError                      (400 general/malformed-request)
    ├── Unauthenticated           401 general/unauthorised   "Unauthenticated."
    ├── Forbidden                 403 general/forbidden
    ├── NotFound                  404 general/not-found
    ├── MethodNotAllowed          405 general/method-not-allowed
    ├── NotAcceptable             406 general/not-acceptable
    ├── RequestTimeout            408 general/request-timeout
    ├── Conflict                  409 general/conflict
    ├── PayloadTooLarge           413 general/payload-too-large
    ├── ValidationFailed          422 general/invalid-fields or general/missing-fields
    ├── TooManyRequests           429 general/too-many-requests
    ├── ServerError               500 general/server-error
    └── QueryTimeout              503 general/query-timeout  (a query ran out of its time budget)

Domain modules subclass these (with their own `code`); services raise them, never HTTPException.
Every error body is `{"message": ..., "code": ...}`; validation errors add `errors` and
`invalidFields`, worded like the hosted API's Laravel messages.
"""

from __future__ import annotations

from typing import Any, ClassVar


class ApiError(Exception):
    status_code: ClassVar[int] = 400
    code: ClassVar[str] = "general/malformed-request"
    default_message: ClassVar[str] = "The request is malformed."

    def __init__(self, message: str | None = None, *, headers: dict[str, str] | None = None) -> None:
        self.message = message or self.default_message
        self.headers = headers or {}
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        return {"message": self.message, "code": self.code}


class MalformedRequest(ApiError):
    pass


class Unauthenticated(ApiError):
    status_code = 401
    code = "general/unauthorised"
    default_message = "Unauthenticated."


class Forbidden(ApiError):
    status_code = 403
    code = "general/forbidden"
    default_message = "This action is unauthorized."


class NotFound(ApiError):
    status_code = 404
    code = "general/not-found"
    default_message = "Not found."

    @classmethod
    def of(cls, what: str) -> NotFound:
        return cls(f"{what} not found.")


class MethodNotAllowed(ApiError):
    status_code = 405
    code = "general/method-not-allowed"
    default_message = "The method is not allowed for this resource."


class NotAcceptable(ApiError):
    status_code = 406
    code = "general/not-acceptable"
    default_message = "This API only produces application/json."


class RequestTimeout(ApiError):
    status_code = 408
    code = "general/request-timeout"
    default_message = "The request body did not arrive in time."


class Conflict(ApiError):
    status_code = 409
    code = "general/conflict"
    default_message = "The request conflicts with the current state of the resource."


class PayloadTooLarge(ApiError):
    status_code = 413
    code = "general/payload-too-large"
    default_message = "The request body is too large."


class TooManyRequests(ApiError):
    status_code = 429
    code = "general/too-many-requests"
    default_message = "Too Many Attempts."


class QueryTimeout(ApiError):
    """A statement ran longer than the server's query time budget (OPENINFINITY_QUERY_TIMEOUT)
    and was stopped: the request changed nothing, and the database is free again."""

    status_code = 503
    code = "general/query-timeout"
    default_message = (
        "The query took longer than the server allows and was stopped. "
        "Narrow the filter or search, or ask for fewer items."
    )


class ServerError(ApiError):
    """The body names the request id, so a report can be matched with its log record."""

    status_code = 500
    code = "general/server-error"
    default_message = "Server Error"

    def __init__(self, message: str | None = None, *, request_id: str | None = None) -> None:
        super().__init__(message)
        self.request_id = request_id

    def body(self) -> dict[str, Any]:
        body = super().body()
        if self.request_id:
            body["request_id"] = self.request_id
        return body


def humanize(field: str) -> str:
    """`folder_id` -> `folder id`, `values.0.data` -> `values.0.data` (as Laravel words them)."""
    return field.replace("_", " ") if "." not in field else field


class ValidationFailed(ApiError):
    """422 with per-field messages: `errors = {"field": ["The field ...", ...]}`."""

    status_code = 422
    code = "general/invalid-fields"

    def __init__(self, errors: dict[str, list[str]], *, missing: bool = False) -> None:
        self.errors = errors
        self.missing = missing
        messages = [m for msgs in errors.values() for m in msgs]
        first = messages[0] if messages else "The given data was invalid."
        more = len(messages) - 1
        if more > 0:
            first += f" (and {more} more error{'s' if more > 1 else ''})"
        super().__init__(first)

    @classmethod
    def field(cls, field: str, message: str) -> ValidationFailed:
        """One invalid field; `message` is the predicate, e.g. "must be a valid hex color."."""
        return cls({field: [f"The {humanize(field)} field {message}"]})

    @classmethod
    def required(cls, *fields: str) -> ValidationFailed:
        return cls({f: [f"The {humanize(f)} field is required."] for f in fields}, missing=True)

    def body(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "code": "general/missing-fields" if self.missing else self.code,
            "errors": self.errors,
            "invalidFields": list(self.errors),
        }


def merge_validation(errors: list[ValidationFailed]) -> ValidationFailed:
    """Report several independent validation failures in one 422."""
    merged: dict[str, list[str]] = {}
    for err in errors:
        for field, msgs in err.errors.items():
            merged.setdefault(field, []).extend(msgs)
    return ValidationFailed(merged, missing=all(e.missing for e in errors))
