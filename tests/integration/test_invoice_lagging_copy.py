"""我要开票 when the invoice service's copy of deposits has not received the DepositPaid event yet.

The copy asks the deposit service (a fake lookup here; the real RPC in
tests/e2e/test_receipts_lagging_copy.py), stores the answer through the event's own code path and
answers 202; the late event changes nothing.
Access is still decided on the copy: a deposit the caller may not see, or that does not exist, is the
same NOT_FOUND as before. On the real PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from invoice.adapters.orm import deposits, outbox
from invoice.bootstrap import Invoice, bootstrap, database
from invoice.config import Config
from invoice.domain.receipts import InvoiceStatus, PaidDeposit, PaperReceiptIssued, quickpay_principal
from invoice.entrypoints.consumer import handlers
from invoice.entrypoints.grpc_server import InvoiceServicer
from invoice.service_layer import receipts
from invoice.service_layer.bindings import Bindings, record_binding
from invoice.service_layer.deposits import OWNER_NAME_CTX, record_deposit_paid
from maintfund.events.v1 import events_pb2
from maintfund.invoice.v1 import invoice_pb2
from maintfund_common import errors
from maintfund_common.runners.processes import build_consumer

pytestmark = pytest.mark.integration


class FakeDepositService:
    """The deposit service as the invoice service sees it: deposit_id -> facts, counting the questions."""

    def __init__(self) -> None:
        self.known: dict[str, PaidDeposit] = {}
        self.asked: list[str] = []
        self.down = False

    def __call__(self, deposit_id: str) -> PaidDeposit | None:
        self.asked.append(deposit_id)
        if self.down:
            raise errors.Unavailable("deposit/GetDeposit: unavailable")
        return self.known.get(deposit_id)

    def paid(self, **overrides: Any) -> PaidDeposit:
        deposit = PaidDeposit(
            deposit_id=str(uuid.uuid4()),
            house_id=str(uuid.uuid4()),
            business_no=f"LC{uuid.uuid4().hex[:16].upper()}",
            amount_fen=1_234_500,
            paid_at=datetime(2026, 11, 20, 8, 0, tzinfo=UTC),
            channel="WECHAT",
            payer_account_id=str(uuid.uuid4()),
            owner_name="欧阳娜娜",
            house_address="朝阳区滞后路1号院2号楼3单元401",
            area_m2="82.30",
            payment_type="FIRST_DEPOSIT",
        )
        deposit = dataclasses.replace(deposit, **overrides)
        self.known[deposit.deposit_id] = deposit
        return deposit


@pytest.fixture()
def deposit_service() -> FakeDepositService:
    return FakeDepositService()


@pytest.fixture()
def app(
    migrated_databases: dict[str, str], amqp_url: str, deposit_service: FakeDepositService
) -> Iterator[Invoice]:
    config = dataclasses.replace(
        Config.from_env(), database_url=migrated_databases["invoice"], amqp_url=amqp_url
    )
    db = database(config.database_url)
    app = bootstrap(config, db)
    app.lookup_deposit = deposit_service  # the composition root's seams
    app.bindings = Bindings(db)  # no registry: only the copy of the bindings decides
    yield app
    db.dispose()


def copy_row(app: Invoice, deposit_id: str) -> dict[str, Any] | None:
    with app.db.engine.connect() as conn:
        row = conn.execute(select(deposits).where(deposits.c.deposit_id == deposit_id)).first()
    return dict(row._mapping) if row else None


def outbox_types(app: Invoice, invoice_id: str) -> list[str]:
    with app.db.engine.connect() as conn:
        rows = conn.execute(select(outbox.c.event_type, outbox.c.payload)).all()
    return sorted(t for t, payload in rows if invoice_id.encode() in payload)


def request(app: Invoice, deposit_id: str, account_id: str, houses: tuple[str, ...] = ()) -> Any:
    """我要开票 by ``account_id``, with ``houses`` bound to it in the invoice service's copy."""
    with app.db.unit_of_work() as uow:
        for house_id in houses:
            record_binding(uow, events_pb2.HouseBound(account_id=account_id, house_id=house_id))
        uow.commit()
    return receipts.request_receipt(
        app.db, app.keyring, app.lookup_deposit, app.bindings, deposit_id=deposit_id, account_id=account_id
    )


def late_event(deposit: PaidDeposit, **overrides: Any) -> events_pb2.DepositPaid:
    values: dict[str, Any] = {
        "event_id": str(uuid.uuid4()),
        "deposit_id": deposit.deposit_id,
        "house_id": deposit.house_id,
        "business_no": deposit.business_no,
        "amount_fen": deposit.amount_fen,
        "paid_at": deposit.paid_at.isoformat(),
        "channel": deposit.channel,
        "payer_account_id": deposit.payer_account_id,
        "owner_name": deposit.owner_name,
        "house_address": deposit.house_address,
        "area_m2": deposit.area_m2,
        "payment_type": deposit.payment_type,
        "entry_id": 7,
    }
    return events_pb2.DepositPaid(**(values | overrides))


def test_a_copy_without_the_deposit_asks_deposit_stores_it_and_requests_the_receipt(
    app: Invoice, deposit_service: FakeDepositService
) -> None:
    deposit = deposit_service.paid()
    assert copy_row(app, deposit.deposit_id) is None

    response = InvoiceServicer(app).RequestInvoice(
        invoice_pb2.RequestInvoiceRequest(
            deposit_id=deposit.deposit_id, caller=invoice_pb2.Caller(account_id=deposit.payer_account_id)
        ),
        None,  # type: ignore[arg-type] - the servicer does not use the context
    )

    assert response.created
    assert response.invoice.status == invoice_pb2.INVOICE_STATUS_ISSUING
    assert response.invoice.amount_fen == deposit.amount_fen
    assert deposit_service.asked == [deposit.deposit_id]
    stored = copy_row(app, deposit.deposit_id)
    assert stored is not None
    assert (stored["house_id"], stored["business_no"], stored["amount_fen"], stored["paid_at"]) == (
        deposit.house_id,
        deposit.business_no,
        deposit.amount_fen,
        deposit.paid_at,
    )
    assert stored["payer_account_id"] == deposit.payer_account_id
    assert stored["paper_receipt_no"] is None
    assert app.keyring.decrypt(stored["owner_name_enc"], OWNER_NAME_CTX) == "欧阳娜娜"
    # the work item for the worker and the status event, as for any request
    assert outbox_types(app, response.invoice.invoice_id) == [
        "maintfund.events.v1.InvoiceStatusChanged",
        "maintfund.invoice.v1.IssueInvoiceWork",
    ]

    # the DepositPaid event arrives late: the inbox takes it, the copy does not change
    consumer = build_consumer(app, handlers(app))
    event = late_event(deposit, owner_name="别的名字", amount_fen=1)
    body = event.SerializeToString()
    assert consumer.apply("maintfund.events.v1.DepositPaid", event.event_id, body) == "applied"
    assert consumer.apply("maintfund.events.v1.DepositPaid", event.event_id, body) == "duplicate"
    assert copy_row(app, deposit.deposit_id) == stored

    # asking again finds the copy and the active receipt: no second question, no second receipt
    again, created = request(app, deposit.deposit_id, deposit.payer_account_id)
    assert (again.invoice_id, created) == (response.invoice.invoice_id, False)
    assert deposit_service.asked == [deposit.deposit_id]


def test_the_late_event_and_the_lookup_store_the_same_copy(
    app: Invoice, deposit_service: FakeDepositService
) -> None:
    """The lookup's facts and the event's go through one path: the same row either way."""
    by_lookup = deposit_service.paid()
    request(app, by_lookup.deposit_id, by_lookup.payer_account_id)
    by_event = dataclasses.replace(
        by_lookup, deposit_id=str(uuid.uuid4()), business_no=f"LE{uuid.uuid4().hex[:16].upper()}"
    )
    with app.db.unit_of_work() as uow:
        record_deposit_paid(app.keyring)(uow, late_event(by_event))
        uow.commit()
    ignore = {"deposit_id", "business_no", "updated_at", "owner_name_enc"}
    looked_up, evented = copy_row(app, by_lookup.deposit_id), copy_row(app, by_event.deposit_id)
    assert looked_up is not None and evented is not None
    assert {k: v for k, v in looked_up.items() if k not in ignore} == {
        k: v for k, v in evented.items() if k not in ignore
    }


def test_a_quick_pay_request_for_a_deposit_the_copy_lacks_is_answered(
    app: Invoice, deposit_service: FakeDepositService
) -> None:
    deposit = deposit_service.paid(payer_account_id="")
    invoice, created = request(app, deposit.deposit_id, quickpay_principal(deposit.deposit_id))
    assert created and invoice.status is InvoiceStatus.ISSUING


def test_access_is_decided_on_the_fetched_facts_like_on_the_events(
    app: Invoice, deposit_service: FakeDepositService
) -> None:
    deposit = deposit_service.paid()
    missing = str(uuid.uuid4())

    with pytest.raises(errors.NotFound) as stranger:
        request(app, deposit.deposit_id, str(uuid.uuid4()))
    with pytest.raises(errors.NotFound) as other_token:
        request(app, deposit.deposit_id, quickpay_principal(str(uuid.uuid4())))
    with pytest.raises(errors.NotFound) as nowhere:
        request(app, missing, deposit.payer_account_id)
    with pytest.raises(errors.NotFound) as not_an_id:
        request(app, "../../etc", deposit.payer_account_id)
    # the same answer as for a missing deposit, whatever the reason
    answers = {(e.value.message, e.value.code) for e in (stranger, other_token, nowhere, not_an_id)}
    assert answers == {("票据不存在", "NOT_FOUND")}
    assert deposit_service.asked == [deposit.deposit_id, missing]  # not asked again, nor for a non-id
    assert copy_row(app, missing) is None

    # an account the house is bound to may: decided on the copy's house, as for the event's facts
    invoice, created = request(app, deposit.deposit_id, str(uuid.uuid4()), (deposit.house_id,))
    assert created and invoice.deposit_id == deposit.deposit_id


def test_a_paper_receipt_the_deposit_service_knows_of_refuses_the_request(
    app: Invoice, deposit_service: FakeDepositService
) -> None:
    deposit = deposit_service.paid(paper_receipt_no="PAPER")
    with pytest.raises(PaperReceiptIssued):
        request(app, deposit.deposit_id, deposit.payer_account_id)


def test_deposit_unreachable_is_unavailable_not_a_404(
    app: Invoice, deposit_service: FakeDepositService
) -> None:
    deposit = deposit_service.paid()
    deposit_service.down = True
    with pytest.raises(errors.Unavailable):
        request(app, deposit.deposit_id, deposit.payer_account_id)
    assert copy_row(app, deposit.deposit_id) is None
    deposit_service.down = False
    invoice, created = request(app, deposit.deposit_id, deposit.payer_account_id)
    assert created and invoice.status is InvoiceStatus.ISSUING


def test_a_binding_the_copy_lacks_is_asked_of_the_registry_and_kept(
    app: Invoice, deposit_service: FakeDepositService
) -> None:
    """An owner bound a moment ago (HouseBound still on its way) asks for the receipt of the house's
    deposit: the registry decides once, the copy keeps it; anyone the registry does not bind gets the
    missing-receipt answer."""
    deposit = deposit_service.paid()
    owner, stranger = str(uuid.uuid4()), str(uuid.uuid4())
    asked: list[tuple[str, str]] = []

    def registry_is_bound(account_id: str, house_id: str) -> bool:
        asked.append((account_id, house_id))
        return (account_id, house_id) == (owner, deposit.house_id)

    app.bindings = Bindings(app.db, registry_is_bound)
    with pytest.raises(errors.NotFound) as refused:
        request(app, deposit.deposit_id, stranger)
    assert (refused.value.message, refused.value.code) == ("票据不存在", "NOT_FOUND")
    invoice, created = request(app, deposit.deposit_id, owner)
    assert created and asked == [(stranger, deposit.house_id), (owner, deposit.house_id)]
    again, created_again = request(app, deposit.deposit_id, owner)
    assert again.invoice_id == invoice.invoice_id and not created_again
    assert len(asked) == 2  # kept: the registry is not asked again
    with app.db.unit_of_work() as uow:  # the late HouseBound changes nothing
        record_binding(uow, events_pb2.HouseBound(account_id=owner, house_id=deposit.house_id))
        uow.commit()
    with app.db.reading() as repo:
        assert repo.is_bound(owner, deposit.house_id)
        assert not repo.is_bound(stranger, deposit.house_id)
