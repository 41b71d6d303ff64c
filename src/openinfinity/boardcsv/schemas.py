"""The CSV import's answer, documented for OpenAPI (the service builds it as a plain dict)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class ImportColumnRead(BaseModel):
    column: str
    attribute_id: str
    attribute: str


class IgnoredColumnRead(BaseModel):
    column: str
    reason: str


class NewLabelRead(BaseModel):
    attribute: str
    attribute_id: str
    name: str


class ImportErrorRead(BaseModel):
    row: int
    column: str | None
    message: str


class ImportReportRead(BaseModel):
    object: Literal["import"] = "import"
    dry_run: bool
    rows: int
    created: int
    updated: int
    columns: list[ImportColumnRead]
    ignored_columns: list[IgnoredColumnRead]
    new_labels: list[NewLabelRead]
    error_count: int
    errors: list[ImportErrorRead]
    item_ids: list[str]
