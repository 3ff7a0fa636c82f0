"""The start of every payment test: a house the deposit service knows, with a pending first-deposit bill."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import insert

from deposit.adapters.orm import house_facts
from deposit.domain.billing import PaymentType
from deposit.service_layer import billing, copies, payments
from maintfund.events.v1 import events_pb2
from maintfund_common.db import utcnow


def house_with_first_deposit_bill(
    ctx: payments.PaymentContext, area_m2: Decimal = Decimal("76.20"), bound_to: str = ""
) -> tuple[str, Any]:
    """A new 朝阳区 multi-storey commodity house of ``area_m2`` (bound to the account ``bound_to`` in the
    deposit service's copy of the bindings), and its FIRST_DEPOSIT bill."""
    house_id = str(uuid.uuid4())
    with ctx.db.engine.begin() as conn:
        conn.execute(
            insert(house_facts).values(
                house_id=house_id,
                district_code="110105",
                address=f"朝阳区测试路{house_id[:6]}号",
                area_m2=area_m2,
                property_kind="COMMODITY",
                storey_class="MULTI_STOREY",
                deposits_blocked=False,
                updated_at=utcnow(),
            )
        )
    with ctx.db.unit_of_work() as uow:
        if bound_to:
            copies.record_binding(uow, events_pb2.HouseBound(account_id=bound_to, house_id=house_id))
        view = billing.raise_bill(uow, house_id, PaymentType.FIRST_DEPOSIT)
    return house_id, view.bill
