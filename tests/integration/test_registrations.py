"""Registry registration use cases on the real PostgreSQL: submit, idempotency, review, audit, uploads."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import DBAPIError

from maintfund.events.v1 import events_pb2
from maintfund_common import errors
from maintfund_common.db import Database
from maintfund_common.field_crypto import KeyRing
from maintfund_dev import demo
from maintfund_dev.registry_seed import demo_records
from registry.adapters.orm import (
    audit_log,
    bindings,
    houses,
    metadata,
    outbox,
    registration_files,
    registrations,
)
from registry.adapters.repository import RegistryRepository
from registry.adapters.uploads import IncomingFile, UploadSanitizer
from registry.bootstrap import database as registry_database
from registry.service_layer import registrations as reg
from registry.service_layer.importing import import_records, wipe
from tests import upload_samples as samples

pytestmark = pytest.mark.integration

KEYRING = KeyRing.for_development()
LINA_ACCOUNT = "acc-lina"
PEOPLE = {LINA_ACCOUNT: (demo.LI_NA.name, demo.LI_NA.id_number)}
CHAOYANG = reg.Actor("rev-1", "REVIEWER", "110105", "10.0.0.1")
HAIDIAN = reg.Actor("rev-2", "REVIEWER", "110108", "10.0.0.2")


@pytest.fixture()
def db(migrated_databases: dict[str, str]) -> Iterator[Database]:
    database = registry_database(migrated_databases["registry"])
    wipe(database)
    with database.unit_of_work() as uow:
        import_records(uow, KEYRING, demo_records())
    yield database
    database.dispose()


@pytest.fixture()
def deps() -> reg.RegistrationDeps:
    return reg.RegistrationDeps(KEYRING, lambda account_id: PEOPLE[account_id], UploadSanitizer())


def _count(db: Database, table) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _events(db: Database, event_type: str) -> list[bytes]:
    with db.engine.connect() as conn:
        return [
            r.payload for r in conn.execute(select(outbox.c.payload).where(outbox.c.event_type == event_type))
        ]


def _contract(contract_no: str, district: str, account: str = LINA_ACCOUNT) -> reg.SubmitCommand:
    return reg.SubmitCommand(
        account,
        reg.Method.CONTRACT,
        contract_no=contract_no,
        house_type="商品房",
        district_code=district,
        phone="13800000002",
    )


def test_lookup_masks_the_owner(db: Database) -> None:
    with db.reading() as repo:
        found = reg.lookup_house(
            repo, KEYRING, reg.Method.CONTRACT, contract_no="y2024000123", house_type="商品房", cert_no=""
        )
        assert found.house.house_id == demo.LINA_HOUSE.house_id and found.owners_masked == "李*"
        by_cert = reg.lookup_house(
            repo,
            KEYRING,
            reg.Method.CERTIFICATE,
            contract_no="",
            house_type="",
            cert_no="京(2023)朝阳区不动产权第12345号",
        )
        assert by_cert.house.house_id == demo.LIU_YANG_HOUSE.house_id and by_cert.owners_masked == "刘*"
        with pytest.raises(errors.NotFound) as caught:
            reg.lookup_house(
                repo,
                KEYRING,
                reg.Method.CONTRACT,
                contract_no="Y2024000999",
                house_type="商品房",
                cert_no="",
            )
        assert caught.value.code == "HOUSE_NOT_FOUND"


def test_owner_match_binds_at_once_and_marks_the_house_registered(db: Database, deps) -> None:
    result = reg.submit_registration(db, deps, _contract("Y2024000123", "110112"))
    assert result.status is reg.Status.BOUND and result.decided_at is not None
    assert result.house_id == demo.LINA_HOUSE.house_id and result.phone_masked == "138****0002"
    with db.engine.connect() as conn:
        assert conn.execute(
            select(bindings.c.via).where(bindings.c.account_id == LINA_ACCOUNT)
        ).scalar_one() == ("REGISTRATION")
        assert conn.execute(
            select(houses.c.fund_registered).where(houses.c.house_id == demo.LINA_HOUSE.house_id)
        ).scalar_one()
    bound = [events_pb2.HouseBound.FromString(p) for p in _events(db, "maintfund.events.v1.HouseBound")]
    assert [(e.house_id, e.account_id, e.via) for e in bound] == [
        (demo.LINA_HOUSE.house_id, LINA_ACCOUNT, "REGISTRATION")
    ]
    with pytest.raises(errors.Conflict) as caught:
        reg.submit_registration(db, deps, _contract("Y2024000123", "110112"))
    assert caught.value.code == "HOUSE_ALREADY_BOUND"


def test_no_match_waits_for_review_and_resubmission_is_idempotent(db: Database, deps) -> None:
    first = reg.submit_registration(db, deps, _contract("Y2024000456", "110105"))
    again = reg.submit_registration(db, deps, _contract("y2024000456", "110105"))
    assert first.status is reg.Status.PENDING_REVIEW and again.registration_id == first.registration_id
    assert _count(db, registrations) == 1 and _count(db, bindings) == 0
    with pytest.raises(errors.ValidationFailed):  # the house is in 朝阳区
        reg.submit_registration(db, deps, _contract("Y2024000456", "110108"))
    with pytest.raises(errors.NotFound):
        reg.submit_registration(db, deps, _contract("Y2024000999", "110105"))


def test_a_submission_that_loses_the_pending_slot_race_answers_the_winners_registration(
    db: Database, deps, migrated_databases: dict[str, str]
) -> None:
    """Two identical submissions at once: the loser's insert meets the unique pending slot, the repository
    says PendingSlotTaken (no SQLAlchemy error reaches the use case), and the retry answers the winner's."""
    command = _contract("Y2024000456", "110105")
    won: list[reg.Registration] = []

    class LosingTheRace(RegistryRepository):
        def pending_for(self, keyring: KeyRing, account_id: str, house_id: str) -> reg.Registration | None:
            found = super().pending_for(keyring, account_id, house_id)
            if found is None and not won:  # the other submission commits right after this read
                won.append(reg.submit_registration(db, deps, command))
            return found

    racing = Database(migrated_databases["registry"], metadata, repositories=LosingTheRace)
    try:
        lost = reg.submit_registration(racing, deps, command)
    finally:
        racing.dispose()
    assert won and lost.registration_id == won[0].registration_id
    assert lost.status is reg.Status.PENDING_REVIEW
    assert _count(db, registrations) == 1 and _count(db, registration_files) == 0


def test_review_queue_is_per_district_and_decisions_are_audited(db: Database, deps) -> None:
    pending = reg.submit_registration(db, deps, _contract("Y2024000456", "110105"))
    with db.reading() as repo:
        queue, cursor = reg.list_pending_registrations(repo, KEYRING, "110105", 20, "")
        assert [r.registration_id for r in queue] == [pending.registration_id] and cursor == ""
        assert reg.list_pending_registrations(repo, KEYRING, "110108", 20, "")[0] == []
    with pytest.raises(errors.NotFound):  # another district's registration is invisible
        reg.decide_registration(db, KEYRING, reg.DecideCommand(pending.registration_id, HAIDIAN, True))
    view = reg.get_registration(db, KEYRING, pending.registration_id, CHAOYANG)
    # masked by default; 李娜 is not the registered owner (陈*)
    assert (view.applicant_name, view.applicant_phone) == ("", "")
    assert view.applicant_name_masked == "李*" and view.applicant_phone_masked == "138****0002"
    assert view.owners_masked == "陈*" and view.applicant_is_owner is False
    revealed = reg.get_registration(db, KEYRING, pending.registration_id, CHAOYANG, reveal_applicant=True)
    assert revealed.applicant_name == "李娜" and revealed.applicant_phone == "13800000002"

    approved = reg.decide_registration(
        db, KEYRING, reg.DecideCommand(pending.registration_id, CHAOYANG, True, "核实无误")
    )
    assert approved.status is reg.Status.APPROVED and approved.reviewer_id == "rev-1"
    with db.engine.connect() as conn:
        assert (
            conn.execute(select(bindings.c.via).where(bindings.c.account_id == LINA_ACCOUNT)).scalar_one()
            == "REVIEW"
        )
        trail = conn.execute(select(audit_log).order_by(audit_log.c.id)).all()
    mine = [(a.actor_id, a.action, a.outcome) for a in trail if pending.registration_id in a.target]
    assert mine == [
        ("rev-2", "APPROVE_REGISTRATION", "REFUSED"),
        ("rev-1", "VIEW_REGISTRATION", "OK"),
        ("rev-1", "REVEAL_APPLICANT", "OK"),
        ("rev-1", "APPROVE_REGISTRATION", "APPROVED"),
    ]
    assert trail[-1].source_ip == "10.0.0.1"
    decided = [
        events_pb2.RegistrationDecided.FromString(p)
        for p in _events(db, "maintfund.events.v1.RegistrationDecided")
    ]
    assert [(e.registration_id, e.decision, e.reviewer_id) for e in decided] == [
        (pending.registration_id, "APPROVED", "rev-1")
    ]
    with pytest.raises(errors.Conflict):
        reg.decide_registration(
            db, KEYRING, reg.DecideCommand(pending.registration_id, CHAOYANG, False, "重复")
        )


def test_rejection_shows_its_reason_in_history(db: Database, deps) -> None:
    pending = reg.submit_registration(db, deps, _contract("Y2024000456", "110105"))
    reg.decide_registration(
        db, KEYRING, reg.DecideCommand(pending.registration_id, CHAOYANG, False, "非房屋所有权人")
    )
    with db.reading() as repo:
        history, _ = reg.list_account_registrations(repo, KEYRING, LINA_ACCOUNT, 20, "")
    assert [(r.status, r.reason) for r in history] == [(reg.Status.REJECTED, "非房屋所有权人")]
    assert _count(db, bindings) == 0
    again = reg.submit_registration(db, deps, _contract("Y2024000456", "110105"))  # may apply again
    assert again.registration_id != pending.registration_id


def test_history_is_keyset_paginated_newest_first(db: Database, deps) -> None:
    ids = [
        reg.submit_registration(
            db,
            deps,
            reg.SubmitCommand(
                LINA_ACCOUNT,
                reg.Method.PROOF,
                district_code="110105",
                phone="13800000002",
                address=f"朝阳区测试路{i}号",
                files=(IncomingFile("a.pdf", samples.pdf()),),
            ),
        ).registration_id
        for i in range(3)
    ]
    seen, cursor = [], ""
    with db.reading() as repo:
        while True:
            page, cursor = reg.list_account_registrations(repo, KEYRING, LINA_ACCOUNT, 2, cursor)
            seen += [r.registration_id for r in page]
            if not cursor:
                break
    assert seen == ids[::-1]


def test_proof_files_are_stored_in_the_database_and_served_to_the_district(db: Database, deps) -> None:
    result = reg.submit_registration(
        db,
        deps,
        reg.SubmitCommand(
            LINA_ACCOUNT,
            reg.Method.PROOF,
            contract_no="Y2024000456",
            house_type="商品房",
            district_code="110105",
            phone="13800000002",
            files=(
                IncomingFile("购房合同.pdf", samples.pdf()),
                IncomingFile("p.png", samples.png_with_exif()),
            ),
        ),
    )
    assert result.status is reg.Status.PENDING_REVIEW and result.house_id == demo.OTHER_CHAOYANG.house_id
    view = reg.get_registration(db, KEYRING, result.registration_id, CHAOYANG)
    assert [f.content_type for f in view.registration.files] == ["application/pdf", "image/png"]
    info, content = reg.get_registration_file(
        db,
        KEYRING,
        result.registration_id,
        view.registration.files[0].file_id,
        CHAOYANG,
        openable=deps.sanitizer.openable,
    )
    assert content.startswith(b"%PDF") and info.size_bytes == len(content)
    with pytest.raises(errors.NotFound):
        reg.get_registration_file(
            db, KEYRING, result.registration_id, info.file_id, HAIDIAN, openable=deps.sanitizer.openable
        )


@pytest.mark.parametrize(
    "files",
    [
        (IncomingFile("setup.pdf", samples.executable()),),
        (IncomingFile("big.pdf", samples.oversized()),),
        (IncomingFile("ok.pdf", samples.pdf()), IncomingFile("js.pdf", samples.pdf(javascript=True))),
        tuple(IncomingFile(f"{i}.pdf", samples.pdf()) for i in range(6)),
    ],
    ids=["exe-renamed", "11MB", "one-bad-of-two", "six-files"],
)
def test_refused_uploads_store_nothing(db: Database, deps, files) -> None:
    command = reg.SubmitCommand(
        LINA_ACCOUNT,
        reg.Method.PROOF,
        district_code="110105",
        phone="13800000002",
        address="朝阳区某路1号",
        files=files,
    )
    with pytest.raises(errors.ValidationFailed) as caught:
        reg.submit_registration(db, deps, command)
    assert caught.value.code == "UPLOAD_REJECTED"
    assert _count(db, registrations) == 0 and _count(db, registration_files) == 0


def test_audit_log_is_append_only(db: Database) -> None:
    with db.unit_of_work() as uow:
        uow.session.execute(
            audit_log.insert().values(
                occurred_at=func.now(),
                actor_id="x",
                actor_role="R",
                action="A",
                target=str(uuid.uuid4()),
                outcome="OK",
                request_id="",
                source_ip="",
                detail="",
            )
        )
        uow.commit()
    for statement in (
        audit_log.update().values(outcome="FORGED"),
        delete(audit_log),
        text("TRUNCATE audit_log"),
    ):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.execute(statement)


@pytest.mark.parametrize("typed", ["", "139****0009"])
def test_the_accounts_phone_is_the_contact_when_kept_as_prefilled(db: Database, typed: str) -> None:
    """添加房屋 prefills the account's phone, masked: kept (or emptied), the registry uses the account's."""
    deps = reg.RegistrationDeps(
        KEYRING, lambda account_id: PEOPLE[account_id], UploadSanitizer(), lambda account_id: "13900000009"
    )
    cmd = dataclasses.replace(_contract("Y2024000456", "110105"), phone=typed)
    pending = reg.submit_registration(db, deps, cmd)
    view = reg.get_registration(db, KEYRING, pending.registration_id, CHAOYANG, reveal_applicant=True)
    assert view.applicant_phone == "13900000009"


def test_a_typed_phone_wins_and_another_mask_is_refused(db: Database, deps) -> None:
    deps = dataclasses.replace(deps, account_phone=lambda account_id: "13900000009")
    typed = reg.submit_registration(db, deps, dataclasses.replace(_contract("Y2024000456", "110105")))
    view = reg.get_registration(db, KEYRING, typed.registration_id, CHAOYANG, reveal_applicant=True)
    assert view.applicant_phone == "13800000002"
    with pytest.raises(errors.ValidationFailed):  # a masked number that is not the account's
        reg.submit_registration(
            db, deps, dataclasses.replace(_contract("Y2024000123", "110112"), phone="138****1111")
        )
