"""Totals of the last reliability run (`make reliability` prints them): python -m tests.reliability.figures"""

from __future__ import annotations

import collections
import json
import sys

from tests.reliability.conftest import SUMMARY


def main() -> int:
    path = SUMMARY.with_name("figures.jsonl")
    if not path.exists():
        print("no figures: the scenarios did not run")
        return 1
    total: collections.Counter[str] = collections.Counter()
    for line in path.read_text().splitlines():
        total.update(json.loads(line))
    print(
        f"lost confirmed messages {total['lost']}, duplicate side effects {total['duplicated']}, "
        f"duplicates absorbed by inbox {total['absorbed']}, dead-lettered {total['dead_lettered']}, "
        f"across {total['broker_kills']} broker kill cycles, {total['relay_kills']} relay kills, "
        f"{total['consumer_kills']} consumer kills, {total['connection_cuts']} connection resets and "
        f"{total['pg_crashes']} PostgreSQL crashes x {total['messages']} messages"
    )
    swept_all = total["sweeper_recovered"] == total["sweeper_orders"]
    if total["payment_examples"] or total["sweeper_orders"] or total["payment_races"]:
        print(
            f"payments: {total['payment_examples']} examples ({total['payment_steps']} checked steps, "
            f"ledger entries = paid orders after each), sweeper recovered "
            f"{total['sweeper_recovered']}/{total['sweeper_orders']}, "
            f"{total['payment_races']} close/pay races"
        )
    return 0 if total["lost"] == total["duplicated"] == total["dead_lettered"] == 0 and swept_all else 1


if __name__ == "__main__":
    sys.exit(main())
