"""reconcile-copies on real databases against a real source: deposit's copies of registry's houses and
bindings (on PostgreSQL, and on SQLite, the default of `make run`) are corrupted (a row deleted, a field
changed) and the command, paging through the registry's gRPC server (in process, the real servicer,
caller token checked), repairs them through the events' own handlers and prints what it repaired; a
second run repairs nothing."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import delete, func, insert, select, update

from deposit.adapters.orm import account_houses, house_facts
from deposit.bootstrap import Deposit, registry_copies
from deposit.bootstrap import bootstrap as deposit_bootstrap
from deposit.config import Config as DepositConfig
from deposit.entrypoints.cli import reconcile_copies
from maintfund.registry.v1 import registry_pb2, registry_pb2_grpc
from maintfund_common import errors
from maintfund_common.db import utcnow
from maintfund_common.grpc_client import ChannelPool, ServiceClient, Target
from maintfund_common.grpc_server import GrpcServerConfig
from registry.adapters.orm import bindings, houses
from registry.bootstrap import bootstrap as registry_bootstrap
from registry.config import Config as RegistryConfig
from registry.entrypoints.grpc_server import build_server
from tests.conftest import migrated_sqlite

pytestmark = pytest.mark.integration
TOKENS = {"t-deposit": "deposit", "t-gateway": "gateway"}


@pytest.fixture(scope="module")
def registry(migrated_databases: dict[str, str]) -> Iterator[tuple[str, object]]:
    config = dataclasses.replace(
        RegistryConfig.from_env(),
        database_url=migrated_databases["registry"],
        grpc=GrpcServerConfig("registry", 0, 0, 4, 1.0, 0.0, TOKENS),
    )
    app = registry_bootstrap(config)
    service = build_server(app)
    service.server.start()
    yield f"127.0.0.1:{service.port}", app
    service.server.stop(0).wait()
    app.db.dispose()


@pytest.fixture(params=["postgresql", "sqlite"])
def deposit(
    request: pytest.FixtureRequest,
    migrated_databases: dict[str, str],
    registry: tuple[str, object],
    tmp_path: Path,
) -> Iterator[Deposit]:
    """Deposit with its copies on PostgreSQL, and on SQLite (the default of `make run`)."""
    address, _ = registry
    url = (
        migrated_databases["deposit"]
        if request.param == "postgresql"
        else migrated_sqlite("deposit", tmp_path)
    )
    config = dataclasses.replace(
        DepositConfig.from_env(),
        database_url=url,
        registry_addr=address,
        grpc_client_token="t-deposit",
    )
    app = deposit_bootstrap(config)
    assert app.db.engine.dialect.name == request.param
    pool = ChannelPool()
    client = ServiceClient(
        Target("registry", address, 2.0), registry_pb2_grpc.RegistryServiceStub, "t-deposit", pool
    )
    app.copies = registry_copies(client, page_size=2)  # several pages even on a few rows
    yield app
    pool.close()
    app.db.dispose()


def _register(registry_app: object, n: int) -> tuple[list[str], str]:
    """n houses in the register and one account bound to all of them."""
    house_ids, account_id = [str(uuid.uuid4()) for _ in range(n)], str(uuid.uuid4())
    with registry_app.db.engine.begin() as conn:  # type: ignore[attr-defined]
        for i, house_id in enumerate(house_ids):
            conn.execute(
                insert(houses).values(
                    house_id=house_id,
                    district_code="110105",
                    address=f"朝阳区对账路{i + 1}号院1号楼101",
                    area_m2=Decimal("80.25") + i,
                    property_kind="COMMODITY",
                    storey_class="HIGH_RISE",
                    house_type="商品房",
                    needs_refund=i == 0,
                    closed=False,
                    fund_registered=True,
                    created_at=utcnow(),
                )
            )
            conn.execute(
                insert(bindings).values(
                    account_id=account_id, house_id=house_id, via="REVIEW", bound_at=utcnow()
                )
            )
    return house_ids, account_id


def _run(app: Deposit) -> list[str]:
    lines: list[str] = []
    assert reconcile_copies(app, out=lines.append) == 0
    return lines


def _counts(registry_app: object) -> tuple[int, int]:
    with registry_app.db.engine.connect() as conn:  # type: ignore[attr-defined]
        return (
            conn.execute(select(func.count()).select_from(houses)).scalar_one(),
            conn.execute(select(func.count()).select_from(bindings)).scalar_one(),
        )


def test_a_corrupted_copy_is_repaired_and_a_second_run_repairs_nothing(
    deposit: Deposit, registry: tuple[str, object]
) -> None:
    _, registry_app = registry
    house_ids, account_id = _register(registry_app, 5)
    _run(deposit)  # the copy starts equal to the register (other tests' houses included)
    n_houses, n_bindings = _counts(registry_app)
    with deposit.db.engine.begin() as conn:  # corrupt the copy: lost rows and a changed field
        conn.execute(delete(house_facts).where(house_facts.c.house_id == house_ids[1]))
        conn.execute(
            update(house_facts).where(house_facts.c.house_id == house_ids[2]).values(address="错误地址")
        )
        conn.execute(
            update(house_facts).where(house_facts.c.house_id == house_ids[0]).values(deposits_blocked=False)
        )
        conn.execute(
            delete(account_houses).where(
                account_houses.c.account_id == account_id, account_houses.c.house_id == house_ids[3]
            )
        )

    assert _run(deposit) == [
        f"house_facts: checked {n_houses}, repaired 3 (missing 1, different 2)",
        f"account_houses: checked {n_bindings}, repaired 1 (missing 1, different 0)",
    ]
    with deposit.db.engine.connect() as conn:
        facts = {
            r.house_id: r
            for r in conn.execute(select(house_facts).where(house_facts.c.house_id.in_(house_ids)))
        }
        bound = set(
            conn.execute(
                select(account_houses.c.house_id).where(account_houses.c.account_id == account_id)
            ).scalars()
        )
    assert set(facts) == set(house_ids) and bound == set(house_ids)
    assert facts[house_ids[1]].address == "朝阳区对账路2号院1号楼101" and facts[
        house_ids[1]
    ].area_m2 == Decimal("81.25")
    assert facts[house_ids[2]].address == "朝阳区对账路3号院1号楼101"
    assert facts[house_ids[0]].deposits_blocked is True  # needs_refund in the register

    assert _run(deposit) == [
        f"house_facts: checked {n_houses}, repaired 0 (missing 0, different 0)",
        f"account_houses: checked {n_bindings}, repaired 0 (missing 0, different 0)",
    ]


def test_only_deposit_may_page_through_the_register(registry: tuple[str, object]) -> None:
    address, _ = registry
    pool = ChannelPool()
    gateway = ServiceClient(
        Target("registry", address, 2.0), registry_pb2_grpc.RegistryServiceStub, "t-gateway", pool
    )
    try:
        for method, request in (
            ("ListHouses", registry_pb2.ListHousesRequest()),
            ("ListBindings", registry_pb2.ListBindingsRequest()),
        ):
            with pytest.raises(errors.PermissionDenied):
                gateway.call(method, request)
    finally:
        pool.close()


@pytest.mark.parametrize(
    ("method", "request_type", "field", "values"),
    [
        (m, t, field, values)
        for m, t in (
            ("ListHouses", registry_pb2.ListHousesRequest),
            ("ListBindings", registry_pb2.ListBindingsRequest),
        )
        for field, values in (
            ("page_token", {"page_token": "not a token!"}),
            ("page_size", {"page_size": 1001}),
        )
    ],
)
def test_a_bad_page_request_is_refused_at_its_field(
    registry: tuple[str, object], method: str, request_type: type, field: str, values: dict
) -> None:
    # the register pages like every other source (maintfund_common.copies): same bounds, same token
    address, _ = registry
    pool = ChannelPool()
    client = ServiceClient(
        Target("registry", address, 2.0), registry_pb2_grpc.RegistryServiceStub, "t-deposit", pool
    )
    try:
        with pytest.raises(errors.ValidationFailed) as refused:
            client.call(method, request_type(**values))
        assert refused.value.details.get("field") == field
    finally:
        pool.close()
