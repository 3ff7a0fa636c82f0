"""Identity command line: demo seed (and reset).

python -m identity.entrypoints.cli seed-demo
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy import delete

from identity.adapters.orm import accounts, inbox, outbox, sms_codes
from identity.bootstrap import bootstrap
from identity.service_layer.handlers import RegisterAccount, register_account
from maintfund_common import demo


def seed_demo() -> None:
    app = bootstrap()
    with app.db.engine.begin() as conn:
        for table in (sms_codes, accounts, outbox, inbox):
            conn.execute(delete(table))
    for account in demo.ACCOUNTS:
        command = RegisterAccount(
            username=account.username,
            password=demo.DEMO_PASSWORD,
            name=account.name,
            id_number=account.id_number,
            phone=account.phone,
            roles=account.roles,
            district_code=account.district_code,
            account_id=account.account_id,
        )
        with app.db.unit_of_work() as uow:
            register_account(uow, app.deps, command, verify_real_name=False)
    print(f"identity: seeded {len(demo.ACCOUNTS)} demo accounts")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="identity")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("seed-demo", help="reset the accounts to the demo personas of DESIGN §4.4")
    parser.parse_args(argv)
    seed_demo()
    return 0


if __name__ == "__main__":
    sys.exit(main())
