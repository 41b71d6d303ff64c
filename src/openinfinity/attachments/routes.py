from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from openinfinity.appstate import app_state
from openinfinity.attachments import service
from openinfinity.attachments.download import serve
from openinfinity.attachments.upload import MAX_SKIPPED, read_file_part
from openinfinity.auth.deps import CurrentPrincipal, scope_guard
from openinfinity.core.bounds import is_decimal, parse_db_id
from openinfinity.core.db import SessionDep
from openinfinity.core.errors import NotFound
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.files.names import split_name
from openinfinity.files.runtime import AttachmentsRuntime
from openinfinity.files.schemas import AttachmentFromUrl, AttachmentRead, present_attachment
from openinfinity.files.signing import InvalidLink, LinkKind
from openinfinity.files.storage import ObjectMissing
from openinfinity.workspaces.service import WorkspaceContext

router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}/attachments",
    tags=["Attachments"],
    dependencies=[Depends(scope_guard("content"))],
)
# Signed links work without a token: the signature is the credential (see signing.py).
public = APIRouter(prefix="/api/v2/attachments", tags=["Attachments"])


async def _runtime(request: Request) -> AttachmentsRuntime:
    return app_state(request).attachments_runtime()


Runtime = Annotated[AttachmentsRuntime, Depends(_runtime)]
# Multipart bodies larger than the file cap by more than this are refused before reading them.
_MULTIPART_OVERHEAD = MAX_SKIPPED + 64 * 1024

_MULTIPART_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "File to upload"}
                    },
                }
            }
        },
    }
}


async def upload_workspace(
    request: Request,
    principal: CurrentPrincipal,
    workspace: Annotated[str, Path(description="Workspace ID", max_length=32)],
) -> WorkspaceContext:
    """Like CurrentWorkspace, but in its own short transaction (none is held during the upload)."""
    workspace_id = parse_db_id(workspace)
    if workspace_id is None:
        raise NotFound.of("Workspace")
    return await service.access(app_state(request).db, principal, workspace_id)


UploadWorkspace = Annotated[WorkspaceContext, Depends(upload_workspace)]


@router.post(
    "/file",
    status_code=201,
    responses={201: {"model": AttachmentRead}},
    summary="Create attachment from file",
    openapi_extra=_MULTIPART_DOC,
)
async def create_from_file(request: Request, ctx: UploadWorkspace, runtime: Runtime) -> Response:
    limit = runtime.settings.max_upload_bytes
    declared = request.headers.get("content-length", "")
    if is_decimal(declared) and int(declared) > limit + _MULTIPART_OVERHEAD:
        raise service.too_large(limit)
    incoming = await read_file_part(request.stream(), request.headers.get("content-type", ""))
    attachment = await service.create_from_upload(app_state(request).db, runtime, ctx, incoming)
    return ApiJSONResponse(present_attachment(attachment, runtime.signer), status_code=201)


@router.post(
    "/url",
    status_code=201,
    responses={201: {"model": AttachmentRead}},
    summary="Create an attachment from URL",
)
async def create_from_url(
    request: Request, ctx: UploadWorkspace, runtime: Runtime, body: AttachmentFromUrl
) -> Response:
    attachment = await service.create_from_url(app_state(request).db, runtime, ctx, body.url)
    return ApiJSONResponse(present_attachment(attachment, runtime.signer), status_code=201)


AttachmentId = Annotated[str, Path(max_length=32)]
Expires = Annotated[str | None, Query(max_length=32)]
Signature = Annotated[str | None, Query(max_length=128)]


async def _serve(
    request: Request,
    session: SessionDep,
    runtime: Runtime,
    kind: LinkKind,
    attachment_id: str,
    expires: str | None,
    signature: str | None,
) -> Response:
    pk = parse_db_id(attachment_id)
    if pk is None:
        raise InvalidLink()
    attachment = await service.get(session, pk)
    key = None if attachment is None else attachment.path if kind == "download" else attachment.thumb_path
    if attachment is None or key is None:
        # Same answer as a bad signature: a link never tells which ids exist.
        raise InvalidLink()
    runtime.signer.verify(kind, attachment.id, key, expires=expires, signature=signature)
    try:
        size = await runtime.storage.size(key)
    except ObjectMissing as exc:
        raise NotFound("The file is no longer available.") from exc
    if kind == "download":
        name, content_type = attachment.original_name, attachment.content_type
    else:
        ext = key.rsplit(".", 1)[-1]
        name = f"{split_name(attachment.original_name)[0] or 'thumb'}-thumb.{ext}"
        content_type = "image/png" if ext == "png" else "image/jpeg"
    return serve(
        runtime.storage,
        key,
        size=size,
        name=name,
        content_type=content_type,
        expires=int(expires or 0),
        method=request.method,
        range_header=request.headers.get("range"),
        if_range=request.headers.get("if-range"),
    )


@public.head("/{attachment_id}/download", include_in_schema=False)
@public.get(
    "/{attachment_id}/download",
    summary="Download an attachment (signed link)",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}, 206: {"description": "Partial content"}},
)
async def download(
    request: Request,
    session: SessionDep,
    runtime: Runtime,
    attachment_id: AttachmentId,
    expires: Expires = None,
    signature: Signature = None,
) -> Response:
    return await _serve(request, session, runtime, "download", attachment_id, expires, signature)


@public.head("/{attachment_id}/thumb", include_in_schema=False)
@public.get(
    "/{attachment_id}/thumb",
    summary="Thumbnail of an image attachment (signed link)",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}, "image/png": {}}}},
)
async def thumbnail(
    request: Request,
    session: SessionDep,
    runtime: Runtime,
    attachment_id: AttachmentId,
    expires: Expires = None,
    signature: Signature = None,
) -> Response:
    return await _serve(request, session, runtime, "thumb", attachment_id, expires, signature)
