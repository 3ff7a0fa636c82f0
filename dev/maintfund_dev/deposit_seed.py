"""Deposit's part of the demo data (DESIGN §4.4: house facts, ledgers, deposits, H1's lift-repair project,
the pending bills) and the bench's synthetic ledgers (by COPY)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import islice
from typing import Any

from sqlalchemy import delete, insert

from deposit.adapters.orm import (
    account_houses,
    annual_statements,
    bills,
    deposit_certificates,
    deposits,
    fund_project_shares,
    fund_projects,
    house_accounts,
    house_facts,
    idempotency_keys,
    inbox,
    ledger_entries,
    notifications_seen,
    outbox,
    payment_orders,
)
from deposit.bootstrap import Deposit, bootstrap
from deposit.domain.billing import PaymentType
from deposit.domain.ledger import AccountState, EntryKind, Posting, withdrawal
from deposit.service_layer import billing
from deposit.service_layer.ledger import post
from maintfund_common import bulk
from maintfund_common.db import utcnow
from maintfund_dev import demo
from maintfund_dev.synthetic import SyntheticHouse, synthetic_houses

QUARTERLY_RATE_BP = 35  # 0.35 % a quarter: the demo's value added, not a published rate


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 9, 30, tzinfo=UTC)


def _quarters(start_year: int, end_year: int) -> list[tuple[int, int]]:
    return [(y, q) for y in range(start_year, end_year + 1) for q in (1, 2, 3, 4)]


def demo_history() -> dict[str, list[tuple[Posting, str]]]:
    """Postings per demo house, each with the receipt kind of its deposit (NONE/PAPER/ELECTRONIC)."""
    history: dict[str, list[tuple[Posting, str]]] = {}

    def deposit_then_interest(
        house: demo.DemoHouse, fen: int, paid: datetime, receipt: str, quarters: list[tuple[int, int]]
    ) -> list[tuple[Posting, str]]:
        key = house.key
        postings = [
            (
                Posting(
                    EntryKind.FIRST_DEPOSIT,
                    fen,
                    0,
                    f"SC{paid:%Y%m%d}{key[:6]}",
                    paid,
                    deposit_id=demo.demo_id("deposit", key),
                    summary="首次交存",
                ),
                receipt,
            )
        ]
        state = AccountState(fen, 0, fen)
        for year, quarter in quarters:
            interest = state.balance_fen * QUARTERLY_RATE_BP // 10_000
            booked = _at(year, quarter * 3, 21)
            p = Posting(
                EntryKind.INTEREST,
                0,
                interest,
                f"ZZ{year}Q{quarter}{key[:6]}",
                booked,
                summary=f"{year}年第{quarter}季度增值分配",
            )
            state = state.apply(p)
            postings.append((p, "NONE"))
        return postings

    # H1: paid in 2017 with an e-receipt; value added since 2024; a lift repair in 2026 took the balance
    # below 30 % of the first deposit, so a 续筹 bill is due.
    h1 = deposit_then_interest(demo.H1, 1_790_000, _at(2017, 3, 15), "ELECTRONIC", _quarters(2024, 2025))
    state = AccountState()
    for p, _ in h1:
        state = state.apply(p)
    principal, interest = withdrawal(state, state.balance_fen - 486_250)
    apportionment = Posting(
        EntryKind.APPORTIONMENT,
        principal,
        interest,
        "FT2026050800017",
        _at(2026, 5, 8),
        summary="3号电梯更新改造分摊",
    )
    h1.append((apportionment, "NONE"))
    state = state.apply(apportionment)
    for year, quarter in ((2026, 2), (2026, 3)):
        interest_p = Posting(
            EntryKind.INTEREST,
            0,
            state.balance_fen * QUARTERLY_RATE_BP // 10_000,
            f"ZZ{year}Q{quarter}H1",
            _at(year, quarter * 3, 21),
            summary=f"{year}年第{quarter}季度增值分配",
        )
        state = state.apply(interest_p)
        h1.append((interest_p, "NONE"))
    history[demo.H1.house_id] = h1
    history[demo.H3.house_id] = deposit_then_interest(
        demo.H3, 1_300_000, _at(2020, 8, 3), "PAPER", _quarters(2025, 2025)
    )
    history[demo.LIU_YANG_HOUSE.house_id] = deposit_then_interest(
        demo.LIU_YANG_HOUSE, 2_400_000, _at(2023, 6, 18), "PAPER", _quarters(2024, 2025)
    )
    history[demo.REFUND_HOUSE.house_id] = deposit_then_interest(
        demo.REFUND_HOUSE, 542_000, _at(2015, 11, 2), "PAPER", _quarters(2025, 2025)
    )
    return history


def seed_demo() -> None:
    app = bootstrap()
    with app.db.engine.begin() as conn:
        for table in (
            fund_project_shares,
            fund_projects,
            deposit_certificates,
            annual_statements,
            payment_orders,
            bills,
            idempotency_keys,
            notifications_seen,
            deposits,
            ledger_entries,
            house_accounts,
            house_facts,
            account_houses,
            outbox,
            inbox,
        ):
            conn.execute(delete(table))
        conn.execute(
            insert(house_facts),
            [
                {
                    "house_id": h.house_id,
                    "district_code": h.district_code,
                    "address": h.address,
                    "area_m2": Decimal(h.area_m2),
                    "property_kind": h.property_kind,
                    "storey_class": h.storey_class,
                    "deposits_blocked": h.needs_refund,
                    "contract_no": h.contract_no or None,
                    "cert_no": h.cert_no or None,
                    "needs_refund": h.needs_refund,
                    "updated_at": utcnow(),
                }
                for h in demo.HOUSES
            ],
        )
        # the register's demo bindings (registry's seed writes them without HouseBound events)
        conn.execute(
            insert(account_houses),
            [
                {
                    "account_id": demo.demo_id("account", username),
                    "house_id": h.house_id,
                    "bound_at": utcnow(),
                }
                for h in demo.HOUSES
                for username in h.bound_to
            ],
        )
    owners_account = {
        h.house_id: demo.demo_id("account", h.bound_to[0]) if h.bound_to else None for h in demo.HOUSES
    }
    for house_id, postings in demo_history().items():
        with app.db.unit_of_work() as uow:
            for posting, receipt in postings:
                post(uow, house_id, posting)
                if posting.kind.is_deposit:
                    uow.session.execute(
                        insert(deposits).values(
                            deposit_id=posting.deposit_id,
                            house_id=house_id,
                            business_no=posting.business_no,
                            amount_fen=posting.amount_fen,
                            channel="COUNTER",
                            payer_account_id=owners_account[house_id],
                            paid_at=posting.booked_at,
                            receipt_kind=receipt,
                            invoice_id=demo.demo_id("invoice", house_id) if receipt == "ELECTRONIC" else None,
                            invoice_status="ISSUED" if receipt == "ELECTRONIC" else None,
                        )
                    )
            uow.commit()
    seed_demo_project(app)
    seed_demo_bills(app)
    print(f"deposit: seeded {len(demo.HOUSES)} house facts, the demo ledgers and bills")


def seed_demo_project(app: Deposit) -> None:
    """H1's lift repair as the back office recorded it, linked to the apportionment already booked."""
    from deposit.domain.projects import Document, Project, Scope, Share, ShareBasis
    from deposit.service_layer.documents import link_share

    spec = demo.H1_LIFT_PROJECT
    project = Project(
        project_no=spec["project_no"],
        name=spec["name"],
        reason=spec["reason"],
        scope=Scope(spec["scope"]),
        scope_name=spec["scope_name"],
        total_cost_fen=spec["total_cost_fen"],
        households=spec["households"],
        share_basis=ShareBasis(spec["share_basis"]),
        approved_on=date.fromisoformat(spec["approved_on"]),
        documents=tuple(Document(*d) for d in spec["documents"]),
    )
    project_id = demo.demo_id("project", spec["project_no"])
    with app.db.unit_of_work() as uow:
        entry = uow.repo.entry_by_business_no(spec["business_no"])
        if entry is None:
            raise SystemExit("the demo apportionment is missing")
        uow.repo.add_project(project_id, project, utcnow())
        share = Share(entry.house_id, -entry.amount_fen, entry.business_no)
        link_share(uow, project_id, share, entry.entry_id, demo.H1.address)
        uow.commit()


DEMO_TODAY = datetime(2026, 11, 26, tzinfo=UTC).date()
# (house, payment type, business number, TOP_UP amount): the pending bills of DESIGN §4.4.
DEMO_BILLS = (
    (demo.H1, PaymentType.REPLENISHMENT, "SW202611200017", 0),  # 续筹 after the lift repair (ENTERED)
    (demo.H2, PaymentType.FIRST_DEPOSIT, "SW202611210032", 0),  # 76.20 m² × 100 元 = 7,620.00 元 (FIXED)
    (demo.WANG_FANG_HOUSE, PaymentType.FIRST_DEPOSIT, demo.QUICKPAY_BUSINESS_NO, 0),  # quick pay (商维)
    (demo.LIU_YANG_HOUSE, PaymentType.TOP_UP, "SW202611220045", 24_000),  # 补交 1.20 m² surveyed difference
    (demo.PUBLIC_HOUSE, PaymentType.FIRST_DEPOSIT, "SW202611230051", 0),  # paid by the selling unit only
)


def seed_demo_bills(app: object) -> None:
    for house, payment_type, business_no, amount in DEMO_BILLS:
        with app.db.unit_of_work() as uow:  # type: ignore[attr-defined]
            billing.add_bill(
                uow,
                house.house_id,
                payment_type,
                business_no=business_no,
                amount_fen=amount,
                today=DEMO_TODAY,
                bill_id=demo.demo_id("bill", business_no),
            )
            # the demo's bills are its starting state, not news: their BillRaised never leaves (owners
            # are told of the bills raised afterwards)
            uow.session.execute(
                delete(outbox).where(
                    outbox.c.event_type == "maintfund.events.v1.BillRaised", outbox.c.published_at.is_(None)
                )
            )
            uow.commit()


def _synthetic_ledger(
    h: SyntheticHouse, seed: int, quarters: list[tuple[int, int]], extra: int
) -> tuple[list[tuple[Any, ...]], tuple[int, int, int]]:
    """Ledger rows of one synthetic house (first deposit, then quarterly value added) and its balances."""
    area_centi = int(Decimal(h.area_m2) * 100)
    first = area_centi * (200 if h.storey_class == "HIGH_RISE" else 100)
    principal, interest = first, 0
    rows: list[tuple[Any, ...]] = [
        (
            h.house_id,
            "FIRST_DEPOSIT",
            first,
            0,
            first,
            0,
            f"SC{seed:02d}{h.index:010d}",
            _FIRST_AT,
            "首次交存",
        )
    ]
    for year, quarter in quarters:
        gain = (principal + interest) * QUARTERLY_RATE_BP // 10_000
        interest += gain
        rows.append(
            (h.house_id, "INTEREST", 0, gain, principal, interest,
             f"ZZ{seed:02d}{h.index:010d}{year}{quarter}", _QUARTER_AT[year, quarter],
             f"{year}年第{quarter}季度增值分配")
        )  # fmt: skip
    for n in range(extra):  # a long ledger for deep-page benchmarks: small adjustments, one a day
        interest += 1
        rows.append(
            (h.house_id, "INTEREST", 0, 1, principal, interest, f"ZL{seed:02d}{h.index:010d}{n:08d}",
             _LONG_AT, "增值调整")
        )  # fmt: skip
    return rows, (principal, interest, first)


_FIRST_AT = _at(2015, 1, 5)
_LONG_AT = _at(2026, 9, 30)
_QUARTER_AT = {(y, q): _at(y, q * 3, 21) for y in range(1990, 2027) for q in (1, 2, 3, 4)}
_LEDGER_COLUMNS = (
    "house_id", "kind", "principal_delta_fen", "interest_delta_fen", "principal_after_fen",
    "interest_after_fen", "business_no", "booked_at", "summary",
)  # fmt: skip
_FACT_COLUMNS = (
    "house_id", "district_code", "address", "area_m2", "property_kind", "storey_class", "deposits_blocked",
    "updated_at",
)  # fmt: skip
_ACCOUNT_COLUMNS = ("house_id", "principal_fen", "interest_fen", "first_deposit_fen", "updated_at")


def seed_synthetic(count: int, seed: int, entries: int, long_ledger: int = 0, chunk: int = 20_000) -> None:
    """Ledgers of houses 0..count-1 of the synthetic register, ~``entries`` each (COPY on PostgreSQL).

    House 0 gets ``long_ledger`` more entries, so deep pages of the fund details exist.
    """
    app = bootstrap()
    started = time.monotonic()
    now = utcnow()
    quarters = _quarters(2026 - entries // 4, 2026)[: max(entries - 1, 0)]
    generated = synthetic_houses(count, seed)
    with app.db.engine.begin() as conn:
        bulk.tune_for_bulk_load(conn)
        with bulk.deferred_indexes(conn, house_facts, house_accounts, ledger_entries):
            while batch := list(islice(generated, chunk)):
                facts, accounts, ledger = [], [], []
                for h in batch:
                    facts.append(
                        (h.house_id, h.district_code, h.address, Decimal(h.area_m2), h.property_kind,
                         h.storey_class, False, now)
                    )  # fmt: skip
                    rows, (principal, interest, first) = _synthetic_ledger(
                        h, seed, quarters, long_ledger if h.index == 0 else 0
                    )
                    ledger.extend(rows)
                    accounts.append((h.house_id, principal, interest, first, now))
                bulk.load_rows(conn, house_facts, _FACT_COLUMNS, facts)
                bulk.load_rows(conn, house_accounts, _ACCOUNT_COLUMNS, accounts)
                bulk.load_rows(conn, ledger_entries, _LEDGER_COLUMNS, ledger)
    app.db.dispose()
    print(f"deposit: seeded {count} synthetic house ledgers in {time.monotonic() - started:.1f}s")
