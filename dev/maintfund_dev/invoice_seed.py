"""Invoice's part of the demo data (DESIGN §4.4): the copy of the demo deposits (H1 with its e-receipt
issued in 2017, whose PDF is rendered and stored here; H3 and the others with paper receipts) and of the
register's demo bindings. Deposits paid later reach the service through DepositPaid events."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import delete, insert

from invoice.adapters.orm import account_houses, deposits, inbox, invoice_documents, invoices, outbox
from invoice.bootstrap import bootstrap
from invoice.domain.einvoice import IssueResult, ReceiptStatus
from invoice.service_layer.bindings import record_binding
from invoice.service_layer.deposits import OWNER_NAME_CTX
from invoice.service_layer.issuing import ReceiptSettings, receipt_document
from maintfund.events.v1 import events_pb2
from maintfund_common.db import utcnow
from maintfund_common.personal_data import mask_name
from maintfund_dev import demo


def seed_demo() -> None:
    app = bootstrap()
    settings = ReceiptSettings(
        app.config.receiving_unit, app.config.verify_url, app.config.issue_max_attempts
    )
    with app.db.unit_of_work() as uow:
        for table in (invoice_documents, invoices, deposits, account_houses, outbox, inbox):
            uow.session.execute(delete(table))
        # the register's demo bindings (registry's seed writes them without HouseBound events)
        for house in demo.HOUSES:
            for username in house.bound_to:
                binding = events_pb2.HouseBound(
                    account_id=demo.demo_id("account", username), house_id=house.house_id
                )
                record_binding(uow, binding)
        for d in demo.DEPOSITS:
            uow.session.execute(
                insert(deposits).values(
                    deposit_id=d.deposit_id,
                    house_id=d.house.house_id,
                    business_no=d.business_no,
                    amount_fen=d.amount_fen,
                    paid_at=datetime.fromisoformat(d.paid_at),
                    channel="COUNTER",
                    payer_account_id=d.payer_account_id,
                    owner_name_enc=app.keyring.encrypt(d.house.owners[0].name, OWNER_NAME_CTX),
                    house_address=d.house.address,
                    area_m2=d.house.area_m2,
                    payment_type="FIRST_DEPOSIT",
                    paper_receipt_no=f"京维{d.paid_at[:4]}{d.house.key[:6]}"
                    if d.receipt == "PAPER"
                    else None,
                    updated_at=utcnow(),
                )
            )
            if d.receipt != "ELECTRONIC":
                continue
            bill_code, bill_no, check_code, issued = demo.H1_RECEIPT
            result = IssueResult(
                ReceiptStatus.ISSUED,
                d.business_no,
                bill_code,
                bill_no,
                check_code,
                datetime.fromisoformat(issued),
            )
            stored = uow.repo.get_deposit(d.deposit_id)
            assert stored is not None and d.invoice_id is not None
            pdf = app.render_pdf(receipt_document(app.keyring, settings, stored, result))
            uow.session.execute(
                insert(invoices).values(
                    invoice_id=d.invoice_id,
                    deposit_id=d.deposit_id,
                    status="ISSUED",
                    amount_fen=d.amount_fen,
                    bill_code=bill_code,
                    bill_no=bill_no,
                    check_code=check_code,
                    issued_at=result.issued_at,
                    payer_name_masked=mask_name(d.house.owners[0].name),
                    attempts=1,
                    requested_at=result.issued_at,
                    updated_at=result.issued_at,
                )
            )
            uow.session.execute(
                insert(invoice_documents).values(
                    invoice_id=d.invoice_id,
                    pdf=pdf,
                    sha256=hashlib.sha256(pdf).hexdigest(),
                    created_at=utcnow(),
                )
            )
        uow.commit()
    print(f"invoice: seeded {len(demo.DEPOSITS)} demo deposits, H1's e-receipt and the demo bindings")
