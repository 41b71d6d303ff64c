"""Names and types of stored files: the original name cleaned for display, the random storage
key, the content type (sniffed, then guessed) and the Content-Disposition we answer with."""

from __future__ import annotations

import mimetypes
import re
import secrets
import string
import unicodedata
from urllib.parse import quote

MAX_NAME = 255
_ALPHABET = string.ascii_letters + string.digits
_SAFE_EXTENSION = re.compile(r"^[a-z0-9]{1,16}$")

# Magic numbers of the image formats we make thumbnails of; the sniffed type beats the name.
_MAGIC: list[tuple[bytes, int, str]] = [
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
    (b"BM", 0, "image/bmp"),
    (b"%PDF-", 0, "application/pdf"),
]
SNIFF_BYTES = 16

# Served inline (shown by the browser); everything else is offered as a download.
_INLINE = ("image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp", "application/pdf", "text/plain")


def clean_name(raw: str | None, *, fallback: str = "file") -> str:
    """The last path segment, without control characters, at most 255 characters (keeping the
    extension when it has to be shortened)."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if name in ("", ".", ".."):
        return fallback
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        if dot and stem and len(ext) <= 16:
            name = stem[: MAX_NAME - len(ext) - 1] + "." + ext
        else:
            name = name[:MAX_NAME]
    return name


def split_name(name: str) -> tuple[str, str]:
    """(filename, extension) the way the hosted API reports them: `test.jpg` -> (`test`, `jpg`),
    `150` -> (`150`, ``)."""
    stem, dot, ext = name.rpartition(".")
    return (stem, ext) if dot else (name, "")


def random_name() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(40))


def storage_key(workspace_id: int, original_name: str, *, folder: str = "item-files") -> str:
    """`item-files/<workspace>/<40 random characters>.<ext>`; the extension only when it is plain."""
    ext = split_name(original_name)[1].lower()
    suffix = f".{ext}" if _SAFE_EXTENSION.match(ext) else ""
    return f"{folder}/{workspace_id}/{random_name()}{suffix}"


def sniff(head: bytes) -> str | None:
    for magic, offset, media in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return media
    return None


def content_type_for(name: str, head: bytes, hint: str | None = None) -> str:
    """Sniffed type, else the one the name implies, else the sender's hint, else octet-stream."""
    sniffed = sniff(head)
    if sniffed:
        return sniffed
    guessed, _ = mimetypes.guess_type(name, strict=False)
    if guessed:
        return guessed
    if hint:
        media = hint.split(";", 1)[0].strip().lower()
        if re.fullmatch(r"[a-z0-9.+-]+/[a-z0-9.+-]+", media):
            return media
    return "application/octet-stream"


def is_inline(content_type: str) -> bool:
    return content_type in _INLINE or content_type.startswith(("audio/", "video/"))


def content_disposition(name: str, *, inline: bool) -> str:
    """RFC 6266: an ASCII `filename` fallback plus the exact name as UTF-8 `filename*`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r"[^A-Za-z0-9 ._()+,-]", "_", ascii_name).strip() or "file"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
