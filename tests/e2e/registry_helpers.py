"""Fresh register data for registration tests: houses imported like an extract, new accounts, reviewers."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import uuid
from pathlib import Path

import devctl
from sqlalchemy import create_engine, text

from tests.e2e.helpers import ApiClient, fresh_id_number, register_account

ROOT = Path(__file__).resolve().parents[2]


def fresh_contract_no() -> str:
    return f"T{random.randint(10**9, 10**10 - 1)}"


PASSWORD = "Passw0rd!x"


def import_house(
    tmp_path: Path, owner_name: str, owner_id: str, district: str, contract_no: str, address: str = ""
) -> str:
    """Put a house into the register the way the net-signing extract does (registry CLI import)."""
    new_id = str(uuid.uuid4())
    record = {
        "house_id": new_id,
        "district_code": district,
        "address": address
        or f"朝阳区测试路{random.randint(1, 999)}号院1号楼1单元{random.randint(101, 2999)}",
        "area_m2": "80.00",
        "property_kind": "COMMODITY",
        "storey_class": "HIGH_RISE",
        "house_type": "商品房",
        "contract_no": contract_no,
        "fund_registered": "false",
        "owners": [{"name": owner_name, "id_number": owner_id}],
    }
    path = tmp_path / f"{new_id}.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "registry.entrypoints.cli", "import", "--format", "jsonl", str(path)],
        env=devctl.service_env("registry"),
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return new_id


def new_account(suite: str, name: str = "王五", id_number: str | None = None) -> tuple[ApiClient, str, str]:
    username = f"r{uuid.uuid4().hex[:10]}"
    id_number = id_number or fresh_id_number()
    created = register_account(
        suite,
        {
            "username": username,
            "password": PASSWORD,
            "name": name,
            "id_number": id_number,
            "phone": f"139{random.randint(0, 10**8 - 1):08d}",
        },
    )
    assert created.status_code == 201, created.text
    api = ApiClient(suite)
    assert api.login(username, PASSWORD).status_code == 200
    return api, username, id_number


def make_reviewer(suite: str, district: str) -> ApiClient:
    """A 管理部 reviewer account: registered normally, then given the role in the identity database."""
    _, username, _ = new_account(suite, "钱七")
    engine = create_engine(devctl.database_url("identity"))
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE accounts SET roles = 'REVIEWER', district_code = :d WHERE username = :u"),
            {"d": district, "u": username},
        )
    engine.dispose()
    api = ApiClient(suite)
    assert api.login(username, PASSWORD).status_code == 200
    return api
