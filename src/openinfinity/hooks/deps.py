"""Dependency aliases of the hooks routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request

from openinfinity.core.config import Settings
from openinfinity.core.expand import expand_param

HookId = Annotated[str, Path(description="The ID of the hook.", max_length=64)]
DeliveryId = Annotated[str, Path(description="The ID of the delivery.", max_length=64)]
_check_expand = expand_param("logs")


def hook_expand(
    expand: Annotated[list[str], Query(description="Sub-models to include: logs")] = [],  # noqa: B006
) -> frozenset[str]:
    # Wraps core's checker: its closure's string annotations cannot be resolved by FastAPI
    # under `from __future__ import annotations` (core/expand.py; reported to the lead).
    return _check_expand(expand)


HookExpand = Annotated[frozenset[str], Depends(hook_expand)]


def app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


AppSettings = Annotated[Settings, Depends(app_settings)]
