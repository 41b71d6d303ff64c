"""Every router of the application, one line each."""

from __future__ import annotations

from fastapi import FastAPI

from openinfinity.core import health
from openinfinity.hooks import routes as hooks
from openinfinity.members import routes as members
from openinfinity.users import routes as users
from openinfinity.workspaces import routes as workspaces


def include_routers(app: FastAPI) -> None:
    app.include_router(health.router)
    app.include_router(users.public)
    app.include_router(users.router)
    app.include_router(workspaces.router)
    app.include_router(members.router)
    app.include_router(hooks.router)
