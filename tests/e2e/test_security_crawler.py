"""A crawler over the gateway's url_map: security headers on every GET route, CSRF on every state change.

Routes come from ``create_app().url_map``, so a newly added route is crawled without editing this file.
The CSRF-exempt routes are listed here explicitly: a newly exempted route fails the test until someone
reviews it and adds it to ``REVIEWED_CSRF_EXEMPT`` with the reason.
"""

from __future__ import annotations

import uuid

import pytest
from werkzeug.routing import Rule

from gateway.app import create_app
from gateway.extensions import csrf
from maintfund_dev import demo
from tests.e2e.helpers import ApiClient

pytestmark = pytest.mark.e2e

# (method, rule) -> why it may be reached without the CSRF token (the Origin check still applies)
REVIEWED_CSRF_EXEMPT = {
    ("POST", "/api/v1/accounts"): "registration: no session exists yet",
    ("POST", "/api/v1/session"): "login: no session exists yet; the session id rotates at login",
    ("POST", "/api/v1/sms-codes"): "SMS login code: no session exists yet; rate-limited",
    (
        "POST",
        "/api/v1/payments/notify/wechat",
    ): "provider callback; the deposit service verifies the signature",
    (
        "POST",
        "/api/v1/payments/notify/alipay",
    ): "provider callback; the deposit service verifies the signature",
    (
        "POST",
        "/api/v1/quickpay/lookups",
    ): "quick pay has no session or cookie; limited per client/number/name",
    ("POST", "/api/v1/quickpay/<token>/orders"): "quick pay: the short-lived bound token is the authority",
    ("POST", "/api/v1/quickpay/<token>/invoice"): "quick pay: the short-lived bound token is the authority",
}
STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")

APP = create_app()
RULES = sorted(APP.url_map.iter_rules(), key=lambda r: r.rule)
GET_RULES = [r for r in RULES if "GET" in r.methods and not r.rule.startswith("/static/")]
CHANGING = sorted({(m, r.rule) for r in RULES for m in r.methods & set(STATE_CHANGING)})

ARGS = {
    "house_id": demo.demo_id("house", "H1"),
    "entry_id": "1",
    "year": "2025",  # H1's statement of a whole year: the owner's crawl gets the page and PDF themselves
    "filename": "app.css",
}


def url_for_rule(rule: Rule) -> str:
    path = rule.rule
    for argument in rule.arguments:
        value = ARGS.get(argument, str(uuid.uuid4()))
        path = path.replace(f"<{argument}>", value).replace(f"<path:{argument}>", value)
    return path


def is_exempt(rule: Rule) -> bool:
    view = APP.view_functions[rule.endpoint]
    name = f"{view.__module__}.{view.__name__}"
    blueprint = APP.blueprints.get(rule.endpoint.rpartition(".")[0])
    return name in csrf._exempt_views or (blueprint is not None and blueprint in csrf._exempt_blueprints)


def test_the_exempt_list_is_exactly_the_reviewed_one() -> None:
    exempt = {(m, r.rule) for r in RULES for m in r.methods & set(STATE_CHANGING) if is_exempt(r)}
    assert exempt == set(REVIEWED_CSRF_EXEMPT)


@pytest.fixture(scope="module")
def owner(suite: str) -> ApiClient:
    api = ApiClient(suite)
    assert api.login("zhangwei").status_code == 200
    return api


@pytest.mark.parametrize("rule", GET_RULES, ids=lambda r: r.rule)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "owner"])
def test_every_get_route_sends_the_security_headers(
    suite: str, owner: ApiClient, rule: Rule, signed_in: bool
) -> None:
    client = owner if signed_in else ApiClient(suite)
    response = client.http.get(suite + url_for_rule(rule), timeout=10, allow_redirects=False)
    assert response.status_code < 500, response.text[:300]
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert "object-src 'none'" in csp and "base-uri 'none'" in csp and "frame-ancestors" in csp, csp
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("Referrer-Policy")
    assert headers.get("Cache-Control") == "no-store"
    assert "max-age=" in headers.get("Strict-Transport-Security", "")
    assert headers.get("X-XSS-Protection") == "0"  # the legacy XSS auditor off (OWASP); the CSP protects


def test_static_files_carry_nosniff_and_csp(suite: str) -> None:
    response = ApiClient(suite).get("/static/app.css")
    assert response.status_code == 200
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert "object-src 'none'" in response.headers.get("Content-Security-Policy", "")


@pytest.mark.parametrize(("method", "path"), [c for c in CHANGING if c not in REVIEWED_CSRF_EXEMPT])
def test_state_changes_without_the_csrf_token_are_refused(
    suite: str, owner: ApiClient, method: str, path: str
) -> None:
    rule = next(r for r in RULES if r.rule == path)
    url = suite + url_for_rule(rule)
    # a signed-in session (so a token exists server-side), but neither the header nor the form field
    response = owner.http.request(method, url, json={}, timeout=10, allow_redirects=False)
    assert response.status_code == 403, (response.status_code, response.text[:300])
    form = owner.http.request(method, url, data={"x": "1"}, timeout=10, allow_redirects=False)
    assert form.status_code == 403
    # with a foreign Origin, even the exempt routes are refused
    foreign = owner.send(method, url_for_rule(rule), json={}, headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403


@pytest.mark.parametrize(("method", "path"), sorted(REVIEWED_CSRF_EXEMPT))
def test_exempt_routes_still_refuse_a_foreign_origin(suite: str, method: str, path: str) -> None:
    rule = next(r for r in RULES if r.rule == path)
    response = ApiClient(suite).http.request(
        method, suite + url_for_rule(rule), json={}, headers={"Origin": "https://evil.example"}, timeout=10
    )
    assert response.status_code == 403
