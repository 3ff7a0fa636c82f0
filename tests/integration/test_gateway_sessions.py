"""Session timeouts on the real Redis: the absolute limit, the idle TTL and how often it is pushed back.

Nothing listens at the identity address: a request on a live session reaches the backend and gets 503,
one on a dead session stops at the gateway with 401. That difference is what these tests read.
"""

from __future__ import annotations

import dataclasses
import time

import pytest
import redis
from flask.testing import FlaskClient

from gateway.app import create_app
from gateway.config import Config
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.integration

IDLE_SECONDS = 15 * 60


@pytest.fixture()
def http() -> FlaskClient:
    config = dataclasses.replace(
        Config.from_env(), redis_url=REDIS_URL, identity_addr="127.0.0.1:1", registry_addr="127.0.0.1:1"
    )
    return create_app(config).test_client()


def _log_in(http: FlaskClient, *, login_ago: int = 0, seen_ago: int = 0) -> str:
    now = int(time.time())
    with http.session_transaction() as sess:
        sess.permanent = True
        sess.update(account_id="acc-1", roles=["OWNER"], login_at=now - login_ago, seen_at=now - seen_ago)
        sid = sess.sid  # type: ignore[attr-defined]
    return f"mf:session:{sid}"


def _ttl_after_request(http: FlaskClient, key: str, ttl_before: int) -> tuple[int, int]:
    store = redis.Redis.from_url(REDIS_URL)
    store.expire(key, ttl_before)
    status = http.get("/api/v1/me").status_code
    return status, int(store.ttl(key))


def test_a_fresh_session_reaches_the_backend(http: FlaskClient) -> None:
    key = _log_in(http)
    assert redis.Redis.from_url(REDIS_URL).ttl(key) > IDLE_SECONDS - 5
    assert http.get("/api/v1/me").status_code == 503


def test_absolute_timeout_ends_an_active_session(http: FlaskClient) -> None:
    _log_in(http, login_ago=8 * 3600 + 1)
    response = http.get("/api/v1/me")
    assert response.status_code == 401 and response.json["code"] == "UNAUTHENTICATED"


def test_idle_timeout_is_the_redis_ttl(http: FlaskClient) -> None:
    key = _log_in(http)
    redis.Redis.from_url(REDIS_URL).delete(key)  # what the TTL does after 15 idle minutes
    assert http.get("/api/v1/me").status_code == 401


def test_activity_pushes_the_idle_timer_back_once_a_minute(http: FlaskClient) -> None:
    key = _log_in(http, seen_ago=61)
    status, ttl = _ttl_after_request(http, key, ttl_before=100)
    assert status == 503 and ttl > IDLE_SECONDS - 5  # written again: the full idle period from now
    status, ttl = _ttl_after_request(http, key, ttl_before=100)
    assert status == 503 and ttl <= 100  # seen seconds ago: no Redis write on this request
