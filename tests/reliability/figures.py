"""Totals of the last reliability run (`make reliability` prints them): python -m tests.reliability.figures

Fails when anything was lost or applied twice, when a money-path check, Schemathesis, an IDOR probe, the
PII scan or wapiti found something, and when one of those did not report at all (no figure is no proof).
"""

from __future__ import annotations

import collections
import json
import sys

from tests.reliability.summary import SUMMARY

# Each must be reported by its run and be 0.
MUST_BE_ZERO = {
    "confirm_race_suspect": "payments: orders left SUSPECT by 已支付 racing the notification (all databases)",
    "money_mismatches": "money path: bills whose ledger entries differ from their paid orders",
    "receipt_duplicates": "money path: deposits with more than one active receipt",
    "stuck_pending": "money path: orders PENDING though the provider says paid",
    "schemathesis_failures": "Schemathesis failing operations",
    "idor_leaks": "IDOR probe leaks",
    "pii_findings": "PII scan findings",
    "wapiti_findings": "wapiti findings above informational",
}


def main() -> int:
    path = SUMMARY.with_name("figures.jsonl")
    if not path.exists():
        print("no figures: the scenarios did not run")
        return 1
    total: collections.Counter[str] = collections.Counter()
    reported: set[str] = set()
    for line in path.read_text().splitlines():
        figures = json.loads(line)
        total.update(figures)
        reported.update(figures)
    print(
        f"lost confirmed messages {total['lost']}, duplicate side effects {total['duplicated']}, "
        f"duplicates absorbed by inbox {total['absorbed']}, dead-lettered {total['dead_lettered']}, "
        f"across {total['broker_kills']} broker kill cycles, {total['relay_kills']} relay kills, "
        f"{total['consumer_kills']} consumer kills, {total['connection_cuts']} connection resets and "
        f"{total['pg_crashes']} PostgreSQL crashes x {total['messages']} messages"
    )
    ok = total["lost"] == total["duplicated"] == total["dead_lettered"] == 0
    if total["payment_examples"] or total["sweeper_orders"] or total["payment_races"]:
        print(
            f"payments: {total['payment_examples']} examples ({total['payment_steps']} checked steps, "
            f"ledger entries = paid orders after each), sweeper recovered "
            f"{total['sweeper_recovered']}/{total['sweeper_orders']}, "
            f"{total['payment_races']} close/pay races"
        )
    ok = ok and total["sweeper_recovered"] == total["sweeper_orders"]
    if total["confirm_races"]:
        print(
            f"payments: {total['confirm_races']} payments with 已支付 x3 racing the notification x2 and the "
            f"sweeper (PostgreSQL and SQLite), {total['confirm_race_suspect']} SUSPECT"
        )
    money = ("money_mismatches", "receipt_duplicates", "stuck_pending")
    if all(key in reported for key in money):
        holds = all(total[key] == 0 for key in money)
        print(
            f"ledger entries = paid orders and receipts <= 1 per deposit after every fault scenario: "
            f"{'yes' if holds else 'NO'} ({total['money_payments']} payments, "
            f"{total['money_kills']} kill -9; "
            f"bills booked other than once {total['money_mismatches']}, deposits with more than one active "
            f"receipt {total['receipt_duplicates']}, orders PENDING though paid {total['stuck_pending']})"
        )
    for key, what in MUST_BE_ZERO.items():
        if key not in reported:
            print(f"{what}: not reported (did not run)")
            ok = False
        elif key not in money:
            print(f"{what}: {total[key]}")
        ok = ok and total[key] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
