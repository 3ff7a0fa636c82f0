"""消息 at the gateway on the real Redis, with nothing listening at the notification service's address.

What the gateway must decide by itself shows without the service: a PUT naming a kind that does not exist
is 422 before any call, CSRF and the session guard every route, and a page about something else still
renders when the unread count cannot be had (消息 without a count, never 0), asking again only after a
minute. Answers of the service itself are tested end to end (tests/e2e/test_notifications_f9.py).
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import pytest
from flask.testing import FlaskClient

from gateway.app import create_app
from gateway.config import Config
from maintfund_common.metrics import GRPC_CLIENT_HANDLED
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.integration

NOWHERE = "127.0.0.1:1"


@pytest.fixture()
def http() -> FlaskClient:
    config = dataclasses.replace(
        Config.from_env(),
        redis_url=REDIS_URL,
        identity_addr=NOWHERE,
        registry_addr=NOWHERE,
        deposit_addr=NOWHERE,
        notification_addr=NOWHERE,
    )
    app = create_app(config)
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


def _log_in(http: FlaskClient) -> str:
    """A session as a login leaves it; returns its CSRF token."""
    now = int(time.time())
    with http.session_transaction() as sess:
        sess.permanent = True
        sess.update(account_id="acc-1", roles=["OWNER"], name_masked="张*", login_at=now, seen_at=now)
    page = http.get("/help")
    html = page.get_data(as_text=True)
    marker = 'name="csrf_token" value="'
    return html[html.index(marker) + len(marker) :].split('"', 1)[0]


def _count_unread_calls() -> float:
    return sum(
        sample.value
        for metric in GRPC_CLIENT_HANDLED.collect()
        for sample in metric.samples
        if sample.name.endswith("_total") and sample.labels["method"] == "notification/CountUnread"
    )


def test_every_route_needs_a_session(http: FlaskClient) -> None:
    for method, path in (
        ("GET", "/api/v1/notifications"),
        ("GET", "/api/v1/notifications/unread-count"),
        ("GET", "/api/v1/notification-preferences"),
    ):
        answer = http.open(path, method=method)
        assert answer.status_code == 401 and answer.json["code"] == "UNAUTHENTICATED", path
    assert http.get("/messages").status_code == 302  # to the login page
    assert http.get("/messages/settings").status_code == 302


def test_state_changes_need_the_csrf_token(http: FlaskClient) -> None:
    _log_in(http)
    body: dict[str, Any] = {"items": [{"kind": "DEPOSIT_POSTED", "sms": False}]}
    for method, path, kwargs in (
        ("POST", "/api/v1/notifications/read-all", {}),
        ("POST", "/api/v1/notifications/0b9f4c1e-6c1a-4d43-9b1e-1f0f3c9a2b10/read", {}),
        ("PUT", "/api/v1/notification-preferences", {"json": body}),
    ):
        answer = http.open(path, method=method, **kwargs)
        assert answer.status_code == 403 and answer.json["code"] == "CSRF_FAILED", path
    assert http.post("/messages/read-all").status_code == 403


def test_a_kind_that_does_not_exist_is_422_before_any_call(http: FlaskClient) -> None:
    token = _log_in(http)
    headers = {"X-CSRF-Token": token}
    answer = http.put(
        "/api/v1/notification-preferences",
        json={"items": [{"kind": "DEPOSIT_POSTED", "sms": True}, {"kind": "SPAM", "sms": False}]},
        headers=headers,
    )
    assert answer.status_code == 422 and answer.mimetype == "application/problem+json"
    assert answer.json["code"] == "VALIDATION_FAILED" and answer.json["field"] == "items[1].kind"
    answer = http.put(
        "/api/v1/notification-preferences", json={"items": [{"kind": "BILL_RAISED"}]}, headers=headers
    )
    assert answer.status_code == 422 and answer.json["field"] == "items[0].sms"
    # not a JSON object at all: 400, as on every route
    answer = http.put("/api/v1/notification-preferences", data="kind=SPAM", headers=headers)
    assert answer.status_code == 400 and answer.json["code"] == "VALIDATION_FAILED"
    # a valid body reaches the service (nothing listens here: 503, not 422)
    answer = http.put(
        "/api/v1/notification-preferences",
        json={"items": [{"kind": "BILL_RAISED", "sms": False}]},
        headers=headers,
    )
    assert answer.status_code == 503


def test_a_page_limit_out_of_range_is_400_before_any_call(http: FlaskClient) -> None:
    _log_in(http)
    for limit in ("0", "101", "x"):
        answer = http.get("/api/v1/notifications", query_string={"limit": limit})
        assert answer.status_code == 400 and answer.json["field"] == "limit"
    answer = http.get("/api/v1/notifications", query_string={"cursor": "c" * 600})
    assert answer.status_code == 400 and answer.json["field"] == "cursor"


def test_the_header_shows_messages_without_a_count_when_it_cannot_be_had(http: FlaskClient) -> None:
    before = _count_unread_calls()
    _log_in(http)  # draws the header once: one failed try
    page = http.get("/help")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="header-messages"' in html and "条未读消息" not in html
    assert _count_unread_calls() - before == 1  # the failure is remembered: not asked on every page
    with http.session_transaction() as sess:
        sess["unread"] = [3, int(time.time())]  # what the home page saw a moment ago
    html = http.get("/help").get_data(as_text=True)
    assert (
        '<span class="count" aria-hidden="true">3</span><span class="visually-hidden">，3条未读消息</span>'
        in html
    )
    with http.session_transaction() as sess:
        sess["unread"] = [3, int(time.time()) - 61]  # a minute old: asked again
    http.get("/help")
    assert _count_unread_calls() - before == 2


def test_opening_a_message_is_a_post(http: FlaskClient) -> None:
    _log_in(http)
    answer = http.get("/messages/0b9f4c1e-6c1a-4d43-9b1e-1f0f3c9a2b10/read")
    assert answer.status_code == 405
