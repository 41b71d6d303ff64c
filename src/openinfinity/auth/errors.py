from __future__ import annotations

from openinfinity.core.errors import Forbidden


class InsufficientScope(Forbidden):
    def __init__(self, scope: str) -> None:
        super().__init__(
            f"This token lacks the '{scope}' scope.",
            headers={"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'},
        )
        self.scope = scope
