"""Seed a service's database with development data (run with that service's DATABASE_URL and keys):

python -m maintfund_dev.cli identity seed-demo
python -m maintfund_dev.cli identity seed-synthetic-accounts --count 200 [--seed 1]
python -m maintfund_dev.cli registry seed-demo
python -m maintfund_dev.cli registry seed-synthetic --houses 1000000 [--seed 1]
python -m maintfund_dev.cli deposit seed-demo
python -m maintfund_dev.cli deposit seed-synthetic --houses N [--seed 1] [--entries 20] [--long-ledger N]
python -m maintfund_dev.cli invoice seed-demo
python -m maintfund_dev.cli notification seed-demo

seed-demo puts the service's part of DESIGN §4.4 back (it empties the service's tables first);
seed-synthetic adds the deterministic register of the benchmarks (house i depends on (seed, i) alone).
Each service's seeder is imported only when asked for, so one service's code loads at a time.
"""

from __future__ import annotations

import argparse
import sys

SEEDED = ("identity", "registry", "deposit", "invoice", "notification")  # quickpay keeps no database


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="maintfund_dev.cli", description=__doc__.split("\n\n")[0])
    services = parser.add_subparsers(dest="service", required=True)
    for service in SEEDED:
        commands = services.add_parser(service).add_subparsers(dest="command", required=True)
        commands.add_parser("seed-demo", help=f"reset {service}'s data to the demo data of DESIGN §4.4")
        if service == "identity":
            syn = commands.add_parser("seed-synthetic-accounts", help="accounts of synthetic owners (bench)")
            syn.add_argument("--count", type=int, required=True)
            syn.add_argument("--seed", type=int, default=1)
        elif service in {"registry", "deposit"}:
            syn = commands.add_parser("seed-synthetic", help="add the deterministic synthetic register")
            syn.add_argument("--houses", type=int, required=True)
            syn.add_argument("--seed", type=int, default=1)
            if service == "deposit":
                syn.add_argument("--entries", type=int, default=20)
                syn.add_argument("--long-ledger", type=int, default=0, help="extra entries for house 0")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.service == "identity":
        from maintfund_dev import identity_seed

        if args.command == "seed-demo":
            identity_seed.seed_demo()
        else:
            identity_seed.seed_synthetic_accounts(args.count, args.seed)
    elif args.service == "registry":
        from maintfund_dev import registry_seed

        if args.command == "seed-demo":
            registry_seed.seed_demo()
        else:
            registry_seed.seed_synthetic(args.houses, args.seed)
    elif args.service == "deposit":
        from maintfund_dev import deposit_seed

        if args.command == "seed-demo":
            deposit_seed.seed_demo()
        else:
            deposit_seed.seed_synthetic(args.houses, args.seed, args.entries, args.long_ledger)
    elif args.service == "invoice":
        from maintfund_dev import invoice_seed

        invoice_seed.seed_demo()
    else:
        from maintfund_dev import notification_seed

        notification_seed.seed_demo()
    return 0


if __name__ == "__main__":
    sys.exit(main())
