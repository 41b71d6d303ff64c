"""One reader of the outbox per worker process, fanning new events out to the open streams.

Why one shared reader and not a query loop per stream: a stream costs a queue and a task, not a
database connection or a query every poll. With 1,000 streams on 50 boards a per-stream loop at
4 polls a second would be 4,000 queries a second; the shared reader makes one query per wake-up
(an index look-up per watched board, one fixed statement text, repository.since) and renders each
event once for every stream of its board. Measured (docs/changes.md, bench/changes.py): a stream
costs about 43 KiB and, per event, about 60 us of CPU; 2,000 idle streams cost 2-3 % of a core.

Wake-ups, in order of speed:
- a commit through this process that wrote outbox events (core.commits): at once;
- PostgreSQL NOTIFY from the outbox trigger (migration 0005), for writes in other processes: at
  once, on one LISTEN connection per process;
- the poll, every `changes_poll_interval` (0.25 s) while streams are open: other processes'
  writes on SQLite (no NOTIFY there), and the safety net if the LISTEN connection is lost.

Each stream has a bounded queue (`changes_queue_size` events). When a burst fills it the hub
stops queueing for that stream, which reads the rest from the outbox at its own pace and then
joins again (stream.py); nothing is buffered beyond the queue. A client that accepts nothing for
`changes_send_timeout` seconds is dropped and resumes from its cursor.

Access is checked again every `changes_access_check_seconds` (5 s), and at once after a commit
in this process that changed memberships, board lists, tokens, sessions or users (changes.access).
Streams sharing a credential and a board are checked together, with one query.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from openinfinity.changes import repository, sse
from openinfinity.changes.errors import TooManyStreams
from openinfinity.core import commits
from openinfinity.core.config import Settings
from openinfinity.core.db import Database

log = logging.getLogger(__name__)

READ_BATCH = 1000  # rows per read; a fuller burst is read in several rounds, at once
ACCESS_MIN_GAP = 0.2  # seconds between two access checks, however many membership commits


class Subscription:
    """One open stream: what it has been given, and its bounded queue of SSE blocks."""

    def __init__(
        self,
        board_id: str,
        *,
        queue_size: int,
        recheck: Callable[[], Awaitable[bool]],
        group: Hashable,
    ) -> None:
        self.board_id = board_id
        self.position = 0  # every event of the board up to here has been queued or sent
        self.queue: asyncio.Queue[bytes] = asyncio.Queue(maxsize=queue_size)
        self.closed = asyncio.Event()
        # Set whenever there is something for the stream to do (a block queued, lagging, closed).
        self.pending = asyncio.Event()
        self.reason: str | None = None
        # The queue overflowed: the hub no longer feeds it; the stream catches up from history.
        self.lagging = False
        self.recheck = recheck
        self.group = group

    def offer(self, event_id: int, block: bytes) -> None:
        if self.closed.is_set() or self.lagging or event_id <= self.position:
            return
        try:
            self.queue.put_nowait(block)
        except asyncio.QueueFull:
            self.lagging = True
            return
        finally:
            self.pending.set()
        self.position = event_id

    @property
    def detached(self) -> bool:
        return self.lagging or self.closed.is_set()

    def close(self, reason: str) -> None:
        if not self.closed.is_set():
            self.reason = reason
            self.closed.set()
            self.pending.set()


@dataclass
class _Board:
    position: int
    subscriptions: set[Subscription] = field(default_factory=set)


class Hub:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self.wake = asyncio.Event()
        self._access_now = asyncio.Event()
        self._streams: set[Subscription] = set()
        self._boards: dict[str, _Board] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._cleanup: list[Callable[[], Any]] = []
        self._signals: dict[int, Any] = {}
        self.reads = 0  # outbox reads made (for the benchmark and tests)

    @property
    def open_streams(self) -> int:
        return len(self._streams)

    # -- streams ----------------------------------------------------------------------------

    async def track(self, subscription: Subscription) -> None:
        """Count an opening stream (access checks and shutdown reach it from now on)."""
        if len(self._streams) >= self.settings.changes_max_streams:
            raise TooManyStreams(headers={"Retry-After": "5"})
        await self._ensure_running()
        self._streams.add(subscription)

    def attach(self, subscription: Subscription, position: int) -> None:
        """Deliver the board's events after `position` to the stream from now on."""
        subscription.position = position
        subscription.lagging = False
        board = self._boards.get(subscription.board_id)
        if board is None:
            board = self._boards[subscription.board_id] = _Board(position)
        # Read again from the lowest position of the board's streams; each skips what it has.
        board.position = min(board.position, position)
        board.subscriptions.add(subscription)
        self.wake.set()  # events committed since the stream's last history read

    def release(self, subscription: Subscription) -> None:
        self._streams.discard(subscription)
        board = self._boards.get(subscription.board_id)
        if board is not None:
            board.subscriptions.discard(subscription)
            if not board.subscriptions:
                del self._boards[subscription.board_id]

    # -- lifecycle --------------------------------------------------------------------------

    async def _ensure_running(self) -> None:
        if self._tasks:
            return
        engine = self.db.engine
        self._cleanup.append(commits.watch(engine, self.wake.set, flag=commits.OUTBOX))
        self._cleanup.append(commits.watch(engine, self._access_now.set, flag=commits.ACCESS))
        self._tasks = [
            asyncio.create_task(self._read_loop(), name="changes-reader"),
            asyncio.create_task(self._access_loop(), name="changes-access"),
        ]
        close_listener = await commits.listen(engine, self.wake)
        if close_listener is not None:
            self._cleanup.append(close_listener)

    def close_all(self, reason: str) -> None:
        for subscription in list(self._streams):
            subscription.close(reason)

    def end_streams_on_signals(self) -> None:
        """On SIGTERM/SIGINT end every stream, then let the server's own handler run: servers
        wait for open responses before they stop, and a stream never ends by itself."""
        if threading.current_thread() is not threading.main_thread():
            return
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            previous = signal.getsignal(sig)
            if not callable(previous):
                continue

            def handler(number: int, frame: Any, previous: Any = previous) -> None:
                loop.call_soon_threadsafe(self.close_all, "shutdown")
                previous(number, frame)

            self._signals[sig] = previous
            signal.signal(sig, handler)

    async def stop(self) -> None:
        self.close_all("shutdown")
        for sig, previous in self._signals.items():
            with contextlib.suppress(ValueError):
                signal.signal(sig, previous)
        self._signals.clear()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        for cleanup in self._cleanup:
            result = cleanup()
            if asyncio.iscoroutine(result):
                with contextlib.suppress(Exception):
                    await result
        self._cleanup = []

    # -- reading the outbox -----------------------------------------------------------------

    async def _read_loop(self) -> None:
        while True:
            timeout = self.settings.changes_poll_interval if self._boards else None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout)
            self.wake.clear()
            if not self._boards:
                continue
            try:
                if await self.read_once():
                    self.wake.set()  # a full batch: more is waiting
            except Exception:  # a lost connection must not end the feed; the next round retries
                log.exception("reading the outbox for the change feed failed")
                await asyncio.sleep(self.settings.changes_poll_interval)

    async def read_once(self) -> bool:
        """Queue the new events of every watched board; True when the batch was full."""
        positions = {board_id: board.position for board_id, board in self._boards.items()}
        async with self.db.transaction(write=False) as session:
            changes = await repository.since(session, positions, limit=READ_BATCH)
        self.reads += 1
        last: dict[str, int] = {}
        for item in changes:
            board = self._boards.get(item.board_id)
            if board is None:
                continue
            block = sse.change(item.board_id, item)
            for subscription in list(board.subscriptions):
                subscription.offer(item.id, block)
                if subscription.detached:
                    board.subscriptions.discard(subscription)
            last[item.board_id] = item.id
        for board_id, position in last.items():
            board = self._boards.get(board_id)
            # A stream attached meanwhile may have lowered the position: keep it, read again.
            if board is not None and board.position == positions.get(board_id):
                board.position = position
            elif board is not None:
                self.wake.set()
        for board_id in [b for b, board in self._boards.items() if not board.subscriptions]:
            del self._boards[board_id]  # its streams went back to reading history (lagging)
        return len(changes) >= READ_BATCH

    # -- access -----------------------------------------------------------------------------

    async def _access_loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._access_now.wait(), self.settings.changes_access_check_seconds)
            self._access_now.clear()
            try:
                await self.check_access()
            except Exception:
                log.exception("checking change-feed access failed")
            await asyncio.sleep(ACCESS_MIN_GAP)

    async def check_access(self) -> None:
        """End the streams whose caller may no longer see their board (one check per group)."""
        groups: dict[Hashable, list[Subscription]] = defaultdict(list)
        for subscription in self._streams:
            if not subscription.closed.is_set():
                groups[subscription.group].append(subscription)
        for members in groups.values():
            try:
                allowed = await members[0].recheck()
            except Exception:  # the database is unreachable: keep streaming, check next round
                log.warning("change-feed access check failed", exc_info=True)
                continue
            if not allowed:
                for subscription in members:
                    subscription.close("access-revoked")
