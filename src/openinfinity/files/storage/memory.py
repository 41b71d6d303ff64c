"""In-memory storage for unit tests of pure logic (never for real use: everything stays in RAM)."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator

from openinfinity.files.storage.base import CHUNK_SIZE, ObjectMissing, check_key


class MemoryStorage:
    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}

    async def save(self, key: str, chunks: AsyncIterable[bytes]) -> int:
        check_key(key)
        parts = [chunk async for chunk in chunks]
        self.objects[key] = b"".join(parts)
        return len(self.objects[key])

    async def open(self, key: str, *, start: int = 0, length: int | None = None) -> AsyncIterator[bytes]:
        data = self.objects.get(check_key(key))
        if data is None:
            raise ObjectMissing(key)
        end = len(data) if length is None else min(len(data), start + length)
        for offset in range(start, end, CHUNK_SIZE):
            yield data[offset : min(end, offset + CHUNK_SIZE)]

    async def size(self, key: str) -> int:
        data = self.objects.get(check_key(key))
        if data is None:
            raise ObjectMissing(key)
        return len(data)

    async def delete(self, key: str) -> None:
        self.objects.pop(check_key(key), None)
