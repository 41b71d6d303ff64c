"""Throttle on failed sign-ins, per account and per client address (the `limits` package, in
memory or in Redis like the API rate limit, with the same fallback while Redis is unreachable).
Only failures count; a throttled attempt is refused before the password is even checked. The same
class counts password-reset requests (`purpose="reset"`, every request counted)."""

from __future__ import annotations

import hashlib
import math
import time

from limits import RateLimitItem, parse
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter

from openinfinity.core.limitstore import ResilientLimiter


class SigninThrottle:
    def __init__(
        self,
        storage: Storage,
        *,
        per_account: str,
        per_address: str,
        retry_seconds: float = 5.0,
        purpose: str = "signin",
    ) -> None:
        self.purpose = purpose  # separate counters per purpose (sign-in failures, reset requests)
        self.limiter = ResilientLimiter(
            MovingWindowRateLimiter, storage, retry_seconds=retry_seconds, name=f"{purpose} throttle"
        )
        self.account_limit: RateLimitItem = parse(per_account)
        self.address_limit: RateLimitItem = parse(per_address)

    def _account_key(self, email: str) -> str:
        return f"{self.purpose}:acct:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]

    def _address_key(self, address: str) -> str:
        return f"{self.purpose}:addr:" + address

    async def retry_after(self, email: str, address: str) -> int | None:
        """Seconds to wait when either budget is exhausted, else None."""
        waits = []
        for item, key in (
            (self.account_limit, self._account_key(email)),
            (self.address_limit, self._address_key(address)),
        ):
            if not await self.limiter.test(item, key):
                stats = await self.limiter.get_window_stats(item, key)
                waits.append(max(1, math.ceil(stats.reset_time - time.time())))
        return max(waits) if waits else None

    async def failed(self, email: str, address: str) -> None:
        await self.limiter.hit(self.account_limit, self._account_key(email))
        await self.limiter.hit(self.address_limit, self._address_key(address))
