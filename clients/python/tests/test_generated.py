"""What keeps the SDK in step with the server: the generated sync client matches the async source,
and every operation of the server's OpenAPI document has its method on both clients."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from infinity_client import AsyncClient, Client
from sdk_testing import Server

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "unasync.py"
W = "/api/v2/workspaces/{workspace}"
B = W + "/boards/{board_id}"

# Every operation of the API -> the client method that calls it. PATCH twins of PUT routes are the
# same operation on openinfinity; the client sends PUT, which the hosted API knows (views differ:
# PUT replaces, PATCH changes fields).
OPERATIONS: dict[tuple[str, str], str] = {
    ("GET", "/health"): "health.live",
    ("GET", "/health/ready"): "health.ready",
    ("GET", "/api/v2/workspaces"): "workspaces.list",
    ("POST", "/api/v2/workspaces"): "workspaces.create",
    ("GET", W): "workspaces.get",
    ("PUT", W): "workspaces.update",
    ("PATCH", W): "workspaces.update",
    ("GET", W + "/members"): "members.list",
    ("GET", W + "/users"): "members.users",
    ("POST", W + "/members/invite"): "members.invite",
    ("PUT", W + "/members/{user}"): "members.set_role",
    ("PATCH", W + "/members/{user}"): "members.set_role",
    ("DELETE", W + "/members/{user}"): "members.remove",
    ("GET", W + "/boards"): "boards.list",
    ("POST", W + "/boards"): "boards.create",
    ("GET", B): "boards.get",
    ("PUT", B): "boards.update",
    ("PATCH", B): "boards.update",
    ("DELETE", B): "boards.delete",
    ("GET", B + "/folders"): "folders.list",
    ("POST", B + "/folders"): "folders.create",
    ("GET", B + "/folders/{folder_id}"): "folders.get",
    ("PUT", B + "/folders/{folder_id}"): "folders.update",
    ("PATCH", B + "/folders/{folder_id}"): "folders.update",
    ("DELETE", B + "/folders/{folder_id}"): "folders.delete",
    ("GET", B + "/folders/{folder_id}/items"): "items.list_in_folder",
    ("GET", B + "/attributes"): "attributes.list",
    ("POST", B + "/attributes"): "attributes.create",
    ("GET", B + "/attributes/{attribute_id}"): "attributes.get",
    ("PUT", B + "/attributes/{attribute_id}"): "attributes.update",
    ("PATCH", B + "/attributes/{attribute_id}"): "attributes.update",
    ("DELETE", B + "/attributes/{attribute_id}"): "attributes.delete",
    ("GET", B + "/items"): "items.list",
    ("POST", B + "/items"): "items.create",
    ("GET", B + "/items/{item_id}"): "items.get",
    ("PUT", B + "/items/{item_id}"): "items.update",
    ("PATCH", B + "/items/{item_id}"): "items.update",
    ("DELETE", B + "/items/{item_id}"): "items.delete",
    ("DELETE", B + "/items/{item_id}/values/{value_id}"): "items.delete_value",
    ("PUT", B + "/items"): "items.upsert",
    ("POST", B + "/items/batch"): "items.batch",
    ("POST", B + "/items/batch/values"): "items.set_values",
    ("GET", B + "/views"): "views.list",
    ("POST", B + "/views"): "views.create",
    ("GET", B + "/views/{view_id}"): "views.get",
    ("PUT", B + "/views/{view_id}"): "views.replace",
    ("PATCH", B + "/views/{view_id}"): "views.update",
    ("DELETE", B + "/views/{view_id}"): "views.delete",
    ("GET", B + "/views/{view_id}/items"): "views.items",
    ("GET", B + "/items/{item_id}/comments"): "comments.list",
    ("POST", B + "/items/{item_id}/comments"): "comments.create",
    ("GET", B + "/items/{item_id}/comments/{comment_id}"): "comments.get",
    ("PUT", B + "/items/{item_id}/comments/{comment_id}"): "comments.update",
    ("PATCH", B + "/items/{item_id}/comments/{comment_id}"): "comments.update",
    ("DELETE", B + "/items/{item_id}/comments/{comment_id}"): "comments.delete",
    ("GET", B + "/references"): "references.list",
    ("POST", B + "/references"): "references.create",
    ("GET", B + "/references/{reference_id}"): "references.get",
    ("DELETE", B + "/references/{reference_id}"): "references.delete",
    ("GET", W + "/references"): "references.list_for_item",
    ("GET", B + "/hooks"): "hooks.list",
    ("POST", B + "/hooks"): "hooks.create",
    ("GET", B + "/hooks/{hook_id}"): "hooks.get",
    ("PUT", B + "/hooks/{hook_id}"): "hooks.update",
    ("PATCH", B + "/hooks/{hook_id}"): "hooks.update",
    ("DELETE", B + "/hooks/{hook_id}"): "hooks.delete",
    ("GET", B + "/hooks/{hook_id}/deliveries"): "hooks.deliveries",
    ("POST", B + "/hooks/{hook_id}/deliveries/{delivery_id}/redeliver"): "hooks.redeliver",
    ("POST", B + "/hooks/{hook_id}/test"): "hooks.test",
    ("GET", B + "/changes"): "changes.stream",
    ("POST", W + "/attachments/file"): "attachments.upload",
    ("POST", W + "/attachments/url"): "attachments.from_url",
    ("GET", "/api/v2/attachments/{attachment_id}/download"): "attachments.download",
    ("GET", "/api/v2/attachments/{attachment_id}/thumb"): "attachments.download",
    ("GET", "/api/v2/profile"): "profile.get",
    ("GET", "/api/v2/profile/tokens"): "profile.tokens",
    ("POST", "/api/v2/profile/tokens"): "profile.create_token",
    ("DELETE", "/api/v2/profile/tokens/{token_id}"): "profile.revoke_token",
    ("GET", "/api/v2/profile/clients"): "profile.apps",
    ("POST", "/api/v2/profile/clients"): "profile.create_app",
    ("GET", "/api/v2/profile/clients/{client}"): "profile.get_app",
    ("DELETE", "/api/v2/profile/clients/{client}"): "profile.delete_app",
    ("DELETE", "/api/v2/profile/session"): "profile.end_session",
    ("GET", "/api/v2/admin/users"): "admin.users",
    ("POST", "/api/v2/admin/users"): "admin.create_user",
    ("GET", "/api/v2/admin/users/{user}"): "admin.get_user",
    ("GET", "/api/v2/admin/users/email/{email}"): "admin.get_user_by_email",
    ("PUT", "/api/v2/admin/users/{user}"): "admin.update_user",
    ("PATCH", "/api/v2/admin/users/{user}"): "admin.update_user",
    ("GET", "/api/v2/admin/workspaces"): "admin.workspaces",
    ("GET", "/api/v2/admin/tokens"): "admin.tokens",
    ("DELETE", "/api/v2/admin/tokens/{token_id}"): "admin.revoke_token",
    ("GET", "/api/v2/admin/hooks"): "admin.hooks",
    ("GET", "/api/v2/admin/workspaces/{workspace_id}/audit"): "admin.audit",
    ("POST", "/api/v2/admin/imports"): "admin.start_import",
    ("GET", "/api/v2/admin/imports/{import_id}"): "admin.get_import",
    ("GET", B + "/items/{item_id}/history"): "history.item",
    ("GET", W + "/audit"): "history.audit",
    ("POST", B + "/time-tracking"): "time_tracking.start",
    ("GET", B + "/time-tracking/{entry_id}"): "time_tracking.get",
    ("PUT", B + "/time-tracking/{entry_id}"): "time_tracking.update",
    ("DELETE", B + "/time-tracking/{entry_id}"): "time_tracking.delete",
    ("GET", B + "/items.csv"): "csv.export",
    ("POST", B + "/items/import"): "csv.import_file",
    ("POST", "/oauth/token"): "oauth.token",
    ("POST", "/oauth/revoke"): "oauth.revoke",
    ("GET", "/.well-known/oauth-authorization-server"): "oauth.metadata",
}


def test_the_sync_client_is_what_the_generator_makes_of_the_async_one() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_operation_of_the_servers_openapi_document_has_a_client_method(server: Server) -> None:
    document = httpx.get(f"{server.base_url}/openapi.json").json()
    served = {(method.upper(), path) for path, ops in document["paths"].items() for method in ops}
    assert served == set(OPERATIONS), {
        "in the API, not in the client": sorted(served - set(OPERATIONS)),
        "in the client, not in the API": sorted(set(OPERATIONS) - served),
    }
    sync, asynchronous = Client("t", base_url=server.base_url), AsyncClient("t", base_url=server.base_url)
    for name in set(OPERATIONS.values()):
        resource, method = name.split(".")
        assert callable(getattr(getattr(sync, resource), method)), name
        assert callable(getattr(getattr(asynchronous, resource), method)), name
    sync.close()
