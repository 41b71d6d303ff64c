"""Thumbnails of images, made with Pillow in a worker thread from the stored original."""

from __future__ import annotations

import io
import tempfile
import warnings
from typing import IO

import anyio
from PIL import Image, ImageOps, UnidentifiedImageError

from openinfinity.files.storage.base import Storage

THUMB_BOX = (320, 320)
# Originals larger than this are not read back for a thumbnail (they keep thumb: null).
MAX_SOURCE_BYTES = 50 * 1024 * 1024
# Refuse decompression bombs: a small file that decodes to a gigantic bitmap.
MAX_PIXELS = 40_000_000
_FORMATS = {"JPEG", "PNG", "GIF", "WEBP", "BMP"}


def make_thumbnail(source: IO[bytes]) -> tuple[bytes, str] | None:
    """(thumbnail bytes, extension) or None when the source is not an image we can read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                if image.format not in _FORMATS or image.width * image.height > MAX_PIXELS:
                    return None
                image.draft("RGB", THUMB_BOX)  # JPEG: decode at reduced scale, much faster
                picture: Image.Image = ImageOps.exif_transpose(image) or image
                picture.thumbnail(THUMB_BOX)
                has_alpha = picture.mode in ("RGBA", "LA", "PA") or (
                    picture.mode == "P" and "transparency" in picture.info
                )
                out = io.BytesIO()
                if has_alpha:
                    picture.convert("RGBA").save(out, "PNG", optimize=True)
                    return out.getvalue(), "png"
                picture.convert("RGB").save(out, "JPEG", quality=85)
                return out.getvalue(), "jpg"
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        return None


async def thumbnail_of(
    storage: Storage, key: str, *, size: int, content_type: str
) -> tuple[bytes, str] | None:
    """Read the stored original (spooled to disk past 2 MB) and make its thumbnail."""
    if not content_type.startswith("image/") or content_type == "image/svg+xml" or size > MAX_SOURCE_BYTES:
        return None
    with tempfile.SpooledTemporaryFile(max_size=2 * 1024 * 1024) as spool:
        async for chunk in storage.open(key):
            await anyio.to_thread.run_sync(spool.write, chunk)
        spool.seek(0)
        return await anyio.to_thread.run_sync(make_thumbnail, spool)
