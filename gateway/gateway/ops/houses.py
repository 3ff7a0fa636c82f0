"""我的房屋, the house detail and its 资金明细 (the ledger), one deposit-service call each.

Access is the deposit service's decision: a house is visible through the register's binding of the
account to it (or, for its fund details, the account's 我要查询 grant); anything else is NOT_FOUND, the
same answer as a house that does not exist. Each asks for a whole page per call (DESIGN §7).
"""

from __future__ import annotations

from typing import Any

from gateway.clients import Clients
from gateway.ops.views import entry_dict, house_detail_dict, owned_house_dict, project_dict, receipt_dict
from maintfund.deposit.v1 import deposit_pb2
from maintfund_common import errors
from maintfund_common.text import ascii_digits


def _valid_house_id(house_id: str) -> str:
    if not house_id or len(house_id) > 64:
        raise errors.NotFound("房屋不存在")
    return house_id


def my_houses(
    clients: Clients,
    account_id: str,
    address: str = "",
    limit: int = 20,
    cursor: str = "",
    *,
    count_pending_bills: bool = False,
) -> dict[str, Any]:
    page = clients.deposit.ListAccountHouses(
        deposit_pb2.ListAccountHousesRequest(
            account_id=account_id,
            address_contains=address[:100],
            page_size=limit,
            page_token=cursor,
            count_pending_bills=count_pending_bills,
        )
    )
    found = {
        "items": [{**owned_house_dict(h.house), "balance_fen": h.account.balance_fen} for h in page.houses],
        "next_cursor": page.next_page_token or None,
        "total_bound": page.total_bound,
    }
    if count_pending_bills:  # the home page's 我要交款 tile
        found["pending_bill_count"] = page.pending_bill_count
    return found


def house_detail(clients: Clients, account_id: str, house_id: str) -> dict[str, Any]:
    found = clients.deposit.GetAccountHouse(
        deposit_pb2.GetAccountHouseRequest(account_id=account_id, house_id=_valid_house_id(house_id))
    ).house
    return house_detail_dict(found)


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
    data["receipt"] = receipt_dict(found.receipt)
    if found.HasField("project"):  # an apportionment: the repair it paid for
        data["project"] = project_dict(found.project)
    return data
