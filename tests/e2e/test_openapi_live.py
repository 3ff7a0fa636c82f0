"""The OpenAPI document against live answers: every owner, quick-pay and reviewer route, with openapi-core.

Each route is called on the running suite the way the portal's own pages call it (success answers on the
demo data, and the usual errors: not found, invalid input, no session, a state that forbids the step),
and every answer is validated by openapi-core (pinned in requirements-dev.txt) against
``GET /api/v1/openapi.json``: status documented, content type documented, body matching its schema under
OpenAPI 3.0.3's rules (a ``null`` must be allowed where it is sent, an enum must list it). Unlike the
Schemathesis run, nothing is tolerated. Then a client generated from the document by
openapi-python-client (pinned) lists the deposit records, whose receipts carry ``status: null``.

The module changes state (orders, a registration, a receipt request): it resets the demo data after itself.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from openapi_core import Config, OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from maintfund_dev import demo
from tests import upload_samples as samples
from tests.e2e.helpers import ApiClient, eventually, house_id

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", autouse=True)
def fresh_demo(demo_reset: Callable[[], None]) -> Iterator[None]:
    demo_reset()
    yield
    demo_reset()


@pytest.fixture(scope="module")
def document(suite: str) -> dict[str, Any]:
    resp = requests.get(f"{suite}/api/v1/openapi.json", timeout=10)
    assert resp.status_code == 200
    return resp.json()


class Checker:
    """Validates each answer with openapi-core and remembers which operations were seen and what failed."""

    def __init__(self, document: dict[str, Any], base: str) -> None:
        # RFC 9457 problem details are JSON; openapi-core knows application/json only by default
        config = Config(extra_media_type_deserializers={"application/problem+json": json.loads})
        self.openapi = OpenAPI.from_dict({**document, "servers": [{"url": base}]}, config=config)
        self.paths = document["paths"]
        self.seen: set[tuple[str, str, int]] = set()
        self.failures: list[str] = []

    def __call__(self, resp: requests.Response, *expected: int) -> requests.Response:
        label = f"{resp.request.method} {resp.request.path_url} -> {resp.status_code}"
        if expected and resp.status_code not in expected:
            self.failures.append(f"{label}: expected {expected}: {resp.text[:300]}")
        try:
            self.openapi.validate_response(
                RequestsOpenAPIRequest(resp.request), RequestsOpenAPIResponse(resp)
            )
        except Exception as exc:  # openapi-core raises one of several error classes; report them all
            causes = getattr(exc, "schema_errors", None) or [getattr(exc, "__cause__", None)]
            details = "; ".join(str(getattr(c, "message", c))[:200] for c in causes if c is not None)
            self.failures.append(f"{label}: {type(exc).__name__}: {str(exc)[:200]} | {details}")
        found = self._operation(resp)
        if found:
            self.seen.add((*found, resp.status_code))
        return resp

    def _operation(self, resp: requests.Response) -> tuple[str, str] | None:
        """(method, path template) of the described operation this request called."""
        method, path = resp.request.method.lower(), urlsplit(resp.request.url).path
        matches = [
            template
            for template, item in self.paths.items()
            if method in item and re.fullmatch(re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)), path)
        ]
        return (method, min(matches, key=lambda t: t.count("{"))) if matches else None


def _known(api: ApiClient) -> dict[str, Any]:
    h1 = demo.H1.house_id
    entries = api.get(f"/api/v1/houses/{h1}/ledger", params={"limit": 5}).json()["items"]
    bills = {b["house_id"]: b for b in api.get("/api/v1/bills", params={"status": "pending"}).json()["items"]}
    return {"entry_id": entries[0]["entry_id"], "bills": bills}


def test_every_owner_quickpay_and_reviewer_answer_matches_the_document(
    suite: str, sandbox_url: str, document: dict[str, Any]
) -> None:
    check = Checker(document, suite)
    anonymous = requests.Session()
    owner = ApiClient(suite)
    check(
        owner.http.post(
            f"{suite}/api/v1/session", json={"username": "zhangwei", "password": "x"}, timeout=10
        ),
        401,
    )
    check(owner.login("zhangwei"), 200)
    known = _known(owner)
    h1, h2 = demo.H1.house_id, house_id("H2")
    h1_invoice = next(d.invoice_id for d in demo.DEPOSITS if d.invoice_id)
    h3_deposit = next(d.deposit_id for d in demo.DEPOSITS if d.house is demo.H3)

    # --- accounts and session ---
    check(anonymous.get(f"{suite}/api/v1/me", timeout=10), 401)
    check(owner.get("/api/v1/me"), 200)
    check(anonymous.post(f"{suite}/api/v1/sms-codes", json={"phone": "123"}, timeout=10), 400, 403)
    check(anonymous.post(f"{suite}/api/v1/accounts", json={"username": ""}, timeout=10), 400, 403)

    # --- houses and fund details ---
    check(owner.get("/api/v1/houses"), 200)
    check(owner.get("/api/v1/houses", params={"limit": 1}), 200)
    check(owner.get("/api/v1/houses", params={"limit": 0}), 400)
    check(owner.get(f"/api/v1/houses/{h1}"), 200)
    check(owner.get("/api/v1/houses/no-such-house"), 404)
    check(owner.get(f"/api/v1/houses/{h1}/ledger"), 200)
    check(owner.get(f"/api/v1/houses/{h1}/ledger", params={"cursor": "%%%"}), 400)
    check(owner.get(f"/api/v1/houses/{h1}/ledger/{known['entry_id']}"), 200)
    check(owner.get(f"/api/v1/houses/{h1}/ledger/999999999"), 404)

    # --- receipts ---
    check(owner.get("/api/v1/deposit-records"), 200)
    check(owner.get(f"/api/v1/invoices/{h1_invoice}"), 200)
    check(owner.get(f"/api/v1/invoices/{h1_invoice}/pdf"), 200)
    check(owner.get("/api/v1/invoices/no-such-invoice"), 404)
    check(owner.send("POST", f"/api/v1/invoices/{h1_invoice}/retry"), 409)
    check(owner.send("POST", "/api/v1/invoices", json={"deposit_id": h3_deposit}), 409)
    check(owner.send("POST", "/api/v1/invoices", json={}), 400)

    # --- registrations (owner) and review (reviewer) ---
    check(owner.get("/api/v1/registrations"), 200)
    check(
        owner.get("/api/v1/registrations/lookup", params={"method": "contract", "contract_no": "NOPE"}),
        400,
        404,
    )
    check(
        owner.get(
            "/api/v1/registrations/lookup",
            params={"method": "contract", "contract_no": demo.LINA_HOUSE.contract_no, "house_type": "商品房"},
        ),
        200,
    )
    lina = ApiClient(suite)
    assert lina.login("lina").status_code == 200
    form = {"method": "proof", "district": "110105", "phone": "13800000002", "address": "朝阳区某路9号院"}
    files = [("files", ("合同.pdf", samples.pdf())), ("files", ("photo.png", samples.png_with_exif()))]
    created = check(lina.send("POST", "/api/v1/registrations", data=form, files=files), 201)
    registration_id = created.json()["registration_id"]
    check(lina.send("POST", "/api/v1/registrations", json={"method": "contract"}), 400)
    reviewer = ApiClient(suite)
    assert reviewer.login("reviewer_chaoyang").status_code == 200
    check(reviewer.get("/api/v1/admin/registrations"), 200)
    check(owner.get("/api/v1/admin/registrations"), 403)
    detail = check(reviewer.get(f"/api/v1/admin/registrations/{registration_id}"), 200).json()
    check(
        reviewer.get(f"/api/v1/admin/registrations/{registration_id}/files/{detail['files'][0]['file_id']}"),
        200,
    )
    check(reviewer.get("/api/v1/admin/registrations/no-such"), 404)
    check(reviewer.send("POST", f"/api/v1/admin/registrations/{registration_id}/applicant"), 200)
    check(
        reviewer.send(
            "POST",
            f"/api/v1/admin/registrations/{registration_id}/decision",
            json={"approve": False, "reason": "材料不清晰"},
        ),
        200,
    )
    check(
        reviewer.send(
            "POST", f"/api/v1/admin/registrations/{registration_id}/decision", json={"approve": False}
        ),
        400,
        409,
    )

    # --- owners' documents ---
    check(owner.get(f"/api/v1/houses/{h1}/statements/2025"), 200)
    check(owner.get(f"/api/v1/houses/{h1}/statements/1999"), 404)
    check(owner.get(f"/api/v1/houses/{h1}/statements/25"), 400, 404)
    check(owner.get(f"/api/v1/houses/{h1}/statements/2025/pdf"), 200)
    certificate = check(owner.send("POST", f"/api/v1/houses/{h1}/deposit-certificates"), 201).json()
    check(owner.get(f"/api/v1/deposit-certificates/{certificate['certificate_id']}/pdf"), 200)
    verify = f"{suite}/api/v1/deposit-certificates/verify"
    check(anonymous.get(verify, params={"code": certificate["verification_code"]}, timeout=10), 200)
    check(anonymous.get(verify, params={"code": "0000-0000-0000-0000"}, timeout=10), 200)
    check(anonymous.get(verify, params={"code": "not-a-code"}, timeout=10), 400)
    check(owner.get(f"/api/v1/houses/{h1}/projects"), 200)

    # --- payments ---
    check(owner.get("/api/v1/bills", params={"status": "pending"}), 200)
    bill = known["bills"][h2]
    check(owner.get(f"/api/v1/bills/{bill['bill_id']}"), 200)
    check(owner.get("/api/v1/bills/no-such-bill"), 404)
    path = f"/api/v1/bills/{bill['bill_id']}/orders"
    order = check(
        owner.send("POST", path, json={"channel": "WECHAT"}, headers={"Idempotency-Key": str(uuid.uuid4())}),
        201,
    ).json()
    check(owner.send("POST", path, json={"channel": "PAYPAL"}), 400)
    check(owner.get(f"/api/v1/orders/{order['order_id']}"), 200)
    check(owner.send("POST", f"/api/v1/orders/{order['order_id']}/confirm"), 200)
    check(owner.get("/api/v1/orders/no-such-order"), 404)
    check(
        owner.send(
            "POST", "/api/v1/house-queries", json={"by": "address", "address": demo.WANG_FANG_HOUSE.address}
        ),
        200,
    )
    check(owner.send("POST", "/api/v1/house-queries", json={"by": "certificate"}), 400)
    check(owner.send("POST", path, json={"channel": "WECHAT"}, headers={"X-CSRF-Token": "forged"}), 403)

    # --- messages: paying the order above tells zhangwei (DEPOSIT_POSTED) ---
    paid = requests.post(
        f"{sandbox_url}/sandbox/pay", json={"out_trade_no": order["out_trade_no"]}, timeout=10
    )
    assert paid.status_code == 200, paid.text
    eventually(
        lambda: owner.get("/api/v1/notifications").json()["items"], "zhangwei told of his payment", timeout=20
    )
    listed = check(owner.get("/api/v1/notifications", params={"limit": 1}), 200).json()
    check(owner.get("/api/v1/notifications", params={"cursor": listed["next_cursor"] or ""}), 200)
    check(owner.get("/api/v1/notifications", params={"limit": 0}), 400)
    check(owner.get("/api/v1/notifications", params={"cursor": "%%%"}), 400)
    check(owner.get("/api/v1/notifications/unread-count"), 200)
    check(anonymous.get(f"{suite}/api/v1/notifications/unread-count", timeout=10), 401)
    check(owner.send("POST", f"/api/v1/notifications/{listed['items'][0]['notification_id']}/read"), 204)
    check(owner.send("POST", f"/api/v1/notifications/{uuid.uuid4()}/read"), 404)
    check(owner.send("POST", "/api/v1/notifications/read-all"), 204)
    check(owner.send("POST", "/api/v1/notifications/read-all", headers={"X-CSRF-Token": "forged"}), 403)
    check(owner.get("/api/v1/notification-preferences"), 200)
    preferences = "/api/v1/notification-preferences"
    check(owner.send("PUT", preferences, json={"items": [{"kind": "BILL_RAISED", "sms": True}]}), 200)
    check(owner.send("PUT", preferences, json={"items": [{"kind": "SPAM", "sms": True}]}), 422)

    # --- quick pay ---
    lookup = check(
        anonymous.post(
            f"{suite}/api/v1/quickpay/lookups",
            json={"business_no": demo.QUICKPAY_BUSINESS_NO, "owner_name": demo.WANG_FANG.name},
            timeout=10,
        ),
        200,
    ).json()
    token = lookup["token"]
    check(
        anonymous.post(
            f"{suite}/api/v1/quickpay/lookups",
            json={"business_no": "SW000000000000", "owner_name": "某某"},
            timeout=10,
        ),
        404,
        428,
    )
    check(anonymous.get(f"{suite}/api/v1/quickpay/{token}", timeout=10), 200)
    check(anonymous.get(f"{suite}/api/v1/quickpay/forged-token", timeout=10), 400, 404)
    check(anonymous.post(f"{suite}/api/v1/quickpay/{token}/invoice", timeout=10), 404, 409)
    check(anonymous.get(f"{suite}/api/v1/quickpay/{token}/invoice/pdf", timeout=10), 404, 409)
    qp_order = check(
        anonymous.post(f"{suite}/api/v1/quickpay/{token}/orders", json={"channel": "ALIPAY"}, timeout=10), 201
    ).json()
    paid = requests.post(
        f"{sandbox_url}/sandbox/pay", json={"out_trade_no": qp_order["out_trade_no"]}, timeout=10
    )
    assert paid.status_code == 200
    check(anonymous.get(f"{suite}/api/v1/quickpay/{token}", timeout=10), 200)
    check(anonymous.post(f"{suite}/api/v1/quickpay/{token}/orders", json={"channel": "X"}, timeout=10), 400)

    check(owner.send("DELETE", "/api/v1/session"), 204)

    assert not check.failures, "answers the document does not describe:\n" + "\n".join(check.failures)
    described = {
        (method, path)
        for path, item in document["paths"].items()
        for method in item
        if "/payments/notify/" not in path and not path.endswith("/openapi.json")
    }
    called = {(method, path) for method, path, _status in check.seen}
    assert described <= called, f"operations not exercised: {sorted(described - called)}"


def test_a_generated_client_lists_the_deposit_records(suite: str, tmp_path: Path) -> None:
    """openapi-python-client builds a client from the live document; it parses 我的交存记录 (receipts with
    ``status: null``) without crashing and calls operations by their operationId."""
    spec = tmp_path / "openapi.json"
    spec.write_text(requests.get(f"{suite}/api/v1/openapi.json", timeout=10).text, encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(
        "project_name_override: maintfund-api-client\npackage_name_override: maintfund_api_client\n"
        "post_hooks: []\n"
        # the generator reads binary bodies as application/octet-stream only: PDFs and images are files
        "content_type_overrides:\n"
        + "".join(
            f"  {mime}: application/octet-stream\n" for mime in ("application/pdf", "image/jpeg", "image/png")
        ),
        encoding="utf-8",
    )
    out = tmp_path / "maintfund_api_client"  # --meta none: the output folder is the package
    generated = subprocess.run(
        [
            str(Path(sys.executable).parent / "openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--config",
            str(config),
            "--output-path",
            str(out),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert generated.returncode == 0, generated.stdout + generated.stderr
    assert "Warning" not in generated.stdout + generated.stderr, generated.stdout + generated.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        client_mod = importlib.import_module("maintfund_api_client.client")
        records_api = importlib.import_module("maintfund_api_client.api.payments.list_deposit_records")
        owner = ApiClient(suite)
        assert owner.login("zhangwei").status_code == 200
        client = client_mod.Client(
            base_url=suite, cookies=owner.http.cookies.get_dict(), raise_on_unexpected_status=True
        )
        page = records_api.sync(client=client)
        assert page is not None and not isinstance(page, Exception)
        items = page.items
        assert {item.deposit_id for item in items} >= {
            d.deposit_id for d in demo.DEPOSITS if d.house in (demo.H1, demo.H3)
        }
        paper = next(item for item in items if item.house_id == demo.H3.house_id)
        assert paper.receipt.kind.value == "PAPER" and paper.receipt.status is None
        electronic = next(item for item in items if item.house_id == demo.H1.house_id)
        assert electronic.receipt.status.value == "ISSUED"
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("maintfund_api_client")]:
            del sys.modules[name]
