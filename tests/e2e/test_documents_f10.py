"""F10 owners' documents through the running gateway: annual statements reconcile with the ledger, deposit
certificates verify anonymously (and at the registration centre's gRPC call), H1's apportionment explains
its repair project, and bad input or someone else's house changes nothing."""

from __future__ import annotations

import subprocess
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import grpc
import pytest
import requests

from maintfund.deposit.v1 import deposit_pb2, deposit_pb2_grpc
from maintfund_dev import demo
from tests.e2e.helpers import ApiClient, house_id

pytestmark = pytest.mark.e2e
BEIJING = timedelta(hours=8)
KINDS = {
    "FIRST_DEPOSIT": "deposits_fen",
    "TOP_UP": "deposits_fen",
    "REPLENISHMENT": "deposits_fen",
    "INTEREST": "interest_fen",
    "APPORTIONMENT": "apportionments_fen",
    "REFUND": "refunds_fen",
}


@pytest.fixture(scope="module")
def zhang(suite: str) -> ApiClient:
    api = ApiClient(suite)
    assert api.login("zhangwei").status_code == 200
    return api


@pytest.fixture(scope="module")
def lina(suite: str) -> ApiClient:
    api = ApiClient(suite)
    assert api.login("lina").status_code == 200
    return api


def _ledger(api: ApiClient, house: str) -> list[dict]:
    items, cursor = [], ""
    while True:
        page = api.get(f"/api/v1/houses/{house}/ledger", params={"limit": 100, "cursor": cursor}).json()
        items += page["items"]
        if not page["next_cursor"]:
            return sorted(items, key=lambda e: int(e["entry_id"]))
        cursor = page["next_cursor"]


def _year(booked_at: str) -> int:
    return (datetime.fromisoformat(booked_at).astimezone(UTC) + BEIJING).year


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True
    ).stdout.decode()


def test_every_statement_of_every_demo_house_reconciles_with_the_ledger(zhang: ApiClient) -> None:
    houses = zhang.get("/api/v1/houses").json()["items"]
    this_year = (datetime.now(UTC) + BEIJING).year
    checked = 0
    for house in houses:
        ledger = _ledger(zhang, house["house_id"])
        if not ledger:  # H2: no entry yet, hence no statement year
            missing = zhang.get(f"/api/v1/houses/{house['house_id']}/statements/{this_year}")
            assert missing.status_code == 404 and missing.json()["code"] == "STATEMENT_NOT_FOUND"
            continue
        by_year = defaultdict(list)
        for e in ledger:
            by_year[_year(e["booked_at"])].append(e)
        balance = 0
        for year in range(_year(ledger[0]["booked_at"]), this_year + 1):
            got = zhang.get(f"/api/v1/houses/{house['house_id']}/statements/{year}")
            assert got.status_code == 200, got.text
            s = got.json()
            assert s["first_year"] == _year(ledger[0]["booked_at"])  # the range of years, for a client
            expected = defaultdict(int)
            for e in by_year[year]:
                expected[KINDS[e["kind"]]] += e["amount_fen"]
            assert s["opening_balance_fen"] == balance
            for field in ("deposits_fen", "interest_fen", "apportionments_fen", "refunds_fen"):
                assert s[field] == expected[field], (year, field)
            closing = by_year[year][-1]["balance_after_fen"] if by_year[year] else balance
            assert s["closing_balance_fen"] == closing
            movements = s["deposits_fen"] + s["interest_fen"] + s["apportionments_fen"] + s["refunds_fen"]
            assert s["opening_balance_fen"] + movements == s["closing_balance_fen"]
            assert s["principal_fen"] + s["interest_balance_fen"] == s["closing_balance_fen"]
            assert [e["entry_id"] for e in s["entries"]] == [e["entry_id"] for e in by_year[year]]
            balance = closing
            checked += 1
        detail = zhang.get(f"/api/v1/houses/{house['house_id']}").json()
        assert balance == detail["balance_fen"]  # this year's closing is today's balance
    assert checked >= 10


def test_the_statement_pdf_carries_the_year_and_the_closing_balance(zhang: ApiClient, tmp_path: Path) -> None:
    h1 = house_id("H1")
    statement = zhang.get(f"/api/v1/houses/{h1}/statements/2025").json()
    response = zhang.get(f"/api/v1/houses/{h1}/statements/2025/pdf")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    closing = statement["closing_balance_fen"]
    assert "2025年度结存单" in text
    assert f"{closing // 100:,}.{closing % 100:02d}" in text
    assert "北京市住房资金管理中心" in text and demo.H1.address in text


def test_bad_years_and_other_peoples_houses_get_a_stable_answer(zhang: ApiClient, lina: ApiClient) -> None:
    h1 = house_id("H1")
    for year in ("20x5", "25", "99999"):
        bad = zhang.get(f"/api/v1/houses/{h1}/statements/{year}")
        assert bad.status_code == 400 and bad.json()["code"] == "VALIDATION_FAILED", year
    for year in ("2016", "2099"):  # H1's ledger starts in 2017; the future has no statement
        out = zhang.get(f"/api/v1/houses/{h1}/statements/{year}")
        assert out.status_code == 404 and out.json()["code"] == "STATEMENT_NOT_FOUND", year
    missing = lina.get(f"/api/v1/houses/{demo.demo_id('house', 'nope')}/statements/2025")
    assert missing.status_code == 404
    for path in (f"/api/v1/houses/{h1}/statements/2025", f"/api/v1/houses/{h1}/statements/2025/pdf",
                 f"/api/v1/houses/{h1}/projects"):  # fmt: skip
        theirs = lina.get(path)
        assert theirs.status_code == 404 and theirs.json() == missing.json(), path
    refused = lina.send("POST", f"/api/v1/houses/{h1}/deposit-certificates")
    assert refused.status_code == 404 and refused.json() == missing.json()


def test_a_certificate_states_the_day_and_its_code_verifies_anonymously(
    zhang: ApiClient, suite: str, grpc_addresses: dict[str, str], tmp_path: Path
) -> None:
    h1, h3 = house_id("H1"), house_id("H3")
    owed = zhang.send("POST", f"/api/v1/houses/{h1}/deposit-certificates")
    assert owed.status_code == 201, owed.text
    owed = owed.json()
    assert set(owed) == {"certificate_id", "verification_code", "fully_paid", "shortfall_fen", "issued_at"}
    assert owed["fully_paid"] is False and owed["shortfall_fen"] > 0  # H1's pending 续筹 bill
    paid = zhang.send("POST", f"/api/v1/houses/{h3}/deposit-certificates").json()
    assert paid["fully_paid"] is True and paid["shortfall_fen"] == 0

    anonymous = requests.Session()
    answer = anonymous.get(
        f"{suite}/api/v1/deposit-certificates/verify", params={"code": paid["verification_code"]}
    )
    assert answer.status_code == 200
    found = answer.json()
    assert found["valid"] is True and found["fully_paid"] is True and found["issued_at"]
    assert found["address_masked"].startswith("丰台区丰台北路18号院") and "301" not in found["address_masked"]
    wrong = anonymous.get(
        f"{suite}/api/v1/deposit-certificates/verify", params={"code": "0000-0000-0000-0000"}
    )
    assert wrong.status_code == 200 and set(wrong.json()) == set(found) and wrong.json()["valid"] is False
    for body in (answer.text, wrong.text):
        assert demo.ZHANG_WEI.name not in body and demo.ZHANG_WEI.id_number not in body
        assert "张" not in body and "1238" not in body
    malformed = anonymous.get(f"{suite}/api/v1/deposit-certificates/verify", params={"code": "not-a-code"})
    assert malformed.status_code == 400 and malformed.json()["code"] == "CERTIFICATE_CODE_MALFORMED"

    pdf = zhang.get(f"/api/v1/deposit-certificates/{owed['certificate_id']}/pdf")
    assert pdf.status_code == 200
    text = _pdf_text(pdf.content, tmp_path)
    assert owed["verification_code"] in text and "尚未足额交存" in text and "北京市住房资金管理中心" in text

    with grpc.insecure_channel(grpc_addresses["deposit"]) as channel:  # the registration centre's call
        stub = deposit_pb2_grpc.DepositServiceStub(channel)
        token = (("authorization", "Bearer dev-registration-centre-token"),)
        checked = stub.VerifyDepositCertificate(
            deposit_pb2.VerifyDepositCertificateRequest(code=owed["verification_code"]),
            timeout=3,
            metadata=token,
        )
        assert checked.valid and not checked.fully_paid and checked.shortfall_fen == owed["shortfall_fen"]
        missing = stub.VerifyDepositCertificate(
            deposit_pb2.VerifyDepositCertificateRequest(code="ZZZZ-ZZZZ-ZZZZ-ZZZZ"), timeout=3, metadata=token
        )
        assert not missing.valid and missing.address_masked == ""


def test_someone_elses_certificate_pdf_is_missing(zhang: ApiClient, lina: ApiClient) -> None:
    mine = zhang.send("POST", f"/api/v1/houses/{house_id('H3')}/deposit-certificates").json()
    theirs = lina.get(f"/api/v1/deposit-certificates/{mine['certificate_id']}/pdf")
    nothing = lina.get(f"/api/v1/deposit-certificates/{demo.demo_id('certificate', 'none')}/pdf")
    assert theirs.status_code == nothing.status_code == 404 and theirs.json() == nothing.json()


def test_h1_apportionment_explains_its_project(zhang: ApiClient) -> None:
    h1 = house_id("H1")
    entry = next(e for e in _ledger(zhang, h1) if e["kind"] == "APPORTIONMENT")
    detail = zhang.get(f"/api/v1/houses/{h1}/ledger/{entry['entry_id']}").json()
    project = detail["project"]
    assert project["name"] == demo.H1_LIFT_PROJECT["name"]
    assert project["your_share_fen"] == -entry["amount_fen"] > 0
    assert project["total_cost_fen"] == demo.H1_LIFT_PROJECT["total_cost_fen"]
    assert project["households"] == 96 and project["share_basis"] == "BY_AREA"
    assert project["approved_at"] == "2026-04-16" and len(project["documents"]) == 3
    interest = next(e for e in _ledger(zhang, h1) if e["kind"] == "INTEREST")
    assert "project" not in zhang.get(f"/api/v1/houses/{h1}/ledger/{interest['entry_id']}").json()
    building = zhang.get(f"/api/v1/houses/{h1}/projects").json()
    assert building["building"] == "朝阳区望京西园三区312号楼"
    assert [p["name"] for p in building["items"]] == [project["name"]]
    assert building["items"][0]["building_paid_fen"] == -entry["amount_fen"]


def test_pages_link_the_documents_and_the_check_is_public(zhang: ApiClient, suite: str) -> None:
    h1 = house_id("H1")
    page = zhang.get(f"/houses/{h1}").text
    assert "年度结存单" in page and "交存证明" in page
    statement = zhang.get(f"/houses/{h1}/statements/2025")
    assert statement.status_code == 200 and "2025年度结存单" in statement.text
    entry = next(e for e in _ledger(zhang, h1) if e["kind"] == "APPORTIONMENT")
    assert demo.H1_LIFT_PROJECT["name"] in zhang.get(f"/houses/{h1}/ledger/{entry['entry_id']}").text
    anonymous = requests.get(
        f"{suite}/certificates/verify", params={"code": "0000-0000-0000-0000"}, timeout=10
    )
    assert anonymous.status_code == 200 and "未查到该证明" in anonymous.text
    bad = requests.get(f"{suite}/certificates/verify", params={"code": "??"}, timeout=10)
    assert bad.status_code == 400 and "验证码格式不正确" in bad.text
