"""Errors of the change feed, in the API envelope (see core.errors)."""

from __future__ import annotations

from openinfinity.core.errors import ApiError


class CursorExpired(ApiError):
    """The cursor is older than the history kept, or not one this board handed out: the client
    may have missed changes and must load the board again, then follow from a fresh stream."""

    status_code = 410
    code = "changes/cursor-expired"
    default_message = (
        "The cursor is too old or unknown: changes since then are no longer kept. "
        "Reload the board and open the change feed again without a cursor."
    )


class TooManyStreams(ApiError):
    status_code = 503
    code = "changes/too-many-streams"
    default_message = "This server holds as many change streams as it may. Retry shortly."
