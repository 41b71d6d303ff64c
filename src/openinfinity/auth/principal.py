from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling and what their credential allows; built once per request by authentication.

    A request authenticates with a token (`kind` "personal" or "oauth", `token_id` set) or, from
    the web app, with the signed-in browser session (`kind` "session", `token_id` None).
    """

    user_id: int
    token_id: int | None
    scopes: frozenset[str]
    workspace_id: int | None  # the token is restricted to this workspace
    is_instance_admin: bool
    last_used_at: datetime | None = None
    kind: str = "personal"  # "personal", "oauth", "session", or "system" (an operator's command)
    expires_at: datetime | None = None  # when the credential stops working (None: never)
    client_id: int | None = None  # OAuth tokens: the application they were issued to

    def sees_workspace(self, workspace_id: int) -> bool:
        return self.workspace_id is None or self.workspace_id == workspace_id
