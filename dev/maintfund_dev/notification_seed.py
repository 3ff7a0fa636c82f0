"""Notification's part of the demo data: empty messages and SMS, and the copies it decides recipients
from (the register's demo bindings, the demo deposits), as the events would have left them. Messages come
afterwards from the events the running suite publishes (the demo bills raised by deposit's seed, payments,
receipts, reviews)."""

from __future__ import annotations

from sqlalchemy import delete

from maintfund.events.v1 import events_pb2
from maintfund_common.db import utcnow
from maintfund_dev import demo
from notification.adapters.orm import (
    account_houses,
    deposits,
    inbox,
    notifications,
    outbox,
    sms_daily,
    sms_messages,
    sms_preferences,
)
from notification.bootstrap import bootstrap
from notification.domain.records import StoredDeposit
from notification.service_layer.bindings import record_binding


def seed_demo() -> None:
    app = bootstrap()
    with app.db.unit_of_work() as uow:
        tables = (
            sms_messages,
            sms_daily,
            notifications,
            sms_preferences,
            deposits,
            account_houses,
            outbox,
            inbox,
        )
        for table in tables:
            uow.session.execute(delete(table))
        for house in demo.HOUSES:
            for username in house.bound_to:
                account_id = demo.demo_id("account", username)
                record_binding(uow, events_pb2.HouseBound(account_id=account_id, house_id=house.house_id))
        for d in demo.DEPOSITS:
            stored = StoredDeposit(
                d.deposit_id, d.house.house_id, d.house.address, d.amount_fen, d.payer_account_id or ""
            )
            uow.repo.add_deposit(stored, utcnow())
        uow.commit()
    app.db.dispose()
