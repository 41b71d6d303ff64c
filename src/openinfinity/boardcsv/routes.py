"""CSV for people: a board's items as a spreadsheet file, and a spreadsheet file as items."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, File, Form, Query, UploadFile
from starlette.responses import Response, StreamingResponse

from openinfinity.boardcsv import export as csv_export
from openinfinity.boardcsv import importer as csv_import
from openinfinity.boardcsv.read import read_sheet
from openinfinity.boardcsv.schemas import ImportReportRead
from openinfinity.boards.deps import ContentBoard
from openinfinity.core.errors import PayloadTooLarge, ValidationFailed
from openinfinity.core.responses import ApiJSONResponse

# Every route takes `ContentBoard`, the one dependency that authenticates, checks the scope and
# resolves the board (boards/deps.py).
router = APIRouter(prefix="/api/v2/workspaces/{workspace}/boards/{board_id}", tags=["Items"])

_CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "The CSV file."}
}


@router.get(
    "/items.csv",
    summary="Export items as CSV",
    description="One row per item, one column per attribute (the first column is the item id), values "
    "written as people read them (label and member names, ISO dates, link URLs). UTF-8 with a byte "
    "order mark, streamed. With `view`, only the view's items, in its order.",
    response_class=StreamingResponse,
    responses=_CSV_RESPONSE,
)
async def export_items_csv(
    ctx: ContentBoard,
    view: Annotated[
        str | None, Query(max_length=64, description="A view id: its filter and sort apply.")
    ] = None,
) -> StreamingResponse:
    export = await csv_export.prepare_export(ctx.session, ctx.board, view_id=view or None)
    await csv_export.audit_export(ctx.state.db, ctx.request, ctx.board, view or None)
    return StreamingResponse(
        csv_export.stream(ctx.state.db, export),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": csv_export.content_disposition(export.filename),
            "Cache-Control": "no-store",
        },
    )


def _mapping(raw: str | None) -> dict[str, str | None]:
    if raw is None or not raw.strip():
        return {}
    try:
        parsed = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ValidationFailed.field("mapping", "must be a valid JSON string.") from None
    if not isinstance(parsed, dict) or not all(isinstance(v, str | None) for v in parsed.values()):
        raise ValidationFailed.field(
            "mapping", 'must be an object like {"CSV column": "attribute name or id"}.'
        )
    return parsed


@router.post(
    "/items/import",
    summary="Import items from CSV",
    description="A CSV file (multipart field `file`, UTF-8) whose header names the board's attributes; each "
    "row becomes an item. All or nothing: when a row or column does not fit, nothing is imported and "
    "the 422 lists every problem (row, column, message). `dry_run=true` answers the same report "
    "without writing anything.",
    response_model=ImportReportRead,
)
async def import_items_csv(
    ctx: ContentBoard,
    file: Annotated[UploadFile, File(description="The CSV file (UTF-8; comma, semicolon or tab separated).")],
    mapping: Annotated[
        str | None, Form(description='JSON: {"CSV column": "attribute name or id", "Skipped column": null}')
    ] = None,
    create_labels: Annotated[
        bool, Form(description="Create labels the file names and the board lacks.")
    ] = False,
    dry_run: Annotated[bool, Form(description="Only report what an import would do.")] = False,
    folder_id: Annotated[
        str | None, Form(max_length=64, description="The folder to create items in (default: the first).")
    ] = None,
    match: Annotated[
        str | None,
        Form(
            max_length=255,
            description="Attribute name or id (text, number, e-mail or phone) whose value identifies an "
            "item: a row whose value an item already has updates it instead of creating another.",
        ),
    ] = None,
) -> Response:
    settings = ctx.state.settings
    limit = settings.csv_import_max_bytes
    raw = await file.read(limit + 1)
    if len(raw) > limit:
        raise PayloadTooLarge(f"The file is larger than {limit} bytes: split it into several files.")
    sheet = read_sheet(raw, max_rows=settings.csv_import_max_rows)
    options = csv_import.ImportOptions(
        mapping=_mapping(mapping),
        create_labels=create_labels,
        dry_run=dry_run,
        folder_id=folder_id or None,
        match=match or None,
    )
    report = await csv_import.import_sheet(ctx.session, ctx.board, sheet, options)
    return ApiJSONResponse(report.present())
