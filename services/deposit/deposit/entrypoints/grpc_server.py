"""Deposit gRPC API (maintfund.deposit.v1). Each method: proto -> handler -> proto."""

from __future__ import annotations

import grpc

from deposit.bootstrap import Deposit, bootstrap
from deposit.domain.billing import BillStatus, PaymentType
from deposit.domain.ledger import AccountState
from deposit.domain.records import BillView, HouseSummary, Order, ReceiptState, StoredEntry
from deposit.entrypoints import documents_pb as doc_views
from deposit.service_layer import billing, documents, ledger, payments, quickpay
from deposit.service_layer.access import Asker
from deposit.service_layer.billing import PaidDepositFacts
from maintfund.deposit.v1 import deposit_pb2 as pb
from maintfund.deposit.v1 import deposit_pb2_grpc as pb_grpc
from maintfund_common import errors
from maintfund_common.grpc_server import GrpcService, require_caller
from maintfund_common.runners.server import grpc_service, serve_grpc

BACK_OFFICE = ("backoffice",)
TITLE_CENTRE = ("backoffice", "registration_centre")
CERTIFICATE_VERIFIERS = ("gateway", "backoffice", "registration_centre")


def house_summary_to_pb(house: HouseSummary | None) -> pb.HouseSummary | None:
    if house is None:
        return None
    return pb.HouseSummary(
        house_id=house.house_id,
        district_code=house.district_code,
        address=house.address,
        area_m2=house.area_m2,
        property_kind=house.property_kind,
        storey_class=house.storey_class,
        contract_no=house.contract_no,
        cert_no=house.cert_no,
        needs_refund=house.needs_refund,
    )


def bill_to_pb(view: BillView) -> pb.Bill:
    bill, house = view.bill, view.house
    return pb.Bill(
        bill_id=bill.bill_id,
        business_no=bill.business_no,
        house_id=bill.house_id,
        payment_type=pb.PaymentType.Value(f"PAYMENT_TYPE_{bill.payment_type.value}"),
        amount_rule=pb.AmountRule.Value(f"AMOUNT_RULE_{bill.amount_rule.value}"),
        amount_fen=bill.amount_fen,
        min_fen=bill.min_fen,
        max_fen=bill.max_fen,
        status=pb.BillStatus.Value(f"BILL_STATUS_{bill.status.value}"),
        fund_type=bill.fund_type,
        created_at=view.created_at.isoformat(),
        address=house.address if house else "",
        area_m2=f"{house.area_m2:.2f}" if house else "",
        property_kind=house.property_kind if house else "",
        deposits_blocked=house.deposits_blocked if house else False,
        standard_fen_per_m2=view.standard_fen_per_m2,
    )


def payer_bill_to_pb(found: billing.PayerBill) -> pb.Bill:
    bill = bill_to_pb(found.view)
    bill.notices.extend(pb.Notice.Value(f"NOTICE_{n.value}") for n in found.notices)
    bill.payable = found.payable
    return bill


def asker(account_id: str, grant: str) -> Asker | None:
    """The owner asking; None for a back-office system caller (which must then be one)."""
    if account_id:
        return Asker(account_id, grant)
    require_caller(*BACK_OFFICE)
    return None


def order_to_pb(order: Order) -> pb.Order:
    return pb.Order(
        order_id=order.order_id,
        out_trade_no=order.out_trade_no,
        bill_id=order.bill_id,
        channel=pb.Channel.Value(f"CHANNEL_{order.channel}"),
        amount_fen=order.amount_fen,
        status=pb.OrderStatus.Value(f"ORDER_STATUS_{order.status.value}"),
        qr_content=order.qr_content,
        expires_at=order.expires_at.isoformat(),
        deposit_id=order.deposit_id,
        paid_at=order.paid_at.isoformat() if order.paid_at else "",
        flag=order.flag,
        house_id=order.house_id,
        business_no=order.business_no,
    )


def channel_name(value: int) -> str:
    return pb.Channel.Name(value).removeprefix("CHANNEL_") if value else ""


def payment_type(value: int) -> PaymentType:
    if not value:
        raise errors.ValidationFailed("缴费类型无效", field="payment_type")
    return PaymentType(pb.PaymentType.Name(value).removeprefix("PAYMENT_TYPE_"))


def account_to_pb(house_id: str, state: AccountState) -> pb.HouseAccount:
    return pb.HouseAccount(
        house_id=house_id,
        principal_fen=state.principal_fen,
        interest_fen=state.interest_fen,
        balance_fen=state.balance_fen,
        first_deposit_fen=state.first_deposit_fen,
    )


def account_house_to_pb(house: HouseSummary, state: AccountState) -> pb.AccountHouse:
    return pb.AccountHouse(house=house_summary_to_pb(house), account=account_to_pb(house.house_id, state))


def entry_to_pb(entry: StoredEntry) -> pb.LedgerEntry:
    return pb.LedgerEntry(
        entry_id=entry.entry_id,
        house_id=entry.house_id,
        kind=doc_views.ENTRY_KIND_PB[entry.kind],
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


def paid_deposit_to_pb(facts: PaidDepositFacts) -> pb.GetDepositResponse:
    return pb.GetDepositResponse(
        deposit_id=facts.deposit_id,
        house_id=facts.house_id,
        business_no=facts.business_no,
        amount_fen=facts.amount_fen,
        paid_at=facts.paid_at.isoformat(),
        channel=facts.channel,
        payer_account_id=facts.payer_account_id,
        owner_name=facts.owner_name,
        house_address=facts.house_address,
        area_m2=facts.area_m2,
        payment_type=facts.payment_type,
        paper_receipt_recorded=facts.paper_receipt_recorded,
    )


class DepositServicer(pb_grpc.DepositServiceServicer):
    def __init__(self, app: Deposit) -> None:
        self.app = app

    def BatchGetHouseAccounts(
        self, request: pb.BatchGetHouseAccountsRequest, context: grpc.ServicerContext
    ) -> pb.BatchGetHouseAccountsResponse:
        with self.app.db.reading() as repo:
            accounts = ledger.house_accounts(repo, list(request.house_ids))
        return pb.BatchGetHouseAccountsResponse(accounts=[account_to_pb(h, s) for h, s in accounts])

    def ListAccountHouses(
        self, request: pb.ListAccountHousesRequest, context: grpc.ServicerContext
    ) -> pb.ListAccountHousesResponse:
        with self.app.db.reading() as repo:
            page = ledger.account_houses(
                repo,
                request.account_id,
                request.address_contains,
                request.page_size,
                request.page_token,
                count_pending_bills=request.count_pending_bills,
            )
        return pb.ListAccountHousesResponse(
            houses=[account_house_to_pb(h, s) for h, s in page.houses],
            next_page_token=page.next_cursor,
            total_bound=page.total_bound,
            pending_bill_count=page.pending_bill_count,
        )

    def GetAccountHouse(
        self, request: pb.GetAccountHouseRequest, context: grpc.ServicerContext
    ) -> pb.GetAccountHouseResponse:
        with self.app.db.reading() as repo:
            house, state = ledger.account_house(repo, self.app.access, request.account_id, request.house_id)
        return pb.GetAccountHouseResponse(house=account_house_to_pb(house, state))

    def ListLedgerEntries(
        self, request: pb.ListLedgerEntriesRequest, context: grpc.ServicerContext
    ) -> pb.ListLedgerEntriesResponse:
        with self.app.db.reading() as repo:
            page = ledger.ledger_page(
                repo,
                self.app.access,
                asker(request.account_id, request.grant),
                request.house_id,
                requested_size=request.page_size,
                cursor=request.page_token,
            )
        return pb.ListLedgerEntriesResponse(
            entries=[entry_to_pb(e) for e in page.entries],
            next_page_token=page.next_cursor,
            house=house_summary_to_pb(page.house),
        )

    def GetLedgerEntry(
        self, request: pb.GetLedgerEntryRequest, context: grpc.ServicerContext
    ) -> pb.GetLedgerEntryResponse:
        with self.app.db.reading() as repo:
            entry, receipt, house = ledger.ledger_entry(
                repo,
                self.app.access,
                asker(request.account_id, request.grant),
                request.house_id,
                request.entry_id,
            )
            project = documents.project_of_entry(repo, entry.entry_id, entry.kind)
        return pb.GetLedgerEntryResponse(
            entry=entry_to_pb(entry),
            receipt=receipt_to_pb(receipt),
            house=house_summary_to_pb(house),
            project=doc_views.project_to_pb(*project) if project else None,
        )

    # --- bills (back office, title registration centre, gateway) ---------------------------------------

    def RaiseBill(self, request: pb.RaiseBillRequest, context: grpc.ServicerContext) -> pb.RaiseBillResponse:
        require_caller(*BACK_OFFICE)
        with self.app.db.unit_of_work() as uow:
            view = billing.raise_bill(
                uow,
                request.house_id,
                payment_type(request.payment_type),
                business_no=request.business_no,
                amount_fen=request.amount_fen,
            )
        return pb.RaiseBillResponse(bill=bill_to_pb(view))

    def VoidBill(self, request: pb.VoidBillRequest, context: grpc.ServicerContext) -> pb.VoidBillResponse:
        require_caller(*BACK_OFFICE)
        with self.app.db.unit_of_work() as uow:
            view = billing.void_bill(uow, request.bill_id, request.reason)
        return pb.VoidBillResponse(bill=bill_to_pb(view))

    def ListHouseBills(
        self, request: pb.ListHouseBillsRequest, context: grpc.ServicerContext
    ) -> pb.ListHouseBillsResponse:
        require_caller(*BACK_OFFICE)
        with self.app.db.reading() as repo:
            views = billing.list_bills(repo, [request.house_id], None)
        return pb.ListHouseBillsResponse(bills=[bill_to_pb(v) for v in views])

    def IsFundFullyPaid(
        self, request: pb.IsFundFullyPaidRequest, context: grpc.ServicerContext
    ) -> pb.IsFundFullyPaidResponse:
        require_caller(*TITLE_CENTRE)
        with self.app.db.reading() as repo:
            status = billing.fund_fully_paid(repo, request.house_id)
        return pb.IsFundFullyPaidResponse(
            fully_paid=status.fully_paid,
            outstanding_fen=status.outstanding_fen,
            pending_business_nos=status.pending_business_nos,
            balance_fen=status.balance_fen,
            first_deposit_fen=status.first_deposit_fen,
        )

    def RecordPaperReceipt(
        self, request: pb.RecordPaperReceiptRequest, context: grpc.ServicerContext
    ) -> pb.RecordPaperReceiptResponse:
        require_caller(*BACK_OFFICE)
        with self.app.db.unit_of_work() as uow:
            billing.record_paper_receipt(uow, request.deposit_id, request.paper_receipt_no)
        return pb.RecordPaperReceiptResponse(receipt=receipt_to_pb(ReceiptState("PAPER")))

    def ListBills(self, request: pb.ListBillsRequest, context: grpc.ServicerContext) -> pb.ListBillsResponse:
        status = (
            BillStatus(pb.BillStatus.Name(request.status).removeprefix("BILL_STATUS_"))
            if request.status
            else None
        )
        with self.app.db.reading() as repo:
            bills = billing.account_bills(repo, request.account_id, status)
        return pb.ListBillsResponse(bills=[payer_bill_to_pb(b) for b in bills])

    def GetBill(self, request: pb.GetBillRequest, context: grpc.ServicerContext) -> pb.GetBillResponse:
        with self.app.db.reading() as repo:
            found = billing.get_bill(
                repo, self.app.access, Asker(request.account_id, request.grant), request.bill_id
            )
        return pb.GetBillResponse(bill=payer_bill_to_pb(found))

    def GetHousePayment(
        self, request: pb.GetHousePaymentRequest, context: grpc.ServicerContext
    ) -> pb.GetHousePaymentResponse:
        with self.app.db.reading() as repo:
            found = billing.house_payment(
                repo, self.app.access, Asker(request.account_id, request.grant), request.house_id
            )
        return pb.GetHousePaymentResponse(
            notices=[pb.Notice.Value(f"NOTICE_{n.value}") for n in found.notices],
            bills=[payer_bill_to_pb(b) for b in found.bills],
            payable=found.payable,
            owned=found.owned,
        )

    # --- orders, notifications, records ------------------------------------------------------------------

    def CreateOrder(
        self, request: pb.CreateOrderRequest, context: grpc.ServicerContext
    ) -> pb.CreateOrderResponse:
        by_quickpay = not request.payer_account_id
        if by_quickpay:
            require_caller("quickpay")  # no account: only quick pay, which verified its token for the bill
        command = payments.CreateOrder(
            bill_id=request.bill_id,
            payer_account_id=request.payer_account_id,
            channel=channel_name(request.channel),
            amount_fen=request.amount_fen,
            grant=request.grant,
            by_quickpay=by_quickpay,
            idempotency_key=request.idempotency_key,
            idempotency_scope=request.idempotency_scope,
            request_hash=request.request_hash,
        )
        order, replayed = payments.create_order(self.app.payment_context(), command)
        return pb.CreateOrderResponse(order=order_to_pb(order), replayed=replayed)

    def GetOrder(self, request: pb.GetOrderRequest, context: grpc.ServicerContext) -> pb.GetOrderResponse:
        with self.app.db.reading() as repo:
            order = payments.get_order(repo, request.order_id, request.payer_account_id)
        return pb.GetOrderResponse(order=order_to_pb(order))

    def ConfirmOrder(
        self, request: pb.ConfirmOrderRequest, context: grpc.ServicerContext
    ) -> pb.ConfirmOrderResponse:
        order = payments.confirm_order(self.app.payment_context(), request.order_id, request.payer_account_id)
        return pb.ConfirmOrderResponse(order=order_to_pb(order))

    def HandlePaymentNotification(
        self, request: pb.HandlePaymentNotificationRequest, context: grpc.ServicerContext
    ) -> pb.HandlePaymentNotificationResponse:
        require_caller("gateway")
        status, body, content_type = payments.handle_notification(
            self.app.payment_context(), channel_name(request.channel), dict(request.headers), request.body
        )
        return pb.HandlePaymentNotificationResponse(http_status=status, body=body, content_type=content_type)

    def ListDepositRecords(
        self, request: pb.ListDepositRecordsRequest, context: grpc.ServicerContext
    ) -> pb.ListDepositRecordsResponse:
        with self.app.db.reading() as repo:
            page = billing.deposit_records(
                repo, request.payer_account_id, request.page_size, request.page_token
            )
        return pb.ListDepositRecordsResponse(
            records=[
                pb.DepositRecord(
                    deposit_id=r.deposit_id,
                    house_id=r.house_id,
                    address=r.address or "",
                    amount_fen=r.amount_fen,
                    paid_at=r.paid_at.isoformat(),
                    channel=r.channel,
                    business_no=r.business_no,
                    receipt=receipt_to_pb(
                        ReceiptState(r.receipt_kind, r.invoice_id or "", r.invoice_status or "")
                    ),
                )
                for r in page.rows
            ],
            next_page_token=page.next_cursor,
        )

    # --- quick pay (caller quickpay only) --------------------------------------------------------------

    def GetQuickpayBill(
        self, request: pb.GetQuickpayBillRequest, context: grpc.ServicerContext
    ) -> pb.GetQuickpayBillResponse:
        require_caller("quickpay")
        with self.app.db.reading() as repo:
            found = quickpay.quickpay_bill(
                repo,
                self.app.owner_names,
                business_no=request.business_no,
                owner_name=request.owner_name,
                bill_id=request.bill_id,
            )
        d = found.deposit
        return pb.GetQuickpayBillResponse(
            bill=bill_to_pb(found.view),
            owner_name_masked=found.owner_name_masked,
            deposit=pb.QuickpayDeposit(
                deposit_id=d.deposit_id,
                amount_fen=d.amount_fen,
                paid_at=d.paid_at.isoformat(),
                channel=d.channel,
                receipt=receipt_to_pb(
                    ReceiptState(d.receipt_kind, d.invoice_id or "", d.invoice_status or "")
                ),
            )
            if d is not None
            else None,
            latest_order=order_to_pb(found.latest_order) if found.latest_order else None,
        )

    # --- owners' documents: annual statements, deposit certificates, fund uses ------------------------

    def GetAnnualStatement(
        self, request: pb.GetAnnualStatementRequest, context: grpc.ServicerContext
    ) -> pb.GetAnnualStatementResponse:
        with self.app.db.reading() as repo:
            found = documents.annual_statement(
                repo, self.app.access, request.account_id, request.house_id, request.year
            )
        return doc_views.statement_to_pb(found, house_summary_to_pb(found.house))

    def GetAnnualStatementPdf(
        self, request: pb.GetAnnualStatementPdfRequest, context: grpc.ServicerContext
    ) -> pb.GetAnnualStatementPdfResponse:
        with self.app.db.reading() as repo:
            found = documents.annual_statement(
                repo, self.app.access, request.account_id, request.house_id, request.year
            )
        pdf = doc_views.statement_pdf(found, self.app.config.public_base_url)
        return pb.GetAnnualStatementPdfResponse(pdf=pdf, filename=f"statement-{found.year}.pdf")

    def IssueDepositCertificate(
        self, request: pb.IssueDepositCertificateRequest, context: grpc.ServicerContext
    ) -> pb.IssueDepositCertificateResponse:
        found = documents.issue_certificate(
            self.app.db, self.app.access, request.account_id, request.house_id
        )
        return pb.IssueDepositCertificateResponse(certificate=doc_views.certificate_to_pb(found))

    def GetDepositCertificatePdf(
        self, request: pb.GetDepositCertificatePdfRequest, context: grpc.ServicerContext
    ) -> pb.GetDepositCertificatePdfResponse:
        with self.app.db.reading() as repo:
            found = documents.owned_certificate(
                repo, self.app.access, request.account_id, request.certificate_id
            )
        pdf = doc_views.certificate_pdf(found, self.app.config.certificate_verify_url)
        return pb.GetDepositCertificatePdfResponse(pdf=pdf, filename="deposit-certificate.pdf")

    def VerifyDepositCertificate(
        self, request: pb.VerifyDepositCertificateRequest, context: grpc.ServicerContext
    ) -> pb.VerifyDepositCertificateResponse:
        require_caller(*CERTIFICATE_VERIFIERS)
        with self.app.db.reading() as repo:
            found = documents.verify_certificate(repo, request.code)
        return pb.VerifyDepositCertificateResponse(
            valid=found.valid,
            address_masked=found.address_masked,
            fully_paid=found.fully_paid,
            issued_at=found.issued_at.isoformat() if found.issued_at else "",
            shortfall_fen=found.shortfall_fen,
        )

    def RecordFundUse(
        self, request: pb.RecordFundUseRequest, context: grpc.ServicerContext
    ) -> pb.RecordFundUseResponse:
        require_caller(*BACK_OFFICE)
        project, shares = doc_views.project_from_pb(request)
        recorded = documents.record_fund_use(self.app.db, project, shares)
        return pb.RecordFundUseResponse(
            project_id=recorded.project_id, entry_ids=recorded.entry_ids, created=recorded.created
        )

    def ListBuildingProjects(
        self, request: pb.ListBuildingProjectsRequest, context: grpc.ServicerContext
    ) -> pb.ListBuildingProjectsResponse:
        with self.app.db.reading() as repo:
            house, building, projects = documents.building_projects(
                repo, self.app.access, request.account_id, request.house_id
            )
        return pb.ListBuildingProjectsResponse(
            house=house_summary_to_pb(house),
            building=building,
            projects=[
                pb.BuildingProject(
                    project=doc_views.project_to_pb(p.stored, 0),
                    houses_in_building=p.houses_in_building,
                    building_paid_fen=p.building_paid_fen,
                )
                for p in projects
            ],
        )

    # --- the invoice service's copy (caller invoice only: the answer carries the owner's name) ----------

    def GetDeposit(
        self, request: pb.GetDepositRequest, context: grpc.ServicerContext
    ) -> pb.GetDepositResponse:
        require_caller("invoice")
        with self.app.db.reading() as repo:
            facts = billing.paid_deposit(repo, self.app.owner_names, request.deposit_id)
        return paid_deposit_to_pb(facts)

    def ListDeposits(
        self, request: pb.ListDepositsRequest, context: grpc.ServicerContext
    ) -> pb.ListDepositsResponse:
        require_caller("invoice")
        with self.app.db.reading() as repo:
            page = billing.list_deposits(repo, request.page_size, request.page_token)
        return pb.ListDepositsResponse(
            deposits=[paid_deposit_to_pb(facts) for facts in page.items], next_page_token=page.next_token
        )


def build_server(app: Deposit) -> GrpcService:
    return grpc_service(
        app,
        pb_grpc.add_DepositServiceServicer_to_server,
        DepositServicer(app),
        pb.DESCRIPTOR.services_by_name["DepositService"],
    )


def main() -> None:
    serve_grpc(bootstrap(), build_server)


if __name__ == "__main__":
    main()
