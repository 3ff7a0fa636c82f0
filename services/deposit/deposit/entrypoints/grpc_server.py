"""Deposit gRPC API (maintfund.deposit.v1). Each method: proto -> handler -> proto."""

from __future__ import annotations

from collections.abc import Iterable

import grpc

from deposit.adapters.repository import ReceiptState, StoredEntry
from deposit.bootstrap import Deposit, bootstrap
from deposit.domain.ledger import AccountState
from deposit.service_layer import handlers
from maintfund.deposit.v1 import deposit_pb2 as pb
from maintfund.deposit.v1 import deposit_pb2_grpc as pb_grpc
from maintfund_common.db import ping, session_scope
from maintfund_common.grpc_server import GrpcService, run_until_signalled


def account_to_pb(house_id: str, state: AccountState) -> pb.HouseAccount:
    return pb.HouseAccount(
        house_id=house_id,
        principal_fen=state.principal_fen,
        interest_fen=state.interest_fen,
        balance_fen=state.balance_fen,
        first_deposit_fen=state.first_deposit_fen,
    )


def entry_to_pb(entry: StoredEntry) -> pb.LedgerEntry:
    return pb.LedgerEntry(
        entry_id=entry.entry_id,
        house_id=entry.house_id,
        kind=pb.EntryKind.Value(f"ENTRY_KIND_{entry.kind.value}"),
        amount_fen=entry.amount_fen,
        principal_delta_fen=entry.principal_delta_fen,
        interest_delta_fen=entry.interest_delta_fen,
        balance_after_fen=entry.balance_after_fen,
        business_no=entry.business_no,
        booked_at=entry.booked_at.isoformat(),
        deposit_id=entry.deposit_id,
        summary=entry.summary,
    )


def receipt_to_pb(receipt: ReceiptState) -> pb.ReceiptInfo:
    return pb.ReceiptInfo(
        kind=pb.ReceiptKind.Value(f"RECEIPT_KIND_{receipt.kind}"),
        invoice_id=receipt.invoice_id,
        status=receipt.status,
    )


class DepositServicer(pb_grpc.DepositServiceServicer):
    def __init__(self, app: Deposit) -> None:
        self.app = app

    def BatchGetHouseAccounts(
        self, request: pb.BatchGetHouseAccountsRequest, context: grpc.ServicerContext
    ) -> pb.BatchGetHouseAccountsResponse:
        with session_scope(self.app.db) as session:
            accounts = handlers.house_accounts(session, list(request.house_ids))
        return pb.BatchGetHouseAccountsResponse(accounts=[account_to_pb(h, s) for h, s in accounts])

    def ListLedgerEntries(
        self, request: pb.ListLedgerEntriesRequest, context: grpc.ServicerContext
    ) -> pb.ListLedgerEntriesResponse:
        with session_scope(self.app.db) as session:
            page = handlers.ledger_page(session, request.house_id, request.page_size, request.page_token)
        return pb.ListLedgerEntriesResponse(
            entries=[entry_to_pb(e) for e in page.entries], next_page_token=page.next_cursor
        )

    def GetLedgerEntry(
        self, request: pb.GetLedgerEntryRequest, context: grpc.ServicerContext
    ) -> pb.GetLedgerEntryResponse:
        with session_scope(self.app.db) as session:
            entry, receipt = handlers.ledger_entry(session, request.house_id, request.entry_id)
        return pb.GetLedgerEntryResponse(entry=entry_to_pb(entry), receipt=receipt_to_pb(receipt))


def build_server(app: Deposit) -> GrpcService:
    def register(server: grpc.Server) -> Iterable[str]:
        pb_grpc.add_DepositServiceServicer_to_server(DepositServicer(app), server)
        return [pb.DESCRIPTOR.services_by_name["DepositService"].full_name]

    return GrpcService(app.config.grpc, register, readiness=lambda: ping(app.db.engine))


def main() -> None:
    app = bootstrap()
    run_until_signalled(build_server(app), on_stop=app.db.dispose)


if __name__ == "__main__":
    main()
