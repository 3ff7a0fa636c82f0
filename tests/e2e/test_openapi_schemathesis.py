"""Schemathesis against the running suite, driven by the gateway's own /api/v1/openapi.json.

Every operation is called with generated data as the demo owner zhangwei (session cookie and X-CSRF-Token)
and anonymously; the review operations also as reviewer_chaoyang. Each answer must be no 5xx, have a
documented status and content type, and match the documented schema. Path ids (and ``deposit_id`` in
bodies) are drawn either from the generator or from ids that exist in the demo data, so the success
schemas are checked on real answers.

Generated requests change state (orders, registrations, SMS codes, rate-limit counters) that the
other e2e tests must not see: the module resets the demo data after itself. Before it, the data need
not be pristine: the checks hold in any state.

`make test` runs a short pass; MAINTFUND_RELIABILITY=long (`make reliability`) runs many examples.
Schemathesis's own pytest integration (``from_fixture``) does not work with pytest 9.2 (it sets a
private node attribute pytest renamed), so each operation's Hypothesis strategy is run as a subtest.
"""

from __future__ import annotations

import os
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from maintfund_dev import demo
from tests import upload_samples as samples
from tests.e2e.helpers import ApiClient
from tests.reliability.summary import LONG, publish_figures

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES") or (150 if LONG else 8))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Logging in or out with the owner's cookie would replace the very session the owner pass runs on;
# these operations take no session and are fuzzed in the anonymous pass.
SESSION_LIFECYCLE = r"^/api/v1/(session|accounts|sms-codes)$"

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(3600 if LONG else 300)]
if LONG:
    pytestmark.append(pytest.mark.reliability)

EXAMPLES: Counter[str] = Counter()
FAILED: set[str] = set()
SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=not LONG,  # the short pass draws the same examples every run; the long one explores
    suppress_health_check=list(HealthCheck),
    database=None,
)


@pytest.fixture(scope="module", autouse=True)
def reset_after(demo_reset: Callable[[], None]) -> Iterator[None]:
    yield
    demo_reset()
    for who in ("owner", "reviewer", "anonymous"):
        ops = [k for k in EXAMPLES if k.startswith(who)]
        failed = [k for k in FAILED if k.startswith(who)]
        line = (
            f"schemathesis as {who}: {len(ops)} operations, {sum(EXAMPLES[k] for k in ops)} examples, "
            f"{len(failed)} failing operations (max_examples={MAX_EXAMPLES})"
        )
        if LONG:  # `make reliability` prints these lines and fails on any failing operation
            publish_figures(line, schemathesis_failures=len(failed))
        else:
            print(line)


@pytest.fixture(scope="module")
def api_schema(suite: str) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_url(f"{suite}/api/v1/openapi.json")
    schema.config.update(base_url=suite)
    return schema


@pytest.fixture(scope="module")
def owner(suite: str) -> ApiClient:
    api = ApiClient(suite)
    assert api.login("zhangwei").status_code == 200
    return api


@pytest.fixture(scope="module")
def reviewer(suite: str) -> ApiClient:
    api = ApiClient(suite)
    assert api.login("reviewer_chaoyang").status_code == 200
    return api


@pytest.fixture(scope="module")
def known_ids(owner: ApiClient, reviewer: ApiClient, suite: str) -> dict[str, list[str]]:
    """Ids that exist in the demo data, for path parameters and ``deposit_id`` (others' too: 404)."""
    h1 = demo.H1.house_id
    entries = owner.get(f"/api/v1/houses/{h1}/ledger", params={"limit": 5}).json()["items"]
    bills = owner.get("/api/v1/bills").json()["items"]
    lookup = requests.post(
        f"{suite}/api/v1/quickpay/lookups",
        json={"business_no": demo.QUICKPAY_BUSINESS_NO, "owner_name": demo.WANG_FANG.name},
        timeout=10,
    )
    assert lookup.status_code == 200, lookup.text
    # a registration waiting in reviewer_chaoyang's queue, with an uploaded PDF and image
    lina = ApiClient(suite)
    assert lina.login("lina").status_code == 200
    form = {"method": "proof", "district": "110105", "phone": "13800000002", "address": "朝阳区某路9号院"}
    files = [("files", ("合同.pdf", samples.pdf())), ("files", ("photo.png", samples.png_with_exif()))]
    created = lina.send("POST", "/api/v1/registrations", data=form, files=files)
    assert created.status_code == 201, created.text
    registration_id = created.json()["registration_id"]
    detail = reviewer.get(f"/api/v1/admin/registrations/{registration_id}").json()
    assert entries and bills and len(detail["files"]) == 2
    notifications = owner.get("/api/v1/notifications").json()["items"]  # the demo's messages, if any
    certificate = owner.send("POST", f"/api/v1/houses/{h1}/deposit-certificates")
    assert certificate.status_code == 201, certificate.text
    return {
        "house_id": [h.house_id for h in demo.HOUSES],
        "entry_id": [e["entry_id"] for e in entries],
        "bill_id": [b["bill_id"] for b in bills],
        "invoice_id": [d.invoice_id for d in demo.DEPOSITS if d.invoice_id],
        "deposit_id": [d.deposit_id for d in demo.DEPOSITS],
        "token": [lookup.json()["token"]],
        "registration_id": [registration_id],
        "file_id": [f["file_id"] for f in detail["files"]],
        # owners' documents: years of H1's ledger (2017 on), a certificate of H1's
        "year": ["2017", "2025", "2026"],
        "certificate_id": [certificate.json()["certificate_id"]],
        "notification_id": [n["notification_id"] for n in notifications] or [str(uuid.uuid4())],
    }


def fuzz(
    schema: schemathesis.BaseSchema,
    who: str,
    call: Callable[[schemathesis.Case], object],
    known: dict[str, list[str]],
    subtests: Any,
) -> None:
    """Every operation's strategy through Hypothesis; one subtest per operation, all run to the end."""
    for result in schema.get_all_operations():
        operation = result.ok()
        if who == "owner" and re.match(SESSION_LIFECYCLE, operation.path):
            continue
        label = f"{who} {operation.label}"

        @SETTINGS
        @given(case=operation.as_strategy(), data=st.data())
        def run(case: schemathesis.Case, data: st.DataObject) -> None:
            EXAMPLES[f"{who} {case.operation.label}"] += 1
            for name in list(case.path_parameters or {}):
                if name in known:
                    case.path_parameters[name] = data.draw(
                        st.sampled_from([case.path_parameters[name], *known[name]]), label=name
                    )
            if isinstance(case.body, dict) and "deposit_id" in case.body:
                case.body["deposit_id"] = data.draw(
                    st.sampled_from([case.body["deposit_id"], *known["deposit_id"]])
                )
            call(case)

        with subtests.test(msg=label):
            try:
                run()
            except BaseException:  # schemathesis reports a FailureGroup (a BaseExceptionGroup)
                FAILED.add(label)
                raise


def test_api_as_owner(
    api_schema: schemathesis.BaseSchema, owner: ApiClient, known_ids: dict[str, list[str]], subtests: Any
) -> None:
    def call(case: schemathesis.Case) -> None:
        case.call_and_validate(
            session=owner.http, headers={"X-CSRF-Token": owner.csrf}, checks=CHECKS, timeout=30
        )

    fuzz(api_schema, "owner", call, known_ids, subtests)


def test_review_api_as_reviewer(
    api_schema: schemathesis.BaseSchema, reviewer: ApiClient, known_ids: dict[str, list[str]], subtests: Any
) -> None:
    def call(case: schemathesis.Case) -> None:
        case.call_and_validate(
            session=reviewer.http, headers={"X-CSRF-Token": reviewer.csrf}, checks=CHECKS, timeout=30
        )

    fuzz(api_schema.include(path_regex="^/api/v1/admin/"), "reviewer", call, known_ids, subtests)


def test_api_anonymous(
    api_schema: schemathesis.BaseSchema, known_ids: dict[str, list[str]], subtests: Any
) -> None:
    def call(case: schemathesis.Case) -> None:
        with requests.Session() as http:
            case.call_and_validate(session=http, checks=CHECKS, timeout=30)

    fuzz(api_schema, "anonymous", call, known_ids, subtests)


def test_text_postgresql_cannot_store_is_a_400_not_a_crash(suite: str, owner: ApiClient) -> None:
    """Found by Schemathesis: a NUL in a login name reached PostgreSQL and came back as a 502."""
    anonymous = requests.post(
        f"{suite}/api/v1/session", json={"username": "zhang\x00wei", "password": "x"}, timeout=10
    )
    queried = owner.send("POST", "/api/v1/house-queries", json={"by": "address", "address": "东城\x00区"})
    for response in (anonymous, queried):
        assert response.status_code == 400, response.text
        assert response.headers["Content-Type"].startswith("application/problem+json")
        assert response.json()["code"] == "VALIDATION_FAILED"


def test_multipart_part_without_a_name_is_a_400_not_a_crash(owner: ApiClient) -> None:
    """Found by Schemathesis: such a part crashed the CSRF check (a 500) before any view ran."""
    body = (
        b"--XX\r\nContent-Disposition: form-data\r\n\r\nv\r\n"
        b'--XX\r\nContent-Disposition: form-data; name="method"\r\n\r\nproof\r\n--XX--\r\n'
    )
    response = owner.send(
        "POST",
        "/api/v1/registrations",
        data=body,
        headers={"Content-Type": "multipart/form-data; boundary=XX"},
    )
    assert response.status_code == 400, response.text
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "VALIDATION_FAILED"
