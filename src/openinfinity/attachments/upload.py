"""Incremental multipart parsing: the `file` part of an upload is handed on chunk by chunk as the
request body arrives, so an upload of any size passes through a bounded amount of memory."""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect

from openinfinity.core.errors import MalformedRequest, ValidationFailed

FIELD = "file"
# Bytes of non-file parts we are willing to skip before the file part.
MAX_SKIPPED = 1024 * 1024


@dataclass(slots=True)
class IncomingFile:
    filename: str
    content_type: str | None
    chunks: AsyncIterator[bytes]


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


class _Events:
    """Collects the parser's callbacks as ("headers", {...}) / ("data", b"") / ("end", None)."""

    def __init__(self) -> None:
        self.queue: deque[tuple[str, object]] = deque()
        self._headers: dict[str, bytes] = {}
        self._field = b""
        self._value = b""

    def callbacks(self) -> dict[str, object]:
        def on_part_begin() -> None:
            self._headers = {}

        def on_header_field(data: bytes, start: int, end: int) -> None:
            self._field += data[start:end]

        def on_header_value(data: bytes, start: int, end: int) -> None:
            self._value += data[start:end]

        def on_header_end() -> None:
            self._headers[self._field.decode("latin-1").lower()] = self._value
            self._field = self._value = b""

        def on_headers_finished() -> None:
            self.queue.append(("headers", self._headers))

        def on_part_data(data: bytes, start: int, end: int) -> None:
            self.queue.append(("data", bytes(data[start:end])))

        def on_part_end() -> None:
            self.queue.append(("end", None))

        return {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        }


async def _parse(body: AsyncIterator[bytes], boundary: bytes) -> AsyncIterator[tuple[str, object]]:
    events = _Events()
    try:
        parser = MultipartParser(boundary, events.callbacks())  # type: ignore[arg-type]
        async for chunk in body:
            parser.write(chunk)
            while events.queue:
                yield events.queue.popleft()
        parser.finalize()
    except FormParserError as exc:
        raise MalformedRequest("The multipart body is malformed.") from exc
    except ClientDisconnect as exc:
        raise MalformedRequest("The upload was interrupted.") from exc
    while events.queue:
        yield events.queue.popleft()


async def read_file_part(body: AsyncIterator[bytes], content_type: str) -> IncomingFile:
    """Advance the body to the `file` part and return its name and a stream of its bytes.
    The stream must be consumed before anything else reads the body."""
    media, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if media != b"multipart/form-data" or not boundary:
        raise ValidationFailed.required(FIELD)
    events = _parse(body, boundary)
    skipped = 0
    async for kind, payload in events:
        if kind == "data":
            skipped += len(payload)  # type: ignore[arg-type]
            if skipped > MAX_SKIPPED:
                raise ValidationFailed.field(FIELD, "must be sent before other large fields.")
            continue
        if kind != "headers":
            continue
        headers: dict[str, bytes] = payload  # type: ignore[assignment]
        _, disposition = parse_options_header(headers.get("content-disposition", b""))
        if _decode(disposition.get(b"name", b"")) != FIELD:
            continue
        if b"filename" not in disposition:
            raise ValidationFailed.field(FIELD, "must be a file.")
        part_type = headers.get("content-type")
        return IncomingFile(
            filename=_decode(disposition[b"filename"]),
            content_type=part_type.decode("latin-1").strip() if part_type else None,
            chunks=_part_data(events),
        )
    raise ValidationFailed.required(FIELD)


async def _part_data(events: AsyncIterator[tuple[str, object]]) -> AsyncIterator[bytes]:
    async for kind, payload in events:
        if kind == "data":
            if payload:
                yield payload  # type: ignore[misc]
        elif kind == "end":
            return
    raise MalformedRequest("The multipart body ended inside the file.")
