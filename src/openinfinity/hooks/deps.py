"""Dependency aliases of the hooks routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from openinfinity.appstate import app_state
from openinfinity.core.config import Settings
from openinfinity.core.expand import expand_param

HookId = Annotated[str, Path(description="The ID of the hook.", max_length=64)]
DeliveryId = Annotated[str, Path(description="The ID of the delivery.", max_length=64)]
HookExpand = Annotated[frozenset[str], Depends(expand_param("logs"))]


def app_settings(request: Request) -> Settings:
    settings: Settings = app_state(request).settings
    return settings


AppSettings = Annotated[Settings, Depends(app_settings)]
