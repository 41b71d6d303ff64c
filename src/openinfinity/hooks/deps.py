"""Dependency aliases of the hooks routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from openinfinity.boards.deps import BoardRequest, board_request
from openinfinity.core.expand import expand_param

HookId = Annotated[str, Path(description="The ID of the hook.", max_length=64)]
DeliveryId = Annotated[str, Path(description="The ID of the delivery.", max_length=64)]
HookExpand = Annotated[frozenset[str], Depends(expand_param("logs"))]


# The one request dependency of a route below a board, under the "hooks" scope rule.
HooksBoard = Annotated[BoardRequest, Depends(board_request("hooks"), scope="function")]
