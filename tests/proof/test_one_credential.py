"""Issue 20 #5: the rate limiter and authentication read the same single credential. A request
whose headers carry two different tokens is refused (401) instead of being charged to one token
and authenticated as the other."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from tests.factories import Account


async def test_a_second_credential_neither_bypasses_the_limit_nor_authenticates(
    make_client: Callable[..., Any], owner: Account
) -> None:
    client = await make_client(rate_limit="3/minute")
    for _ in range(3):
        assert (await client.get("/api/v2/profile", headers=owner.headers)).status_code == 200
    assert (await client.get("/api/v2/profile", headers=owner.headers)).status_code == 429
    # Before the fix the limiter charged the random x-api-token (a fresh bucket each time) while
    # authentication accepted the valid Authorization header: every such request passed.
    for _ in range(10):
        headers = [("x-api-token", secrets.token_hex(16)), ("Authorization", f"Bearer {owner.token}")]
        response = await client.get("/api/v2/profile", headers=headers)
        assert response.status_code in (401, 429), response.text
        assert response.json()["code"] in ("general/unauthorised", "general/too-many-requests")


async def test_two_different_tokens_are_refused_clearly(
    make_client: Callable[..., Any], owner: Account
) -> None:
    client = await make_client(rate_limit="100/minute")
    other = secrets.token_hex(16)
    for headers in (
        [("x-api-token", other), ("Authorization", f"Bearer {owner.token}")],
        [("Authorization", f"Bearer {owner.token}"), ("x-api-token", other)],
        [("Authorization", f"Bearer {owner.token}"), ("Authorization", f"Bearer {other}")],
        [("x-api-token", owner.token), ("x-api-token", other)],
    ):
        response = await client.get("/api/v2/profile", headers=headers)
        assert response.status_code == 401, (headers, response.text)
        body = response.json()
        assert body["code"] == "general/unauthorised" and "more than one credential" in body["message"]
    # The same token in both headers is one credential.
    same = [("x-api-token", owner.token), ("Authorization", f"Bearer {owner.token}")]
    response = await client.get("/api/v2/profile", headers=same)
    assert response.status_code == 200, response.text
    assert response.headers["x-ratelimit-remaining"] == "99"
    # A non-bearer Authorization header carries no token: x-api-token is the credential.
    response = await client.get(
        "/api/v2/profile", headers=[("Authorization", "Basic eDp5"), ("x-api-token", owner.token)]
    )
    assert response.status_code == 200, response.text


async def test_guessed_tokens_share_the_address_budget(
    make_client: Callable[..., Any], owner: Account
) -> None:
    """Issue 20, also seen: each invalid token had a bucket of its own, so guessing was unthrottled.
    Failed authentications now count per address, and past the limit no token of it is tried."""
    client = await make_client(rate_limit="5/minute")
    statuses = []
    for _ in range(12):
        response = await client.get(
            "/api/v2/profile", headers={"Authorization": f"Bearer {secrets.token_hex(16)}"}
        )
        statuses.append(response.status_code)
    assert statuses[:5] == [401] * 5
    assert set(statuses[5:]) == {429}, statuses
    refused = await client.get("/api/v2/profile", headers=owner.headers)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1


async def test_guesses_sent_with_a_body_count_too(make_client: Callable[..., Any]) -> None:
    """A body request with a bad token is refused before its body is read (#1); it still spends the
    address's budget of failed authentications."""
    client = await make_client(rate_limit="5/minute")
    statuses = []
    for _ in range(8):
        response = await client.post(
            "/api/v2/workspaces",
            json={"name": "W"},
            headers={"Authorization": f"Bearer {secrets.token_hex(16)}"},
        )
        statuses.append(response.status_code)
        assert len(response.headers.get_list("x-request-id")) == 1, response.headers
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}, statuses
