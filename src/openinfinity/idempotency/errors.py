"""Errors of Idempotency-Key handling, in the API envelope (see core.errors)."""

from __future__ import annotations

from openinfinity.core.errors import Conflict, MalformedRequest, ValidationFailed


class InvalidKey(MalformedRequest):
    code = "general/idempotency-key-invalid"
    default_message = "The Idempotency-Key header must be 1 to 255 visible ASCII characters."


class KeyReused(ValidationFailed):
    """The key was used for another request (other method, path, query or body)."""

    code = "general/idempotency-key-reused"

    def __init__(self) -> None:
        super().__init__(
            {
                "Idempotency-Key": [
                    "This Idempotency-Key was already used for a different request: "
                    "use a new key for a new request."
                ]
            }
        )

    def body(self) -> dict[str, object]:
        body = super().body()
        body["code"] = self.code
        return body


class KeyInUse(Conflict):
    code = "general/idempotency-key-in-use"
    default_message = (
        "A request with this Idempotency-Key is still running: retry once it has finished "
        "to get its response."
    )
