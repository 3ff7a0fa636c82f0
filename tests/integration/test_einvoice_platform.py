"""The e-receipt platform client against the sandbox platform over real HTTP."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime

import pytest
import requests

from invoice.adapters.einvoice_platform import (
    EInvoicePlatformClient,
    IssueItem,
    ReceiptStatus,
    sign_request,
)
from maintfund_common.errors import Conflict, PermissionDenied, Unavailable, ValidationFailed
from sandbox.einvoice import bp
from tests.sandbox_support import serve_blueprint

APP_ID = "test-invoice-app"
SECRET = "test-secret-0123456789"
UNIT = "北京市住房资金管理中心"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_blueprint("einvoice-sandbox-test", bp) as url:
        yield url


@pytest.fixture(autouse=True)
def sandbox(base_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SANDBOX_EINVOICE_APP_ID", APP_ID)
    monkeypatch.setenv("SANDBOX_EINVOICE_APP_SECRET", SECRET)
    monkeypatch.setenv("SANDBOX_EINVOICE_LATENCY_MS", "0")
    monkeypatch.delenv("SANDBOX_EINVOICE_MODE", raising=False)
    monkeypatch.delenv("SANDBOX_EINVOICE_LAST_BILL_NO", raising=False)
    requests.post(f"{base_url}/sandbox/einvoice/reset", timeout=5).raise_for_status()
    return base_url


@pytest.fixture
def client(base_url: str) -> Iterator[EInvoicePlatformClient]:
    with EInvoicePlatformClient(base_url, APP_ID, SECRET, timeout=5) as c:
        yield c


def set_mode(base_url: str, mode: str) -> None:
    requests.post(f"{base_url}/sandbox/einvoice/mode", json={"mode": mode}, timeout=5).raise_for_status()


def issue(client: EInvoicePlatformClient, biz_no: str, amount_fen: int = 1_790_000, payer: str = "张伟"):
    item = IssueItem(
        name="住宅专项维修资金",
        house_address="朝阳区望京西园三区301号楼2单元1502",
        area_m2="89.50",
        business_no=biz_no,
        amount_fen=amount_fen,
    )
    return client.issue(
        biz_no=biz_no, payer_name=payer, amount_fen=amount_fen, items=[item], receiving_unit=UNIT
    )


def test_issue_ok(client: EInvoicePlatformClient) -> None:
    result = issue(client, "SW202611260001")
    assert result.status is ReceiptStatus.ISSUED and result.issued
    assert result.bill_code is not None and len(result.bill_code) == 8 and result.bill_code.isdigit()
    assert result.bill_no == "0000000001"
    assert result.check_code is not None and len(result.check_code) == 6 and result.check_code.isalnum()
    assert isinstance(result.issued_at, datetime) and result.issued_at.utcoffset() is not None
    assert result.amount_fen == 1_790_000
    assert result.bill_code == f"110601{result.issued_at.year % 100:02d}"


def test_issue_is_idempotent_by_biz_no(client: EInvoicePlatformClient) -> None:
    first = issue(client, "SW202611260002")
    again = issue(client, "SW202611260002")
    assert again == first
    with pytest.raises(Conflict):
        issue(client, "SW202611260002", amount_fen=100)


def test_numbers_are_sequential_across_biz_nos(client: EInvoicePlatformClient) -> None:
    numbers = [issue(client, f"SW2026112600{i:02d}").bill_no for i in range(10, 15)]
    assert numbers == [f"{n:010d}" for n in range(1, 6)]
    codes = {issue(client, f"SW2026112600{i:02d}").bill_code for i in range(10, 15)}
    assert len(codes) == 1


def test_a_restarted_platform_numbers_after_the_last_number_handed_out(
    client: EInvoicePlatformClient, sandbox: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANDBOX_EINVOICE_LAST_BILL_NO", "41")
    requests.post(f"{sandbox}/sandbox/einvoice/reset", timeout=5).raise_for_status()  # as after a restart
    numbers = [issue(client, f"SW2026112601{i:02d}").bill_no for i in range(2)]
    assert numbers == ["0000000042", "0000000043"]


def test_fail_mode_rejects(client: EInvoicePlatformClient, sandbox: str) -> None:
    set_mode(sandbox, "fail")
    result = issue(client, "SW202611260020")
    assert result.status is ReceiptStatus.REJECTED
    assert result.reject_reason and result.bill_no is None
    assert client.query("SW202611260020").status is ReceiptStatus.REJECTED
    # back to normal: the same business number can now be issued
    set_mode(sandbox, "ok")
    assert issue(client, "SW202611260020").status is ReceiptStatus.ISSUED
    assert client.query("SW202611260020").status is ReceiptStatus.ISSUED


def test_slow_mode_times_out_but_the_receipt_exists(
    base_url: str, sandbox: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SANDBOX_EINVOICE_SLOW_SECONDS", "2")
    set_mode(sandbox, "slow")
    with EInvoicePlatformClient(base_url, APP_ID, SECRET, timeout=1) as impatient:
        started = time.monotonic()
        with pytest.raises(Unavailable) as info:
            issue(impatient, "SW202611260030")
        assert time.monotonic() - started < 1.9
        assert info.value.details["outcome"] == "unknown"
        found = impatient.query("SW202611260030")
    assert found is not None and found.status is ReceiptStatus.ISSUED
    assert found.bill_no == "0000000001"
    time.sleep(1.2)  # let the stalled request finish before the next test resets the sandbox


def test_query_unknown_is_none(client: EInvoicePlatformClient) -> None:
    assert client.query("SW-NEVER-SEEN") is None


def test_verify_genuine_and_forged(client: EInvoicePlatformClient) -> None:
    receipt = issue(client, "SW202611260040", payer="王芳")
    assert receipt.bill_code and receipt.bill_no and receipt.check_code
    ok = client.verify(bill_code=receipt.bill_code, bill_no=receipt.bill_no, check_code=receipt.check_code)
    assert ok.genuine and ok.amount_fen == receipt.amount_fen and ok.payer_name_masked == "王*"
    assert ok.status is ReceiptStatus.ISSUED and ok.issued_at == receipt.issued_at
    wrong_check = "000000" if receipt.check_code != "000000" else "111111"
    forged = client.verify(bill_code=receipt.bill_code, bill_no=receipt.bill_no, check_code=wrong_check)
    assert not forged.genuine and forged.amount_fen is None
    unknown = client.verify(bill_code=receipt.bill_code, bill_no="0000009999", check_code=receipt.check_code)
    assert not unknown.genuine


def test_red_flush_and_reissue(client: EInvoicePlatformClient) -> None:
    receipt = issue(client, "SW202611260050")
    assert receipt.bill_code and receipt.bill_no and receipt.check_code
    red = client.red_flush(bill_code=receipt.bill_code, bill_no=receipt.bill_no, reason="交款人信息有误")
    assert red.status is ReceiptStatus.RED_FLUSHED
    assert red.red_bill_code == receipt.bill_code
    assert int(red.red_bill_no) == int(receipt.bill_no) + 1
    # idempotent
    assert client.red_flush(bill_code=receipt.bill_code, bill_no=receipt.bill_no, reason="重复") == red
    flushed = client.query("SW202611260050")
    assert flushed is not None and flushed.status is ReceiptStatus.RED_FLUSHED
    assert (flushed.red_bill_code, flushed.red_bill_no) == (red.red_bill_code, red.red_bill_no)
    verified = client.verify(
        bill_code=receipt.bill_code, bill_no=receipt.bill_no, check_code=receipt.check_code
    )
    assert verified.genuine and verified.status is ReceiptStatus.RED_FLUSHED
    # the red receipt cannot itself be flushed
    with pytest.raises(Conflict):
        client.red_flush(bill_code=red.red_bill_code, bill_no=red.red_bill_no, reason="x")
    # re-issue under the same business number gives a new receipt
    again = issue(client, "SW202611260050")
    assert again.status is ReceiptStatus.ISSUED and int(again.bill_no or 0) == int(red.red_bill_no) + 1


def test_bad_signature_refused(base_url: str) -> None:
    target = "/einvoice/v1/receipts?biz_no=SW1"
    ts = str(int(time.time()))
    headers = {
        "X-App-Id": APP_ID,
        "X-Timestamp": ts,
        "X-Nonce": "abcdef0123456789",
        "X-Signature": sign_request(
            b"wrong-secret", method="GET", target=target, timestamp=ts, nonce="abcdef0123456789", body=b""
        ),
    }
    response = requests.get(base_url + target, headers=headers, timeout=5)
    assert response.status_code == 403
    assert response.json()["code"] == "SIGNATURE_INVALID"
    assert requests.get(base_url + target, timeout=5).status_code == 401

    with EInvoicePlatformClient(base_url, APP_ID, "not-the-secret", timeout=5) as wrong:
        with pytest.raises(PermissionDenied) as info:
            wrong.query("SW1")
    assert info.value.details["http_status"] == "403"


def test_stale_timestamp_and_replayed_nonce_refused(base_url: str) -> None:
    with EInvoicePlatformClient(base_url, APP_ID, SECRET, timeout=5, clock=lambda: time.time() - 1000) as old:
        with pytest.raises(PermissionDenied) as info:
            old.query("SW1")
    assert info.value.details["platform_code"] == "TIMESTAMP_EXPIRED"

    target = "/einvoice/v1/receipts?biz_no=SW1"
    ts = str(int(time.time()))
    nonce = "replayed-nonce-0001"
    headers = {
        "X-App-Id": APP_ID,
        "X-Timestamp": ts,
        "X-Nonce": nonce,
        "X-Signature": sign_request(
            SECRET.encode(), method="GET", target=target, timestamp=ts, nonce=nonce, body=b""
        ),
    }
    assert requests.get(base_url + target, headers=headers, timeout=5).status_code == 404
    replay = requests.get(base_url + target, headers=headers, timeout=5)
    assert replay.status_code == 403 and replay.json()["code"] == "NONCE_REPLAYED"


def test_tampered_body_refused(base_url: str) -> None:
    body = b'{"bill_code":"11060126","bill_no":"0000000001","reason":"x"}'
    ts, nonce = str(int(time.time())), "tamper-nonce-0001"
    signature = sign_request(
        SECRET.encode(), method="POST", target="/einvoice/v1/red-flush", timestamp=ts, nonce=nonce, body=body
    )
    response = requests.post(
        f"{base_url}/einvoice/v1/red-flush",
        data=body.replace(b"0000000001", b"0000000002"),
        headers={"X-App-Id": APP_ID, "X-Timestamp": ts, "X-Nonce": nonce, "X-Signature": signature},
        timeout=5,
    )
    assert response.status_code == 403


def test_client_validates_before_sending(client: EInvoicePlatformClient) -> None:
    item = IssueItem("住宅专项维修资金", "某地址", "89.5", "SW1", 100)
    with pytest.raises(ValidationFailed):
        client.issue(biz_no="SW1", payer_name="张伟", amount_fen=100, items=[item], receiving_unit=UNIT)
    item = IssueItem("住宅专项维修资金", "某地址", "89.50", "SW1", 100)
    with pytest.raises(ValidationFailed):
        client.issue(biz_no="SW1", payer_name="张伟", amount_fen=101, items=[item], receiving_unit=UNIT)


def test_unreachable_platform_is_unavailable() -> None:
    with EInvoicePlatformClient("http://127.0.0.1:9", APP_ID, SECRET, timeout=1) as nowhere:
        with pytest.raises(Unavailable):
            nowhere.query("SW1")


def test_mode_endpoints(sandbox: str) -> None:
    assert requests.get(f"{sandbox}/sandbox/einvoice/mode", timeout=5).json()["mode"] == "ok"
    set_mode(sandbox, "fail")
    assert requests.get(f"{sandbox}/sandbox/einvoice/mode", timeout=5).json()["mode"] == "fail"
    bad = requests.post(f"{sandbox}/sandbox/einvoice/mode", json={"mode": "chaos"}, timeout=5)
    assert bad.status_code == 400
    requests.post(f"{sandbox}/sandbox/einvoice/reset", timeout=5).raise_for_status()
    assert requests.get(f"{sandbox}/sandbox/einvoice/mode", timeout=5).json()["mode"] == "ok"
