"""A house bound a moment ago opens at once, while the deposit service's copies lag (DESIGN §2).

The deposit consumer is stopped (SIGSTOP) before the house is imported and bound, so neither its
HouseRegistered nor its HouseBound reaches deposit's copies: the house detail and the fund details ask
the registry, answer right and keep what they learned. When the consumer goes on (SIGCONT), the late
events change nothing. The consumer is continued in any case and the suite restored afterwards.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import DB_PREFIX, PG_BASE, SuiteProcesses
from tests.e2e.helpers import eventually
from tests.e2e.registry_helpers import fresh_contract_no, import_house, new_account

pytestmark = pytest.mark.e2e


@pytest.fixture()
def stopped_deposit_consumer(suite_processes: SuiteProcesses) -> Iterator[None]:
    pid = suite_processes.process("deposit-consumer").pid
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)
        suite_processes.restore()


def _count(sql: str, **params: str) -> int:
    engine = create_engine(f"{PG_BASE}/{DB_PREFIX}e2e_deposit")
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(sql), params).scalar_one())
    finally:
        engine.dispose()


def _copied(house_id: str) -> tuple[int, int]:
    """(rows of the house in deposit's facts, bindings of it) in the deposit service's database."""
    return (
        _count("SELECT count(*) FROM house_facts WHERE house_id = :h", h=house_id),
        _count("SELECT count(*) FROM account_houses WHERE house_id = :h", h=house_id),
    )


def _applied(event_type: str) -> int:
    return _count("SELECT count(*) FROM inbox WHERE event_type = :t", t=f"maintfund.events.v1.{event_type}")


def test_a_house_bound_with_the_deposit_consumer_stopped_opens_at_once(
    suite: str, suite_processes: SuiteProcesses, stopped_deposit_consumer: None, tmp_path: Path
) -> None:
    api, _, id_number = new_account(suite, "郑九")
    contract_no = fresh_contract_no()
    house_id = import_house(tmp_path, "郑九", id_number, "110105", contract_no)
    bound = api.send(
        "POST",
        "/api/v1/registrations",
        json={
            "method": "contract",
            "contract_no": contract_no,
            "house_type": "商品房",
            "district": "110105",
            "phone": "13800000002",
        },
    )
    assert bound.status_code == 201 and bound.json()["status"] == "BOUND"
    assert _copied(house_id) == (0, 0)  # both events are waiting in the stopped consumer's queue

    ledger = api.get(f"/api/v1/houses/{house_id}/ledger")
    assert ledger.status_code == 200 and ledger.json()["items"] == []
    detail = api.get(f"/api/v1/houses/{house_id}")
    assert detail.status_code == 200
    assert (detail.json()["contract_no"], detail.json()["balance_fen"]) == (contract_no, 0)
    assert _copied(house_id) == (1, 1)  # learned from the registry, through the events' code path
    other, _, _ = new_account(suite, "郑十")
    assert other.get(f"/api/v1/houses/{house_id}/ledger").status_code == 404

    assert [h["house_id"] for h in api.get("/api/v1/houses").json()["items"]] == [house_id]

    before = (_applied("HouseRegistered"), _applied("HouseBound"))
    os.kill(suite_processes.process("deposit-consumer").pid, signal.SIGCONT)
    eventually(
        lambda: _applied("HouseRegistered") > before[0] and _applied("HouseBound") > before[1],
        "the late events applied",
        timeout=30,
    )
    assert _copied(house_id) == (1, 1)  # the late events added nothing
