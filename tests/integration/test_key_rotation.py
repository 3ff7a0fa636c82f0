"""Key rotation on PostgreSQL: seeded under k1, readable under k1+k2, rewritten under k2 by `rotate-keys`.

DESIGN §8: personal data is encrypted in a ``v1:{key_id}:…`` format so keys rotate; old ciphertext must
still read after a new key becomes active, and the command must move every token to the active key
without touching the blind indexes (they use the separate index key) nor breaking logins.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, insert, select

from maintfund_common.field_crypto import KeyRing
from maintfund_dev import demo
from tests.conftest import DB_PREFIX, ROOT, migrate, recreate_database

pytestmark = pytest.mark.integration

SERVICES = ("identity", "registry", "invoice")
K1 = base64.b64encode(b"1" * 32).decode()
K2 = base64.b64encode(b"2" * 32).decode()
INDEX = base64.b64encode(b"i" * 32).decode()
OLD_ENV = {"PII_KEYS": f"k1:{K1}", "PII_ACTIVE_KEY_ID": "k1", "PII_INDEX_KEY": INDEX}
NEW_ENV = {"PII_KEYS": f"k1:{K1},k2:{K2}", "PII_ACTIVE_KEY_ID": "k2", "PII_INDEX_KEY": INDEX}

# table, primary key, {column: context}, blind-index columns (must not change)
ENCRYPTED = {
    "identity": [
        (
            "accounts",
            "account_id",
            {
                "name_enc": "identity.accounts.name",
                "id_number_enc": "identity.accounts.id_number",
                "phone_enc": "identity.accounts.phone",
            },
            ("id_number_index", "phone_index"),
        )
    ],
    "registry": [
        (
            "owners",
            "id",
            {"name_enc": "registry.owners.name", "id_number_enc": "registry.owners.id_number"},
            ("identity_index",),
        ),
        (
            "registrations",
            "registration_id",
            {
                "phone_enc": "registry.registrations.phone",
                "applicant_name_enc": "registry.registrations.applicant_name",
            },
            (),
        ),
    ],
    "invoice": [("deposits", "deposit_id", {"owner_name_enc": "invoice.deposits.owner_name"}, ())],
}


def ring(env: dict[str, str]) -> KeyRing:
    return KeyRing.from_env(env)


def cli(service: str, url: str, env: dict[str, str], *args: str) -> str:
    """The service's own command line; ``seed-demo`` is the development package's (maintfund_dev.cli)."""
    full = {**os.environ, **env, "DATABASE_URL": url, "PYTHONPATH": os.pathsep.join(sys.path)}
    module = ["maintfund_dev.cli", service] if args[0] == "seed-demo" else [f"{service}.entrypoints.cli"]
    done = subprocess.run(
        [sys.executable, "-m", *module, *args],
        env=full,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def snapshot(urls: dict[str, str]) -> dict[tuple[str, str, str, str], str]:
    """(service, table, pk, column) -> stored value, for every encrypted and blind-index column."""
    values = {}
    for service, specs in ENCRYPTED.items():
        engine = create_engine(urls[service])
        with engine.connect() as conn:
            for table, pk, columns, indexes in specs:
                names = ", ".join([pk, *columns, *indexes])
                for row in conn.exec_driver_sql(f"SELECT {names} FROM {table}").mappings():
                    for column in (*columns, *indexes):
                        if row[column] is not None:
                            values[(service, table, str(row[pk]), column)] = row[column]
        engine.dispose()
    return values


def contexts() -> dict[tuple[str, str, str], str]:
    return {
        (s, t, c): ctx for s, specs in ENCRYPTED.items() for t, _, cols, _ in specs for c, ctx in cols.items()
    }


@pytest.fixture(scope="module")
def urls() -> dict[str, str]:
    result = {}
    for service in SERVICES:
        result[service] = recreate_database(f"{DB_PREFIX}int_rotation_{service}")
        migrate(service, result[service])
        cli(service, result[service], OLD_ENV, "seed-demo")
    # one personal registration (applicant name and phone encrypted) under the old key
    from registry.adapters.orm import registrations

    old = ring(OLD_ENV)
    engine = create_engine(result["registry"])
    with engine.begin() as conn:
        conn.execute(
            insert(registrations).values(
                registration_id=str(uuid.uuid4()),
                account_id=demo.ACCOUNTS[1].account_id,
                method="CONTRACT",
                status="PENDING",
                district_code="110108",
                address="海淀区学院路甲5号院2号楼3单元602",
                phone_enc=old.encrypt("13800000002", "registry.registrations.phone"),
                applicant_name_enc=old.encrypt("李娜", "registry.registrations.applicant_name"),
                submitted_at=datetime.now(UTC),
            )
        )
    engine.dispose()
    return result


def test_rotation_rewrites_every_token_and_keeps_indexes_and_logins(urls: dict[str, str]) -> None:
    ctx = contexts()
    before = snapshot(urls)
    tokens = {k: v for k, v in before.items() if (k[0], k[1], k[3]) in ctx}
    assert len({k[:2] for k in tokens}) == 4, "every encrypted table has rows"
    assert all(v.startswith("v1:k1:") for v in tokens.values())
    old, new = ring(OLD_ENV), ring(NEW_ENV)
    plain = {k: old.decrypt(v, ctx[(k[0], k[1], k[3])]) for k, v in tokens.items()}
    # k2 active, k1 still held: the old ciphertext still reads
    assert {k: new.decrypt(v, ctx[(k[0], k[1], k[3])]) for k, v in tokens.items()} == plain

    outputs = {s: cli(s, urls[s], NEW_ENV, "rotate-keys", "--batch-size", "2") for s in SERVICES}
    total = sum(
        int(line.split("re-encrypted ")[1].split()[0]) for o in outputs.values() for line in o.splitlines()
    )
    assert total == len(tokens), outputs

    after = snapshot(urls)
    assert after.keys() == before.keys()
    for key, value in after.items():
        if key in tokens:
            assert value.startswith("v1:k2:") and value != before[key]
            assert new.decrypt(value, ctx[(key[0], key[1], key[3])]) == plain[key]
        else:  # blind index
            assert value == before[key], key

    # idempotent: a second run re-encrypts nothing and leaves every byte as it is
    again = {s: cli(s, urls[s], NEW_ENV, "rotate-keys") for s in SERVICES}
    assert all("re-encrypted 0 fields" in line for o in again.values() for line in o.splitlines()), again
    assert snapshot(urls) == after


def test_login_still_works_for_a_rotated_account(
    urls: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from identity.adapters.orm import accounts
    from identity.bootstrap import bootstrap
    from identity.service_layer.logins import login_with_password

    for name, value in {**NEW_ENV, "DATABASE_URL": urls["identity"]}.items():
        monkeypatch.setenv(name, value)
    cli("identity", urls["identity"], NEW_ENV, "rotate-keys")
    app = bootstrap()
    bound: list[tuple[str, str]] = []
    deps = replace(
        app.deps, bind_houses=lambda _account, name, id_number: bound.append((name, id_number)) or ["h-1"]
    )
    try:
        with app.db.engine.connect() as conn:
            query = select(accounts.c.id_number_enc).where(accounts.c.username == "zhangwei")
            token = conn.execute(query).scalar_one()
        assert token.startswith("v1:k2:")
        with app.db.unit_of_work() as uow:
            result = login_with_password(uow, deps, "zhangwei", demo.DEMO_PASSWORD)
    finally:
        app.db.dispose()
    assert result.account.id_number_masked.endswith("1238")
    assert bound == [(demo.ZHANG_WEI.name, demo.ZHANG_WEI.id_number)]
