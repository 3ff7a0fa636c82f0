"""The owner operations behind both /api/v1 and the browser UI, as JSON-ready dicts.

Each operation makes at most two synchronous calls (DESIGN §7) and asks for a whole page per call.
Access control is decided by the service that owns the data: a house is visible through the register's
binding of the account to it (or, for its bills and fund details, the account's 我要查询 grant); anything
else is NOT_FOUND, the same answer as a house that does not exist. Fund details take one call.
"""

from __future__ import annotations

from typing import Any

from gateway.clients import Clients
from maintfund.deposit.v1 import deposit_pb2
from maintfund.identity.v1 import identity_pb2
from maintfund.registry.v1 import registry_pb2
from maintfund_common import errors
from maintfund_common.districts import DISTRICTS
from maintfund_common.text import ascii_digits

PROPERTY_KIND_NAMES = {
    registry_pb2.PROPERTY_KIND_COMMODITY: "商品住宅",
    registry_pb2.PROPERTY_KIND_POST_SALE_PUBLIC: "售后公有住房",
    registry_pb2.PROPERTY_KIND_NON_RESIDENTIAL: "非住宅",
}
STOREY_CLASS_NAMES = {
    registry_pb2.STOREY_CLASS_MULTI_STOREY: "多层",
    registry_pb2.STOREY_CLASS_HIGH_RISE: "高层",
}
ENTRY_KIND_NAMES = {
    deposit_pb2.ENTRY_KIND_FIRST_DEPOSIT: "首次交存",
    deposit_pb2.ENTRY_KIND_TOP_UP: "补交",
    deposit_pb2.ENTRY_KIND_REPLENISHMENT: "续筹",
    deposit_pb2.ENTRY_KIND_INTEREST: "增值",
    deposit_pb2.ENTRY_KIND_APPORTIONMENT: "使用分摊",
    deposit_pb2.ENTRY_KIND_REFUND: "退款",
}
ROLE_NAMES = {identity_pb2.ROLE_OWNER: "OWNER", identity_pb2.ROLE_REVIEWER: "REVIEWER"}


def _enum_suffix(enum_type: Any, value: int, prefix: str) -> str:
    return enum_type.Name(value).removeprefix(prefix)


def account_dict(account: identity_pb2.Account) -> dict[str, Any]:
    return {
        "account_id": account.account_id,
        "username": account.username,
        "name_masked": account.name_masked,
        "id_number_masked": account.id_number_masked,
        "phone_masked": account.phone_masked,
        "roles": [ROLE_NAMES.get(r, "") for r in account.roles],
        "district_code": account.district_code,
    }


def entry_dict(entry: deposit_pb2.LedgerEntry) -> dict[str, Any]:
    return {
        "entry_id": str(entry.entry_id),
        "kind": _enum_suffix(deposit_pb2.EntryKind, entry.kind, "ENTRY_KIND_"),
        "kind_name": ENTRY_KIND_NAMES.get(entry.kind, ""),
        "amount_fen": entry.amount_fen,
        "principal_delta_fen": entry.principal_delta_fen,
        "interest_delta_fen": entry.interest_delta_fen,
        "balance_after_fen": entry.balance_after_fen,
        "business_no": entry.business_no,
        "booked_at": entry.booked_at,
        "deposit_id": entry.deposit_id or None,
        "summary": entry.summary,
    }


# --- accounts and sessions -------------------------------------------------------------------------


def register_account(clients: Clients, body: dict[str, Any]) -> dict[str, Any]:
    request = identity_pb2.RegisterAccountRequest(
        username=str(body.get("username", "")),
        password=str(body.get("password", "")),
        name=str(body.get("name", "")),
        id_number=str(body.get("id_number", "")),
        phone=str(body.get("phone", "")),
    )
    return account_dict(clients.identity.RegisterAccount(request).account)


def login_with_password(
    clients: Clients, username: str, password: str, client_ip: str
) -> identity_pb2.LoginResponse:
    return clients.identity.LoginWithPassword(
        identity_pb2.LoginWithPasswordRequest(username=username, password=password, client_ip=client_ip)
    )


def login_with_sms(clients: Clients, phone: str, code: str, client_ip: str) -> identity_pb2.LoginResponse:
    return clients.identity.LoginWithSmsCode(
        identity_pb2.LoginWithSmsCodeRequest(phone=phone, sms_code=code, client_ip=client_ip)
    )


def send_sms_code(clients: Clients, phone: str, client_ip: str) -> int:
    return clients.identity.SendSmsCode(
        identity_pb2.SendSmsCodeRequest(phone=phone, client_ip=client_ip)
    ).resend_after_seconds


def me(clients: Clients, account_id: str) -> dict[str, Any]:
    account = clients.identity.GetAccount(identity_pb2.GetAccountRequest(account_id=account_id)).account
    data = account_dict(account)
    data.update(has_houses=account.house_count > 0, house_count=account.house_count)
    return data


# --- houses and the ledger -------------------------------------------------------------------------


def parse_limit(raw: str | None, default: int = 20) -> int:
    if raw in (None, ""):
        return default
    if not ascii_digits(raw) or not 1 <= int(raw) <= 100:
        raise errors.ValidationFailed("limit 应为 1 到 100 之间的整数", field="limit")
    return int(raw)


def my_houses(
    clients: Clients, account_id: str, address: str = "", limit: int = 20, cursor: str = ""
) -> dict[str, Any]:
    page = clients.deposit.ListAccountHouses(
        deposit_pb2.ListAccountHousesRequest(
            account_id=account_id, address_contains=address[:100], page_size=limit, page_token=cursor
        )
    )
    return {
        "items": [{**owned_house_dict(h.house), "balance_fen": h.account.balance_fen} for h in page.houses],
        "next_cursor": page.next_page_token or None,
        "total_bound": page.total_bound,
    }


def house_detail(clients: Clients, account_id: str, house_id: str) -> dict[str, Any]:
    found = clients.deposit.GetAccountHouse(
        deposit_pb2.GetAccountHouseRequest(account_id=account_id, house_id=_valid_house_id(house_id))
    ).house
    house, account = found.house, found.account
    return {
        **owned_house_dict(house),
        "balance_fen": account.balance_fen,
        "contract_no": house.contract_no,
        "cert_no": house.cert_no,
        "principal_fen": account.principal_fen,
        "interest_fen": account.interest_fen,
        "first_deposit_fen": account.first_deposit_fen,
        "needs_refund": house.needs_refund,
    }


def owned_house_dict(house: deposit_pb2.HouseSummary) -> dict[str, Any]:
    """A house as the deposit service's copy of the register has it (my houses, detail, fund details)."""
    kind = registry_pb2.PropertyKind.Value(f"PROPERTY_KIND_{house.property_kind}")
    storey = registry_pb2.StoreyClass.Value(f"STOREY_CLASS_{house.storey_class}")
    return {
        "house_id": house.house_id,
        "address": house.address,
        "district": house.district_code,
        "district_name": DISTRICTS.get(house.district_code, ""),
        "area_m2": float(house.area_m2),
        "property_kind": PROPERTY_KIND_NAMES.get(kind, ""),
        "storey_class": STOREY_CLASS_NAMES.get(storey, ""),
    }


def _valid_house_id(house_id: str) -> str:
    if not house_id or len(house_id) > 64:
        raise errors.NotFound("房屋不存在")
    return house_id


def ledger(
    clients: Clients, account_id: str, house_id: str, limit: int = 20, cursor: str = "", *, grant: str = ""
) -> dict[str, Any]:
    page = clients.deposit.ListLedgerEntries(
        deposit_pb2.ListLedgerEntriesRequest(
            house_id=_valid_house_id(house_id),
            page_size=limit,
            page_token=cursor,
            account_id=account_id,
            grant=grant[:200],
        )
    )
    return {
        "house": owned_house_dict(page.house),
        "grant": grant[:200] or None,
        "items": [entry_dict(e) for e in page.entries],
        "next_cursor": page.next_page_token or None,
    }


def ledger_entry(
    clients: Clients, account_id: str, house_id: str, entry_id: str, grant: str = ""
) -> dict[str, Any]:
    house_id = _valid_house_id(house_id)
    if not ascii_digits(entry_id) or len(entry_id) > 18:
        raise errors.NotFound("资金明细不存在")
    found = clients.deposit.GetLedgerEntry(
        deposit_pb2.GetLedgerEntryRequest(
            house_id=house_id, entry_id=int(entry_id), account_id=account_id, grant=grant[:200]
        )
    )
    data = entry_dict(found.entry)
    data["house"] = owned_house_dict(found.house)
    data["grant"] = grant[:200] or None
    data["receipt"] = {
        "kind": _enum_suffix(deposit_pb2.ReceiptKind, found.receipt.kind, "RECEIPT_KIND_")
        if found.receipt.kind
        else "NONE",
        "invoice_id": found.receipt.invoice_id or None,
        "status": found.receipt.status or None,
    }
    return data
