"""Imports every domain's models so `Base.metadata` is complete (for Alembic and tests)."""

from __future__ import annotations

from openinfinity.accounts.users import models as users_models
from openinfinity.accounts.workspaces import models as workspaces_models
from openinfinity.auth import models as auth_models
from openinfinity.boards import models as boards_models
from openinfinity.comments import models as comments_models
from openinfinity.core import events as core_events
from openinfinity.core import history as core_history
from openinfinity.core.models import Base
from openinfinity.files import models as attachments_models
from openinfinity.hooks import models as hooks_models
from openinfinity.idempotency import models as idempotency_models
from openinfinity.items import models as items_models
from openinfinity.items import search as items_search
from openinfinity.oauth import models as oauth_models
from openinfinity.schema.attributes import models as attributes_models
from openinfinity.schema.folders import models as folders_models
from openinfinity.schema.references import models as references_models
from openinfinity.timetracking import models as timetracking_models
from openinfinity.transfer import models as transfer_models
from openinfinity.views import models as views_models

__all__ = [
    "Base",
    "attachments_models",
    "attributes_models",
    "auth_models",
    "boards_models",
    "comments_models",
    "core_events",
    "core_history",
    "folders_models",
    "hooks_models",
    "idempotency_models",
    "items_models",
    "items_search",
    "oauth_models",
    "references_models",
    "timetracking_models",
    "transfer_models",
    "users_models",
    "views_models",
    "workspaces_models",
]
