"""JSON responses serialised with orjson (UTF-8, non-ASCII kept as is)."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse


class ApiJSONResponse(JSONResponse):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


def dumps(content: Any) -> bytes:
    return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)
