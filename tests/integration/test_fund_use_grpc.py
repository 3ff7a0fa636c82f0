"""RecordFundUse over gRPC, as the district 管理部's back office calls it: the deposit service's real
servicer in process (caller tokens checked) on a real PostgreSQL.

A project posts each house's share as an apportionment linked to it, in one transaction; the owner's entry
then explains the project and the share; the same project number again changes nothing; a bad record
(a field missing or out of bounds, shares that do not add up, an unknown house, a business number in use)
is INVALID_ARGUMENT or FAILED_PRECONDITION with a stable code, and nothing is written."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal

import grpc
import pytest
from sqlalchemy import func, insert, select

from deposit.adapters.orm import (
    fund_project_shares,
    fund_projects,
    house_accounts,
    house_facts,
    ledger_entries,
)
from deposit.bootstrap import Deposit
from deposit.bootstrap import bootstrap as deposit_bootstrap
from deposit.config import Config as DepositConfig
from deposit.domain.ledger import EntryKind, Posting
from deposit.entrypoints.grpc_server import build_server
from deposit.service_layer import copies, ledger
from maintfund.deposit.v1 import deposit_pb2 as pb
from maintfund.deposit.v1 import deposit_pb2_grpc
from maintfund.events.v1 import events_pb2
from maintfund_common import errors
from maintfund_common.db import utcnow
from maintfund_common.grpc_errors import from_rpc_error
from maintfund_common.grpc_server import GrpcServerConfig

pytestmark = pytest.mark.integration
TOKENS = {"t-backoffice": "backoffice", "t-gateway": "gateway"}
BACK_OFFICE = (("authorization", "Bearer t-backoffice"),)
GATEWAY = (("authorization", "Bearer t-gateway"),)
FIRST_DEPOSIT_FEN = 1_790_000


@pytest.fixture(scope="module")
def deposit(
    migrated_databases: dict[str, str],
) -> Iterator[tuple[deposit_pb2_grpc.DepositServiceStub, Deposit]]:
    config = dataclasses.replace(
        DepositConfig.from_env(),
        database_url=migrated_databases["deposit"],
        grpc=GrpcServerConfig("deposit", 0, 0, 4, 1.0, 0.0, TOKENS),
    )
    app = deposit_bootstrap(config)
    service = build_server(app)
    service.server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{service.port}")
    yield deposit_pb2_grpc.DepositServiceStub(channel), app
    channel.close()
    service.server.stop(0).wait()
    app.db.dispose()


def _house(app: Deposit, building: str, room: str, account_id: str = "") -> str:
    """A house of ``building`` with its first deposit booked (and bound to ``account_id``)."""
    house_id = str(uuid.uuid4())
    with app.db.engine.begin() as conn:
        conn.execute(
            insert(house_facts).values(
                house_id=house_id,
                district_code="110105",
                address=f"{building}1单元{room}",
                area_m2=Decimal("89.50"),
                property_kind="COMMODITY",
                storey_class="HIGH_RISE",
                deposits_blocked=False,
                updated_at=utcnow(),
            )
        )
    with app.db.unit_of_work() as uow:
        if account_id:
            copies.record_binding(uow, events_pb2.HouseBound(account_id=account_id, house_id=house_id))
        posting = Posting(
            EntryKind.FIRST_DEPOSIT,
            FIRST_DEPOSIT_FEN,
            0,
            f"SC{uuid.uuid4().hex[:16]}",
            utcnow(),
            "",
            "首次交存",
        )
        ledger.post(uow, house_id, posting)
        uow.commit()
    return house_id


def _building() -> str:
    return f"朝阳区测试西园{uuid.uuid4().hex[:6]}号院3号楼"


def _request(building: str, shares: list[tuple[str, int]], **changes: object) -> pb.RecordFundUseRequest:
    project = pb.FundProject(
        project_no=f"WX-{uuid.uuid4().hex[:12]}",
        name="3号楼屋面防水维修",
        reason="屋面防水层老化，顶层多户渗漏",
        scope=pb.PROJECT_SCOPE_BUILDING,
        scope_name=building,
        total_cost_fen=12_000_000,
        households=48,
        share_basis=pb.SHARE_BASIS_BY_AREA,
        approved_on="2026-09-01",
        documents=[
            pb.ProjectDocument(kind="QUOTE", title="屋面防水维修报价单", reference="FS-01"),
            pb.ProjectDocument(kind="ACCEPTANCE", title="竣工验收记录", reference="FS-02"),
        ],
    )
    for field, value in changes.items():
        if field == "documents":
            del project.documents[:]
            project.documents.extend(value)  # type: ignore[arg-type]
        else:
            setattr(project, field, value)
    return pb.RecordFundUseRequest(
        project=project,
        shares=[
            pb.ProjectShare(house_id=h, amount_fen=amount, business_no=f"FT{uuid.uuid4().hex[:14]}")
            for h, amount in shares
        ],
    )


def _counts(app: Deposit) -> dict[str, int]:
    """Everything RecordFundUse could write, with every house account's balance."""
    with app.db.engine.connect() as conn:
        found = {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (ledger_entries, fund_projects, fund_project_shares)
        }
        found["balances"] = conn.execute(
            select(func.coalesce(func.sum(house_accounts.c.principal_fen + house_accounts.c.interest_fen), 0))
        ).scalar_one()
    return found


def _refused(call: Callable[[], object]) -> tuple[grpc.StatusCode, errors.DomainError]:
    with pytest.raises(grpc.RpcError) as raised:
        call()
    error = from_rpc_error("DepositService/RecordFundUse", raised.value)
    return raised.value.code(), error


def test_a_project_posts_each_share_and_the_entries_explain_it(deposit) -> None:
    stub, app = deposit
    owner = str(uuid.uuid4())
    building = _building()
    mine, neighbour = _house(app, building, "1503", owner), _house(app, building, "1603")
    request = _request(building, [(mine, 251_234), (neighbour, 198_766)])
    recorded = stub.RecordFundUse(request, timeout=5, metadata=BACK_OFFICE)
    assert recorded.created and recorded.project_id and len(recorded.entry_ids) == 2

    entry = stub.GetLedgerEntry(
        pb.GetLedgerEntryRequest(house_id=mine, entry_id=recorded.entry_ids[0], account_id=owner),
        timeout=5,
        metadata=GATEWAY,
    )
    assert (
        entry.entry.kind == pb.ENTRY_KIND_APPORTIONMENT
        and entry.entry.business_no == request.shares[0].business_no
    )
    assert entry.entry.amount_fen == -251_234 and entry.entry.balance_after_fen == FIRST_DEPOSIT_FEN - 251_234
    project = entry.project
    assert project.project_id == recorded.project_id and project.your_share_fen == 251_234
    assert (project.name, project.reason, project.scope_name) == (
        request.project.name,
        request.project.reason,
        building,
    )
    assert (project.total_cost_fen, project.households, project.share_basis, project.approved_on) == (
        12_000_000,
        48,
        pb.SHARE_BASIS_BY_AREA,
        "2026-09-01",
    )
    assert [(d.kind, d.title, d.reference) for d in project.documents] == [
        ("QUOTE", "屋面防水维修报价单", "FS-01"),
        ("ACCEPTANCE", "竣工验收记录", "FS-02"),
    ]
    seen = stub.ListBuildingProjects(
        pb.ListBuildingProjectsRequest(house_id=mine, account_id=owner), timeout=5, metadata=GATEWAY
    )
    assert seen.building == building
    assert [(p.project.project_id, p.houses_in_building, p.building_paid_fen) for p in seen.projects] == [
        (recorded.project_id, 2, 450_000)
    ]


def test_the_same_project_number_again_changes_nothing(deposit) -> None:
    stub, app = deposit
    building = _building()
    house = _house(app, building, "0801")
    request = _request(building, [(house, 300_000)])
    first = stub.RecordFundUse(request, timeout=5, metadata=BACK_OFFICE)
    before = _counts(app)
    again = stub.RecordFundUse(request, timeout=5, metadata=BACK_OFFICE)  # a retry after a lost answer
    assert (again.project_id, list(again.entry_ids), again.created) == (first.project_id, [], False)
    assert _counts(app) == before

    other = pb.RecordFundUseRequest()
    other.CopyFrom(request)
    other.project.name = "另一个项目"  # the number already names a different project
    status, error = _refused(lambda: stub.RecordFundUse(other, timeout=5, metadata=BACK_OFFICE))
    assert status == grpc.StatusCode.FAILED_PRECONDITION and error.code == "PROJECT_NO_REUSED"
    assert _counts(app) == before


def test_only_the_back_office_records_fund_uses(deposit) -> None:
    stub, app = deposit
    building = _building()
    request = _request(building, [(_house(app, building, "0101"), 1_000)])
    before = _counts(app)
    status, error = _refused(lambda: stub.RecordFundUse(request, timeout=5, metadata=GATEWAY))
    assert status == grpc.StatusCode.PERMISSION_DENIED and error.code == "CALLER_NOT_ALLOWED"
    with pytest.raises(grpc.RpcError) as anonymous:
        stub.RecordFundUse(request, timeout=5)
    assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert _counts(app) == before


def _unknown_house_last(houses: list[str]) -> list[tuple[str, int]]:
    # the first share would post before the unknown house is met: the whole transaction rolls back
    return [(houses[0], 100_000), (str(uuid.uuid4()), 100_000)]


BAD = [
    # (id, project changes, shares from the two houses, field)
    ("no-name", {"name": ""}, None, "name"),
    ("blank-name", {"name": "   "}, None, "name"),
    ("name-too-long", {"name": "维" * 101}, None, "name"),
    ("no-reason", {"reason": ""}, None, "reason"),
    ("no-project-no", {"project_no": ""}, None, "project_no"),
    ("no-scope-name", {"scope_name": ""}, None, "scope_name"),
    ("negative-cost", {"total_cost_fen": -12_000_000}, None, "total_cost_fen"),
    ("zero-cost", {"total_cost_fen": 0}, None, "total_cost_fen"),
    ("no-households", {"households": 0}, None, "households"),
    ("no-scope", {"scope": pb.PROJECT_SCOPE_UNSPECIFIED}, None, "project"),
    ("no-share-basis", {"share_basis": pb.SHARE_BASIS_UNSPECIFIED}, None, "project"),
    ("bad-approval-date", {"approved_on": "2026-13-01"}, None, "approved_on"),
    ("bad-document", {"documents": [pb.ProjectDocument(kind="SELFIE", title="x")]}, None, "documents"),
    ("untitled-document", {"documents": [pb.ProjectDocument(kind="QUOTE", title=" ")]}, None, "documents"),
    ("shares-over-cost", {"total_cost_fen": 150_000}, lambda h: [(h[0], 100_000), (h[1], 50_001)], "shares"),
    ("more-shares-than-households", {"households": 1}, None, "shares"),
    ("same-house-twice", {}, lambda h: [(h[0], 1_000), (h[0], 2_000)], "shares"),
    ("zero-share", {}, lambda h: [(h[0], 0), (h[1], 1_000)], "shares"),
    ("negative-share", {}, lambda h: [(h[0], -1_000), (h[1], 1_000)], "shares"),
    ("unknown-house", {}, _unknown_house_last, "shares"),
]


@pytest.mark.parametrize(("changes", "shares", "field"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_a_bad_record_is_invalid_argument_and_writes_nothing(deposit, changes, shares, field) -> None:
    stub, app = deposit
    building = _building()
    houses = [_house(app, building, "0201"), _house(app, building, "0202")]
    pairs = shares(houses) if shares else [(houses[0], 100_000), (houses[1], 100_000)]
    request = _request(building, pairs, **changes)
    before = _counts(app)
    status, error = _refused(lambda: stub.RecordFundUse(request, timeout=5, metadata=BACK_OFFICE))
    assert status == grpc.StatusCode.INVALID_ARGUMENT, error.message
    assert error.code == "VALIDATION_FAILED" and error.details.get("field") == field, error.details
    assert error.message and not error.message.isascii()  # a sentence for the back office's clerk
    assert _counts(app) == before
    # the record, made whole, goes through: only the bad part was refused
    fixed = _request(building, [(houses[0], 100_000), (houses[1], 100_000)])
    assert stub.RecordFundUse(fixed, timeout=5, metadata=BACK_OFFICE).created


def test_business_numbers_are_the_ledgers(deposit) -> None:
    """Each share's business number is required, distinct, and new to the ledger: an entry booked for
    something else (a deposit, another project) is never linked to this project."""
    stub, app = deposit
    building = _building()
    a, b = _house(app, building, "0301"), _house(app, building, "0302")
    before = _counts(app)
    for business_nos in (("", "FT-OK-1"), ("FT-DUP", "FT-DUP"), ("F" * 41, "FT-OK-2")):
        request = _request(building, [(a, 1_000), (b, 1_000)])
        for share, number in zip(request.shares, business_nos, strict=True):
            share.business_no = number
        status, error = _refused(lambda r=request: stub.RecordFundUse(r, timeout=5, metadata=BACK_OFFICE))
        assert status == grpc.StatusCode.INVALID_ARGUMENT and error.details.get("field") == "shares"
    assert _counts(app) == before

    first = _request(building, [(a, 1_000)])
    assert stub.RecordFundUse(first, timeout=5, metadata=BACK_OFFICE).created
    before = _counts(app)
    # a new project reusing the first one's posting number, for the same house and amount
    reused = _request(building, [(b, 2_000), (a, 1_000)])
    reused.shares[1].business_no = first.shares[0].business_no
    status, error = _refused(lambda: stub.RecordFundUse(reused, timeout=5, metadata=BACK_OFFICE))
    assert status == grpc.StatusCode.FAILED_PRECONDITION and error.code == "BUSINESS_NO_REUSED"
    assert _counts(app) == before


def test_a_share_above_the_balance_refuses_the_whole_project(deposit) -> None:
    stub, app = deposit
    building = _building()
    a, b = _house(app, building, "0401"), _house(app, building, "0402")
    request = _request(building, [(a, 100_000), (b, FIRST_DEPOSIT_FEN + 1)])
    before = _counts(app)
    status, error = _refused(lambda: stub.RecordFundUse(request, timeout=5, metadata=BACK_OFFICE))
    assert status == grpc.StatusCode.FAILED_PRECONDITION and error.code == "INSUFFICIENT_BALANCE"
    assert _counts(app) == before


def _events_of(app: Deposit, event_type: type, house_id: str) -> list:
    """The events of ``event_type`` about ``house_id`` in the deposit service's outbox."""
    outbox = app.db.outbox
    with app.db.engine.connect() as conn:
        rows = conn.execute(
            select(outbox.c.payload).where(outbox.c.event_type == event_type.DESCRIPTOR.full_name)
        ).all()
    events = [event_type.FromString(row.payload) for row in rows]
    return [e for e in events if e.house_id == house_id]


def test_a_share_that_takes_the_balance_under_30_percent_raises_the_replenishment_bill_once(deposit) -> None:
    """The owners are told of each apportionment; the one that takes the balance under 30 % of the first
    deposit also raises the 续筹 bill and says so (BalanceLow with the bill); a later share does not again."""
    stub, app = deposit
    building = _building()
    house = _house(app, building, "0901", str(uuid.uuid4()))
    above = FIRST_DEPOSIT_FEN - FIRST_DEPOSIT_FEN * 30 // 100  # leaves exactly 30 %: not under it
    stub.RecordFundUse(_request(building, [(house, above)]), timeout=5, metadata=BACK_OFFICE)
    assert _events_of(app, events_pb2.BalanceLow, house) == []
    stub.RecordFundUse(_request(building, [(house, 100)]), timeout=5, metadata=BACK_OFFICE)
    stub.RecordFundUse(_request(building, [(house, 100)]), timeout=5, metadata=BACK_OFFICE)

    posted = _events_of(app, events_pb2.ApportionmentPosted, house)
    assert [e.share_fen for e in posted] == [above, 100, 100]
    assert posted[-1].balance_fen == FIRST_DEPOSIT_FEN - above - 200
    assert posted[0].project_name == "3号楼屋面防水维修" and posted[0].house_address.startswith(building)
    (low,) = _events_of(app, events_pb2.BalanceLow, house)
    assert (low.balance_fen, low.first_deposit_fen, low.threshold_percent) == (
        FIRST_DEPOSIT_FEN - above - 100,
        FIRST_DEPOSIT_FEN,
        30,
    )
    (raised,) = _events_of(app, events_pb2.BillRaised, house)
    assert raised.bill_id == low.bill_id and raised.payment_type == "REPLENISHMENT"
    assert raised.min_fen == 100 and raised.amount_fen == 0
    with app.db.reading() as repo:
        (bill,) = repo.list_bills([house], None)
    assert bill.bill.bill_id == low.bill_id and bill.bill.payment_type.value == "REPLENISHMENT"


def test_an_interest_allocation_posts_each_house_once_and_says_so(deposit) -> None:
    from deposit.service_layer.interest import allocate_interest, interest_business_no

    _stub, app = deposit
    building = _building()
    houses = [_house(app, building, f"{n}01", str(uuid.uuid4())) for n in range(1, 4)]
    allocation = f"T{uuid.uuid4().hex[:10]}"
    first = allocate_interest(app.db, allocation, rate_bp=35)
    assert first.posted >= 3 and first.already == 0
    again = allocate_interest(app.db, allocation, rate_bp=35)  # a rerun after a crash posts nothing new
    assert again.posted == 0 and again.already == first.posted
    for house in houses:
        (event,) = _events_of(app, events_pb2.InterestPosted, house)
        assert event.amount_fen == FIRST_DEPOSIT_FEN * 35 // 10_000
        assert event.balance_fen == FIRST_DEPOSIT_FEN + event.amount_fen
        assert event.business_no == interest_business_no(allocation, house)
        assert len(event.business_no) <= 40
