"""Imports every domain's models so `Base.metadata` is complete (for Alembic and tests)."""

from __future__ import annotations

from openinfinity.auth import models as auth_models
from openinfinity.core.models import Base
from openinfinity.users import models as users_models
from openinfinity.workspaces import models as workspaces_models

__all__ = ["Base", "auth_models", "users_models", "workspaces_models"]
