"""Failed-login counters and lock-outs in Redis, per username whether or not it exists.

Keys hold a keyed hash of the username (``KeyRing.blind_index``), never the name itself, and expire on
their own: the counter with its window, the lock with the lock-out.
"""

from __future__ import annotations

import redis

PREFIX = "mf:login:"


class RedisLoginThrottle:
    def __init__(self, client: redis.Redis) -> None:
        self.redis = client

    def locked_seconds(self, key: str) -> int:
        """Seconds the lock on ``key`` still runs; 0 when not locked."""
        ttl = int(self.redis.ttl(PREFIX + "lock:" + key))
        return max(0, ttl)

    def record_failure(self, key: str, window_s: int) -> int:
        """Counts one failure in ``key``'s window (started by the first failure); the count now."""
        full = PREFIX + "fail:" + key
        pipe = self.redis.pipeline()
        pipe.incr(full)
        pipe.expire(full, window_s, nx=True)
        count, _ = pipe.execute()
        return int(count)

    def lock(self, key: str, seconds: int) -> None:
        pipe = self.redis.pipeline()
        pipe.set(PREFIX + "lock:" + key, "1", ex=seconds)
        pipe.delete(PREFIX + "fail:" + key)
        pipe.execute()

    def clear(self, key: str) -> None:
        self.redis.delete(PREFIX + "fail:" + key)
