"""`Idempotency-Key` on every POST, PUT, PATCH and DELETE of the API.

The first request with a key runs; a repeat by the same user with the same method, path, query
and body within 24 hours gets the first one's status and body again (header
`Idempotent-Replayed: true`) without running. The same key for another request is a 422
(`general/idempotency-key-reused`); a repeat while the first still runs is a 409
(`general/idempotency-key-in-use`). Keys belong to the authenticated user (token or browser
session); requests that are not authenticated run as usual (and get their 401).

Runs after the request middleware (core/dialects.py), which has read the body and authenticated
a body-carrying request. The response is recorded in the request's transaction (a commit hold,
core/commit_hold.py) and committed with it just before the response leaves.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openinfinity.auth.gate import STATE_KEY, authenticate_request
from openinfinity.auth.principal import Principal
from openinfinity.core.commit_hold import CommitHold, hold_commits
from openinfinity.core.db import Database
from openinfinity.core.dialects import send_error
from openinfinity.core.errors import ApiError
from openinfinity.idempotency import store
from openinfinity.idempotency.errors import InvalidKey

HEADER = b"idempotency-key"
REPLAYED = b"idempotent-replayed"
MAX_KEY = 255
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Expired keys are swept by a request at most this often (per process).
SWEEP_EVERY = 300.0

Identify = Callable[[Scope], Awaitable[int | None]]


async def user_of(scope: Scope) -> int | None:
    """The id of the request's user, authenticating it now if the request middleware did not."""
    state = scope.setdefault("state", {})
    principal = state.get(STATE_KEY)
    if not isinstance(principal, Principal):
        try:
            principal = await authenticate_request(Request(scope))
        except ApiError:
            return None
        state[STATE_KEY] = principal
    return principal.user_id


def _key_of(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == HEADER:
            return bytes(value).decode("latin-1")
    return None


def _valid(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY and all(" " <= c <= "~" for c in key)


def _fingerprint(scope: Scope, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (scope["method"].encode(), scope["path"].encode(), scope.get("query_string", b""), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _send_stored(send: Send, stored: store.StoredResponse) -> None:
    headers = [(b"content-length", str(len(stored.body)).encode()), (REPLAYED, b"true")]
    if stored.content_type:
        headers.append((b"content-type", stored.content_type.encode("latin-1")))
    await send({"type": "http.response.start", "status": stored.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": stored.body})


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp, *, database: Database, identify: Identify = user_of) -> None:
        self.app = app
        self.db = database
        self.identify = identify
        self._swept = 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = _key_of(scope) if scope["type"] == "http" and scope["method"] in WRITE_METHODS else None
        if key is None or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        if not _valid(key):
            await send_error(send, InvalidKey())
            return
        user_id = await self.identify(scope)
        if user_id is None:
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        await self._sweep()
        try:
            outcome = await store.claim(self.db, user_id, key, _fingerprint(scope, body))
        except ApiError as exc:
            await send_error(send, exc)
            return
        if isinstance(outcome, store.StoredResponse):
            await _send_stored(send, outcome)
            return
        await self._run(scope, body, receive, send, outcome)

    async def _run(self, scope: Scope, body: bytes, receive: Receive, send: Send, claim: store.Claim) -> None:
        """Run the request once; record its response with its write, then send it."""
        hold = CommitHold()
        start: Message | None = None
        chunks: list[bytes] = []
        done = False
        delivered = False

        async def replay_body() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        async def capture(message: Message) -> None:
            nonlocal start, done
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or done:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            done = True
            assert start is not None
            await self._complete(hold, claim, start, b"".join(chunks), send)

        try:
            with hold_commits(hold):
                await self.app(scope, replay_body, capture)
        except BaseException:
            if not done:
                await hold.discard()
                await store.release(self.db, claim)
            raise

    async def _complete(
        self, hold: CommitHold, claim: store.Claim, start: Message, body: bytes, send: Send
    ) -> None:
        """Commit the write together with its stored response; then answer."""
        headers = list(start.get("headers", []))
        content_type = next((bytes(v).decode("latin-1") for k, v in headers if k == b"content-type"), None)
        response = store.StoredResponse(start["status"], content_type, body)
        try:
            if hold.session is not None:
                await store.record(hold.session, claim, response)
                await hold.commit()
            elif response.status_code < 400:
                # Succeeded without writing through the request transaction: nothing to pair it with.
                await store.record_alone(self.db, claim, response)
            else:
                # Failed, so nothing was written: a retry runs again.
                await store.release(self.db, claim)
        except ApiError as exc:
            # Taken over by a retry after it was thought dead: this run's write is undone.
            await hold.discard()
            await send_error(send, exc)
            return
        except BaseException:
            await hold.discard()
            await store.release(self.db, claim)
            raise
        await send(start)
        await send({"type": "http.response.body", "body": body})

    async def _sweep(self) -> None:
        now = time.monotonic()
        if now - self._swept >= SWEEP_EVERY:
            self._swept = now
            await store.forget_expired(self.db)
