"""Quick-pay abuse counters and challenges on a real Redis."""

from __future__ import annotations

import uuid

import pytest
import redis

from quickpay.adapters.limits import RedisAbuseStore
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.integration


def test_counters_expire_with_their_window_and_challenges_are_single_use() -> None:
    client = redis.Redis.from_url(REDIS_URL)
    store = RedisAbuseStore(client)
    key = f"test:{uuid.uuid4().hex}"
    counts = [store.hit(key, 60) for _ in range(3)]
    assert [c for c, _ in counts] == [1, 2, 3]
    assert all(0 < ttl <= 60 for _, ttl in counts)
    assert store.count(key) == 3
    store.reset(key)
    assert store.count(key) == 0
    store.put_challenge(key, "42", 30)
    assert 0 < client.ttl("mf:qp:challenge:" + key) <= 30
    assert store.take_challenge(key) == "42"
    assert store.take_challenge(key) is None
