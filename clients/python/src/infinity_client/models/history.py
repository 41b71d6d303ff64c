"""What openinfinity records: item history, the audit log, time entries, CSV import reports."""

from __future__ import annotations

from typing import Any, Literal

from infinity_client.models._base import JsonObject, Model


class Actor(Model):
    """Who made a change: a user (None: the server itself) and the credential used."""

    user_id: int | None = None
    via: Literal["personal", "oauth", "session", "system"] | str
    token_id: int | None = None
    oauth_client_id: int | None = None


class ItemChange(Model):
    """One change of an item: `value.*` changes name the attribute, `item.*` ones the field."""

    id: int
    object: Literal["item_change"] = "item_change"
    item_id: str
    action: str
    attribute_id: str | None = None
    field: str | None = None
    old: Any = None
    new: Any = None
    actor: Actor
    created_at: str


class AuditEntry(Model):
    """One entry of a workspace's audit log (member.added, token.created, hook.deleted, ...)."""

    id: int
    object: Literal["audit_entry"] = "audit_entry"
    workspace_id: int
    action: str
    target_type: str
    target_id: str | None = None
    details: JsonObject = {}
    actor: Actor
    address: str | None = None
    created_at: str


class TimeEntry(Model):
    """Time tracked on an item through a `time_tracking` attribute; running while `ended_at` is None."""

    id: str
    object: Literal["time_entry"] = "time_entry"
    item_id: str
    attribute_id: str
    started_at: str
    ended_at: str | None = None
    description: str | None = None
    created_by: int | None = None


class ImportColumn(Model):
    column: str
    attribute_id: str
    attribute: str


class IgnoredColumn(Model):
    column: str
    reason: str


class NewLabel(Model):
    attribute: str
    attribute_id: str
    name: str


class ImportProblem(Model):
    """A problem of a CSV import: its row (1 is the first row after the header) and column."""

    row: int
    column: str | None = None
    message: str


class CsvImport(Model):
    """The report of a CSV import (or of a dry run: the same figures, nothing written)."""

    object: Literal["import"] = "import"
    dry_run: bool
    rows: int
    created: int
    updated: int
    columns: list[ImportColumn] = []
    ignored_columns: list[IgnoredColumn] = []
    new_labels: list[NewLabel] = []
    error_count: int = 0
    errors: list[ImportProblem] = []
    item_ids: list[str] = []
