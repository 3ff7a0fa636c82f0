"""Protobuf messages → JSON-ready dicts: the one shape of each thing for /api/v1 and the pages alike.

Codes become their enum names without the prefix; the manual's words come from ``labels``. A view only
renames and labels what the owning service answered: it decides nothing.
"""

from __future__ import annotations

from typing import Any

from gateway.ops import labels
from maintfund.deposit.v1 import deposit_pb2
from maintfund.identity.v1 import identity_pb2
from maintfund.invoice.v1 import invoice_pb2
from maintfund.notification.v1 import notification_pb2
from maintfund.quickpay.v1 import quickpay_pb2
from maintfund.registry.v1 import registry_pb2
from maintfund_common.districts import DISTRICTS

ROLE_CODES = {identity_pb2.ROLE_OWNER: "OWNER", identity_pb2.ROLE_REVIEWER: "REVIEWER"}


def enum_code(enum_type: Any, value: int, prefix: str) -> str:
    """``ENTRY_KIND_TOP_UP`` → ``TOP_UP`` (an unset value reads ``UNSPECIFIED``)."""
    return enum_type.Name(value).removeprefix(prefix)


def optional_code(enum_type: Any, value: int, prefix: str) -> str:
    """Like ``enum_code``, but an unset value is ``""``."""
    return enum_code(enum_type, value, prefix) if value else ""


# --- accounts, houses and the ledger -----------------------------------------------------------------


def account_dict(account: identity_pb2.Account) -> dict[str, Any]:
    return {
        "account_id": account.account_id,
        "username": account.username,
        "name_masked": account.name_masked,
        "id_number_masked": account.id_number_masked,
        "phone_masked": account.phone_masked,
        "roles": [ROLE_CODES.get(r, "") for r in account.roles],
        "district_code": account.district_code,
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
        "property_kind": labels.PROPERTY_KIND_NAMES.get(kind, ""),
        "storey_class": labels.STOREY_CLASS_NAMES.get(storey, ""),
    }


def house_detail_dict(found: deposit_pb2.AccountHouse) -> dict[str, Any]:
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


def registry_house_dict(house: registry_pb2.House) -> dict[str, Any]:
    """A house as the register answers it (我要查询, the 个人造册 lookup)."""
    return {
        "house_id": house.house_id,
        "address": house.address,
        "district": house.district_code,
        "district_name": house.district_name,
        "area_m2": float(house.area_m2),
    }


def entry_dict(entry: deposit_pb2.LedgerEntry) -> dict[str, Any]:
    return {
        "entry_id": str(entry.entry_id),
        "kind": enum_code(deposit_pb2.EntryKind, entry.kind, "ENTRY_KIND_"),
        "kind_name": labels.ENTRY_KIND_NAMES.get(entry.kind, ""),
        "amount_fen": entry.amount_fen,
        "principal_delta_fen": entry.principal_delta_fen,
        "interest_delta_fen": entry.interest_delta_fen,
        "balance_after_fen": entry.balance_after_fen,
        "business_no": entry.business_no,
        "booked_at": entry.booked_at,
        "deposit_id": entry.deposit_id or None,
        "summary": entry.summary,
    }


def receipt_dict(receipt: deposit_pb2.ReceiptInfo, unset: str = "NONE") -> dict[str, Any]:
    """A deposit's receipt state as the deposit service knows it (kind ``unset`` when it has none)."""
    return {
        "kind": optional_code(deposit_pb2.ReceiptKind, receipt.kind, "RECEIPT_KIND_") or unset,
        "invoice_id": receipt.invoice_id or None,
        "status": receipt.status or None,
    }


# --- bills, orders and deposits ----------------------------------------------------------------------


def notice_codes(notices: Any) -> list[str]:
    return [optional_code(deposit_pb2.Notice, n, "NOTICE_") for n in notices]


def bill_dict(bill: deposit_pb2.Bill) -> dict[str, Any]:
    payment_type = optional_code(deposit_pb2.PaymentType, bill.payment_type, "PAYMENT_TYPE_")
    rule = optional_code(deposit_pb2.AmountRule, bill.amount_rule, "AMOUNT_RULE_")
    return {
        "bill_id": bill.bill_id,
        "business_no": bill.business_no,
        "house_id": bill.house_id,
        "address": bill.address,
        "area_m2": float(bill.area_m2) if bill.area_m2 else None,
        "payment_type": payment_type,
        "payment_type_name": labels.PAYMENT_TYPE_NAMES.get(payment_type, ""),
        "amount_rule": rule,
        "amount_fen": bill.amount_fen if rule == "FIXED" else None,
        "min_fen": bill.min_fen if rule == "ENTERED" else None,
        "max_fen": bill.max_fen if rule == "ENTERED" else None,
        "status": optional_code(deposit_pb2.BillStatus, bill.status, "BILL_STATUS_"),
        "fund_type": bill.fund_type,
        "standard_fen_per_m2": bill.standard_fen_per_m2 or None,
        "created_at": bill.created_at,
        "notices": notice_codes(bill.notices),
        "can_pay": bill.payable,
    }


def order_dict(order: deposit_pb2.Order) -> dict[str, Any]:
    status = optional_code(deposit_pb2.OrderStatus, order.status, "ORDER_STATUS_")
    channel = optional_code(deposit_pb2.Channel, order.channel, "CHANNEL_")
    return {
        "order_id": order.order_id,
        "out_trade_no": order.out_trade_no,
        "bill_id": order.bill_id,
        "house_id": order.house_id,
        "business_no": order.business_no,
        "channel": channel,
        "channel_name": labels.CHANNEL_NAMES.get(channel, ""),
        "amount_fen": order.amount_fen,
        "status": status,
        "status_name": labels.ORDER_STATUS_NAMES.get(status, ""),
        "qr_content": order.qr_content or None,
        "expires_at": order.expires_at,
        "deposit_id": order.deposit_id or None,
        "paid_at": order.paid_at or None,
    }


def deposit_record_dict(record: deposit_pb2.DepositRecord) -> dict[str, Any]:
    return {
        "deposit_id": record.deposit_id,
        "house_id": record.house_id,
        "address": record.address,
        "business_no": record.business_no,
        "amount_fen": record.amount_fen,
        "paid_at": record.paid_at,
        "channel": record.channel,
        "channel_name": labels.CHANNEL_NAMES.get(record.channel, record.channel),
        "receipt": receipt_dict(record.receipt),
    }


# --- e-receipts ----------------------------------------------------------------------------------------


def invoice_status(value: int) -> str:
    return enum_code(invoice_pb2.InvoiceStatus, value, "INVOICE_STATUS_")


def invoice_dict(invoice: invoice_pb2.Invoice) -> dict[str, Any]:
    status = invoice_status(invoice.status)
    return {
        "invoice_id": invoice.invoice_id,
        "deposit_id": invoice.deposit_id,
        "status": status,
        "status_name": labels.RECEIPT_STATUS_NAMES.get(status, status),
        "bill_code": invoice.bill_code or None,
        "bill_no": invoice.bill_no or None,
        "check_code": invoice.check_code or None,
        "amount_fen": invoice.amount_fen,
        "issued_at": invoice.issued_at or None,
        "business_no": invoice.business_no,
        "failure_reason": invoice.failure_reason or None,
        "replaces_invoice_id": invoice.replaces_invoice_id or None,
    }


def receipt_state_dict(state: invoice_pb2.ReceiptState) -> dict[str, Any]:
    """The receipt page of one deposit: its facts, the receipt kind and the active e-receipt."""
    return {
        "deposit_id": state.deposit_id,
        "house_id": state.house_id,
        "house_address": state.house_address,
        "amount_fen": state.amount_fen,
        "business_no": state.business_no,
        "paid_at": state.paid_at,
        "kind": enum_code(invoice_pb2.ReceiptKind, state.kind, "RECEIPT_KIND_"),
        "invoice": invoice_dict(state.invoice) if state.HasField("invoice") else None,
    }


def verification_dict(answer: invoice_pb2.VerifyReceiptResponse) -> dict[str, Any]:
    """Public: is there a receipt with these numbers? Only the amount and a masked payer name."""
    if not answer.genuine:
        return {"genuine": False}
    status = invoice_status(answer.status)
    return {
        "genuine": True,
        "status": status,
        "status_name": labels.RECEIPT_STATUS_NAMES.get(status, status),
        "amount_fen": answer.amount_fen,
        "payer_name_masked": answer.payer_name_masked,
        "issued_at": answer.issued_at,
    }


# --- 个人造册 and its review -------------------------------------------------------------------------


def registration_dict(r: registry_pb2.Registration) -> dict[str, Any]:
    method = enum_code(registry_pb2.RegistrationMethod, r.method, "REGISTRATION_METHOD_").lower()
    status = enum_code(registry_pb2.RegistrationStatus, r.status, "REGISTRATION_STATUS_")
    return {
        "registration_id": r.registration_id,
        "method": method,
        "method_name": labels.REGISTRATION_METHOD_NAMES.get(method, ""),
        "status": status,
        "status_name": labels.REGISTRATION_STATUS_NAMES.get(status, ""),
        "submitted_at": r.submitted_at,
        "decided_at": r.decided_at or None,
        "reason": r.reason,
        "address": r.address,
        "district": r.district_code,
        "house_id": r.house_id or None,
        "contract_no": r.contract_no,
        "house_type": r.house_type,
        "cert_no": r.cert_no,
        "phone_masked": r.phone_masked,
    }


def review_detail_dict(found: registry_pb2.GetRegistrationResponse) -> dict[str, Any]:
    """A registration as the reviewer sees it: the applicant masked (in clear only when revealed), whether
    they are a registered owner, the owners (masked) and the files."""
    return {
        **registration_dict(found.registration),
        "applicant_name_masked": found.applicant_name_masked,
        "applicant_phone_masked": found.applicant_phone_masked,
        "applicant_name": found.applicant_name or None,
        "applicant_phone": found.applicant_phone or None,
        "applicant_is_owner": found.applicant_is_owner,
        "owner_masked": found.owners_masked,
        "files": [
            {
                "file_id": f.file_id,
                "filename": f.filename,
                "content_type": f.content_type,
                "size_bytes": f.size_bytes,
                "scan_status": f.scan_status,
            }
            for f in found.files
        ],
    }


# --- F8 站外快速交存 -----------------------------------------------------------------------------------


def quickpay_next_action(state: dict[str, Any]) -> str:
    """What the result page offers (seed 4.2.5 / 4.2.6), read off the state the services answered."""
    deposit = state["deposit"]
    if deposit is None:
        return "PAY" if state["bill"]["status"] == "PENDING" else "NONE"
    receipt = deposit["receipt"]
    if receipt["kind"] == "PAPER":
        return "PAPER"
    return {"ISSUED": "DOWNLOAD", "FAILED": "RETRY_INVOICE", "ISSUING": "ISSUING"}.get(
        receipt["status"], "REQUEST_INVOICE"
    )


def quickpay_state_dict(state: quickpay_pb2.QuickpayState) -> dict[str, Any]:
    bill = bill_dict(state.bill)
    for owner_only in ("house_id", "notices", "can_pay"):  # quick pay's own state machine decides
        bill.pop(owner_only, None)
    bill["owner_name_masked"] = state.owner_name_masked
    deposit = None
    if state.HasField("deposit"):
        d = state.deposit
        deposit = {
            "deposit_id": d.deposit_id,
            "amount_fen": d.amount_fen,
            "paid_at": d.paid_at,
            "channel": d.channel,
            "channel_name": labels.CHANNEL_NAMES.get(d.channel, ""),
            "receipt": {
                **receipt_dict(d.receipt, unset=""),
                "status_name": labels.RECEIPT_STATUS_NAMES.get(d.receipt.status, ""),
            },
        }
    order = order_dict(state.latest_order) if state.HasField("latest_order") else None
    result = {"bill": bill, "deposit": deposit, "order": order}
    result["next_action"] = quickpay_next_action(result)
    return result


# --- owners' documents: annual statements, deposit certificates, fund uses ---------------------------


def statement_dict(found: deposit_pb2.GetAnnualStatementResponse) -> dict[str, Any]:
    t = found.totals
    return {
        "year": found.year,
        "first_year": found.first_year,
        "opening_balance_fen": t.opening_balance_fen,
        "deposits_fen": t.deposits_fen,
        "interest_fen": t.interest_fen,
        "apportionments_fen": t.apportionments_fen,
        "refunds_fen": t.refunds_fen,
        "closing_balance_fen": t.closing_balance_fen,
        "principal_fen": t.principal_fen,
        "interest_balance_fen": t.interest_balance_fen,
        "entries": [entry_dict(e) for e in found.entries],
        "issued_at": found.issued_at,
    }


def certificate_dict(found: deposit_pb2.DepositCertificate) -> dict[str, Any]:
    return {
        "certificate_id": found.certificate_id,
        "verification_code": found.verification_code,
        "fully_paid": found.fully_paid,
        "shortfall_fen": found.shortfall_fen,
        "issued_at": found.issued_at,
        "house_id": found.house_id,
        "balance_fen": found.balance_fen,
        "first_deposit_fen": found.first_deposit_fen,
        "address": found.address,
    }


def certificate_verification_dict(answer: deposit_pb2.VerifyDepositCertificateResponse) -> dict[str, Any]:
    """Public: the same keys whether or not the code matched (no oracle); no name, no ID number."""
    return {
        "valid": answer.valid,
        "address_masked": answer.address_masked or None,
        "fully_paid": answer.fully_paid,
        "issued_at": answer.issued_at or None,
    }


def project_dict(project: deposit_pb2.FundProject) -> dict[str, Any]:
    basis = optional_code(deposit_pb2.ShareBasis, project.share_basis, "SHARE_BASIS_")
    scope = optional_code(deposit_pb2.ProjectScope, project.scope, "PROJECT_SCOPE_")
    return {
        "project_id": project.project_id,
        "project_no": project.project_no,
        "name": project.name,
        "reason": project.reason,
        "scope": scope,
        "scope_name": project.scope_name,
        "total_cost_fen": project.total_cost_fen,
        "households": project.households,
        "share_basis": basis,
        "share_basis_name": labels.SHARE_BASIS_NAMES.get(basis, ""),
        "your_share_fen": project.your_share_fen,
        "approved_at": project.approved_on,
        "documents": [
            {
                "kind": d.kind,
                "kind_name": labels.PROJECT_DOCUMENT_NAMES.get(d.kind, d.kind),
                "title": d.title,
                "reference": d.reference,
            }
            for d in project.documents
        ],
    }


# --- messages (消息) ------------------------------------------------------------------------------------

KIND_PREFIX = "NOTIFICATION_KIND_"


def notification_kind(value: int) -> str:
    """``NOTIFICATION_KIND_DEPOSIT_POSTED`` → ``DEPOSIT_POSTED``."""
    return enum_code(notification_pb2.NotificationKind, value, KIND_PREFIX)


def notification_dict(n: notification_pb2.Notification) -> dict[str, Any]:
    kind = notification_kind(n.kind)
    return {
        "notification_id": n.notification_id,
        "kind": kind,
        "kind_name": labels.NOTIFICATION_KIND_NAMES.get(kind, ""),
        "title": n.title,
        "body": n.body,
        "link": n.link or None,
        "created_at": n.created_at,
        "read": n.read,
    }


def preference_dict(p: notification_pb2.Preference) -> dict[str, Any]:
    kind = notification_kind(p.kind)
    return {"kind": kind, "kind_name": labels.NOTIFICATION_KIND_NAMES.get(kind, ""), "sms": p.sms}
