"""Operation ids: short, stable and unique, derived from the route function's name.

Route functions are named `verb_noun` (`list_items`, `create_time_entry`), so the id is that name
in camelCase (`listItems`, `createTimeEntry`) and a new route needs no edit here. Three rules
keep the ids unique and readable where one function name is not enough:

- PATCH on an `update_x` (or `put_x`) function that also serves PUT becomes `patchX`;
- routes under /api/v2/admin/ insert `Admin` after the verb (`listAdminUsers`), since the same
  nouns exist for a signed-in user (`listTokens`);
- a small table overrides the few names that read poorly as ids (`health`, `_list`, `token`).

A client generator names its functions after these ids (`list_items`, `create_item`), and clients
rely on them: once published an id does not change (tests/openapi/test_document.py).
"""

from __future__ import annotations

import re

from fastapi.routing import APIRoute

ADMIN_PREFIX = "/api/v2/admin/"
# Keyed by "METHOD /path" (a function shared by several paths) or by the function's name.
OVERRIDES: dict[str, str] = {
    "GET /api/v2/workspaces/{workspace}/users": "listUsers",
    "GET /api/v2/workspaces/{workspace}/members": "listMembers",
    "PUT /api/v2/workspaces/{workspace}/members/{user}": "addMember",
    "PATCH /api/v2/workspaces/{workspace}/members/{user}": "changeMemberRole",
    "PUT /api/v2/workspaces/{workspace}/boards/{board_id}/views/{view_id}": "replaceView",
    "PATCH /api/v2/workspaces/{workspace}/boards/{board_id}/views/{view_id}": "updateView",
    "GET /api/v2/admin/users/email/{email}": "getAdminUserByEmail",
    "health": "getHealth",
    "ready": "getReadiness",
    "token": "requestOauthToken",
    "revoke": "revokeOauthToken",
    "metadata": "getOauthServerMetadata",
    "create_from_file": "createAttachmentFromFile",
    "create_from_url": "createAttachmentFromUrl",
    "download": "downloadAttachment",
    "thumbnail": "getAttachmentThumbnail",
    "redeliver": "redeliverHookDelivery",
    "view_items": "listViewItems",
    "board_changes": "listBoardChanges",
    "sign_out": "signOutSession",
}
# The naming rule the ids follow (checked by the tests): a lower-case verb, then one or more
# capitalised words.
ID_PATTERN = re.compile(r"^[a-z]+(?:[A-Z][a-z0-9]*)+$")


def camel_case(words: list[str]) -> str:
    return words[0].lower() + "".join(word[:1].upper() + word[1:].lower() for word in words[1:])


def operation_id_for(name: str, method: str, path: str) -> str:
    """The id of the operation `method path` served by the function called `name`."""
    override = OVERRIDES.get(f"{method} {path}") or OVERRIDES.get(name)
    if override is not None:
        return override
    words = [word for word in name.split("_") if word]
    if method == "PATCH" and words[0] in ("update", "put"):
        words[0] = "patch"
    if path.startswith(ADMIN_PREFIX) and len(words) > 1 and words[1] != "admin":
        words.insert(1, "admin")
    return camel_case(words)


def generate_operation_id(route: APIRoute) -> str:
    """FastAPI's `generate_unique_id_function`: also names request-body models (`Body_<id>`)."""
    method = sorted(route.methods)[0] if route.methods else "GET"
    return operation_id_for(route.name, method, route.path_format)
