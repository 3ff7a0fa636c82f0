"""The gateway's per-address limits on logins, backed by the real Redis."""

from __future__ import annotations

import dataclasses

import pytest
import redis

from gateway.app import create_app
from gateway.config import Config
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.integration


def _forget_limits(redis_url: str) -> None:
    """Every counter of the gateway's limiter (the limits library keys them ``LIMITS:LIMITER/mf:limit/…``),
    so a rerun within the window starts afresh."""
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter("*mf:limit/*"):
        client.delete(key)
    client.close()


def test_login_attempts_are_limited_per_address() -> None:
    config = dataclasses.replace(
        Config.from_env(),
        redis_url=REDIS_URL,
        login_rate_limit="3/minute",
        identity_addr="127.0.0.1:1",
    )  # nothing listens: each attempt fails fast
    _forget_limits(config.redis_url)
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


def test_certificate_checks_are_limited_per_address_api_and_page_together() -> None:
    """CERTIFICATE_VERIFY_RATE_LIMIT: one budget per client address for the anonymous 交存证明 check, API
    and page together; past it the API answers 429 problem+json RATE_LIMITED and the page says so in
    Chinese, before the deposit service is asked."""
    config = dataclasses.replace(
        Config.from_env(),
        redis_url=REDIS_URL,
        certificate_verify_rate_limit="3 per 10 minutes",
        deposit_addr="127.0.0.1:1",
    )  # nothing listens: each check that reaches deposit fails fast with 503
    _forget_limits(config.redis_url)
    http = create_app(config).test_client()
    here = {"REMOTE_ADDR": "203.0.113.21"}
    code = {"code": "ABCD-EFGH-JKMN-PQRS"}
    for _ in range(5):  # opening the empty form spends nothing of the budget
        assert http.get("/certificates/verify", environ_base=here).status_code == 200
    statuses = [
        http.get("/api/v1/deposit-certificates/verify", query_string=code, environ_base=here).status_code,
        http.get("/certificates/verify", query_string=code, environ_base=here).status_code,
        http.get("/api/v1/deposit-certificates/verify", query_string=code, environ_base=here).status_code,
    ]
    assert statuses == [503, 503, 503]  # within the budget, the check is asked for (deposit is down)

    limited = http.get("/api/v1/deposit-certificates/verify", query_string=code, environ_base=here)
    assert limited.status_code == 429 and limited.mimetype == "application/problem+json"
    assert limited.json["code"] == "RATE_LIMITED" and limited.json["status"] == 429
    assert limited.json["title"] and limited.json["detail"] == "请求过于频繁，请稍后再试"
    assert 590 <= int(limited.headers["Retry-After"]) <= 600  # the 10-minute window, not a guess
    assert abs(limited.json["retry_after"] - int(limited.headers["Retry-After"])) <= 1
    assert "valid" not in limited.json  # no verdict, not even "invalid"

    page = http.get("/certificates/verify", query_string=code, environ_base=here)
    assert page.status_code == 429 and page.mimetype == "text/html"
    text = page.get_data(as_text=True)
    assert "请求过于频繁，请稍后再试" in text and "请稍后再试</h1>" in text
    assert "查验结果" not in text
    form = http.get("/certificates/verify", environ_base=here)  # the empty form asks nothing: not limited
    assert form.status_code == 200 and 'name="code"' in form.get_data(as_text=True)

    other = http.get(
        "/api/v1/deposit-certificates/verify", query_string=code, environ_base={"REMOTE_ADDR": "203.0.113.22"}
    )
    assert other.status_code == 503  # another address keeps its own budget
