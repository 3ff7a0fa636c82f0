"""长辈版 remembered for the account (issue 19), through the running suite: what a logged-in owner chooses on
one phone is their mode at login on another; an anonymous choice stays with its browser and never
reaches an account; logging out leaves the browser's mode as it was.

Each test registers its own owners, so the demo accounts keep no mode (and no demo reset is needed).
"""

from __future__ import annotations

import re
import uuid

import pytest
import requests

from tests.e2e.helpers import ApiClient, fresh_id_number, register_account

pytestmark = pytest.mark.e2e
PASSWORD = "Mode@2026x"
_CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


def _owner(suite: str) -> str:
    username = f"m{uuid.uuid4().hex[:10]}"
    body = {
        "username": username,
        "password": PASSWORD,
        "name": "赵长辈",
        "id_number": fresh_id_number(),
        "phone": f"135{uuid.uuid4().int % 10**8:08d}",
    }
    created = register_account(suite, body)
    assert created.status_code == 201, created.text
    return username


class Phone:
    """One browser: its own cookie jar, reading each page's CSRF token as a browser's form sends it."""

    def __init__(self, suite: str) -> None:
        self.suite = suite
        self.http = requests.Session()

    def csrf(self, path: str) -> str:
        page = self.http.get(self.suite + path, timeout=10)
        assert page.status_code == 200, (path, page.status_code)
        return _CSRF.search(page.text).group(1)

    def login(self, username: str) -> requests.Response:
        token = self.csrf("/login")
        answer = self.http.post(
            f"{self.suite}/login",
            data={"username": username, "password": PASSWORD, "csrf_token": token},
            timeout=10,
            allow_redirects=False,
        )
        assert answer.status_code in (302, 303), answer.text[:300]
        return answer

    def switch(self, mode: str, on: str = "/") -> requests.Response:
        token = self.csrf(on)
        answer = self.http.post(
            f"{self.suite}/display-mode",
            data={"mode": mode, "csrf_token": token},
            headers={"Referer": self.suite + on},
            timeout=10,
            allow_redirects=False,
        )
        assert answer.status_code == 303, answer.text[:300]
        return answer

    def logout(self) -> None:
        token = self.csrf("/home")
        self.http.post(f"{self.suite}/logout", data={"csrf_token": token}, timeout=10)

    def mode(self) -> str | None:
        return self.http.cookies.get("mf_mode")

    def elder_page(self, path: str) -> bool:
        page = self.http.get(self.suite + path, timeout=10)
        assert page.status_code == 200, (path, page.status_code)
        return re.search(r'<body class="elder\b', page.text) is not None


def test_the_mode_chosen_logged_in_follows_the_owner_to_a_new_phone(suite: str) -> None:
    username = _owner(suite)
    old_phone = Phone(suite)
    old_phone.login(username)
    old_phone.switch("elder", on="/home")
    assert old_phone.mode() == "elder" and old_phone.elder_page("/home")

    new_phone = Phone(suite)
    assert new_phone.mode() is None and not new_phone.elder_page("/login")
    landed = new_phone.login(username)
    assert "mf_mode=elder" in landed.headers.get("Set-Cookie", "")
    assert new_phone.mode() == "elder"
    assert new_phone.elder_page("/home")
    new_phone.logout()
    assert new_phone.elder_page("/quickpay")  # the browser keeps it after logout, on anonymous pages

    # back to 标准版 on the new phone: the old phone's browser keeps its cookie, but its next login
    # follows the account
    new_phone.switch("standard", on="/quickpay")  # anonymous: this browser only
    new_phone.login(username)
    assert new_phone.mode() == "elder"  # the account's choice came back at login
    new_phone.switch("standard", on="/home")  # logged in: the account's too
    old_phone.logout()
    assert old_phone.elder_page("/quickpay")
    old_phone.login(username)
    assert old_phone.mode() == "standard" and not old_phone.elder_page("/home")


def test_an_anonymous_choice_stays_with_its_browser(suite: str) -> None:
    username = _owner(suite)
    kiosk = Phone(suite)
    kiosk.switch("elder", on="/quickpay")  # before logging in: the browser's mode, no account's
    landed = kiosk.login(username)
    assert "mf_mode" not in landed.headers.get("Set-Cookie", "")  # an account that never chose
    assert kiosk.mode() == "elder" and kiosk.elder_page("/home")  # leaves the browser's mode alone

    elsewhere = Phone(suite)
    elsewhere.login(username)
    assert elsewhere.mode() is None and not elsewhere.elder_page("/home")


def test_the_api_login_gives_the_browser_the_accounts_mode(suite: str) -> None:
    username = _owner(suite)
    Phone(suite).login(username)  # an account with no mode yet: the API login sets no cookie
    api = ApiClient(suite)
    assert api.login(username, PASSWORD).status_code == 200
    assert api.http.cookies.get("mf_mode") is None
    phone = Phone(suite)
    phone.login(username)
    phone.switch("elder", on="/home")
    api = ApiClient(suite)
    answer = api.login(username, PASSWORD)
    assert answer.status_code == 200 and api.http.cookies.get("mf_mode") == "elder"


def test_a_switch_outside_the_two_modes_changes_nothing(suite: str) -> None:
    username = _owner(suite)
    phone = Phone(suite)
    phone.login(username)
    phone.switch("elder", on="/home")
    phone.switch("huge", on="/home")  # not a mode: back to the page, nothing stored or set
    assert phone.mode() == "elder"
    other = Phone(suite)
    other.login(username)
    assert other.mode() == "elder"
