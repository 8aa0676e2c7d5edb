"""Token buckets: ``rate`` tokens per second refill a bucket of ``burst`` tokens per user.

A request takes one token; with none left it is refused with the seconds until one is back.
"""

from __future__ import annotations

import logging
import math
import time

from paystead.errors import TooManyRequests

log = logging.getLogger("paystead.ratelimit")


class RateLimiter:
    def __init__(self, rate: float, burst: int, *, enabled: bool = True) -> None:
        self.rate, self.burst, self.enabled = rate, burst, enabled

    async def take(self, user_id: int, requests_per_two_minutes: int | None = None) -> None:
        """Takes a token; ``requests_per_two_minutes`` is the user's own ``requestLimit``, if set."""
        if not self.enabled:
            return
        if requests_per_two_minutes:
            rate, burst = requests_per_two_minutes / 120.0, requests_per_two_minutes
        else:
            rate, burst = self.rate, self.burst
        wait = await self._take(user_id, rate, burst)
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            raise TooManyRequests(
                f"Too many requests for this application user; retry in {retry_after} s",
                headers={"Retry-After": str(retry_after)},
            )

    async def _take(self, user_id: int, rate: float, burst: int) -> float:  # seconds to wait, 0 when allowed
        raise NotImplementedError

    async def close(self) -> None:
        pass


class MemoryBuckets(RateLimiter):
    """One process's buckets; right for a single API node (the embedded default)."""

    def __init__(self, rate: float, burst: int, *, enabled: bool = True) -> None:
        super().__init__(rate, burst, enabled=enabled)
        self._buckets: dict[int, tuple[float, float]] = {}

    async def _take(self, user_id: int, rate: float, burst: int) -> float:
        now = time.monotonic()
        tokens, stamp = self._buckets.get(user_id, (float(burst), now))
        tokens = min(float(burst), tokens + (now - stamp) * rate)
        if tokens < 1:
            self._buckets[user_id] = (tokens, now)
            return (1 - tokens) / rate
        self._buckets[user_id] = (tokens - 1, now)
        return 0.0


# Atomic refill-and-take in Redis, so that every API node shares one bucket per user.
_TAKE = """
local tokens = tonumber(redis.call('HGET', KEYS[1], 't'))
local stamp = tonumber(redis.call('HGET', KEYS[1], 's'))
local rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) + tonumber(now_parts[2]) / 1000000
if tokens == nil then tokens = burst; stamp = now end
tokens = math.min(burst, tokens + (now - stamp) * rate)
local wait = 0
if tokens < 1 then wait = (1 - tokens) / rate else tokens = tokens - 1 end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 's', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 60)
return tostring(wait)
"""


class RedisBuckets(RateLimiter):
    def __init__(self, url: str, rate: float, burst: int, *, enabled: bool = True,
                 prefix: str = "paystead:ratelimit:") -> None:
        super().__init__(rate, burst, enabled=enabled)
        import redis.asyncio as redis

        self._prefix = prefix
        self._redis = redis.from_url(url)
        self._script = self._redis.register_script(_TAKE)

    async def _take(self, user_id: int, rate: float, burst: int) -> float:
        try:
            wait = await self._script(keys=[f"{self._prefix}{user_id}"], args=[rate, burst])
        except Exception as exc:  # noqa: BLE001 - Redis down must not take the API down with it
            # Fail open: the limit protects capacity, not money; say so loudly instead.
            log.warning("rate limiter unavailable (%s); request allowed", type(exc).__name__)
            return 0.0
        return float(wait)

    async def close(self) -> None:
        await self._redis.aclose()
