"""The attachment object as the API returns it (key order as the hosted API's examples)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from openinfinity.core.timefmt import iso
from openinfinity.files.models import Attachment
from openinfinity.files.names import split_name
from openinfinity.files.signing import LinkSigner


class AttachmentFromUrl(BaseModel):
    url: str = Field(min_length=1, max_length=2048, description="Attachment URL.")


class AttachmentRead(BaseModel):
    link: str = Field(description="Signed download link, valid without a token until it expires.")
    path: str
    original_name: str
    filesize: int
    thumb: str | None = Field(description="Signed link to a thumbnail (images only).")
    team_id: int
    updated_at: str
    created_at: str
    id: int
    extension: str
    basename: str
    filename: str


class AttachmentValueRead(BaseModel):
    id: int
    link: str
    path: str
    original_name: str
    filesize: int
    thumb: str | None
    created_at: str
    updated_at: str
    team_id: int
    deleted_at: str | None
    checked_at: str | None
    extension: str
    basename: str
    filename: str


def _links(attachment: Attachment, signer: LinkSigner) -> tuple[str, str | None]:
    link = signer.link("download", attachment.id, attachment.path)
    thumb = signer.link("thumb", attachment.id, attachment.thumb_path) if attachment.thumb_path else None
    return link, thumb


def present_attachment(attachment: Attachment, signer: LinkSigner) -> dict[str, Any]:
    """The object the upload endpoints answer with; every call signs fresh links."""
    link, thumb = _links(attachment, signer)
    filename, extension = split_name(attachment.original_name)
    return {
        "link": link,
        "path": attachment.path,
        "original_name": attachment.original_name,
        "filesize": attachment.filesize,
        "thumb": thumb,
        "team_id": attachment.workspace_id,
        "updated_at": iso(attachment.updated_at),
        "created_at": iso(attachment.created_at),
        "id": attachment.id,
        "extension": extension,
        "basename": attachment.original_name,
        "filename": filename,
    }


def present_attachment_value(attachment: Attachment, signer: LinkSigner) -> dict[str, Any]:
    """The object inside an `attachments` value's data (the Get item example's shape)."""
    link, thumb = _links(attachment, signer)
    filename, extension = split_name(attachment.original_name)
    return {
        "id": attachment.id,
        "link": link,
        "path": attachment.path,
        "original_name": attachment.original_name,
        "filesize": attachment.filesize,
        "thumb": thumb,
        "created_at": iso(attachment.created_at),
        "updated_at": iso(attachment.updated_at),
        "team_id": attachment.workspace_id,
        "deleted_at": None,
        "checked_at": None,
        "extension": extension,
        "basename": attachment.original_name,
        "filename": filename,
    }
