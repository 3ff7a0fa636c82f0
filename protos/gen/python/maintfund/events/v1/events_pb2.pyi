from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class HouseRegistered(_message.Message):
    __slots__ = ("event_id", "occurred_at", "house_id", "district_code", "area_m2", "property_kind", "storey_class", "address", "deposits_blocked", "contract_no", "cert_no", "needs_refund")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    AREA_M2_FIELD_NUMBER: _ClassVar[int]
    PROPERTY_KIND_FIELD_NUMBER: _ClassVar[int]
    STOREY_CLASS_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    DEPOSITS_BLOCKED_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_NO_FIELD_NUMBER: _ClassVar[int]
    CERT_NO_FIELD_NUMBER: _ClassVar[int]
    NEEDS_REFUND_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    occurred_at: str
    house_id: str
    district_code: str
    area_m2: str
    property_kind: str
    storey_class: str
    address: str
    deposits_blocked: bool
    contract_no: str
    cert_no: str
    needs_refund: bool
    def __init__(self, event_id: _Optional[str] = ..., occurred_at: _Optional[str] = ..., house_id: _Optional[str] = ..., district_code: _Optional[str] = ..., area_m2: _Optional[str] = ..., property_kind: _Optional[str] = ..., storey_class: _Optional[str] = ..., address: _Optional[str] = ..., deposits_blocked: _Optional[bool] = ..., contract_no: _Optional[str] = ..., cert_no: _Optional[str] = ..., needs_refund: _Optional[bool] = ...) -> None: ...

class HouseBound(_message.Message):
    __slots__ = ("event_id", "occurred_at", "house_id", "account_id", "via")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    VIA_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    occurred_at: str
    house_id: str
    account_id: str
    via: str
    def __init__(self, event_id: _Optional[str] = ..., occurred_at: _Optional[str] = ..., house_id: _Optional[str] = ..., account_id: _Optional[str] = ..., via: _Optional[str] = ...) -> None: ...

class RegistrationDecided(_message.Message):
    __slots__ = ("event_id", "occurred_at", "registration_id", "account_id", "house_id", "district_code", "decision", "reason", "reviewer_id")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    occurred_at: str
    registration_id: str
    account_id: str
    house_id: str
    district_code: str
    decision: str
    reason: str
    reviewer_id: str
    def __init__(self, event_id: _Optional[str] = ..., occurred_at: _Optional[str] = ..., registration_id: _Optional[str] = ..., account_id: _Optional[str] = ..., house_id: _Optional[str] = ..., district_code: _Optional[str] = ..., decision: _Optional[str] = ..., reason: _Optional[str] = ..., reviewer_id: _Optional[str] = ...) -> None: ...

class AccountRegistered(_message.Message):
    __slots__ = ("event_id", "occurred_at", "account_id")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    occurred_at: str
    account_id: str
    def __init__(self, event_id: _Optional[str] = ..., occurred_at: _Optional[str] = ..., account_id: _Optional[str] = ...) -> None: ...

class DepositPaid(_message.Message):
    __slots__ = ("event_id", "occurred_at", "deposit_id", "house_id", "business_no", "amount_fen", "paid_at", "channel", "payer_account_id", "owner_name", "house_address", "area_m2", "payment_type", "entry_id")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NO_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    PAID_AT_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    PAYER_ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_NAME_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    AREA_M2_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    occurred_at: str
    deposit_id: str
    house_id: str
    business_no: str
    amount_fen: int
    paid_at: str
    channel: str
    payer_account_id: str
    owner_name: str
    house_address: str
    area_m2: str
    payment_type: str
    entry_id: int
    def __init__(self, event_id: _Optional[str] = ..., occurred_at: _Optional[str] = ..., deposit_id: _Optional[str] = ..., house_id: _Optional[str] = ..., business_no: _Optional[str] = ..., amount_fen: _Optional[int] = ..., paid_at: _Optional[str] = ..., channel: _Optional[str] = ..., payer_account_id: _Optional[str] = ..., owner_name: _Optional[str] = ..., house_address: _Optional[str] = ..., area_m2: _Optional[str] = ..., payment_type: _Optional[str] = ..., entry_id: _Optional[int] = ...) -> None: ...

class PaperReceiptRecorded(_message.Message):
    __slots__ = ("event_id", "occurred_at", "deposit_id", "paper_receipt_no")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    PAPER_RECEIPT_NO_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    occurred_at: str
    deposit_id: str
    paper_receipt_no: str
    def __init__(self, event_id: _Optional[str] = ..., occurred_at: _Optional[str] = ..., deposit_id: _Optional[str] = ..., paper_receipt_no: _Optional[str] = ...) -> None: ...

class InvoiceStatusChanged(_message.Message):
    __slots__ = ("event_id", "occurred_at", "invoice_id", "deposit_id", "status")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    occurred_at: str
    invoice_id: str
    deposit_id: str
    status: str
    def __init__(self, event_id: _Optional[str] = ..., occurred_at: _Optional[str] = ..., invoice_id: _Optional[str] = ..., deposit_id: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class BillRaised(_message.Message):
    __slots__ = ("event_id", "occurred_at", "bill_id", "house_id", "business_no", "payment_type", "amount_fen", "min_fen", "max_fen", "house_address")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NO_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    MIN_FEN_FIELD_NUMBER: _ClassVar[int]
    MAX_FEN_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    occurred_at: str
    bill_id: str
    house_id: str
    business_no: str
    payment_type: str
    amount_fen: int
    min_fen: int
    max_fen: int
    house_address: str
    def __init__(self, event_id: _Optional[str] = ..., occurred_at: _Optional[str] = ..., bill_id: _Optional[str] = ..., house_id: _Optional[str] = ..., business_no: _Optional[str] = ..., payment_type: _Optional[str] = ..., amount_fen: _Optional[int] = ..., min_fen: _Optional[int] = ..., max_fen: _Optional[int] = ..., house_address: _Optional[str] = ...) -> None: ...

class InterestPosted(_message.Message):
    __slots__ = ("event_id", "occurred_at", "house_id", "business_no", "amount_fen", "balance_fen", "entry_id", "house_address")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NO_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    occurred_at: str
    house_id: str
    business_no: str
    amount_fen: int
    balance_fen: int
    entry_id: int
    house_address: str
    def __init__(self, event_id: _Optional[str] = ..., occurred_at: _Optional[str] = ..., house_id: _Optional[str] = ..., business_no: _Optional[str] = ..., amount_fen: _Optional[int] = ..., balance_fen: _Optional[int] = ..., entry_id: _Optional[int] = ..., house_address: _Optional[str] = ...) -> None: ...

class ApportionmentPosted(_message.Message):
    __slots__ = ("event_id", "occurred_at", "house_id", "business_no", "project_id", "project_name", "share_fen", "balance_fen", "entry_id", "house_address")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NO_FIELD_NUMBER: _ClassVar[int]
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    PROJECT_NAME_FIELD_NUMBER: _ClassVar[int]
    SHARE_FEN_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    occurred_at: str
    house_id: str
    business_no: str
    project_id: str
    project_name: str
    share_fen: int
    balance_fen: int
    entry_id: int
    house_address: str
    def __init__(self, event_id: _Optional[str] = ..., occurred_at: _Optional[str] = ..., house_id: _Optional[str] = ..., business_no: _Optional[str] = ..., project_id: _Optional[str] = ..., project_name: _Optional[str] = ..., share_fen: _Optional[int] = ..., balance_fen: _Optional[int] = ..., entry_id: _Optional[int] = ..., house_address: _Optional[str] = ...) -> None: ...

class BalanceLow(_message.Message):
    __slots__ = ("event_id", "occurred_at", "house_id", "business_no", "balance_fen", "first_deposit_fen", "threshold_percent", "bill_id", "house_address")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NO_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    FIRST_DEPOSIT_FEN_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_PERCENT_FIELD_NUMBER: _ClassVar[int]
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    occurred_at: str
    house_id: str
    business_no: str
    balance_fen: int
    first_deposit_fen: int
    threshold_percent: int
    bill_id: str
    house_address: str
    def __init__(self, event_id: _Optional[str] = ..., occurred_at: _Optional[str] = ..., house_id: _Optional[str] = ..., business_no: _Optional[str] = ..., balance_fen: _Optional[int] = ..., first_deposit_fen: _Optional[int] = ..., threshold_percent: _Optional[int] = ..., bill_id: _Optional[str] = ..., house_address: _Optional[str] = ...) -> None: ...
