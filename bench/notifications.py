# ruff: noqa: E501 - report-formatting lines read better whole
"""Notification throughput: a burst of events (an interest allocation over N houses) → owners' messages.

    python bench/notifications.py [--houses N] [--consumers C] [--rate-bp 35]

Seeds N synthetic house ledgers in the deposit service's database (the development seeder) and one bound
account per house in the notification service's copy of the bindings, starts deposit's outbox relay and C
notification consumers the production way (processes, PostgreSQL, RabbitMQ), then runs deposit's interest
allocation (``allocate-interest``: one INTEREST posting and one InterestPosted event per house, committed
page by page with the outbox) and waits until every house's owner has the INTEREST_POSTED message.

Figures: the allocation's postings per second; messages made per second (first event committed → last
message committed); the lag from an event's commit (its outbox row) to its message's commit, p50/p99.
The SMS intents are made with the messages (the SMS worker and the gateway are outside this figure).

Isolation: PostgreSQL databases ``mfbench_notif_<service>``, RabbitMQ vhost ``maintfund_bench_notif``;
nothing of `make run`, the tests or bench/run.py is touched. Do not run it on the 1,000,000-house register
on a shared 2-core machine (the brief caps this run at 20,000 houses).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "scripts")]
import devctl  # noqa: E402 - the same wiring `make run` uses

sys.path[:0] = devctl.PYTHONPATH.split(os.pathsep)
from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402

PG_BASE = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432")
VHOST = "maintfund_bench_notif"
PY = sys.executable
MAX_HOUSES = 20_000
ACCOUNT_NAMESPACE = uuid.UUID("0b3f2a53-5a37-4bd2-9e44-8b1a0d6c9f10")


def account_of(house_id: str) -> str:
    return str(uuid.uuid5(ACCOUNT_NAMESPACE, house_id))


def recreate(name: str) -> str:
    engine = create_engine(f"{PG_BASE}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return f"{PG_BASE}/{name}"


def vhost_url() -> str:
    listed = subprocess.run(["rabbitmqctl", "-q", "list_vhosts"], capture_output=True, text=True, check=True)
    if VHOST not in listed.stdout.split():
        subprocess.run(["rabbitmqctl", "-q", "add_vhost", VHOST], check=True, capture_output=True)
    subprocess.run(
        ["rabbitmqctl", "-q", "set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*"],
        check=True,
        capture_output=True,
    )
    return f"amqp://guest:guest@127.0.0.1:5672/{VHOST}"


def env_for(database_url: str, amqp_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": devctl.PYTHONPATH,
        "DATABASE_URL": database_url,
        "AMQP_URL": amqp_url,
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def run(cmd: list[str], env: dict[str, str]) -> None:
    subprocess.run(cmd, env=env, cwd=ROOT, check=True)


def seed(urls: dict[str, str], amqp_url: str, houses: int) -> list[str]:
    for service, url in urls.items():
        run(
            [PY, "-m", "alembic", "-c", f"services/{service}/alembic.ini", "upgrade", "head"],
            env_for(url, amqp_url),
        )
    run(
        [
            PY,
            "-m",
            "maintfund_dev.cli",
            "deposit",
            "seed-synthetic",
            "--houses",
            str(houses),
            "--entries",
            "1",
        ],
        env_for(urls["deposit"], amqp_url),
    )
    from notification.adapters.orm import account_houses

    deposit = create_engine(urls["deposit"])
    with deposit.connect() as conn:
        house_ids = list(
            conn.execute(text("SELECT house_id FROM house_accounts ORDER BY house_id")).scalars()
        )
    deposit.dispose()
    notification = create_engine(urls["notification"])
    now = datetime.now().astimezone()
    with notification.begin() as conn:
        for start in range(0, len(house_ids), 5000):
            conn.execute(
                insert(account_houses),
                [
                    {"account_id": account_of(h), "house_id": h, "bound_at": now}
                    for h in house_ids[start : start + 5000]
                ],
            )
    notification.dispose()
    return house_ids


def report(
    deposit_url: str, house_ids: list[str], created: dict[str, datetime], allocation_s: float, consumers: int
) -> int:
    """Print the figures: postings/s, messages/s, event commit → message commit p50/p99."""
    from maintfund.events.v1 import events_pb2

    deposit = create_engine(deposit_url)
    with deposit.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT payload, created_at FROM outbox WHERE event_type = 'maintfund.events.v1.InterestPosted'"
            )
        ).all()
    deposit.dispose()
    committed = {events_pb2.InterestPosted.FromString(bytes(p)).house_id: at for p, at in rows}
    lags = sorted(
        (created[account_of(h)] - at).total_seconds()
        for h, at in committed.items()
        if account_of(h) in created
    )
    if not lags:
        print("no message was made")
        return 1
    first_event, last_message = min(committed.values()), max(created.values())
    span = (last_message - first_event).total_seconds()
    p99 = lags[min(len(lags) - 1, int(len(lags) * 0.99))]
    print(
        f"interest allocation over {len(house_ids)} houses: {len(committed)} postings in {allocation_s:.1f}s "
        f"({len(committed) / allocation_s:.0f}/s)\n"
        f"messages: {len(created)} of {len(house_ids)} with {consumers} consumer(s) in {span:.1f}s "
        f"({len(created) / span:.0f} messages/s)\n"
        f"event commit → message commit: p50 {statistics.median(lags):.2f}s, p99 {p99:.2f}s, max {lags[-1]:.2f}s"
    )
    return 0 if len(created) >= len(house_ids) else 1


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench/notifications.py")
    parser.add_argument("--houses", type=int, default=5000)
    parser.add_argument("--consumers", type=int, default=1)
    parser.add_argument("--rate-bp", type=int, default=35)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    if not 1 <= args.houses <= MAX_HOUSES:
        raise SystemExit(f"--houses must be 1..{MAX_HOUSES} here")
    amqp_url = vhost_url()
    urls = {s: recreate(f"mfbench_notif_{s}") for s in ("deposit", "notification")}
    started = time.monotonic()
    house_ids = seed(urls, amqp_url, args.houses)
    print(f"seeded {len(house_ids)} houses and their bindings in {time.monotonic() - started:.1f}s")

    consumer_env = env_for(urls["notification"], amqp_url, CONSUMER_METRICS_PORT="0")
    run([PY, "-m", "notification.entrypoints.consumer", "--declare-queues"], consumer_env)
    subprocess.run(
        ["rabbitmqctl", "-q", "purge_queue", "-p", VHOST, "notification.events"],
        capture_output=True,
        check=False,
    )
    procs = [
        subprocess.Popen(
            [PY, "-m", "deposit.entrypoints.relay"],
            env=env_for(urls["deposit"], amqp_url, RELAY_METRICS_PORT="0"),
            cwd=ROOT,
        )
    ]
    procs += [
        subprocess.Popen([PY, "-m", "notification.entrypoints.consumer"], env=consumer_env, cwd=ROOT)
        for _ in range(args.consumers)
    ]
    try:
        time.sleep(3)  # connected
        allocation = f"B{int(time.time())}"
        t0 = time.monotonic()
        run(
            [
                PY,
                "-m",
                "deposit.entrypoints.cli",
                "allocate-interest",
                "--allocation-no",
                allocation,
                "--rate-bp",
                str(args.rate_bp),
            ],
            env_for(urls["deposit"], amqp_url),
        )
        allocation_s = time.monotonic() - t0
        from notification.adapters.orm import notifications

        notification = create_engine(urls["notification"])
        deadline = time.monotonic() + args.timeout
        made = 0
        while time.monotonic() < deadline:
            with notification.connect() as conn:
                made = conn.execute(select(func.count()).select_from(notifications)).scalar_one()
            if made >= len(house_ids):
                break
            time.sleep(0.5)
        with notification.connect() as conn:
            created = dict(conn.execute(select(notifications.c.account_id, notifications.c.created_at)).all())
        notification.dispose()
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(30)

    return report(urls["deposit"], house_ids, created, allocation_s, args.consumers)


if __name__ == "__main__":
    sys.exit(main())
