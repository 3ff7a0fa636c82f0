"""F4 个人造册 and its review by the district 管理部, through the running gateway (issue 3 acceptance).

The lina scenario changes the demo data (her houses); it puts the demo data back when it ends, so
the tests that expect lina without a house pass in any order. The other tests use fresh accounts
and houses imported into the register for the test.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import devctl
import pytest
import requests
from sqlalchemy import create_engine, func, select

from maintfund_dev import demo
from registry.adapters.orm import registration_files, registrations
from tests import upload_samples as samples
from tests.e2e.helpers import ApiClient, eventually, house_id
from tests.e2e.registry_helpers import fresh_contract_no, import_house, make_reviewer, new_account

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def registry_counts() -> tuple[int, int]:
    engine = create_engine(devctl.database_url("registry"))
    with engine.connect() as conn:
        counts = (
            conn.execute(select(func.count()).select_from(registrations)).scalar_one(),
            conn.execute(select(func.count()).select_from(registration_files)).scalar_one(),
        )
    engine.dispose()
    return counts


@pytest.fixture()
def restore_demo(demo_reset: Callable[[], None]) -> Iterator[None]:
    yield
    demo_reset()


def _submit(api: ApiClient, contract_no: str, district: str) -> requests.Response:
    return api.send(
        "POST",
        "/api/v1/registrations",
        json={
            "method": "contract",
            "contract_no": contract_no,
            "house_type": "商品房",
            "district": district,
            "phone": "13800000002",
        },
    )


def test_lina_adds_her_houses_and_the_chaoyang_office_reviews(suite: str, restore_demo: None) -> None:
    lina = ApiClient(suite)
    lina.login("lina")
    preview = lina.get(
        "/api/v1/registrations/lookup",
        params={"method": "contract", "contract_no": "y2024000123", "house_type": "商品房"},
    )
    assert preview.status_code == 200
    assert preview.json()["address"] == demo.LINA_HOUSE.address and preview.json()["owner_masked"] == "李*"
    assert preview.json()["district"] == "110112" and preview.json()["area_m2"] == 92.3
    missing = lina.get(
        "/api/v1/registrations/lookup",
        params={"method": "contract", "contract_no": "Y2024999999", "house_type": "商品房"},
    )
    assert missing.status_code == 404 and missing.json()["code"] == "HOUSE_NOT_FOUND"

    # her own house: the register's owner is 李娜 → bound at once
    bound = _submit(lina, "Y2024000123", "110112")
    assert bound.status_code == 201 and bound.json()["status"] == "BOUND"
    eventually(
        lambda: [h["house_id"] for h in lina.get("/api/v1/houses").json()["items"]] == [house_id("LINA")],
        "her house in 我的房屋 (HouseBound)",
    )
    again = _submit(lina, "Y2024000123", "110112")
    assert again.status_code == 409 and again.json()["code"] == "HOUSE_ALREADY_BOUND"

    # someone else's house in 朝阳区 → waits for the 朝阳 管理部; re-submitting returns the same one
    pending = _submit(lina, "Y2024000456", "110105")
    assert pending.status_code == 201 and pending.json()["status"] == "PENDING_REVIEW"
    registration_id = pending.json()["registration_id"]
    assert _submit(lina, "Y2024000456", "110105").json()["registration_id"] == registration_id

    # an owner cannot reach the reviewer API
    assert lina.get("/api/v1/admin/registrations").status_code in (403, 404)
    decision_path = f"/api/v1/admin/registrations/{registration_id}/decision"
    assert lina.send("POST", decision_path, json={"approve": True}).status_code in (403, 404)

    # a reviewer of another district neither sees nor decides it
    haidian = make_reviewer(suite, "110108")
    queue = haidian.get("/api/v1/admin/registrations", params={"status": "PENDING_REVIEW"}).json()["items"]
    assert registration_id not in {r["registration_id"] for r in queue}
    foreign = haidian.send("POST", decision_path, json={"approve": True, "reason": ""})
    unknown = haidian.send(
        "POST", f"/api/v1/admin/registrations/{uuid.uuid4()}/decision", json={"approve": True}
    )
    assert foreign.status_code == unknown.status_code == 404 and foreign.json() == unknown.json()

    # reviewer_chaoyang rejects it: lina sees the reason
    chaoyang = ApiClient(suite)
    chaoyang.login("reviewer_chaoyang")
    queue = chaoyang.get("/api/v1/admin/registrations", params={"status": "PENDING_REVIEW"}).json()["items"]
    assert registration_id in {r["registration_id"] for r in queue}
    detail = chaoyang.get(f"/api/v1/admin/registrations/{registration_id}").json()
    assert detail["applicant_name"] is None and detail["applicant_name_masked"] == "李*"
    assert detail["owner_masked"] == "陈*" and detail["applicant_is_owner"] is False
    revealed = chaoyang.send("POST", f"/api/v1/admin/registrations/{registration_id}/applicant")
    assert revealed.status_code == 200 and revealed.json()["applicant_name"] == "李娜"
    no_reason = chaoyang.send("POST", decision_path, json={"approve": False, "reason": ""})
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    rejected = chaoyang.send("POST", decision_path, json={"approve": False, "reason": "非该房屋产权人"})
    assert rejected.status_code == 200 and rejected.json()["status"] == "REJECTED"
    twice = chaoyang.send("POST", decision_path, json={"approve": True})
    assert twice.status_code == 409 and twice.json()["code"] == "REGISTRATION_ALREADY_DECIDED"
    history = lina.get("/api/v1/registrations").json()["items"]
    assert [(r["status"], r["reason"], r["method"]) for r in history[:1]] == [
        ("REJECTED", "非该房屋产权人", "contract")
    ]
    assert history[0]["decided_at"] and history[0]["address"] == demo.OTHER_CHAOYANG.address
    assert len(lina.get("/api/v1/houses").json()["items"]) == 1

    # she applies again; this time the office approves: the house appears on her home
    second = _submit(lina, "Y2024000456", "110105").json()
    assert second["registration_id"] != registration_id and second["status"] == "PENDING_REVIEW"
    approved = chaoyang.send(
        "POST", f"/api/v1/admin/registrations/{second['registration_id']}/decision", json={"approve": True}
    )
    assert approved.status_code == 200 and approved.json()["status"] == "APPROVED"
    # the house opens at once (deposit asks registry while its copy lacks the binding) and joins her
    # list as soon as the HouseBound event is in
    detail = lina.get(f"/api/v1/houses/{house_id('CHAOYANG456')}")
    assert detail.status_code == 200 and detail.json()["address"] == demo.OTHER_CHAOYANG.address
    houses = {h["house_id"] for h in lina.get("/api/v1/houses").json()["items"]}
    assert houses == {house_id("LINA"), house_id("CHAOYANG456")}
    eventually(lambda: lina.get("/api/v1/me").json()["house_count"] == 2, "her house count (HouseBound)")
    assert lina.get("/api/v1/registrations").json()["items"][0]["status"] == "APPROVED"


def test_fresh_owner_is_bound_by_contract_number(suite: str, tmp_path: Path) -> None:
    api, _, id_number = new_account(suite, "周八")
    contract_no = fresh_contract_no()
    new_house = import_house(tmp_path, "周八", id_number, "110105", contract_no)
    response = _submit(api, contract_no, "110105")
    assert response.status_code == 201 and response.json()["status"] == "BOUND"
    # the list comes from deposit's copy of the bindings: it shows the house once HouseBound is in
    eventually(
        lambda: [h["house_id"] for h in api.get("/api/v1/houses").json()["items"]] == [new_house],
        "the new house in 我的房屋",
    )


def test_bad_numbers_and_uploads_are_refused_and_nothing_is_stored(suite: str) -> None:
    api, _, _ = new_account(suite)
    before = registry_counts()

    def cert(number: str) -> requests.Response:
        return api.send(
            "POST",
            "/api/v1/registrations",
            json={"method": "certificate", "cert_no": number, "district": "110105", "phone": "13800000002"},
        )

    malformed = cert("京2023朝阳区12345")
    assert malformed.status_code == 400 and malformed.json()["code"] == "VALIDATION_FAILED"
    assert malformed.json()["field"] == "cert_no"
    assert malformed.headers["Content-Type"].startswith("application/problem+json")
    mortgage = cert("京(2023)朝阳区不动产证明第0012345号")
    assert mortgage.status_code == 400 and mortgage.json()["code"] == "CERTIFICATE_NOT_OWNERSHIP"
    assert "不动产证明" in mortgage.json()["detail"]

    form = {"method": "proof", "district": "110105", "phone": "13800000002", "address": "朝阳区某路1号"}
    exe = api.send(
        "POST", "/api/v1/registrations", data=form, files=[("files", ("房产证.pdf", samples.executable()))]
    )
    assert exe.status_code == 400 and exe.json()["code"] == "UPLOAD_REJECTED"
    big = api.send(
        "POST", "/api/v1/registrations", data=form, files=[("files", ("big.pdf", samples.oversized()))]
    )
    assert (
        big.status_code == 400 and big.json()["code"] == "UPLOAD_REJECTED" and "10 MB" in big.json()["detail"]
    )
    js = api.send(
        "POST", "/api/v1/registrations", data=form, files=[("files", ("a.pdf", samples.pdf(javascript=True)))]
    )
    assert js.status_code == 400 and js.json()["code"] == "UPLOAD_REJECTED"

    assert registry_counts() == before
    assert api.get("/api/v1/registrations").json()["items"] == []


def test_proof_upload_goes_to_review_and_the_reviewer_downloads_it_safely(suite: str) -> None:
    api, _, _ = new_account(suite)
    form = {
        "method": "proof",
        "district": "110105",
        "phone": "13800000002",
        "address": "朝阳区某路2号院3号楼",
    }
    files = [("files", ("合同.pdf", samples.pdf())), ("files", ("photo.png", samples.png_with_exif()))]
    created = api.send("POST", "/api/v1/registrations", data=form, files=files)
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "PENDING_REVIEW" and created.json()["method"] == "proof"

    chaoyang = ApiClient(suite)
    chaoyang.login("reviewer_chaoyang")
    detail = chaoyang.get(f"/api/v1/admin/registrations/{created.json()['registration_id']}").json()
    assert [f["content_type"] for f in detail["files"]] == ["application/pdf", "image/png"]
    image = detail["files"][1]
    download = chaoyang.get(
        f"/api/v1/admin/registrations/{detail['registration_id']}/files/{image['file_id']}"
    )
    assert download.status_code == 200 and download.content.startswith(b"\x89PNG")
    assert b"SecretCamera" not in download.content  # EXIF stripped
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Security-Policy"].startswith("sandbox")
    # the applicant cannot fetch the file through the reviewer API
    assert api.get(
        f"/api/v1/admin/registrations/{detail['registration_id']}/files/{image['file_id']}"
    ).status_code in (
        403,
        404,
    )
