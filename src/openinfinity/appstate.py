"""`AppState`: what one application instance owns (settings, database, caches, runtimes), built
once by `create_app` and read through `app_state(request)`, typed, instead of untyped
`request.app.state.x` lookups scattered over the routes.

It is the application's `app.state` itself (a typed `State`), so code holding the app (tests,
commands) reads the same object: `app.state.db`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.datastructures import State
from starlette.requests import HTTPConnection

from openinfinity.core.config import Settings
from openinfinity.core.db import Database
from openinfinity.files.runtime import AttachmentsRuntime

if TYPE_CHECKING:
    # For the annotations only: the modules that define these runtimes read the state back
    # through `app_state`, so importing them here at run time would import them in a circle.
    from openinfinity.auth.browser import SessionCsrf
    from openinfinity.auth.security import Csrf
    from openinfinity.auth.service import TokenCache
    from openinfinity.auth.throttle import SigninThrottle
    from openinfinity.changes.hub import Hub
    from openinfinity.mail.sender import Mailer
    from openinfinity.oauth.server import Server as OAuthServer
    from openinfinity.transfer.jobs import Jobs
    from openinfinity.web.assets import AssetStore


class AppState(State):
    """One application's runtimes. Attributes are set once in `create_app`; `attachments` and
    `transfer_jobs` are built on first use (tests may put their own attachments runtime, or
    None to have it rebuilt)."""

    settings: Settings
    db: Database
    changes: Hub
    token_cache: TokenCache
    csrf: Csrf
    session_csrf: SessionCsrf
    webapp_assets: AssetStore
    oauth_server: OAuthServer
    mailer: Mailer | None
    signin_throttle: SigninThrottle
    reset_throttle: SigninThrottle
    attachments: AttachmentsRuntime | None
    transfer_jobs: Jobs | None

    def __init__(
        self,
        *,
        settings: Settings,
        db: Database,
        changes: Hub,
        token_cache: TokenCache,
        csrf: Csrf,
        session_csrf: SessionCsrf,
        webapp_assets: AssetStore,
        oauth_server: OAuthServer,
        mailer: Mailer | None,
        signin_throttle: SigninThrottle,
        reset_throttle: SigninThrottle,
    ) -> None:
        super().__init__(
            {
                "settings": settings,
                "db": db,
                "changes": changes,
                "token_cache": token_cache,
                "csrf": csrf,
                "session_csrf": session_csrf,
                "webapp_assets": webapp_assets,
                "oauth_server": oauth_server,
                "mailer": mailer,
                "signin_throttle": signin_throttle,
                "reset_throttle": reset_throttle,
                "attachments": None,
                "transfer_jobs": None,
            }
        )

    def attachments_runtime(self) -> AttachmentsRuntime:
        """The attachments storage and link signer, built on first use."""
        runtime = self.attachments
        if runtime is None:
            runtime = self.attachments = AttachmentsRuntime.build(self.settings)
        return runtime


def app_state(connection: HTTPConnection) -> AppState:
    """The typed state of the application serving `connection` (a request or a websocket)."""
    state: AppState = connection.app.state
    return state
