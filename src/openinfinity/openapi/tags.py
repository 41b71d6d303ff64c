"""Tags in the hosted API reference's order, then openinfinity's own, each with a short description."""

from __future__ import annotations

from typing import Any

TAGS: list[tuple[str, str]] = [
    ("Attachments", "Upload a file (or fetch one from a URL), then set its id on an attachments value."),
    ("Attributes", "A board's fields. An attribute's `type` decides the shape of its values."),
    ("Boards", "Boards hold folders, attributes, items and views."),
    ("Comments", "Comments on an item."),
    ("Folders", "Folders group a board's items; each shows a chosen set of attributes."),
    (
        "Hooks",
        "Webhooks: an HTTPS POST for each event on a board, signed, retried, and switched off "
        "after repeated failures.",
    ),
    ("Items", "The rows of a board, with their values."),
    ("Members", "Who belongs to a workspace, and with which role."),
    ("Profile", "The signed-in user, their personal access tokens and OAuth applications."),
    ("References", "Links between items, shown in reference attributes."),
    ("Users", "Users of a workspace."),
    (
        "Views",
        "Folder views (tabs): how a folder's items are shown (table, kanban, ...), filtered and sorted.",
    ),
    ("Workspaces", "The workspaces the caller belongs to."),
    ("Changes", "A board's change feed: catch up after a cursor, or stream changes as they happen."),
    ("Admin", "Instance administration (admin scope, instance admins only)."),
    ("OAuth2", "The OAuth2 authorization server (RFC 6749, 7009, 8414)."),
    ("Health", "Liveness and readiness probes."),
]


def ordered_tags(used: set[str]) -> list[dict[str, Any]]:
    """The tags the document uses, known ones first in the reference's order."""
    known = [{"name": name, "description": text} for name, text in TAGS if name in used]
    names = {name for name, _ in TAGS}
    return known + [{"name": name} for name in sorted(used - names)]
