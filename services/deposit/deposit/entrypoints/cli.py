"""Deposit command line: the operators' commands (demo and synthetic seeding: maintfund_dev, dev only).

python -m deposit.entrypoints.cli reconcile [--date YYYY-MM-DD]
    (exit 1 when there are differences, 2 when a statement is unusable: cut short, garbled, totals wrong)
python -m deposit.entrypoints.cli year-end-statements [--year YYYY]
    (every house's 年度结存单 of that Beijing year, default the last one, in one set-based statement)
python -m deposit.entrypoints.cli reconcile-copies
    (the copies of registry's houses and bindings and of invoice's receipt states checked against their
     sources and repaired; prints what)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from deposit.bootstrap import Deposit, bootstrap
from deposit.domain.reconciliation import Line
from deposit.service_layer.payments import PaymentContext

EXIT_DIFFERENCES, EXIT_STATEMENT_UNUSABLE = 1, 2


def reconcile(day: date) -> int:
    """Daily reconciliation against the providers' statements: 0 clean, 1 differences, 2 unusable."""
    from deposit.adapters.payments.statement import fetch_statement

    app = bootstrap()
    return reconcile_with(
        app.payment_context(), day, lambda channel, on: fetch_statement(app.config.statement_url, channel, on)
    )


def reconcile_with(ctx: PaymentContext, day: date, fetch: Callable[[str, date], list[Line]]) -> int:
    """Fetch and check every channel's statement first, so an unusable one reconciles nothing."""
    from deposit.adapters.payments.statement import StatementUnusable
    from deposit.service_layer.payments import CHANNELS, reconcile_day

    try:
        statements = {channel: fetch(channel, day) for channel in CHANNELS}
    except StatementUnusable as exc:
        print(f"{day}: statement unusable, nothing reconciled: {exc}", file=sys.stderr)
        return EXIT_STATEMENT_UNUSABLE
    reports = reconcile_day(ctx, day, lambda channel, _on: statements[channel])
    differences = 0
    for channel, report in reports.items():
        print(f"{day} {channel}: matched {report.matched}")
        for label, items in (
            ("provider only", report.provider_only),
            ("local only", report.local_only),
            ("amount mismatch", report.amount_mismatch),
            ("duplicates", report.duplicates),
        ):
            for item in items:
                differences += 1
                print(f"  {label}: {item}")
    return EXIT_DIFFERENCES if differences else 0


def reconcile_copies(app: Deposit | None = None, out: Callable[[str], None] = print) -> int:
    """Compare every event-fed copy with its source over gRPC and repair it: exit 0, one line per copy."""
    from maintfund_common.copies import reconcile_all

    app = app or bootstrap()
    reconcile_all(app.db, app.copies, out)
    return 0


def year_end_statements(year: int | None, app: Deposit | None = None) -> int:
    """The year-end batch: every house's annual statement of ``year`` (default: the last Beijing year)."""
    from deposit.service_layer.documents import year_end_statements as compute

    app = app or bootstrap()
    year = year or (datetime.now(UTC) + timedelta(hours=8)).year - 1
    started = time.monotonic()
    count = compute(app.db, year)
    print(f"deposit: {count} annual statements of {year} in {time.monotonic() - started:.1f}s")
    return 0


def allocate_interest(allocation_no: str, rate_bp: int, app: Deposit | None = None) -> int:
    """An interest allocation (增值分配): every house with a balance credited balance × rate, once."""
    from deposit.service_layer.interest import allocate_interest as allocate

    app = app or bootstrap()
    started = time.monotonic()
    report = allocate(app.db, allocation_no, rate_bp)
    print(f"deposit: {report.line()} in {time.monotonic() - started:.1f}s")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="deposit")
    sub = parser.add_subparsers(dest="command", required=True)
    yes = sub.add_parser("year-end-statements", help="every house's annual statement of a year (set-based)")
    yes.add_argument("--year", type=int, default=None, help="Beijing year (default: the last one)")
    sub.add_parser("reconcile-copies", help="check the event-fed copies against their sources, repair")
    alloc = sub.add_parser("allocate-interest", help="credit every house its share of a period's interest")
    alloc.add_argument("--allocation-no", required=True, help="the allocation's number, e.g. 2026Q4")
    alloc.add_argument("--rate-bp", type=int, required=True, help="the period's rate in basis points")
    rec = sub.add_parser("reconcile", help="compare a day's paid orders with the providers' statements")
    rec.add_argument(
        "--date", type=date.fromisoformat, default=None, help="Beijing date (default: yesterday)"
    )
    args = parser.parse_args(argv)
    if args.command == "reconcile-copies":
        return reconcile_copies()
    if args.command == "allocate-interest":
        return allocate_interest(args.allocation_no, args.rate_bp)
    if args.command == "year-end-statements":
        return year_end_statements(args.year)
    return reconcile(args.date or (datetime.now(UTC) + timedelta(hours=8)).date() - timedelta(days=1))


if __name__ == "__main__":
    sys.exit(main())
