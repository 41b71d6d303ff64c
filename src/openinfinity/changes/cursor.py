"""Cursors of the change feed: `<position>-<board tag>`, opaque to clients.

The position is an outbox id: "every event of this board up to here has been sent". Events of one
board commit in id order (core.events), so `id > position` misses nothing and repeats nothing.
The tag (a short hash of the board id) catches a cursor replayed on another board, where its
position would mean nothing.
"""

from __future__ import annotations

import hashlib

from openinfinity.changes.errors import CursorExpired

_MAX_POSITION = 2**63 - 1


def board_tag(board_id: str) -> str:
    return hashlib.blake2b(board_id.encode(), digest_size=3).hexdigest()


def encode(board_id: str, position: int) -> str:
    return f"{position}-{board_tag(board_id)}"


def decode(board_id: str, cursor: str) -> int:
    """The position of a cursor of this board; CursorExpired for anything else."""
    position, _, tag = cursor.strip().partition("-")
    if not position.isascii() or not position.isdigit() or len(position) > 19 or tag != board_tag(board_id):
        raise CursorExpired(
            "The cursor is not one of this board's. Reload the board and open the feed again."
        )
    value = int(position)
    if value > _MAX_POSITION:
        raise CursorExpired()
    return value
