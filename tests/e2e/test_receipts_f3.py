"""F3 e-receipts through the running gateway.

我要开票 -> ISSUING -> ISSUED, download, access control, the paper-receipt refusal, verification.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from pathlib import Path

import pytest

from maintfund_dev import demo
from tests.e2e.helpers import ApiClient
from tests.e2e.invoice_helpers import (
    fresh_account,
    ink_ratio,
    logged_in,
    publish_deposit_paid,
    render_first_page,
)

pytestmark = pytest.mark.e2e

PAPER_MESSAGE = "您的纸质票据已开具，不支持再次开具电子票据。"


def request_when_known(api: ApiClient, deposit_id: str, timeout: float = 15) -> dict:
    """POST /invoices once the invoice service has consumed the DepositPaid event."""
    deadline = time.monotonic() + timeout
    while True:
        response = api.send("POST", "/api/v1/invoices", json={"deposit_id": deposit_id})
        if response.status_code != 404 or time.monotonic() > deadline:
            assert response.status_code == 202, response.text
            return response.json()
        time.sleep(0.2)


def wait_status(api: ApiClient, invoice_id: str, status: str, timeout: float = 15) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = api.get(f"/api/v1/invoices/{invoice_id}").json()
        if body["status"] == status:
            return body
        time.sleep(0.2)
    raise AssertionError(f"invoice {invoice_id} never reached {status}: {body}")


def test_paid_deposit_is_receipted_downloaded_and_private(
    suite: str, suite_amqp_url: str, tmp_path: Path
) -> None:
    username, account_id = fresh_account(suite)
    event = publish_deposit_paid(suite_amqp_url, account_id)
    api = logged_in(suite, username)

    created = request_when_known(api, event.deposit_id)
    assert created["status"] == "ISSUING"
    again = api.send("POST", "/api/v1/invoices", json={"deposit_id": event.deposit_id})
    assert again.status_code == 202 and again.json()["invoice_id"] == created["invoice_id"]

    issued = wait_status(api, created["invoice_id"], "ISSUED")
    assert len(issued["bill_code"]) == 8 and issued["bill_code"].isdigit()
    assert len(issued["bill_no"]) == 10 and issued["bill_no"].isdigit()
    assert len(issued["check_code"]) == 6 and issued["issued_at"]
    assert issued["amount_fen"] == 896_000

    pdf = api.get(f"/api/v1/invoices/{created['invoice_id']}/pdf")
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("attachment")
    assert pdf.headers["X-Content-Type-Options"] == "nosniff"
    assert pdf.content.startswith(b"%PDF")
    second = api.get(f"/api/v1/invoices/{created['invoice_id']}/pdf")
    assert hashlib.sha256(second.content).digest() == hashlib.sha256(pdf.content).digest()
    assert 0.01 < ink_ratio(render_first_page(pdf.content, tmp_path)) < 0.6

    # Someone else: the same 404 as an id that does not exist.
    other = ApiClient(suite)
    other.login("zhangwei")
    foreign = other.get(f"/api/v1/invoices/{created['invoice_id']}")
    missing = other.get(f"/api/v1/invoices/{uuid.uuid4()}")
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert other.get(f"/api/v1/invoices/{created['invoice_id']}/pdf").status_code == 404
    assert other.send("POST", "/api/v1/invoices", json={"deposit_id": event.deposit_id}).status_code == 404
    assert other.send("POST", f"/api/v1/invoices/{created['invoice_id']}/retry").status_code == 404

    # The public verification page shows genuineness, the amount and a masked payer only.
    page = ApiClient(suite).get(
        "/receipts/verify",
        params={
            "bill_code": issued["bill_code"],
            "bill_no": issued["bill_no"],
            "check_code": issued["check_code"],
        },
    )
    assert page.status_code == 200 and "真票" in page.text and "赵*" in page.text and "8,960.00" in page.text
    assert "赵六" not in page.text
    forged = ApiClient(suite).get(
        "/receipts/verify",
        params={"bill_code": issued["bill_code"], "bill_no": issued["bill_no"], "check_code": "ZZZZZZ"},
    )
    assert "未查到" in forged.text and "赵*" not in forged.text


def test_h3_paper_receipt_is_refused_with_the_exact_message(suite: str) -> None:
    api = ApiClient(suite)
    api.login("zhangwei")
    response = api.send("POST", "/api/v1/invoices", json={"deposit_id": demo.demo_id("deposit", "H3")})
    assert response.status_code == 409
    assert response.headers["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "PAPER_RECEIPT_ISSUED" and body["detail"] == PAPER_MESSAGE


def test_h1_demo_receipt_downloads_byte_identical(suite: str, tmp_path: Path) -> None:
    api = ApiClient(suite)
    api.login("zhangwei")
    invoice_id = demo.demo_id("invoice", demo.H1.house_id)
    body = api.get(f"/api/v1/invoices/{invoice_id}").json()
    assert body["status"] == "ISSUED" and body["issued_at"].startswith("2017-03-15")
    assert body["amount_fen"] == 1_790_000
    first = api.get(f"/api/v1/invoices/{invoice_id}/pdf").content
    assert first == api.get(f"/api/v1/invoices/{invoice_id}/pdf").content
    assert ink_ratio(render_first_page(first, tmp_path)) > 0.01
    # Asking again for a deposit that has its receipt gives that receipt, not a second one.
    again = api.send("POST", "/api/v1/invoices", json={"deposit_id": demo.demo_id("deposit", "H1")})
    assert again.status_code == 202 and again.json() == {"invoice_id": invoice_id, "status": "ISSUED"}
    lina = ApiClient(suite)
    lina.login("lina")
    assert lina.get(f"/api/v1/invoices/{invoice_id}").status_code == 404
