"""Registry use cases on the register (houses, owners, bindings): one function per use case, given a
unit of work (``uow.repo``) or, for reads, the repository over a read (``db.reading()``)."""

from __future__ import annotations

import base64
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from maintfund.events.v1 import events_pb2
from maintfund_common import audit, copies, errors, house_grants
from maintfund_common.db import UnitOfWork
from maintfund_common.field_crypto import KeyRing
from registry.domain.certificates import normalize_certificate_number, normalize_contract_number
from registry.domain.model import BindingVia, House
from registry.domain.owners import NAME_CONTEXT, identity_index

if TYPE_CHECKING:
    from registry.adapters.repository import RegistryRepository

MAX_PAGE = 100
DEFAULT_PAGE = 20
MAX_BATCH = 500


@dataclass(frozen=True)
class BindResult:
    house_count: int
    newly_bound: int
    house_ids: list[str]


def bind_owned_houses(
    uow: UnitOfWork[RegistryRepository], keyring: KeyRing, account_id: str, name: str, id_number: str
) -> BindResult:
    """Identity matching at login: bind every house whose owners include this person (co-owners too)."""
    owned = uow.repo.houses_owned_by(identity_index(keyring, name, id_number))
    new = sorted(set(owned) - uow.repo.bound_house_ids(account_id))
    uow.repo.add_bindings(account_id, new, BindingVia.IDENTITY_MATCH)
    for house_id in new:
        uow.publish(
            events_pb2.HouseBound(house_id=house_id, account_id=account_id, via=BindingVia.IDENTITY_MATCH)
        )
    bound = sorted(uow.repo.bound_house_ids(account_id))
    uow.commit()
    return BindResult(house_count=len(bound), newly_bound=len(new), house_ids=bound)


def page_size(requested: int) -> int:
    if requested < 0 or requested > MAX_PAGE:
        raise errors.ValidationFailed(f"每页条数应在 1 到 {MAX_PAGE} 之间", field="limit")
    return requested or DEFAULT_PAGE


def encode_cursor(value: str) -> str:
    return base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")


def decode_cursor(token: str) -> str:
    if not token:
        return ""
    try:
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise errors.ValidationFailed("分页游标无效", field="cursor") from None


@dataclass(frozen=True)
class HousePage:
    houses: list[House]
    next_cursor: str
    total_bound: int


def list_account_houses(
    repo: RegistryRepository, account_id: str, address_contains: str, requested_size: int, cursor: str
) -> HousePage:
    size = page_size(requested_size)
    rows = repo.list_bound_houses(account_id, address_contains.strip(), decode_cursor(cursor), size + 1)
    more = len(rows) > size
    rows = rows[:size]
    return HousePage(
        houses=rows,
        next_cursor=encode_cursor(rows[-1].house_id) if more else "",
        total_bound=repo.count_bound(account_id),
    )


def list_houses(repo: RegistryRepository, requested_size: int, token: str) -> copies.SourcePage[House]:
    """The whole register in house-id order, for copies checked against it (reconcile-copies)."""
    size = copies.source_page_size(requested_size)
    rows = repo.page_houses(copies.decode_token(token), size + 1)
    return copies.source_page(rows, size, lambda house: house.house_id)


def list_bindings(
    repo: RegistryRepository, requested_size: int, token: str
) -> copies.SourcePage[tuple[str, str]]:
    """Every binding in (account, house) order, for copies checked against it (reconcile-copies)."""
    size = copies.source_page_size(requested_size)
    after = None
    if token:
        account_id, sep, house_id = copies.decode_token(token).partition("|")
        if not sep:
            raise errors.ValidationFailed("分页游标无效", field="page_token")
        after = (account_id, house_id)
    rows = repo.page_bindings(after, size + 1)
    return copies.source_page(rows, size, "|".join)


def get_account_house(repo: RegistryRepository, account_id: str, house_id: str) -> House:
    house = repo.get_bound_house(account_id, house_id)
    if house is None:
        raise errors.NotFound("房屋不存在", code="NOT_FOUND")
    return house


def batch_get_houses(repo: RegistryRepository, house_ids: list[str]) -> list[House]:
    if len(house_ids) > MAX_BATCH:
        raise errors.ValidationFailed(f"一次最多查询 {MAX_BATCH} 套房屋")
    return repo.get_houses(house_ids)


FIND_METHODS = ("address", "contract", "certificate")


def normalize_address(raw: str) -> str:
    """Full-width to half-width and no whitespace: owners type addresses on phones."""
    value = unicodedata.normalize("NFKC", raw or "")
    return "".join(value.split())


def find_house(
    repo: RegistryRepository,
    account_id: str,
    by: str,
    *,
    address: str = "",
    contract_no: str = "",
    house_type: str = "",
    cert_no: str = "",
) -> tuple[House, bool]:
    """我要查询: one house of the fund register and whether the account is bound to it."""
    if by == "address":
        value = normalize_address(address)
        if not 4 <= len(value) <= 200:
            raise errors.ValidationFailed("请输入完整的房屋地址", field="address")
        house = repo.find_house("address", value)
    elif by == "contract":
        if not house_type.strip():
            raise errors.ValidationFailed("请选择房屋类型", field="house_type")
        house = repo.find_house("contract_no", normalize_contract_number(contract_no), house_type.strip())
    elif by == "certificate":
        house = repo.find_house("cert_no", normalize_certificate_number(cert_no).canonical)
    else:
        raise errors.ValidationFailed("查询方式应为 address、contract 或 certificate", field="by")
    if house is None:
        raise errors.NotFound("未查询到该房屋，请添加房屋（个人造册）", code="HOUSE_NOT_FOUND")
    return house, repo.is_bound(account_id, house.house_id) if account_id else False


@dataclass(frozen=True)
class FoundHouse:
    house: House
    bound: bool
    grant: str  # maintfund_common.house_grants: this account may pay and read this house until expiry
    grant_expires_at: datetime


def query_house(
    uow: UnitOfWork[RegistryRepository], grant_key: bytes, account_id: str, by: str, **numbers: str
) -> FoundHouse:
    """我要查询 by an owner: a house not bound to the account is another person's, so the view is audited.
    The answer carries the grant with which the deposit service lets this account pay and read it."""
    house, bound = find_house(uow.repo, account_id, by, **numbers)
    grant, expires_at = house_grants.issue(grant_key, account_id, house.house_id)
    found = FoundHouse(house, bound, grant, datetime.fromtimestamp(expires_at, UTC))
    if not bound:
        audit.record(
            uow,
            actor_id=account_id or "-",
            actor_role=audit.OWNER if account_id else audit.ANONYMOUS,
            action="VIEW_OTHERS_HOUSE",
            target=house.house_id,
            outcome="OK",
            detail=f"by={by}",
        )
        uow.commit()
    return found


def house_owner_names(repo: RegistryRepository, keyring: KeyRing, house_id: str) -> list[str]:
    tokens = repo.owner_name_tokens(house_id)
    if not tokens:
        raise errors.NotFound("房屋不存在")
    return [keyring.decrypt(t, NAME_CONTEXT) for t in tokens]
