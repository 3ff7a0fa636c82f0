"""Every redirect payload of tests/redirect_payloads.py through the real login forms, password and SMS:
the owner opens the attacker's link ``/login?next=…``, submits the form the page gives, and the
answer is a redirect on this site (never a 5xx). Also the other request values that reach headers."""

from __future__ import annotations

import html
import re
import uuid
from urllib.parse import urljoin, urlsplit

import pytest
import requests

from maintfund_dev import demo
from tests.e2e.helpers import fresh_id_number, register_account
from tests.redirect_payloads import PAYLOADS

pytestmark = pytest.mark.e2e

IDS = [p[0][:40] for p in PAYLOADS]
_FORM = re.compile(r'<form method="post" action="([^"]*)"')
_CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


def open_page(http: requests.Session, url: str) -> tuple[list[str], str]:
    """The page's POST form actions (absolute) and its CSRF token, as a browser would read them."""
    page = http.get(url, timeout=10, allow_redirects=False)
    assert page.status_code == 200, (url, page.status_code)
    actions = [urljoin(url, html.unescape(a)) for a in _FORM.findall(page.text)]
    return actions, _CSRF.search(page.text).group(1)


def assert_lands_on(suite: str, response: requests.Response, expected: str) -> None:
    assert response.status_code in (302, 303), (response.status_code, response.text[:300])
    location = response.headers["Location"]
    assert location == expected
    assert urlsplit(urljoin(suite + "/login", location)).netloc == urlsplit(suite).netloc


@pytest.mark.parametrize(("query_value", "expected"), PAYLOADS, ids=IDS)
def test_password_login_redirects_stay_on_the_site(suite: str, query_value: str, expected: str) -> None:
    http = requests.Session()
    actions, csrf = open_page(http, f"{suite}/login?tab=password&next={query_value}")
    (login_form,) = actions
    response = http.post(
        login_form,
        data={"username": "zhangwei", "password": demo.DEMO_PASSWORD, "csrf_token": csrf},
        timeout=10,
        allow_redirects=False,
    )
    assert_lands_on(suite, response, expected)


@pytest.mark.parametrize(("query_value", "expected"), PAYLOADS, ids=IDS)
def test_sms_login_redirects_stay_on_the_site(
    suite: str, sandbox_url: str, query_value: str, expected: str
) -> None:
    # one account per payload: a phone gets one code a minute, and a code works once
    phone = f"139{uuid.uuid4().int % 10**8:08d}"
    account = {
        "username": f"r{uuid.uuid4().hex[:10]}",
        "password": "Passw0rd!x",
        "name": "赵六",
        "id_number": fresh_id_number(),
        "phone": phone,
    }
    assert register_account(suite, account).status_code == 201
    http = requests.Session()
    actions, csrf = open_page(http, f"{suite}/login?tab=sms&next={query_value}")
    send_code = next(a for a in actions if "/login/sms-code" in a)
    sent = http.post(send_code, data={"phone": phone, "csrf_token": csrf}, timeout=10)
    assert sent.status_code == 200 and "验证码已发送" in sent.text
    code = requests.get(f"{sandbox_url}/sandbox/sms/{phone}", timeout=10).json()["code"]
    # the login form of the page the code request answered: it carries ?next= along
    login_form = next(
        urljoin(send_code, html.unescape(a)) for a in _FORM.findall(sent.text) if "tab=sms" in a
    )
    response = http.post(
        login_form,
        data={"phone": phone, "sms_code": code, "csrf_token": csrf},
        timeout=10,
        allow_redirects=False,
    )
    assert_lands_on(suite, response, expected)


def test_a_page_that_asked_for_login_is_where_the_login_lands(suite: str) -> None:
    http = requests.Session()
    asked = http.get(f"{suite}/houses", timeout=10, allow_redirects=False)
    assert asked.status_code == 302
    actions, csrf = open_page(http, urljoin(suite, asked.headers["Location"]))
    response = http.post(
        actions[0],
        data={"username": "zhangwei", "password": demo.DEMO_PASSWORD, "csrf_token": csrf},
        timeout=10,
        allow_redirects=False,
    )
    assert_lands_on(suite, response, "/houses")


@pytest.mark.parametrize(
    "request_id", ["abc\u00aa123", "\u00b2\u00b3", "a b", "x" * 65, "a-b", "r\u00e9q"], ids=repr
)
def test_a_request_id_is_echoed_only_when_ascii_letters_and_digits(suite: str, request_id: str) -> None:
    response = requests.get(
        f"{suite}/healthz", headers={"X-Request-Id": request_id.encode("latin-1")}, timeout=10
    )
    assert response.status_code == 200
    echoed = response.headers["X-Request-Id"]
    assert echoed != request_id and echoed.isascii() and echoed.isalnum()
    ok = requests.get(f"{suite}/healthz", headers={"X-Request-Id": "Abc123"}, timeout=10)
    assert ok.headers["X-Request-Id"] == "Abc123"
