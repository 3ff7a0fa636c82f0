"""Abuse counters and challenges in Redis (fixed windows; INCR + EXPIRE in one pipeline)."""

from __future__ import annotations

import redis

PREFIX = "mf:qp:"


class RedisAbuseStore:
    def __init__(self, client: redis.Redis) -> None:
        self.redis = client

    def ping(self) -> bool:
        """Readiness: without Redis no lookup can be counted, so none may be answered."""
        try:
            return bool(self.redis.ping())
        except redis.RedisError:
            return False

    def hit(self, key: str, window_s: int) -> tuple[int, int]:
        """Counts one event in ``key``'s window: (count now, seconds left in the window)."""
        full = PREFIX + key
        pipe = self.redis.pipeline()
        pipe.incr(full)
        pipe.expire(full, window_s, nx=True)
        pipe.ttl(full)
        count, _, ttl = pipe.execute()
        return int(count), max(1, int(ttl))

    def count(self, key: str) -> int:
        return int(self.redis.get(PREFIX + key) or 0)

    def reset(self, key: str) -> None:
        self.redis.delete(PREFIX + key)

    def put_challenge(self, challenge_id: str, answer: str, ttl_s: int) -> None:
        self.redis.set(PREFIX + "challenge:" + challenge_id, answer, ex=ttl_s)

    def take_challenge(self, challenge_id: str) -> str | None:
        """The expected answer, once: a challenge is consumed by its first answer, right or wrong."""
        value = self.redis.getdel(PREFIX + "challenge:" + challenge_id)
        return value.decode() if isinstance(value, bytes) else value
