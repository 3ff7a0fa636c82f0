"""The gateway's per-address limits on logins, backed by the real Redis."""

from __future__ import annotations

import dataclasses

import pytest
import redis

from gateway.app import create_app
from gateway.config import Config
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.integration


def test_login_attempts_are_limited_per_address() -> None:
    config = dataclasses.replace(
        Config.from_env(),
        redis_url=REDIS_URL,
        login_rate_limit="3/minute",
        identity_addr="127.0.0.1:1",
    )  # nothing listens: each attempt fails fast
    client = redis.Redis.from_url(config.redis_url)
    for key in client.scan_iter("mf:limit*"):
        client.delete(key)
    app = create_app(config)
    http = app.test_client()
    statuses = [
        http.post(
            "/api/v1/session",
            json={"username": "x", "password": "y"},
            environ_base={"REMOTE_ADDR": "203.0.113.9"},
        ).status_code
        for _ in range(5)
    ]
    assert statuses[:3] == [503, 503, 503]  # identity unreachable: a clear 503, not a crash
    assert statuses[3:] == [429, 429]
    limited = http.post("/api/v1/session", json={}, environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert limited.json["code"] == "RATE_LIMITED" and limited.headers["Retry-After"]
    other = http.post(
        "/api/v1/session",
        json={"username": "x", "password": "y"},
        environ_base={"REMOTE_ADDR": "203.0.113.10"},
    )
    assert other.status_code == 503  # another address is not limited
