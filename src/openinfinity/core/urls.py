"""Where the links in answers point."""

from __future__ import annotations

from starlette.requests import Request

from openinfinity.core.config import Settings


def base_url(request: Request) -> str:
    """The server's public base URL (`Settings.base_url`: the configured public URL, no trailing
    slash), for links in answers: avatars, attachments, OAuth metadata."""
    settings: Settings = request.app.state.settings
    return settings.base_url
