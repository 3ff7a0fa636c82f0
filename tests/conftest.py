"""Shared fixtures: real PostgreSQL databases per service, a test RabbitMQ vhost, and the running suite.

Tests never touch the databases, Redis keys or queues of a `make run` on the same machine: databases
are prefixed ``mft<slot>_``, Redis uses database 1 + slot, RabbitMQ the ``maintfund_test<slot>`` vhost,
and the suite's ports are shifted by 10000 + 1000 × slot. MAINTFUND_TEST_SLOT (0–4, default 0) lets
several test runs share one machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PG_BASE = os.environ.get("TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432")
SLOT = int(os.environ.get("MAINTFUND_TEST_SLOT", "0"))
PORT_OFFSET = 10000 + 1000 * SLOT
DB_PREFIX = f"mft{SLOT}_"
AMQP_VHOST = f"maintfund_test{SLOT}"
# The running suite gets its own vhost: its consumers must not take the integration tests' messages.
SUITE_AMQP_VHOST = f"maintfund_test{SLOT}_e2e"
REDIS_URL = f"redis://127.0.0.1:6379/{1 + SLOT}"
sys.path.insert(0, str(ROOT / "scripts"))
import devctl  # noqa: E402 - the same wiring `make run` uses

SERVICES = devctl.SERVICES
DATABASES = devctl.DATABASES  # the services that keep a database (quickpay keeps none)

from maintfund_common import broker_policy  # noqa: E402

# Subprocesses (migrations, the suite's processes) find the code the same way pytest does.
os.environ["PYTHONPATH"] = devctl.PYTHONPATH


def ensure_vhost(vhost: str) -> str:
    """A RabbitMQ vhost of our own; returns its AMQP URL."""
    existing = subprocess.run(
        ["rabbitmqctl", "-q", "list_vhosts"], capture_output=True, text=True, check=True
    )
    if vhost not in existing.stdout.split():
        subprocess.run(["rabbitmqctl", "-q", "add_vhost", vhost], check=True, capture_output=True)
    subprocess.run(
        ["rabbitmqctl", "-q", "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"],
        check=True,
        capture_output=True,
    )
    # the same at-least-once dead-lettering policy `make run` and Kubernetes apply
    broker_policy.apply_with_rabbitmqctl(vhost)
    return f"amqp://guest:guest@127.0.0.1:5672/{vhost}"


def recreate_database(name: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(f"{PG_BASE}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return f"{PG_BASE}/{name}"


def migrate(service: str, url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "alembic",
            "-c",
            str(ROOT / f"services/{service}/alembic.ini"),
            "upgrade",
            "head",
        ],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
    )


def migrated_sqlite(service: str, directory: Path) -> str:
    """A freshly migrated SQLite database file of ``service`` (the default of `make run`) in ``directory``."""
    url = f"sqlite:///{directory / (service + '.db')}"
    migrate(service, url)
    return url


@pytest.fixture(scope="session")
def amqp_url() -> str:
    """The integration tests' vhost (the running suite has its own, so its consumers take nothing here)."""
    return ensure_vhost(AMQP_VHOST)


@pytest.fixture(scope="session")
def suite_amqp_url() -> str:
    """The broker vhost of the running suite (e2e tests publish events there)."""
    return ensure_vhost(SUITE_AMQP_VHOST)


@pytest.fixture(scope="session")
def migrated_databases() -> dict[str, str]:
    """One freshly migrated PostgreSQL database per service, for integration tests."""
    urls = {}
    for service in DATABASES:
        urls[service] = recreate_database(f"{DB_PREFIX}int_{service}")
        migrate(service, urls[service])
    return urls


@pytest.fixture(scope="session")
def suite_clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The suite's clamd (test signature only), or "" where clamav-daemon is not installed."""
    from tests.clamd_support import CLAMD, running_clamd

    if CLAMD is None:
        yield ""
        return
    with running_clamd(tmp_path_factory.mktemp("clamd")) as address:
        yield address


class SuiteProcesses:
    """The running suite's processes, for tests that kill some and then hand the whole suite back."""

    def __init__(
        self, procs: list[tuple[str, subprocess.Popen[bytes]]], log_dir: Path, demo: devctl.DemoSnapshot
    ) -> None:
        self.procs = procs  # changed in place by restart(), so the session's teardown stops the new ones
        self.log_dir = log_dir
        self.demo = demo

    def demo_reset(self) -> None:
        """`make demo-reset` for the running suite, from the rows seeded at the session's start: the
        schema and the queues stay, so only the rows, Redis and the queues' messages go back."""
        self.demo.restore()

    def process(self, name: str) -> subprocess.Popen[bytes]:
        return next(proc for n, proc in self.procs if n == name)

    def kill9(self, name: str) -> None:
        proc = self.process(name)
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    def restart(self, name: str, **extra_env: str) -> None:
        devctl.restart(self.procs, name, self.log_dir, **extra_env)

    def restore(self, rewire: tuple[str, ...] = ()) -> None:
        """Restart every dead process, and those in ``rewire`` with their default wiring; wait until ready."""
        for name, proc in list(self.procs):
            if proc.poll() is not None or name in rewire:
                devctl.restart(self.procs, name, self.log_dir)
        if not devctl.wait_ready(devctl.gateway_url() + "/readyz", timeout=60):
            raise RuntimeError(f"the suite did not become ready again; see {self.log_dir}/")
        _wait_grpc_serving(devctl)


@pytest.fixture(scope="session")
def suite_processes(suite_amqp_url: str, suite_clamd: str) -> Iterator[SuiteProcesses]:
    """The whole suite running on PostgreSQL with the demo data."""
    saved = dict(os.environ)
    if suite_clamd:  # the registry scans proof uploads as in production
        os.environ["CLAMD_ADDRESS"] = suite_clamd
    os.environ.update(
        MAINTFUND_DB="postgres",
        PG_URL=PG_BASE,
        PG_DB_PREFIX=f"{DB_PREFIX}e2e_",
        MAINTFUND_PORT_OFFSET=str(PORT_OFFSET),
        AMQP_URL=suite_amqp_url,
        REDIS_URL=REDIS_URL,
        SANDBOX_RETRY_SCALE="0.001",
        # many logins from one address in a few seconds; the limiter itself is tested on its own
        LOGIN_RATE_LIMIT="1000/minute",
        SMS_RATE_LIMIT="1000/minute",
        REGISTER_RATE_LIMIT="1000/minute",
        CERTIFICATE_VERIFY_RATE_LIMIT="1000/minute",
    )
    for service in DATABASES:
        recreate_database(f"{DB_PREFIX}e2e_{service}")
    # the one full reset of the session (migrations, seeders, queues); taken before anything runs, so
    # the snapshot holds the seeders' events still to publish
    demo = devctl.DemoSnapshot.take(devctl.demo_reset())
    log_dir = ROOT / "var" / f"log-e2e{SLOT}"
    procs = devctl.start_all(log_dir)
    try:
        if not devctl.wait_ready(devctl.gateway_url() + "/readyz", timeout=60):
            raise RuntimeError(f"the suite did not become ready; see var/log-e2e{SLOT}/")
        _wait_grpc_serving(devctl)
        yield SuiteProcesses(procs, log_dir, demo)
    finally:
        devctl.stop_all(procs)
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="session")
def suite(suite_processes: SuiteProcesses) -> str:
    """The gateway's base URL of the running suite."""
    return devctl.gateway_url()


@pytest.fixture(scope="session")
def demo_reset(suite_processes: SuiteProcesses) -> Callable[[], None]:
    """Puts the running suite's demo data back (DESIGN §4.4), in about half a second."""
    return suite_processes.demo_reset


def _wait_grpc_serving(devctl: object, timeout: float = 30) -> None:
    import time

    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    deadline = time.monotonic() + timeout
    for port in devctl.GRPC_PORTS.values():  # type: ignore[attr-defined]
        address = f"127.0.0.1:{port + devctl.port_offset()}"  # type: ignore[attr-defined]
        with grpc.insecure_channel(address) as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            while True:
                try:
                    if stub.Check(health_pb2.HealthCheckRequest(), timeout=1).status == 1:
                        break
                except grpc.RpcError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{address} not SERVING")
                time.sleep(0.2)


@pytest.fixture(scope="session")
def grpc_addresses(suite: str) -> dict[str, str]:
    return {s: f"127.0.0.1:{p + PORT_OFFSET}" for s, p in devctl.GRPC_PORTS.items()}


@pytest.fixture(scope="session")
def sandbox_url(suite: str) -> str:
    return f"http://127.0.0.1:{9100 + PORT_OFFSET}"
