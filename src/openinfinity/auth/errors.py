from __future__ import annotations

from openinfinity.core.errors import Forbidden


class InsufficientScope(Forbidden):
    def __init__(self, scope: str) -> None:
        super().__init__(
            f"This token lacks the '{scope}' scope.",
            headers={"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'},
        )
        self.scope = scope


class CsrfFailed(Forbidden):
    """An unsafe request authenticated by the session cookie without the session's CSRF token."""

    code = "general/csrf-failed"
    default_message = (
        "This request is authenticated by the browser session and needs the X-CSRF-Token header "
        "(the csrf-token of the app page)."
    )


class CrossSiteRefused(Forbidden):
    """A request from another site carrying our session cookie (refused even for reads)."""

    code = "general/cross-site-refused"
    default_message = "Requests from another site cannot use the browser session; use a token."
