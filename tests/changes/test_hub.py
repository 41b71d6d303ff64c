"""The per-worker reader's own limits, on a real database."""

from __future__ import annotations

import pytest

from openinfinity.changes.errors import TooManyStreams
from openinfinity.changes.hub import Hub, Subscription
from openinfinity.core.config import Settings
from tests.changes.conftest import Feed


async def allowed() -> bool:
    return True


async def test_a_worker_refuses_streams_beyond_its_maximum(feed: Feed) -> None:
    settings: Settings = feed.app.state.settings.model_copy(update={"changes_max_streams": 2})
    hub = Hub(feed.app.state.db, settings)
    streams = [Subscription("b", queue_size=4, recheck=allowed, group=n) for n in range(3)]
    try:
        await hub.track(streams[0])
        await hub.track(streams[1])
        with pytest.raises(TooManyStreams) as refused:
            await hub.track(streams[2])
        assert refused.value.status_code == 503 and refused.value.code == "changes/too-many-streams"
        hub.release(streams[0])
        await hub.track(streams[2])  # a closed stream frees its place
        assert hub.open_streams == 2
    finally:
        await hub.stop()
    assert all(s.closed.is_set() and s.reason == "shutdown" for s in streams[1:])
