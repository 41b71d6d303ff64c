"""Every router of the application, one line each."""

from __future__ import annotations

from fastapi import FastAPI

from openinfinity.admin import routes as admin
from openinfinity.attachments import routes as attachments
from openinfinity.attributes import routes as attributes
from openinfinity.auth import routes as profile_tokens
from openinfinity.boardcsv import routes as items_csv
from openinfinity.boards import routes as boards
from openinfinity.changes import routes as changes
from openinfinity.comments import routes as comments
from openinfinity.folders import routes as folders
from openinfinity.health import routes as health
from openinfinity.history import routes as history
from openinfinity.hooks import routes as hooks
from openinfinity.items import routes as items
from openinfinity.members import routes as members
from openinfinity.metrics import routes as metrics
from openinfinity.oauth import routes as oauth
from openinfinity.oauth import routes_api as profile_clients
from openinfinity.openapi import ui as api_docs
from openinfinity.references import routes as references
from openinfinity.timetracking import routes as time_tracking
from openinfinity.users import routes as users
from openinfinity.views import routes as views
from openinfinity.web import assets as webapp_assets
from openinfinity.web import reset as password_reset
from openinfinity.web import routes as web
from openinfinity.web import session_api
from openinfinity.web import shell as webapp_shell
from openinfinity.workspaces import routes as workspaces


def include_routers(app: FastAPI) -> None:
    # A request walks the routers in this order until one matches (newer FastAPI does not index
    # them), so the board's content, which takes most requests, comes first. The order decides
    # nothing else: no two routes match one request (tests/core/test_route_table.py).
    app.include_router(items.router)
    app.include_router(items_csv.router)
    app.include_router(views.router)
    app.include_router(comments.router)
    app.include_router(references.router)
    app.include_router(references.workspace_router)
    app.include_router(history.router)
    app.include_router(history.audit_router)
    app.include_router(time_tracking.router)
    app.include_router(attributes.router)
    app.include_router(folders.router)
    app.include_router(boards.router)
    app.include_router(changes.router)
    app.include_router(attachments.router)
    app.include_router(attachments.public)
    app.include_router(hooks.router)
    app.include_router(members.router)
    app.include_router(workspaces.router)
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(users.public)
    app.include_router(users.router)
    app.include_router(profile_tokens.router)
    app.include_router(profile_clients.router)
    app.include_router(admin.router)
    app.include_router(oauth.router)
    app.include_router(session_api.router)
    app.include_router(api_docs.router)
    app.include_router(web.router)
    app.include_router(password_reset.router)
    app.include_router(webapp_shell.router)
    app.include_router(webapp_assets.router)
