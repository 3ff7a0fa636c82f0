"""F1 login and identity matching, F2 my houses, through the running gateway (DESIGN §4.3)."""

from __future__ import annotations

import itertools
import uuid

import pytest
import requests
from sqlalchemy import create_engine, text

from maintfund_dev import demo
from tests.conftest import DB_PREFIX, PG_BASE, PORT_OFFSET, devctl
from tests.e2e.helpers import ApiClient, fresh_id_number, house_id, register_account

pytestmark = pytest.mark.e2e


def test_zhangwei_sees_three_houses_and_filters_by_district(suite: str) -> None:
    api = ApiClient(suite)
    login = api.login("zhangwei")
    assert login.status_code == 200
    assert login.json()["user"] == {"name_masked": "张*", "has_houses": True, "house_count": 3}
    me = api.get("/api/v1/me").json()
    assert me["id_number_masked"] == "110105********1238"
    assert me["phone_masked"] == "138****0001"
    assert me["house_count"] == 3 and me["has_houses"] is True

    houses = api.get("/api/v1/houses").json()
    assert {h["house_id"] for h in houses["items"]} == {house_id("H1"), house_id("H2"), house_id("H3")}
    assert houses["next_cursor"] is None
    chaoyang = api.get("/api/v1/houses", params={"address": "朝阳区"}).json()["items"]
    assert [h["house_id"] for h in chaoyang] == [house_id("H1")]
    assert chaoyang[0]["district"] == "110105"


def test_houses_are_cursor_paginated(suite: str) -> None:
    api = ApiClient(suite)
    api.login("zhangwei")
    first = api.get("/api/v1/houses", params={"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = api.get("/api/v1/houses", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert len(second["items"]) == 1 and second["next_cursor"] is None
    assert not {h["house_id"] for h in first["items"]} & {h["house_id"] for h in second["items"]}


def test_house_detail_and_fund_details(suite: str) -> None:
    api = ApiClient(suite)
    api.login("zhangwei")
    h1 = api.get(f"/api/v1/houses/{house_id('H1')}").json()
    assert h1["first_deposit_fen"] == 1_790_000
    assert h1["balance_fen"] == h1["principal_fen"] + h1["interest_fen"]
    assert h1["interest_fen"] > 0
    # the lift-repair apportionment left less than 30 % of the first deposit (a 续筹 is due)
    assert h1["balance_fen"] < h1["first_deposit_fen"] * 30 // 100

    entries, cursor = [], None
    while True:
        params = {"limit": 4, **({"cursor": cursor} if cursor else {})}
        page = api.get(f"/api/v1/houses/{house_id('H1')}/ledger", params=params).json()
        entries += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    kinds = [e["kind"] for e in entries]
    assert kinds[-1] == "FIRST_DEPOSIT" and "APPORTIONMENT" in kinds and "INTEREST" in kinds
    assert entries[0]["balance_after_fen"] == h1["balance_fen"]
    # running balances: each entry's balance is the previous one plus its amount
    for newer, older in itertools.pairwise(entries):
        assert newer["balance_after_fen"] == older["balance_after_fen"] + newer["amount_fen"]
    assert len({e["business_no"] for e in entries}) == len(entries)

    first = entries[-1]
    detail = api.get(f"/api/v1/houses/{house_id('H1')}/ledger/{first['entry_id']}").json()
    assert detail["receipt"]["kind"] == "ELECTRONIC" and detail["receipt"]["status"] == "ISSUED"
    paper = api.get(f"/api/v1/houses/{house_id('H3')}/ledger", params={"limit": 100}).json()["items"][-1]
    h3_detail = api.get(f"/api/v1/houses/{house_id('H3')}/ledger/{paper['entry_id']}").json()
    assert h3_detail["receipt"]["kind"] == "PAPER"


def test_lina_has_no_house(suite: str) -> None:
    api = ApiClient(suite)
    assert api.login("lina").json()["user"]["has_houses"] is False
    assert api.get("/api/v1/houses").json()["items"] == []
    assert api.get("/api/v1/me").json()["house_count"] == 0


def test_anonymous_calls_get_401_problem(suite: str) -> None:
    for path in (
        "/api/v1/me",
        "/api/v1/houses",
        f"/api/v1/houses/{house_id('H1')}",
        f"/api/v1/houses/{house_id('H1')}/ledger",
    ):
        response = requests.get(suite + path, timeout=10)
        assert response.status_code == 401
        assert response.headers["Content-Type"].startswith("application/problem+json")
        assert response.json()["code"] == "UNAUTHENTICATED"


def test_someone_elses_house_is_404_like_a_missing_one(suite: str) -> None:
    api = ApiClient(suite)
    api.login("lina")
    foreign = api.get(f"/api/v1/houses/{house_id('H1')}")
    missing = api.get(f"/api/v1/houses/{uuid.uuid4()}")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert "朝阳" not in foreign.text and "1790000" not in foreign.text
    ledger = api.get(f"/api/v1/houses/{house_id('H1')}/ledger")
    assert ledger.status_code == 404
    entry = api.get(f"/api/v1/houses/{house_id('H1')}/ledger/1")
    assert entry.status_code == 404


# superscript, Arabic-Indic, full-width: str.isdigit() says yes to each
@pytest.mark.parametrize("digit", ["³", "١", "５"])
def test_numbers_in_urls_are_ascii_digits_only(suite: str, digit: str) -> None:
    api = ApiClient(suite)
    api.login("zhangwei")
    h1 = house_id("H1")
    entry = api.get(f"/api/v1/houses/{h1}/ledger/{digit}")
    assert entry.status_code == 404 and entry.json()["code"] == "NOT_FOUND"
    for params in ({"limit": digit}, {"cursor": digit}):
        page = api.get(f"/api/v1/houses/{h1}/ledger", params=params)
        assert page.status_code == 400 and page.json()["code"] == "VALIDATION_FAILED", params


def test_register_rejects_a_bad_check_character(suite: str) -> None:
    response = requests.post(
        f"{suite}/api/v1/accounts",
        timeout=10,
        json={
            "username": "badid01",
            "password": "Passw0rd!x",
            "name": "王五",
            "id_number": "110105198001011239",
            "phone": "13900000001",
        },
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "VALIDATION_FAILED" and body["field"] == "id_number"


def test_register_then_login_by_sms_code(suite: str, sandbox_url: str) -> None:
    username = f"u{uuid.uuid4().hex[:10]}"
    phone = f"139{uuid.uuid4().int % 10**8:08d}"
    created = register_account(
        suite,
        {
            "username": username,
            "password": "Passw0rd!x",
            "name": "王五",
            "id_number": fresh_id_number(lower_x=True),
            "phone": phone,
        },
    )
    assert created.status_code == 201, created.text
    api = ApiClient(suite)
    assert api.http.post(f"{suite}/api/v1/sms-codes", json={"phone": phone}, timeout=10).status_code == 202
    code = requests.get(f"{sandbox_url}/sandbox/sms/{phone}", timeout=10).json()["code"]
    wrong = api.http.post(
        f"{suite}/api/v1/session",
        json={"phone": phone, "sms_code": "000000" if code != "000000" else "111111"},
        timeout=10,
    )
    assert wrong.status_code == 401
    ok = api.http.post(f"{suite}/api/v1/session", json={"phone": phone, "sms_code": code}, timeout=10)
    assert ok.status_code == 200 and ok.json()["user"]["has_houses"] is False
    reused = requests.post(f"{suite}/api/v1/session", json={"phone": phone, "sms_code": code}, timeout=10)
    assert reused.status_code == 401  # a code works once


def test_lockout_after_repeated_failures(suite: str) -> None:
    username = f"l{uuid.uuid4().hex[:10]}"
    phone = f"137{uuid.uuid4().int % 10**8:08d}"
    created = register_account(
        suite,
        {
            "username": username,
            "password": "Passw0rd!x",
            "name": "赵六",
            "id_number": fresh_id_number(),
            "phone": phone,
        },
    )
    assert created.status_code == 201, created.text
    api = ApiClient(suite)
    codes = [api.login(username, "Wrong-pass1").json()["code"] for _ in range(5)]
    assert codes[:4] == ["INVALID_CREDENTIALS"] * 4 and codes[4] == "ACCOUNT_LOCKED"
    assert api.login(username, "Passw0rd!x").json()["code"] == "ACCOUNT_LOCKED"


def test_session_logout_and_csrf(suite: str) -> None:
    api = ApiClient(suite)
    api.login("zhangwei")
    old_cookie = api.http.cookies.get("mf_session")
    no_token = api.http.delete(f"{suite}/api/v1/session", timeout=10)
    assert no_token.status_code == 403 and no_token.json()["code"] == "CSRF_FAILED"
    foreign = api.send("DELETE", "/api/v1/session", headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403 and foreign.json()["code"] == "ORIGIN_REJECTED"
    assert api.send("DELETE", "/api/v1/session").status_code == 204
    assert api.get("/api/v1/me").status_code == 401
    # the old session id is dead server-side, not just forgotten by this client
    replay = requests.get(f"{suite}/api/v1/me", cookies={"mf_session": old_cookie}, timeout=10)
    assert replay.status_code == 401


def test_login_rotates_the_session_id(suite: str) -> None:
    api = ApiClient(suite)
    api.get("/login")
    before = api.http.cookies.get("mf_session")
    api.login("zhangwei")
    after = api.http.cookies.get("mf_session")
    assert before and after and before != after
    assert requests.get(f"{suite}/api/v1/me", cookies={"mf_session": before}, timeout=10).status_code == 401


def test_security_headers(suite: str) -> None:
    response = requests.get(f"{suite}/login", timeout=10)
    csp = response.headers["Content-Security-Policy"]
    assert "object-src 'none'" in csp and "base-uri 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    assert "max-age" in response.headers["Strict-Transport-Security"]
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_demo_personas_are_seeded(suite: str) -> None:
    assert {a.username for a in demo.ACCOUNTS} == {"zhangwei", "lina", "reviewer_chaoyang"}
    api = ApiClient(suite)
    assert api.login("reviewer_chaoyang").status_code == 200
    assert api.get("/api/v1/me").json()["roles"] == ["REVIEWER"]


def test_metrics_are_not_served_through_the_ingress(suite: str) -> None:
    assert requests.get(f"{suite}/metrics", timeout=10).status_code == 200
    proxied = requests.get(f"{suite}/metrics", headers={"X-Forwarded-For": "198.51.100.7"}, timeout=10)
    assert proxied.status_code == 404


def _registry_house_checks() -> float:
    """GetAccountHouse calls registry has answered (its gRPC server's Prometheus counter)."""
    index = [name for name, _service, _cmd in devctl.PROCESS_TABLE].index("registry-grpc")
    text = requests.get(f"http://127.0.0.1:{9300 + PORT_OFFSET + index}/metrics", timeout=10).text
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("maintfund_grpc_server_handled_total") and "/GetAccountHouse" in line
    )


def test_fund_details_take_one_call_and_fall_back_to_registry(suite: str) -> None:
    """Deposit answers fund details from its copy of the bindings; a binding the copy lacks (its event
    still on the way) is asked of registry once, and the copy keeps the answer."""
    api = ApiClient(suite)
    api.login("zhangwei")
    h3 = house_id("H3")  # paid, with a paper receipt: it has fund details
    address = api.get(f"/api/v1/houses/{h3}").json()["address"]
    before = _registry_house_checks()
    page = api.get(f"/api/v1/houses/{h3}/ledger").json()
    entry = api.get(f"/api/v1/houses/{h3}/ledger/{page['items'][-1]['entry_id']}").json()
    web_page = api.get(f"/houses/{h3}/ledger").text
    assert _registry_house_checks() == before  # one call each: deposit alone
    assert address in web_page and entry["entry_id"] == page["items"][-1]["entry_id"]

    deposit_db = create_engine(f"{PG_BASE}/{DB_PREFIX}e2e_deposit")
    account_id = demo.demo_id("account", "zhangwei")
    forget = text("DELETE FROM account_houses WHERE account_id = :a AND house_id = :h RETURNING bound_at")
    with deposit_db.begin() as conn:  # as if the HouseBound event had not arrived yet
        bound_at = conn.execute(forget, {"a": account_id, "h": h3}).scalar_one()
    try:
        assert api.get(f"/api/v1/houses/{h3}/ledger").json() == page
        assert address in api.get(f"/houses/{h3}/ledger").text
        assert _registry_house_checks() == before + 1  # registry decided once; the copy learned it
        with deposit_db.connect() as conn:
            learned = conn.execute(
                text("SELECT count(*) FROM account_houses WHERE account_id = :a AND house_id = :h"),
                {"a": account_id, "h": h3},
            ).scalar_one()
        assert learned == 1
        assert api.get("/api/v1/houses/no-such-house/ledger").status_code == 404
    finally:
        with deposit_db.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO account_houses (account_id, house_id, bound_at) VALUES (:a, :h, :t) "
                    "ON CONFLICT DO NOTHING"
                ),
                {"a": account_id, "h": h3, "t": bound_at},
            )
        deposit_db.dispose()


def test_registration_needs_both_consents_and_the_phones_code(suite: str) -> None:
    """PIPL: separate consent to the 用户协议 and the 隐私政策 (the ID number is sensitive), and the phone
    proved by an SMS code; a refused registration creates nothing."""
    username = f"c{uuid.uuid4().hex[:10]}"
    body = {
        "username": username,
        "password": "Passw0rd!x",
        "name": "孙七",
        "id_number": fresh_id_number(),
        "phone": f"135{uuid.uuid4().int % 10**8:08d}",
    }
    no_privacy = register_account(suite, body, accepted_privacy=False)
    assert no_privacy.status_code == 400
    assert (no_privacy.json()["code"], no_privacy.json()["field"]) == ("CONSENT_REQUIRED", "accepted_privacy")
    no_terms = requests.post(
        f"{suite}/api/v1/accounts", json={**body, "accepted_privacy": True, "sms_code": "000000"}, timeout=10
    )
    assert (no_terms.json()["code"], no_terms.json()["field"]) == ("CONSENT_REQUIRED", "accepted_terms")
    wrong_code = requests.post(
        f"{suite}/api/v1/accounts",
        json={**body, "accepted_terms": True, "accepted_privacy": True, "sms_code": "000000"},
        timeout=10,
    )
    assert wrong_code.status_code == 400
    assert (wrong_code.json()["code"], wrong_code.json()["field"]) == ("INVALID_SMS_CODE", "sms_code")
    assert ApiClient(suite).login(username, "Passw0rd!x").status_code == 401  # nothing was created
    # another phone: the first one's code is still within its 60-second resend window
    created = register_account(suite, {**body, "phone": f"135{uuid.uuid4().int % 10**8:08d}"})
    assert created.status_code == 201, created.text


def test_lockout_answers_the_same_for_unknown_usernames(suite: str) -> None:
    api = ApiClient(suite)
    unknown = f"ghost{uuid.uuid4().hex[:8]}"
    answers = [api.login(unknown, "Wrong-pass1") for _ in range(6)]
    assert [a.status_code for a in answers] == [401] * 6
    assert [a.json()["code"] for a in answers] == ["INVALID_CREDENTIALS"] * 4 + ["ACCOUNT_LOCKED"] * 2
    assert [a.json().get("remaining_attempts") for a in answers[:4]] == [4, 3, 2, 1]
    assert answers[4].json()["detail"] == "登录失败次数过多，账号已临时锁定，请15分钟后再试"
