"""Local operations behind the Makefile: migrate, seed the demo data, run the whole suite, reset the demo.

    python scripts/devctl.py migrate | seed | run | demo-reset | db-url SERVICE | rotate-keys
    python scripts/devctl.py broker-policy | reconcile-copies | year-end-statements

Databases: a SQLite file per service under var/ by default; with MAINTFUND_DB=postgres each service gets
its own PostgreSQL database ``maintfund_<service>`` on PG_URL (created when missing). An explicit
``<SERVICE>_DATABASE_URL`` wins over both.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var"
SERVICES = ("identity", "registry", "deposit", "invoice", "quickpay", "notification")
# the services that keep a database (quickpay keeps none: its README says why)
DATABASES = tuple(s for s in SERVICES if (ROOT / "services" / s / "alembic.ini").exists())
# the order demo data is seeded and restored in: notification first, so its copy of the demo bindings is
# there when deposit's demo bills are announced
SEED_ORDER = ("notification", *(s for s in DATABASES if s != "notification"))
PYTHONPATH = os.pathsep.join(
    str(ROOT / p)
    for p in (
        "services/common",
        *(f"services/{s}" for s in SERVICES),
        "gateway",
        "sandbox",
        "protos/gen/python",
        "dev",  # maintfund_dev: the demo and synthetic seeders (development only, in no image)
    )
)
PY = sys.executable


def database_url(service: str) -> str:
    explicit = os.environ.get(f"{service.upper()}_DATABASE_URL")
    if explicit:
        return explicit
    if os.environ.get("MAINTFUND_DB") == "postgres":
        base = os.environ.get("PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432")
        prefix = os.environ.get("PG_DB_PREFIX", "maintfund_")
        return f"{base.rstrip('/')}/{prefix}{service}"
    VAR.mkdir(exist_ok=True)
    return f"sqlite:///{VAR / (service + '.db')}"


GRPC_PORTS = {
    "identity": 50051,
    "registry": 50052,
    "deposit": 50053,
    "invoice": 50054,
    "quickpay": 50055,
    "notification": 50056,
}


def port_offset() -> int:
    """All local ports shift by MAINTFUND_PORT_OFFSET, so a test suite can run beside `make run`."""
    return int(os.environ.get("MAINTFUND_PORT_OFFSET", "0"))


def gateway_url() -> str:
    return f"http://127.0.0.1:{8080 + port_offset()}"


def notify_gateway_url() -> str:
    """The gateway instance that takes only the payment providers' notifications (see PROCESS_TABLE)."""
    return f"http://127.0.0.1:{8082 + port_offset()}"


def sandbox_url() -> str:
    return f"http://127.0.0.1:{9100 + port_offset()}"


def suite_env() -> dict[str, str]:
    """Where every process finds the others: the one place that wires the local suite together."""
    off = port_offset()
    env = {f"{s.upper()}_ADDR": f"127.0.0.1:{p + off}" for s, p in GRPC_PORTS.items()}
    env.update(
        GATEWAY_BIND=f"127.0.0.1:{8080 + off}",
        PUBLIC_BASE_URL=gateway_url(),
        SANDBOX_PORT=str(9100 + off),
        SMS_BASE_URL=sandbox_url(),
        IDP_BASE_URL=sandbox_url(),
        # payments (deposit): the sandbox plays WeChat Pay and Alipay; they notify the gateway's routes
        WECHATPAY_BASE_URL=sandbox_url(),
        ALIPAY_GATEWAY_URL=sandbox_url() + "/alipay/gateway.do",
        WECHATPAY_NOTIFY_URL=notify_gateway_url() + "/api/v1/payments/notify/wechat",
        ALIPAY_NOTIFY_URL=notify_gateway_url() + "/api/v1/payments/notify/alipay",
        PAYMENT_STATEMENT_URL=sandbox_url() + "/sandbox/payments/statement",
        EINVOICE_BASE_URL=sandbox_url(),
    )
    from maintfund_common.grpc_core_env import GRPC_CORE_ENV  # as every image's ENV has it

    env.update({key: os.environ.get(key, value) for key, value in GRPC_CORE_ENV.items()})
    return env


def service_env(service: str | None = None, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = PYTHONPATH
    env.setdefault("SANDBOX_RETRY_SCALE", "0.01")
    env.update(suite_env())
    if service:
        env["DATABASE_URL"] = database_url(service)
        env["GRPC_PORT"] = str(GRPC_PORTS[service] + port_offset())
    env.update(extra)
    return env


def ensure_postgres_databases() -> None:
    if os.environ.get("MAINTFUND_DB") != "postgres":
        return
    sys.path[:0] = PYTHONPATH.split(os.pathsep)
    from sqlalchemy import create_engine, text

    for service in DATABASES:
        url = database_url(service)
        base, _, name = url.rpartition("/")
        engine = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()


def migrate() -> None:
    ensure_postgres_databases()
    for service in DATABASES:
        subprocess.run(
            [PY, "-m", "alembic", "-c", str(ROOT / f"services/{service}/alembic.ini"), "upgrade", "head"],
            env=service_env(service),
            check=True,
            cwd=ROOT,
        )
    print("migrated:", ", ".join(DATABASES))


def seed() -> None:
    for service in SEED_ORDER:
        subprocess.run(
            [PY, "-m", "maintfund_dev.cli", service, "seed-demo"],
            env=service_env(service),
            check=True,
            cwd=ROOT,
        )


def rotate_keys() -> None:
    """Re-encrypt every service's personal data under PII_ACTIVE_KEY_ID (idempotent; prints counts)."""
    for service in ("identity", "registry", "invoice"):
        subprocess.run(
            [PY, "-m", f"{service}.entrypoints.cli", "rotate-keys"],
            env=service_env(service),
            check=True,
            cwd=ROOT,
        )


def consumer_processes() -> list[tuple[str, str, list[str]]]:
    """The process types that consume a queue (their handler maps say which messages)."""
    return [(name, s, cmd) for name, s, cmd in PROCESS_TABLE if s and name.endswith(("-consumer", "-worker"))]


def declare_queues(**extra_env: str) -> list[str]:
    """Every consumer declares its queue and bindings (in parallel), before any relay runs: events are
    never published to a queue that does not exist yet. Returns the queues' names."""
    runs = [
        subprocess.Popen(
            [*cmd, "--declare-queues"],
            env=service_env(s, **extra_env),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _, s, cmd in consumer_processes()
    ]
    queues = []
    for run in runs:
        out, _ = run.communicate(timeout=120)
        if run.returncode:
            raise SystemExit(f"{run.args}: exit {run.returncode}")
        queues += [
            line.split()[2].rstrip(":") for line in out.splitlines() if line.startswith("declared queue ")
        ]
    print("declared queues:", ", ".join(queues))
    return queues


def _reset_redis_and_queues(queues: list[str]) -> None:
    sys.path[:0] = PYTHONPATH.split(os.pathsep)
    import pika
    import redis

    from maintfund_common.messaging import connection_parameters

    client = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    # the gateway's rate-limit counters are kept by the limits library as LIMITS:LIMITER/mf:limit/…
    for pattern in ("mf:session:*", "LIMITS:LIMITER/mf:limit/*", "mf:qp:*", "mf:idem:*", "mf:login:*"):
        keys = list(client.scan_iter(pattern, count=1000))
        if keys:
            client.delete(*keys)
    connection = pika.BlockingConnection(
        connection_parameters(os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"))
    )
    channel = connection.channel()
    for queue in queues:
        for suffix in ("", ".retry", ".dlq"):
            channel.queue_purge(queue + suffix)
    connection.close()


def broker_policy() -> None:
    """At-least-once dead-lettering on the service queues of AMQP_URL's vhost (idempotent)."""
    subprocess.run([PY, "-m", "maintfund_common.broker_policy"], env=service_env(), check=True, cwd=ROOT)


def reconcile_copies() -> None:
    """Compare every event-fed copy with its source service and repair it (the suite must be running)."""
    # the services that keep event-fed copies
    for service in ("identity", "deposit", "invoice", "notification"):
        subprocess.run(
            [PY, "-m", f"{service}.entrypoints.cli", "reconcile-copies"],
            env=service_env(service),
            check=True,
            cwd=ROOT,
        )


def year_end_statements() -> None:
    """Every house's annual statement of a Beijing year (YEAR=, default the last one), set-based."""
    extra = ["--year", os.environ["YEAR"]] if os.environ.get("YEAR") else []
    subprocess.run(
        [PY, "-m", "deposit.entrypoints.cli", "year-end-statements", *extra],
        env=service_env("deposit"),
        check=True,
        cwd=ROOT,
    )


def _reset_sandbox() -> None:
    for path in ("/sandbox/payments/reset", "/sandbox/einvoice/reset", "/sandbox/sms/reset"):
        try:
            urllib.request.urlopen(urllib.request.Request(sandbox_url() + path, method="POST"), timeout=2)
        except OSError:
            pass  # the sandbox is not running: its state is in memory and starts empty anyway


def demo_reset() -> list[str]:
    """Every service's database, the gateway's Redis keys and the queues back to the demo data; returns
    the queues' names."""
    started = time.monotonic()
    migrate()
    seed()
    queues = declare_queues()
    broker_policy()
    _reset_redis_and_queues(queues)
    _reset_sandbox()
    print(f"demo data reset in {time.monotonic() - started:.1f}s")
    return queues


class DemoSnapshot:
    """The rows `demo_reset` seeded (PostgreSQL only), kept in memory as binary COPY data, to put back
    by SQL: about half a second where `demo_reset` starts some twenty Python processes (migrations,
    seeders, queue declarations) and takes half a minute. For a caller that resets many times while the
    schema and the queues stay as they were: the test session.

    Take it before the suite runs, so it holds the seeders' unpublished outbox rows: once restored, the
    relays publish them again just as after a seed. Like the seeders, it leaves the append-only audit
    trail alone."""

    KEPT = ("alembic_version", "audit_log")

    def __init__(self, queues: list[str], tables: dict[str, list[tuple[str, bytes]]]) -> None:
        self.queues = queues
        self.tables = tables  # per service: (table, COPY data), parents before the tables that refer to them

    @classmethod
    def take(cls, queues: list[str]) -> DemoSnapshot:
        import psycopg

        tables: dict[str, list[tuple[str, bytes]]] = {}
        for service in DATABASES:
            with psycopg.connect(_libpq_url(service)) as conn:
                tables[service] = [
                    (table, _copy_out(conn, table)) for table in _tables_parents_first(conn, cls.KEPT)
                ]
        return cls(queues, tables)

    def restore(self) -> None:
        """The database rows as they were taken, then Redis, the queues and the sandbox as `demo_reset`
        leaves them; one transaction per database, in the seeders' order."""
        import psycopg
        from psycopg.sql import SQL, Identifier

        started = time.monotonic()
        self._wait_quiet()
        for service in SEED_ORDER:
            with psycopg.connect(_libpq_url(service)) as conn:  # commits on leaving
                tables = self.tables[service]
                # DELETE as the seeders do: row locks only, so the running services are not held up
                for table, _ in reversed(tables):
                    conn.execute(SQL("DELETE FROM {}").format(Identifier(table)))
                for table, data in tables:
                    copy_in = SQL("COPY {} FROM STDIN (FORMAT binary)").format(Identifier(table))
                    with conn.cursor().copy(copy_in) as copy:
                        copy.write(data)
        _reset_redis_and_queues(self.queues)
        _reset_sandbox()
        print(f"demo data restored in {time.monotonic() - started:.2f}s")

    def _wait_quiet(self, timeout: float = 5) -> None:
        """Until the relays have published their events and the queues hold none ready (or ``timeout``):
        what the caller's last steps set going then lands before the rows are put back, not after."""
        sys.path[:0] = PYTHONPATH.split(os.pathsep)
        import pika
        import psycopg

        from maintfund_common.messaging import connection_parameters

        relayed = [s for name, s, _ in PROCESS_TABLE if name.endswith("-relay") and s]
        amqp = pika.BlockingConnection(
            connection_parameters(os.environ.get("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"))
        )
        channel = amqp.channel()
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                unpublished = 0
                for service in relayed:
                    with psycopg.connect(_libpq_url(service)) as conn:
                        query = "SELECT count(*) FROM outbox WHERE published_at IS NULL"
                        unpublished += conn.execute(query).fetchone()[0]  # type: ignore[index]
                ready = sum(
                    channel.queue_declare(queue, passive=True).method.message_count for queue in self.queues
                )
                if unpublished == 0 and ready == 0:
                    return
                time.sleep(0.1)
        finally:
            amqp.close()


def _libpq_url(service: str) -> str:
    from sqlalchemy.engine import make_url

    url = make_url(database_url(service))
    if url.get_backend_name() != "postgresql":
        raise SystemExit(f"{service}: a demo snapshot needs PostgreSQL (MAINTFUND_DB=postgres)")
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _tables_parents_first(conn: psycopg.Connection, kept: tuple[str, ...]) -> list[str]:
    from graphlib import TopologicalSorter

    names = [
        r[0]
        for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        if r[0] not in kept
    ]
    graph: dict[str, set[str]] = {name: set() for name in names}
    references = conn.execute(
        "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint "
        "WHERE contype = 'f' AND connamespace = 'public'::regnamespace"
    )
    for child, parent in references:
        if child in graph and parent in graph and child != parent:
            graph[child].add(parent)
    return list(TopologicalSorter(graph).static_order())


def _copy_out(conn: psycopg.Connection, table: str) -> bytes:
    from psycopg.sql import SQL, Identifier

    data = bytearray()
    with conn.cursor().copy(SQL("COPY {} TO STDOUT (FORMAT binary)").format(Identifier(table))) as copy:
        for block in copy:
            data += block
    return bytes(data)


PROCESS_TABLE: list[tuple[str, str | None, list[str]]] = [
    ("sandbox", None, [PY, "-m", "sandbox.app"]),
    *[(f"{s}-grpc", s, [PY, "-m", f"{s}.entrypoints.grpc_server"]) for s in SERVICES],
    *[(f"{s}-relay", s, [PY, "-m", f"{s}.entrypoints.relay"]) for s in ("identity", "registry", "deposit")],
    ("identity-consumer", "identity", [PY, "-m", "identity.entrypoints.consumer"]),
    ("deposit-consumer", "deposit", [PY, "-m", "deposit.entrypoints.consumer"]),
    ("deposit-poller", "deposit", [PY, "-m", "deposit.entrypoints.poller"]),
    ("invoice-relay", "invoice", [PY, "-m", "invoice.entrypoints.relay"]),
    ("invoice-consumer", "invoice", [PY, "-m", "invoice.entrypoints.consumer"]),
    ("invoice-worker", "invoice", [PY, "-m", "invoice.entrypoints.worker"]),
    ("notification-consumer", "notification", [PY, "-m", "notification.entrypoints.consumer"]),
    ("notification-worker", "notification", [PY, "-m", "notification.entrypoints.worker"]),
    (
        "gateway",
        None,
        [PY, "-m", "gunicorn", "-c", str(ROOT / "gateway/gunicorn.conf.py"), "gateway.app:create_app()"],
    ),
    # The same gateway, apart, for the providers' payment notifications: they must be answered within
    # 5 s and book the ledger at once, so they do not queue behind owners' requests for the workers.
    (
        "gateway-notify",
        None,
        [PY, "-m", "gunicorn", "-c", str(ROOT / "gateway/gunicorn.conf.py"), "gateway.app:create_app()"],
    ),
]


def process_env(name: str) -> dict[str, str]:
    """What one process type sets beyond the suite's wiring."""
    if name == "gateway-notify":
        return {"GATEWAY_BIND": notify_gateway_url().removeprefix("http://"), "WEB_CONCURRENCY": "2"}
    return {}


def start_process(name: str, log_dir: Path, **extra_env: str) -> subprocess.Popen[bytes]:
    """One process of PROCESS_TABLE, wired like start_all wires it (extra_env overrides, e.g. in tests)."""
    index, service, cmd = next(
        (i, service, cmd) for i, (n, service, cmd) in enumerate(PROCESS_TABLE) if n == name
    )
    metrics_port = str(9300 + port_offset() + index)  # each local process gets its own /metrics port
    extra = {
        "METRICS_PORT": metrics_port,
        "RELAY_METRICS_PORT": metrics_port,
        "CONSUMER_METRICS_PORT": metrics_port,
        "POLLER_METRICS_PORT": metrics_port,
        "WORKER_METRICS_PORT": metrics_port,
        **process_env(name),
        **extra_env,
    }
    log_dir.mkdir(parents=True, exist_ok=True)
    with (log_dir / f"{name}.log").open("ab") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            cmd,
            env=service_env(service, **extra),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def start_all(log_dir: Path) -> list[tuple[str, subprocess.Popen[bytes]]]:
    return [(name, start_process(name, log_dir)) for name, _, _ in PROCESS_TABLE]


def restart(
    procs: list[tuple[str, subprocess.Popen[bytes]]], name: str, log_dir: Path, **extra_env: str
) -> subprocess.Popen[bytes]:
    """Start process ``name`` again in place in ``procs`` (stopping it first if it still runs)."""
    position = next(i for i, (n, _) in enumerate(procs) if n == name)
    old = procs[position][1]
    if old.poll() is None:
        old.terminate()
        try:
            old.wait(25)
        except subprocess.TimeoutExpired:
            old.kill()
            old.wait()
    procs[position] = (name, start_process(name, log_dir, **extra_env))
    return procs[position][1]


def wait_ready(url: str, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def stop_all(procs: list[tuple[str, subprocess.Popen[bytes]]], grace: float = 25) -> None:
    for _, proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for _, proc in procs:
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()


def run() -> None:
    demo_reset()
    procs = start_all(VAR / "log")
    stopping = False

    def _stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    ready = wait_ready(gateway_url() + "/readyz")
    print()
    print("=" * 64)
    if ready:
        print(f" 北京市住宅专项维修资金个人网厅 is running: {gateway_url()}/")
    else:
        print(" the gateway did not become ready; see var/log/*.log")
    print(" demo logins (password Demo@2026): zhangwei (3 houses), lina (no house), reviewer_chaoyang")
    print(" quick pay: business number SW202611260001, owner 王芳")
    print(f" sandbox (payments, e-receipts, SMS): {sandbox_url()}/   logs: var/log/")
    print(" Ctrl-C stops everything.")
    print("=" * 64, flush=True)
    while not stopping:
        for name, proc in procs:
            if proc.poll() is not None:
                print(f"process {name} exited with {proc.returncode}; see var/log/{name}.log", flush=True)
                stopping = True
        time.sleep(0.5)
    print("stopping...", flush=True)
    stop_all(procs)
    print("stopped.")


def main() -> int:
    parser = argparse.ArgumentParser(prog="devctl")
    parser.add_argument(
        "command",
        choices=(
            "migrate",
            "seed",
            "run",
            "demo-reset",
            "db-url",
            "rotate-keys",
            "broker-policy",
            "reconcile-copies",
            "year-end-statements",
        ),
    )
    parser.add_argument("service", nargs="?")
    args = parser.parse_args()
    if args.command == "db-url":
        print(database_url(args.service))
    else:
        commands = {"migrate": migrate, "seed": seed, "run": run, "demo-reset": demo_reset}
        commands["rotate-keys"] = rotate_keys
        commands["broker-policy"] = broker_policy
        commands["reconcile-copies"] = reconcile_copies
        commands["year-end-statements"] = year_end_statements
        commands[args.command]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
