"""Small HTTP helpers for driving the gateway like a browser or an API client would."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import requests

from maintfund_dev import demo


class ApiClient:
    """A requests session that logs in and sends the CSRF header on state-changing calls."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url
        self.http = requests.Session()
        self.csrf = ""

    def login(self, username: str, password: str = demo.DEMO_PASSWORD) -> requests.Response:
        response = self.http.post(
            f"{self.base}/api/v1/session", json={"username": username, "password": password}, timeout=10
        )
        if response.status_code == 200:
            self.csrf = response.json()["csrf_token"]
        return response

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.http.get(self.base + path, timeout=10, **kwargs)

    def send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"X-CSRF-Token": self.csrf, **kwargs.pop("headers", {})}
        return self.http.request(method, self.base + path, headers=headers, timeout=10, **kwargs)


def eventually(check: Callable[[], Any], what: str, timeout: float = 10) -> Any:
    """The first truthy answer of ``check`` (an event-fed copy catching up), or fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.05)


def house_id(key: str) -> str:
    return demo.demo_id("house", key)


def fresh_id_number(lower_x: bool = False) -> str:
    """A valid ID number no earlier test run registered (accounts are one per ID number)."""
    import random

    from maintfund_common.personal_data import id_check_char

    while True:
        body = (
            f"110105{random.randint(1950, 2000)}{random.randint(1, 12):02d}{random.randint(1, 28):02d}"
            f"{random.randint(0, 999):03d}"
        )
        number = body + id_check_char(body)
        if not lower_x or number.endswith("X"):
            return number.lower() if lower_x else number


def register_account(suite: str, body: dict[str, Any], **extra: Any) -> requests.Response:
    """立即注册 as a person does it: a registration code sent to the phone (read back from the sandbox's
    SMS gateway, the suite's sandbox port follows the gateway's), both consents given. ``extra``
    overrides any field (e.g. ``accepted_privacy=False``)."""
    from tests.conftest import PORT_OFFSET

    phone = str(body.get("phone", ""))
    sent = requests.post(
        f"{suite}/api/v1/sms-codes", json={"phone": phone, "purpose": "register"}, timeout=10
    )
    assert sent.status_code == 202, sent.text
    sms = requests.get(f"http://127.0.0.1:{9100 + PORT_OFFSET}/sandbox/sms/{phone}", timeout=10).json()
    full = {**body, "sms_code": sms["code"], "accepted_terms": True, "accepted_privacy": True, **extra}
    return requests.post(f"{suite}/api/v1/accounts", json=full, timeout=10)
