"""Who is told what about each event (pure; the service layer gathers the facts and stores the drafts).

Who: the accounts bound to the house, and the payer of a deposit when the payer is not one of them.
What: a short title, a body in Chinese with amounts in yuan from integer fen, a portal link, and an SMS by
template. Personal data stays out: the address is shortened, no ID number, no full name, no phone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from maintfund_common.money import fen_to_yuan, format_yuan
from notification.domain.messages import Draft, Kind, Sms

# SMS templates registered with the provider (their texts are the provider's; see the sandbox's copy).
TEMPLATES: dict[Kind, str] = {
    Kind.DEPOSIT_POSTED: "SMS_MF_DEPOSIT_POSTED",
    Kind.INTEREST_POSTED: "SMS_MF_INTEREST_POSTED",
    Kind.APPORTIONMENT_POSTED: "SMS_MF_APPORTIONMENT_POSTED",
    Kind.LOW_BALANCE: "SMS_MF_LOW_BALANCE",
    Kind.BILL_RAISED: "SMS_MF_BILL_RAISED",
    Kind.RECEIPT_ISSUED: "SMS_MF_RECEIPT_ISSUED",
    Kind.RECEIPT_FAILED: "SMS_MF_RECEIPT_FAILED",
    Kind.REGISTRATION_DECIDED: "SMS_MF_REGISTRATION_DECIDED",
}

_PREFIXES = ("北京市", "北京")
SHORT_HEAD, SHORT_TAIL = 6, 4
MAX_PARAM = 20  # providers cap a template variable's length (e.g. 20 characters for Aliyun's)
MAX_REASON = 200
MAX_NAME = 16  # identity masks every character but the first and last; « name代交 » stays in MAX_PARAM


def shorten_address(address: str) -> str:
    """``北京市朝阳区建国路88号院3号楼2单元1201`` → ``朝阳区建国路…1201``: enough for the owner to know the
    house, not enough to find the door from a message seen over a shoulder."""
    text = address.strip()
    for prefix in _PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    if len(text) <= SHORT_HEAD + SHORT_TAIL:
        return text
    return f"{text[:SHORT_HEAD]}…{text[-SHORT_TAIL:]}"


def yuan(fen: int) -> str:
    """Amount for a message: ``123450`` → ``1,234.50元``."""
    return format_yuan(fen).replace("¥", "") + "元"


def _param(value: str) -> str:
    return value[:MAX_PARAM]


def _recipients(bound: Iterable[str]) -> list[str]:
    return sorted({a for a in bound if a})


@dataclass(frozen=True)
class DepositFacts:
    deposit_id: str
    house_id: str
    house_address: str
    amount_fen: int
    payer_account_id: str  # empty for an anonymous quick payment
    payment_type: str  # 首次交存 / 补交 / 续筹, as the deposit service names it
    # identity's masked name of a payer who is not bound to the house (e.g. 张*); empty when there is
    # none to tell (the payer is an owner, a quick payment without an account, or identity did not answer)
    payer_name_masked: str = ""


def masked_name(name: str) -> str:
    """The payer's name as a message may carry it: identity's mask (``张*``, ``欧**娜``) or nothing.

    Anything without the mask's asterisk, or longer than a name, is refused here rather than trusted: a
    full name must never reach a message or an SMS, whatever an adapter hands over."""
    name = name.strip()
    if not name or "*" not in name or len(name) > MAX_NAME or name.strip("*") == "":
        return ""
    return name


def deposit_posted(facts: DepositFacts, bound: Iterable[str]) -> list[Draft]:
    """The owners are told their house received money and, when someone else paid, who (masked, when
    the payer has an account identity could name; 他人 otherwise); a payer who is not bound to the house
    is told the payment was booked."""
    house = shorten_address(facts.house_address)
    amount = yuan(facts.amount_fen)
    owners = _recipients(bound)
    by_other = bool(facts.payer_account_id) and facts.payer_account_id not in owners
    anonymous = not facts.payer_account_id
    name = masked_name(facts.payer_name_masked) if by_other else ""
    drafts = []
    for account in owners:
        if name:
            who, payer = f"由{name}代为交存", f"{name}代交"
        elif by_other or anonymous:
            who, payer = "由他人代为交存", "他人代交"
        else:
            who, payer = "", "本人交存" if account == facts.payer_account_id else "共有人交存"
        body = f"您的房屋{house}的维修资金账户已入账{amount}" + (f"（{who}）" if who else "") + "。"
        drafts.append(
            Draft(
                account,
                Kind.DEPOSIT_POSTED,
                "维修资金交存已入账",
                body,
                f"/houses/{facts.house_id}/ledger",
                Sms(
                    TEMPLATES[Kind.DEPOSIT_POSTED],
                    {"house": _param(house), "amount": fen_to_yuan(facts.amount_fen), "payer": payer},
                ),
            )
        )
    if by_other:
        drafts.append(
            Draft(
                facts.payer_account_id,
                Kind.DEPOSIT_POSTED,
                "代交款项已入账",
                f"您为房屋{house}交存的{amount}已记入该房屋的维修资金账户。",
                "/deposit-records",
                Sms(
                    TEMPLATES[Kind.DEPOSIT_POSTED],
                    {"house": _param(house), "amount": fen_to_yuan(facts.amount_fen), "payer": "您代交"},
                ),
            )
        )
    return drafts


@dataclass(frozen=True)
class InterestFacts:
    house_id: str
    house_address: str
    amount_fen: int
    balance_fen: int


def interest_posted(facts: InterestFacts, bound: Iterable[str]) -> list[Draft]:
    house = shorten_address(facts.house_address)
    return [
        Draft(
            account,
            Kind.INTEREST_POSTED,
            "维修资金增值收益已入账",
            f"您的房屋{house}分得增值收益{yuan(facts.amount_fen)}，账户余额{yuan(facts.balance_fen)}。",
            f"/houses/{facts.house_id}/ledger",
            Sms(
                TEMPLATES[Kind.INTEREST_POSTED],
                {"house": _param(house), "amount": fen_to_yuan(facts.amount_fen)},
            ),
        )
        for account in _recipients(bound)
    ]


@dataclass(frozen=True)
class ApportionmentFacts:
    house_id: str
    house_address: str
    project_name: str
    share_fen: int
    balance_fen: int


def apportionment_posted(facts: ApportionmentFacts, bound: Iterable[str]) -> list[Draft]:
    house = shorten_address(facts.house_address)
    project = facts.project_name.strip() or "维修项目"
    return [
        Draft(
            account,
            Kind.APPORTIONMENT_POSTED,
            "维修资金使用分摊",
            f"维修项目「{project}」从您的房屋{house}分摊{yuan(facts.share_fen)}，"
            f"账户余额{yuan(facts.balance_fen)}。",
            f"/houses/{facts.house_id}/projects",
            Sms(
                TEMPLATES[Kind.APPORTIONMENT_POSTED],
                {"house": _param(house), "project": _param(project), "amount": fen_to_yuan(facts.share_fen)},
            ),
        )
        for account in _recipients(bound)
    ]


@dataclass(frozen=True)
class LowBalanceFacts:
    house_id: str
    house_address: str
    balance_fen: int
    first_deposit_fen: int
    threshold_percent: int
    bill_id: str  # the 续筹 bill the deposit service raised; empty when none could be raised


def low_balance(facts: LowBalanceFacts, bound: Iterable[str]) -> list[Draft]:
    house = shorten_address(facts.house_address)
    link = f"/bills/{facts.bill_id}" if facts.bill_id else f"/houses/{facts.house_id}"
    return [
        Draft(
            account,
            Kind.LOW_BALANCE,
            "维修资金余额不足，请续筹",
            f"您的房屋{house}的维修资金余额{yuan(facts.balance_fen)}，已低于首次交存额"
            f"{yuan(facts.first_deposit_fen)}的{facts.threshold_percent}%，请及时续筹。",
            link,
            Sms(
                TEMPLATES[Kind.LOW_BALANCE],
                {
                    "house": _param(house),
                    "balance": fen_to_yuan(facts.balance_fen),
                    "percent": str(facts.threshold_percent),
                },
            ),
        )
        for account in _recipients(bound)
    ]


@dataclass(frozen=True)
class BillFacts:
    bill_id: str
    house_id: str
    house_address: str
    payment_type: str  # 首次交存 / 补交 / 续筹
    amount_fen: int  # 0 when the owner enters the amount (续筹)
    min_fen: int
    max_fen: int


def bill_raised(facts: BillFacts, bound: Iterable[str]) -> list[Draft]:
    house = shorten_address(facts.house_address)
    kind = facts.payment_type or "交存"
    if facts.amount_fen:
        amount = f"应交{yuan(facts.amount_fen)}"
        sms_amount = fen_to_yuan(facts.amount_fen) + "元"
    else:
        amount = f"可交{yuan(facts.min_fen)}至{yuan(facts.max_fen)}"
        sms_amount = f"{fen_to_yuan(facts.min_fen)}元起"
    return [
        Draft(
            account,
            Kind.BILL_RAISED,
            f"待交存：{kind}",
            f"您的房屋{house}有一笔{kind}待交存，{amount}。",
            f"/bills/{facts.bill_id}",
            Sms(
                TEMPLATES[Kind.BILL_RAISED],
                {"house": _param(house), "type": _param(kind), "amount": sms_amount},
            ),
        )
        for account in _recipients(bound)
    ]


@dataclass(frozen=True)
class ReceiptFacts:
    invoice_id: str
    deposit_id: str
    house_id: str
    house_address: str
    amount_fen: int
    payer_account_id: str
    issued: bool  # True: ISSUED; False: FAILED


def receipt_changed(facts: ReceiptFacts, bound: Iterable[str]) -> list[Draft]:
    """The payer and the house's owners (the receipt is visible to them all)."""
    house = shorten_address(facts.house_address)
    amount = yuan(facts.amount_fen)
    accounts = _recipients([*bound, facts.payer_account_id])
    link = f"/deposits/{facts.deposit_id}/receipt"
    if facts.issued:
        kind, title = Kind.RECEIPT_ISSUED, "电子票据已开具"
        body = f"房屋{house}交存{amount}的财政电子票据已开具，可查询下载。"
    else:
        kind, title = Kind.RECEIPT_FAILED, "电子票据开具失败"
        body = f"房屋{house}交存{amount}的财政电子票据开具失败，请点击重新开票。"
    sms = Sms(TEMPLATES[kind], {"house": _param(house), "amount": fen_to_yuan(facts.amount_fen)})
    return [Draft(account, kind, title, body, link, sms) for account in accounts]


@dataclass(frozen=True)
class RegistrationFacts:
    registration_id: str
    account_id: str
    approved: bool
    reason: str


def registration_decided(facts: RegistrationFacts) -> list[Draft]:
    """The applicant is told the decision and the reviewer's reason."""
    if not facts.account_id:
        return []
    reason = " ".join(facts.reason.split())[:MAX_REASON]
    outcome = "已通过" if facts.approved else "未通过"
    body = f"您提交的个人造册申请{outcome}。"
    if reason:
        body += f"审核意见：{reason}"
    elif not facts.approved:
        body += "请查看申请记录。"
    return [
        Draft(
            facts.account_id,
            Kind.REGISTRATION_DECIDED,
            f"个人造册申请{outcome}",
            body,
            "/registrations",
            Sms(TEMPLATES[Kind.REGISTRATION_DECIDED], {"result": outcome}),
        )
    ]
