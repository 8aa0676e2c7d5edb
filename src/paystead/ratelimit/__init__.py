"""Per-application-user rate limiting (token bucket), in memory or shared through Redis."""

from __future__ import annotations

from paystead.ratelimit.buckets import MemoryBuckets, RateLimiter, RedisBuckets
from paystead.settings import Settings


def create_rate_limiter(settings: Settings) -> RateLimiter:
    config = settings.rate_limit
    if settings.redis_url:
        return RedisBuckets(settings.redis_url, config.requests_per_second, config.burst, enabled=config.enabled,
                            prefix=config.redis_prefix)
    return MemoryBuckets(config.requests_per_second, config.burst, enabled=config.enabled)


__all__ = ["RateLimiter", "create_rate_limiter"]
