"""IDOR probes (DESIGN §8 access control): someone else's object is a 404 with the body of a missing one.

lina asks for zhangwei's objects by id, object type by object type; each answer must equal, status and
body, the answer for a random id that does not exist, and carry nothing of the object. Runs after the
payment tests (module order): it leaves one pending order on zhangwei's bill.
"""

from __future__ import annotations

import uuid

import pytest
import requests

from maintfund_common import demo
from tests.e2e.helpers import ApiClient, house_id

pytestmark = pytest.mark.e2e

H1 = house_id("H1")
H1_INVOICE = next(d for d in demo.DEPOSITS if d.invoice_id).invoice_id


@pytest.fixture(scope="module")
def objects(suite: str) -> dict[str, str]:
    """Ids of zhangwei's objects, created through the API where needed."""
    owner = ApiClient(suite)
    assert owner.login("zhangwei").status_code == 200
    entry = owner.get(f"/api/v1/houses/{H1}/ledger", params={"limit": 1}).json()["items"][0]["entry_id"]
    deposit = next(d for d in demo.DEPOSITS if d.house.key == "H1").deposit_id
    bills = owner.get("/api/v1/bills").json()["items"]
    assert bills, "zhangwei has bills"
    bill = bills[0]["bill_id"]
    found = {"house": H1, "entry": str(entry), "deposit": deposit, "invoice": H1_INVOICE, "bill": bill}
    pending = [
        b
        for b in owner.get("/api/v1/bills", params={"status": "pending"}).json()["items"]
        if b.get("can_pay", True)
    ]
    for candidate in pending:
        order = owner.send("POST", f"/api/v1/bills/{candidate['bill_id']}/orders", json={"channel": "WECHAT"})
        if order.status_code in (200, 201):
            found["order"] = order.json()["order_id"]
            break
    assert "order" in found, "an order of zhangwei's could be created"
    return found


# (name, method, path template with {id}, {house} for H1, object key)
PROBES = [
    ("house", "GET", "/api/v1/houses/{id}", "house"),
    ("ledger", "GET", "/api/v1/houses/{id}/ledger", "house"),
    ("ledger-entry", "GET", "/api/v1/houses/{house}/ledger/{id}", "entry"),
    ("bill", "GET", "/api/v1/bills/{id}", "bill"),
    ("bill-order", "POST", "/api/v1/bills/{id}/orders", "bill"),
    ("order", "GET", "/api/v1/orders/{id}", "order"),
    ("order-confirm", "POST", "/api/v1/orders/{id}/confirm", "order"),
    ("invoice", "GET", "/api/v1/invoices/{id}", "invoice"),
    ("invoice-pdf", "GET", "/api/v1/invoices/{id}/pdf", "invoice"),
    ("invoice-retry", "POST", "/api/v1/invoices/{id}/retry", "invoice"),
    ("web-house", "GET", "/houses/{id}", "house"),
    ("web-ledger", "GET", "/houses/{id}/ledger", "house"),
    ("web-ledger-entry", "GET", "/houses/{house}/ledger/{id}", "entry"),
    ("web-bill", "GET", "/bills/{id}", "bill"),
    ("web-order", "GET", "/orders/{id}", "order"),
    ("web-order-result", "GET", "/orders/{id}/result", "order"),
    ("web-deposit-receipt", "GET", "/deposits/{id}/receipt", "deposit"),
    ("web-receipt-pdf", "GET", "/receipts/{id}/pdf", "invoice"),
]


def probe(client: ApiClient, method: str, template: str, object_id: str) -> requests.Response:
    path = template.format(id=object_id, house=H1)
    if method == "GET":
        return client.get(path, allow_redirects=False)
    if path.startswith("/api/"):
        return client.send(method, path, json={"channel": "WECHAT"})
    return client.send(method, path, data={}, allow_redirects=False)


def missing_id(kind: str) -> str:
    return str(10**12 + 7) if kind == "entry" else str(uuid.uuid4())


@pytest.mark.parametrize(("method", "template", "kind"), [p[1:] for p in PROBES], ids=[p[0] for p in PROBES])
def test_someone_elses_object_is_a_404_like_a_missing_one(
    suite: str, objects: dict[str, str], method: str, template: str, kind: str
) -> None:
    stranger = ApiClient(suite)
    assert stranger.login("lina").status_code == 200
    foreign = probe(stranger, method, template, objects[kind])
    missing = probe(stranger, method, template, missing_id(kind))
    assert foreign.status_code == missing.status_code == 404, (foreign.status_code, foreign.text[:300])
    assert foreign.content == missing.content.replace(missing_id(kind).encode(), objects[kind].encode()) or (
        foreign.content == missing.content
    )
    body = foreign.content.decode("utf-8", "replace")
    for secret in (demo.ZHANG_WEI.name, demo.ZHANG_WEI.id_number, demo.H1.address, "89.50"):
        assert secret not in body


def test_a_reviewer_of_another_district_cannot_open_a_registration(suite: str) -> None:
    """Admin registrations by id: an owner is refused, and an unknown id is a 404 like any other."""
    lina = ApiClient(suite)
    assert lina.login("lina").status_code == 200
    for path in (
        "/api/v1/admin/registrations/{}",
        "/api/v1/admin/registrations/{}/files/" + str(uuid.uuid4()),
    ):
        response = lina.get(path.format(uuid.uuid4()))
        assert response.status_code in (403, 404)
