"""Personal data never in clear: raw database columns, log files, anonymous responses (DESIGN §8, issue 9).

The module name sorts last so it runs after every other e2e flow of the session: the databases and the
log files (var/log-e2e<slot>/) then hold what the whole run wrote. It drives a few flows itself first
(register with a fresh ID number, login, houses, 我要查询, quick-pay lookup, receipt verification).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest
import requests
from sqlalchemy import create_engine, text

from maintfund_common.personal_data import id_check_char
from maintfund_dev import demo
from tests.conftest import DATABASES, DB_PREFIX, PG_BASE, ROOT, SLOT
from tests.e2e.helpers import ApiClient, fresh_id_number, register_account
from tests.reliability.summary import LONG, publish_figures

pytestmark = [pytest.mark.e2e]
if LONG:  # `make reliability` runs the scan and fails on any finding
    pytestmark.append(pytest.mark.reliability)

# 18-character mainland ID numbers (valid check character) and 11-digit mobiles, not inside a longer
# alphanumeric run: request ids and hashes are hex and may hold such digit runs by chance.
ID_PATTERN = re.compile(
    rb"(?<![0-9A-Za-z])[1-8][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])[0-9]{5}[0-9Xx](?![0-9A-Za-z])"
)
PHONE_PATTERN = re.compile(rb"(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])")
TEXT_TYPES = ("text", "character varying", "character", "bytea", "json", "jsonb")

FRESH_NAME = "欧阳" + random.choice("明华国建志") + random.choice("远航峰磊")
FRESH_ID = fresh_id_number()
FRESH_PHONE = f"139{random.randint(0, 99_999_999):08d}"
FINDINGS: dict[str, int] = {}  # scanned place -> findings, for the figure


@pytest.fixture(scope="module", autouse=True)
def report_findings() -> Iterator[None]:
    yield
    if LONG and FINDINGS:
        places = ", ".join(f"{place} {count}" for place, count in FINDINGS.items())
        publish_figures(
            f"PII scan: {sum(FINDINGS.values())} findings ({places})", pii_findings=sum(FINDINGS.values())
        )


def valid_ids(blob: bytes) -> list[bytes]:
    return [m for m in ID_PATTERN.findall(blob) if id_check_char(m[:17].decode()) == m[17:].decode().upper()]


def scan(blob: bytes) -> list[bytes]:
    return valid_ids(blob) + PHONE_PATTERN.findall(blob)


def test_raw_database_columns_hold_no_clear_id_number_or_phone(suite: str) -> None:
    findings = []
    for service in DATABASES:
        engine = create_engine(f"{PG_BASE}/{DB_PREFIX}e2e_{service}")
        with engine.connect() as conn:
            columns = conn.execute(
                text(
                    "SELECT table_name, column_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND table_name <> 'alembic_version' "
                    "AND data_type = ANY(:t)"
                ),
                {"t": list(TEXT_TYPES)},
            ).all()
            assert columns, service
            for table, column, data_type in columns:
                expr = f'"{column}"' if data_type == "bytea" else f"convert_to(\"{column}\"::text, 'UTF8')"
                rows = conn.execute(text(f'SELECT {expr} FROM "{table}" WHERE "{column}" IS NOT NULL'))
                for (value,) in rows:
                    for hit in scan(bytes(value)):
                        findings.append(f"{service}.{table}.{column}: …{hit[-4:].decode()}")
        engine.dispose()
    FINDINGS["database columns"] = len(findings)
    assert findings == []


def drive_flows(suite: str) -> list[requests.Response]:
    """Flows carrying personal data through the gateway; returns the anonymous responses to check."""
    username = f"pii{random.randint(0, 10**8):08d}"
    registered = register_account(
        suite,
        {
            "username": username,
            "password": "Passw0rd!x",
            "name": FRESH_NAME,
            "id_number": FRESH_ID,
            "phone": FRESH_PHONE,
        },
    )
    assert registered.status_code == 201, registered.text
    api = ApiClient(suite)
    assert api.login(username, "Passw0rd!x").status_code == 200
    assert api.get("/api/v1/me").status_code == 200
    zhang = ApiClient(suite)
    assert zhang.login("zhangwei").status_code == 200
    assert zhang.get("/api/v1/houses").status_code == 200
    assert zhang.get(f"/houses/{demo.demo_id('house', 'H1')}").status_code == 200
    query = zhang.send(
        "POST", "/api/v1/house-queries", json={"by": "certificate", "cert_no": demo.LIU_YANG_HOUSE.cert_no}
    )
    assert query.status_code == 200
    # owners' documents (F10): a statement, a certificate, their PDFs; the certificate's code is public
    h1 = demo.demo_id("house", "H1")
    assert zhang.get(f"/houses/{h1}/statements/2025").status_code == 200
    assert zhang.get(f"/api/v1/houses/{h1}/statements/2025/pdf").status_code == 200
    certificate = zhang.send("POST", f"/api/v1/houses/{h1}/deposit-certificates")
    assert certificate.status_code == 201, certificate.text
    code = certificate.json()["verification_code"]
    assert zhang.get(f"/api/v1/deposit-certificates/{certificate.json()['certificate_id']}/pdf").ok

    anonymous = [
        requests.get(f"{suite}/api/v1/deposit-certificates/verify", params={"code": code}, timeout=10),
        requests.get(f"{suite}/certificates/verify", params={"code": code}, timeout=10),
        requests.get(f"{suite}/certificates/verify", params={"code": "0000-0000-0000-0000"}, timeout=10),
        requests.get(f"{suite}/api/v1/deposit-certificates/verify", params={"code": FRESH_ID}, timeout=10),
        # quick pay: a hit (masked name) and a miss, both without a session
        requests.post(
            f"{suite}/api/v1/quickpay/lookups",
            json={"business_no": demo.QUICKPAY_BUSINESS_NO, "owner_name": "王芳"},
            timeout=10,
        ),
        requests.post(
            f"{suite}/api/v1/quickpay/lookups",
            json={"business_no": "SW209912310001", "owner_name": FRESH_NAME},
            timeout=10,
        ),
        requests.get(
            f"{suite}/receipts/verify",
            params=dict(zip(("bill_code", "bill_no", "check_code"), demo.H1_RECEIPT[:3], strict=True)),
            timeout=10,
        ),
        # errors that might echo what was sent: a duplicate ID number, a bad check character, a bad login
        requests.post(
            f"{suite}/api/v1/accounts",
            json={
                "username": username + "b",
                "password": "Passw0rd!x",
                "name": FRESH_NAME,
                "id_number": FRESH_ID,
                "phone": FRESH_PHONE,
            },
            timeout=10,
        ),
        requests.post(
            f"{suite}/api/v1/accounts",
            json={
                "username": username + "c",
                "password": "Passw0rd!x",
                "name": FRESH_NAME,
                "id_number": FRESH_ID[:17] + ("0" if FRESH_ID[17] != "0" else "1"),
                "phone": FRESH_PHONE,
            },
            timeout=10,
        ),
        requests.post(f"{suite}/api/v1/session", json={"username": FRESH_ID, "password": "x"}, timeout=10),
        requests.post(
            f"{suite}/api/v1/session", json={"phone": FRESH_PHONE, "sms_code": "000000"}, timeout=10
        ),
        requests.get(f"{suite}/api/v1/houses/{FRESH_ID}", timeout=10),
        requests.get(f"{suite}/no-such-page/{FRESH_PHONE}", timeout=10),
    ]
    anonymous += [
        requests.get(f"{suite}{path}", timeout=10) for path in ("/", "/login", "/register", "/quickpay")
    ]
    return anonymous


def secrets() -> list[str]:
    values = [FRESH_ID, FRESH_PHONE, FRESH_NAME]
    for account in demo.ACCOUNTS:
        values += [account.name, account.id_number, account.phone]
    for owner in (demo.ZHANG_WEI, demo.LI_NA, demo.WANG_FANG, demo.LIU_YANG, demo.CHEN_JING, demo.ZHOU_QIANG):
        values += [owner.name, owner.id_number]
    return sorted(set(values))


def test_no_clear_personal_data_in_anonymous_responses_or_any_log_line(suite: str) -> None:
    responses = drive_flows(suite)
    leaks = []
    for response in responses:
        body = response.content.decode("utf-8", "replace")
        for value in secrets():
            if value in body:
                leaks.append(
                    f"{response.request.method} {response.url} -> {response.status_code}: {value[:1]}…"
                )
        leaks += [f"{response.url}: pattern …{hit[-4:].decode()}" for hit in scan(response.content)]
    FINDINGS["anonymous responses"] = len(leaks)
    assert leaks == []

    log_dir = ROOT / "var" / f"log-e2e{SLOT}"
    # sandbox.log belongs to the simulated third parties (SMS provider, real-name check, platforms), which
    # receive personal data by design; every log of the suite's own processes is scanned.
    logs = sorted(p for p in log_dir.glob("*.log") if p.name != "sandbox.log")
    assert logs, log_dir
    findings = []
    for path in logs:
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            for value in secrets():
                if value in line:
                    findings.append(f"{path.name}:{number}: {value[:1]}… in {line[:160]}")
            for hit in scan(line.encode()):
                findings.append(f"{path.name}:{number}: pattern …{hit[-4:].decode()} in {line[:160]}")
    FINDINGS[f"lines of {len(logs)} logs"] = len(findings)
    assert findings == []


def test_messages_and_sms_texts_hold_no_id_number_phone_or_full_name(suite: str) -> None:
    """What owners are told (the notification database's messages and SMS parameters, each SMS text as the
    provider renders it, and every SMS the sandbox's gateway kept) names no one in full and holds no ID
    number or phone."""
    import json
    import time

    import grpc

    from maintfund.deposit.v1 import deposit_pb2, deposit_pb2_grpc
    from sandbox.messaging_idp import TEMPLATES
    from tests.conftest import PORT_OFFSET

    # something to tell zhangwei: the back office raises a 补交 on his H3 (voided again afterwards)
    back_office = (("authorization", "Bearer dev-backoffice-token"),)
    with grpc.insecure_channel(f"127.0.0.1:{50053 + PORT_OFFSET}") as channel:
        deposit = deposit_pb2_grpc.DepositServiceStub(channel)
        bill = deposit.RaiseBill(
            deposit_pb2.RaiseBillRequest(
                house_id=demo.H3.house_id, payment_type=deposit_pb2.PAYMENT_TYPE_TOP_UP, amount_fen=12_345
            ),
            metadata=back_office,
            timeout=10,
        ).bill
    engine = create_engine(f"{PG_BASE}/{DB_PREFIX}e2e_notification")
    texts: list[str] = []
    deadline = time.monotonic() + 30
    while not any("123.45" in t for t in texts) and time.monotonic() < deadline:  # the bill's message
        texts = []
        with engine.connect() as conn:
            texts = [
                " ".join(row) for row in conn.execute(text("SELECT title, body, link FROM notifications"))
            ]
            for template, params in conn.execute(text("SELECT template, params FROM sms_messages")):
                values = params if isinstance(params, dict) else json.loads(params)
                rendered = TEMPLATES[template]
                for name, value in values.items():
                    rendered = rendered.replace("${" + name + "}", value)
                texts.append(rendered)
        time.sleep(0.5)
    engine.dispose()
    with grpc.insecure_channel(f"127.0.0.1:{50053 + PORT_OFFSET}") as channel:
        deposit_pb2_grpc.DepositServiceStub(channel).VoidBill(
            deposit_pb2.VoidBillRequest(bill_id=bill.bill_id, reason="PII scan"),
            metadata=back_office,
            timeout=10,
        )
    assert any("123.45" in t for t in texts), "no message to scan"

    kept = requests.get(f"http://127.0.0.1:{9100 + PORT_OFFSET}/sandbox/sms", timeout=10).json()["items"]
    texts += [m["text"] + json.dumps(m["params"], ensure_ascii=False) for m in kept]
    findings = []
    for body in texts:
        findings += [f"{value[:1]}… in {body[:80]}" for value in secrets() if value in body]
        findings += [f"pattern …{hit[-4:].decode()} in {body[:80]}" for hit in scan(body.encode())]
    FINDINGS["messages and SMS texts"] = len(findings)
    assert findings == []
