from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EntryKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENTRY_KIND_UNSPECIFIED: _ClassVar[EntryKind]
    ENTRY_KIND_FIRST_DEPOSIT: _ClassVar[EntryKind]
    ENTRY_KIND_TOP_UP: _ClassVar[EntryKind]
    ENTRY_KIND_REPLENISHMENT: _ClassVar[EntryKind]
    ENTRY_KIND_INTEREST: _ClassVar[EntryKind]
    ENTRY_KIND_APPORTIONMENT: _ClassVar[EntryKind]
    ENTRY_KIND_REFUND: _ClassVar[EntryKind]

class ReceiptKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECEIPT_KIND_UNSPECIFIED: _ClassVar[ReceiptKind]
    RECEIPT_KIND_NONE: _ClassVar[ReceiptKind]
    RECEIPT_KIND_PAPER: _ClassVar[ReceiptKind]
    RECEIPT_KIND_ELECTRONIC: _ClassVar[ReceiptKind]

class PaymentType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PAYMENT_TYPE_UNSPECIFIED: _ClassVar[PaymentType]
    PAYMENT_TYPE_FIRST_DEPOSIT: _ClassVar[PaymentType]
    PAYMENT_TYPE_TOP_UP: _ClassVar[PaymentType]
    PAYMENT_TYPE_REPLENISHMENT: _ClassVar[PaymentType]

class AmountRule(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AMOUNT_RULE_UNSPECIFIED: _ClassVar[AmountRule]
    AMOUNT_RULE_FIXED: _ClassVar[AmountRule]
    AMOUNT_RULE_ENTERED: _ClassVar[AmountRule]

class BillStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BILL_STATUS_UNSPECIFIED: _ClassVar[BillStatus]
    BILL_STATUS_PENDING: _ClassVar[BillStatus]
    BILL_STATUS_PAID: _ClassVar[BillStatus]
    BILL_STATUS_VOID: _ClassVar[BillStatus]

class Notice(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NOTICE_UNSPECIFIED: _ClassVar[Notice]
    NOTICE_REFUND_REQUIRED: _ClassVar[Notice]
    NOTICE_UNIT_MUST_PAY: _ClassVar[Notice]
    NOTICE_NOT_OWNER: _ClassVar[Notice]

class Channel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CHANNEL_UNSPECIFIED: _ClassVar[Channel]
    CHANNEL_WECHAT: _ClassVar[Channel]
    CHANNEL_ALIPAY: _ClassVar[Channel]

class OrderStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ORDER_STATUS_UNSPECIFIED: _ClassVar[OrderStatus]
    ORDER_STATUS_PENDING: _ClassVar[OrderStatus]
    ORDER_STATUS_PAID: _ClassVar[OrderStatus]
    ORDER_STATUS_CLOSED: _ClassVar[OrderStatus]
    ORDER_STATUS_FAILED: _ClassVar[OrderStatus]
    ORDER_STATUS_SUSPECT: _ClassVar[OrderStatus]

class ShareBasis(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SHARE_BASIS_UNSPECIFIED: _ClassVar[ShareBasis]
    SHARE_BASIS_BY_AREA: _ClassVar[ShareBasis]
    SHARE_BASIS_EQUAL: _ClassVar[ShareBasis]

class ProjectScope(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROJECT_SCOPE_UNSPECIFIED: _ClassVar[ProjectScope]
    PROJECT_SCOPE_BUILDING: _ClassVar[ProjectScope]
    PROJECT_SCOPE_COMMUNITY: _ClassVar[ProjectScope]
ENTRY_KIND_UNSPECIFIED: EntryKind
ENTRY_KIND_FIRST_DEPOSIT: EntryKind
ENTRY_KIND_TOP_UP: EntryKind
ENTRY_KIND_REPLENISHMENT: EntryKind
ENTRY_KIND_INTEREST: EntryKind
ENTRY_KIND_APPORTIONMENT: EntryKind
ENTRY_KIND_REFUND: EntryKind
RECEIPT_KIND_UNSPECIFIED: ReceiptKind
RECEIPT_KIND_NONE: ReceiptKind
RECEIPT_KIND_PAPER: ReceiptKind
RECEIPT_KIND_ELECTRONIC: ReceiptKind
PAYMENT_TYPE_UNSPECIFIED: PaymentType
PAYMENT_TYPE_FIRST_DEPOSIT: PaymentType
PAYMENT_TYPE_TOP_UP: PaymentType
PAYMENT_TYPE_REPLENISHMENT: PaymentType
AMOUNT_RULE_UNSPECIFIED: AmountRule
AMOUNT_RULE_FIXED: AmountRule
AMOUNT_RULE_ENTERED: AmountRule
BILL_STATUS_UNSPECIFIED: BillStatus
BILL_STATUS_PENDING: BillStatus
BILL_STATUS_PAID: BillStatus
BILL_STATUS_VOID: BillStatus
NOTICE_UNSPECIFIED: Notice
NOTICE_REFUND_REQUIRED: Notice
NOTICE_UNIT_MUST_PAY: Notice
NOTICE_NOT_OWNER: Notice
CHANNEL_UNSPECIFIED: Channel
CHANNEL_WECHAT: Channel
CHANNEL_ALIPAY: Channel
ORDER_STATUS_UNSPECIFIED: OrderStatus
ORDER_STATUS_PENDING: OrderStatus
ORDER_STATUS_PAID: OrderStatus
ORDER_STATUS_CLOSED: OrderStatus
ORDER_STATUS_FAILED: OrderStatus
ORDER_STATUS_SUSPECT: OrderStatus
SHARE_BASIS_UNSPECIFIED: ShareBasis
SHARE_BASIS_BY_AREA: ShareBasis
SHARE_BASIS_EQUAL: ShareBasis
PROJECT_SCOPE_UNSPECIFIED: ProjectScope
PROJECT_SCOPE_BUILDING: ProjectScope
PROJECT_SCOPE_COMMUNITY: ProjectScope

class HouseAccount(_message.Message):
    __slots__ = ("house_id", "principal_fen", "interest_fen", "balance_fen", "first_deposit_fen")
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_FEN_FIELD_NUMBER: _ClassVar[int]
    INTEREST_FEN_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    FIRST_DEPOSIT_FEN_FIELD_NUMBER: _ClassVar[int]
    house_id: str
    principal_fen: int
    interest_fen: int
    balance_fen: int
    first_deposit_fen: int
    def __init__(self, house_id: _Optional[str] = ..., principal_fen: _Optional[int] = ..., interest_fen: _Optional[int] = ..., balance_fen: _Optional[int] = ..., first_deposit_fen: _Optional[int] = ...) -> None: ...

class LedgerEntry(_message.Message):
    __slots__ = ("entry_id", "house_id", "kind", "amount_fen", "principal_delta_fen", "interest_delta_fen", "balance_after_fen", "business_no", "booked_at", "deposit_id", "summary")
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_DELTA_FEN_FIELD_NUMBER: _ClassVar[int]
    INTEREST_DELTA_FEN_FIELD_NUMBER: _ClassVar[int]
    BALANCE_AFTER_FEN_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NO_FIELD_NUMBER: _ClassVar[int]
    BOOKED_AT_FIELD_NUMBER: _ClassVar[int]
    DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    entry_id: int
    house_id: str
    kind: EntryKind
    amount_fen: int
    principal_delta_fen: int
    interest_delta_fen: int
    balance_after_fen: int
    business_no: str
    booked_at: str
    deposit_id: str
    summary: str
    def __init__(self, entry_id: _Optional[int] = ..., house_id: _Optional[str] = ..., kind: _Optional[_Union[EntryKind, str]] = ..., amount_fen: _Optional[int] = ..., principal_delta_fen: _Optional[int] = ..., interest_delta_fen: _Optional[int] = ..., balance_after_fen: _Optional[int] = ..., business_no: _Optional[str] = ..., booked_at: _Optional[str] = ..., deposit_id: _Optional[str] = ..., summary: _Optional[str] = ...) -> None: ...

class ReceiptInfo(_message.Message):
    __slots__ = ("kind", "invoice_id", "status")
    KIND_FIELD_NUMBER: _ClassVar[int]
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    kind: ReceiptKind
    invoice_id: str
    status: str
    def __init__(self, kind: _Optional[_Union[ReceiptKind, str]] = ..., invoice_id: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class BatchGetHouseAccountsRequest(_message.Message):
    __slots__ = ("house_ids",)
    HOUSE_IDS_FIELD_NUMBER: _ClassVar[int]
    house_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, house_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetHouseAccountsResponse(_message.Message):
    __slots__ = ("accounts",)
    ACCOUNTS_FIELD_NUMBER: _ClassVar[int]
    accounts: _containers.RepeatedCompositeFieldContainer[HouseAccount]
    def __init__(self, accounts: _Optional[_Iterable[_Union[HouseAccount, _Mapping]]] = ...) -> None: ...

class ListLedgerEntriesRequest(_message.Message):
    __slots__ = ("house_id", "page_size", "page_token", "account_id", "grant")
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    GRANT_FIELD_NUMBER: _ClassVar[int]
    house_id: str
    page_size: int
    page_token: str
    account_id: str
    grant: str
    def __init__(self, house_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., account_id: _Optional[str] = ..., grant: _Optional[str] = ...) -> None: ...

class ListLedgerEntriesResponse(_message.Message):
    __slots__ = ("entries", "next_page_token", "house")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    HOUSE_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[LedgerEntry]
    next_page_token: str
    house: HouseSummary
    def __init__(self, entries: _Optional[_Iterable[_Union[LedgerEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., house: _Optional[_Union[HouseSummary, _Mapping]] = ...) -> None: ...

class GetLedgerEntryRequest(_message.Message):
    __slots__ = ("house_id", "entry_id", "account_id", "grant")
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    GRANT_FIELD_NUMBER: _ClassVar[int]
    house_id: str
    entry_id: int
    account_id: str
    grant: str
    def __init__(self, house_id: _Optional[str] = ..., entry_id: _Optional[int] = ..., account_id: _Optional[str] = ..., grant: _Optional[str] = ...) -> None: ...

class GetLedgerEntryResponse(_message.Message):
    __slots__ = ("entry", "receipt", "house", "project")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    HOUSE_FIELD_NUMBER: _ClassVar[int]
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    entry: LedgerEntry
    receipt: ReceiptInfo
    house: HouseSummary
    project: FundProject
    def __init__(self, entry: _Optional[_Union[LedgerEntry, _Mapping]] = ..., receipt: _Optional[_Union[ReceiptInfo, _Mapping]] = ..., house: _Optional[_Union[HouseSummary, _Mapping]] = ..., project: _Optional[_Union[FundProject, _Mapping]] = ...) -> None: ...

class HouseSummary(_message.Message):
    __slots__ = ("house_id", "district_code", "address", "area_m2", "property_kind", "storey_class", "contract_no", "cert_no", "needs_refund")
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    AREA_M2_FIELD_NUMBER: _ClassVar[int]
    PROPERTY_KIND_FIELD_NUMBER: _ClassVar[int]
    STOREY_CLASS_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_NO_FIELD_NUMBER: _ClassVar[int]
    CERT_NO_FIELD_NUMBER: _ClassVar[int]
    NEEDS_REFUND_FIELD_NUMBER: _ClassVar[int]
    house_id: str
    district_code: str
    address: str
    area_m2: str
    property_kind: str
    storey_class: str
    contract_no: str
    cert_no: str
    needs_refund: bool
    def __init__(self, house_id: _Optional[str] = ..., district_code: _Optional[str] = ..., address: _Optional[str] = ..., area_m2: _Optional[str] = ..., property_kind: _Optional[str] = ..., storey_class: _Optional[str] = ..., contract_no: _Optional[str] = ..., cert_no: _Optional[str] = ..., needs_refund: _Optional[bool] = ...) -> None: ...

class AccountHouse(_message.Message):
    __slots__ = ("house", "account")
    HOUSE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    house: HouseSummary
    account: HouseAccount
    def __init__(self, house: _Optional[_Union[HouseSummary, _Mapping]] = ..., account: _Optional[_Union[HouseAccount, _Mapping]] = ...) -> None: ...

class ListAccountHousesRequest(_message.Message):
    __slots__ = ("account_id", "address_contains", "page_size", "page_token", "count_pending_bills")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_CONTAINS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    COUNT_PENDING_BILLS_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    address_contains: str
    page_size: int
    page_token: str
    count_pending_bills: bool
    def __init__(self, account_id: _Optional[str] = ..., address_contains: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., count_pending_bills: _Optional[bool] = ...) -> None: ...

class ListAccountHousesResponse(_message.Message):
    __slots__ = ("houses", "next_page_token", "total_bound", "pending_bill_count")
    HOUSES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_BOUND_FIELD_NUMBER: _ClassVar[int]
    PENDING_BILL_COUNT_FIELD_NUMBER: _ClassVar[int]
    houses: _containers.RepeatedCompositeFieldContainer[AccountHouse]
    next_page_token: str
    total_bound: int
    pending_bill_count: int
    def __init__(self, houses: _Optional[_Iterable[_Union[AccountHouse, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_bound: _Optional[int] = ..., pending_bill_count: _Optional[int] = ...) -> None: ...

class GetAccountHouseRequest(_message.Message):
    __slots__ = ("account_id", "house_id")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    house_id: str
    def __init__(self, account_id: _Optional[str] = ..., house_id: _Optional[str] = ...) -> None: ...

class GetAccountHouseResponse(_message.Message):
    __slots__ = ("house",)
    HOUSE_FIELD_NUMBER: _ClassVar[int]
    house: AccountHouse
    def __init__(self, house: _Optional[_Union[AccountHouse, _Mapping]] = ...) -> None: ...

class Bill(_message.Message):
    __slots__ = ("bill_id", "business_no", "house_id", "payment_type", "amount_rule", "amount_fen", "min_fen", "max_fen", "status", "fund_type", "created_at", "address", "area_m2", "property_kind", "deposits_blocked", "standard_fen_per_m2", "notices", "payable")
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NO_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_RULE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    MIN_FEN_FIELD_NUMBER: _ClassVar[int]
    MAX_FEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    FUND_TYPE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    AREA_M2_FIELD_NUMBER: _ClassVar[int]
    PROPERTY_KIND_FIELD_NUMBER: _ClassVar[int]
    DEPOSITS_BLOCKED_FIELD_NUMBER: _ClassVar[int]
    STANDARD_FEN_PER_M2_FIELD_NUMBER: _ClassVar[int]
    NOTICES_FIELD_NUMBER: _ClassVar[int]
    PAYABLE_FIELD_NUMBER: _ClassVar[int]
    bill_id: str
    business_no: str
    house_id: str
    payment_type: PaymentType
    amount_rule: AmountRule
    amount_fen: int
    min_fen: int
    max_fen: int
    status: BillStatus
    fund_type: str
    created_at: str
    address: str
    area_m2: str
    property_kind: str
    deposits_blocked: bool
    standard_fen_per_m2: int
    notices: _containers.RepeatedScalarFieldContainer[Notice]
    payable: bool
    def __init__(self, bill_id: _Optional[str] = ..., business_no: _Optional[str] = ..., house_id: _Optional[str] = ..., payment_type: _Optional[_Union[PaymentType, str]] = ..., amount_rule: _Optional[_Union[AmountRule, str]] = ..., amount_fen: _Optional[int] = ..., min_fen: _Optional[int] = ..., max_fen: _Optional[int] = ..., status: _Optional[_Union[BillStatus, str]] = ..., fund_type: _Optional[str] = ..., created_at: _Optional[str] = ..., address: _Optional[str] = ..., area_m2: _Optional[str] = ..., property_kind: _Optional[str] = ..., deposits_blocked: _Optional[bool] = ..., standard_fen_per_m2: _Optional[int] = ..., notices: _Optional[_Iterable[_Union[Notice, str]]] = ..., payable: _Optional[bool] = ...) -> None: ...

class RaiseBillRequest(_message.Message):
    __slots__ = ("house_id", "payment_type", "business_no", "amount_fen")
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    PAYMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NO_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    house_id: str
    payment_type: PaymentType
    business_no: str
    amount_fen: int
    def __init__(self, house_id: _Optional[str] = ..., payment_type: _Optional[_Union[PaymentType, str]] = ..., business_no: _Optional[str] = ..., amount_fen: _Optional[int] = ...) -> None: ...

class RaiseBillResponse(_message.Message):
    __slots__ = ("bill",)
    BILL_FIELD_NUMBER: _ClassVar[int]
    bill: Bill
    def __init__(self, bill: _Optional[_Union[Bill, _Mapping]] = ...) -> None: ...

class VoidBillRequest(_message.Message):
    __slots__ = ("bill_id", "reason")
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    bill_id: str
    reason: str
    def __init__(self, bill_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class VoidBillResponse(_message.Message):
    __slots__ = ("bill",)
    BILL_FIELD_NUMBER: _ClassVar[int]
    bill: Bill
    def __init__(self, bill: _Optional[_Union[Bill, _Mapping]] = ...) -> None: ...

class ListHouseBillsRequest(_message.Message):
    __slots__ = ("house_id",)
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    house_id: str
    def __init__(self, house_id: _Optional[str] = ...) -> None: ...

class ListHouseBillsResponse(_message.Message):
    __slots__ = ("bills",)
    BILLS_FIELD_NUMBER: _ClassVar[int]
    bills: _containers.RepeatedCompositeFieldContainer[Bill]
    def __init__(self, bills: _Optional[_Iterable[_Union[Bill, _Mapping]]] = ...) -> None: ...

class IsFundFullyPaidRequest(_message.Message):
    __slots__ = ("house_id",)
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    house_id: str
    def __init__(self, house_id: _Optional[str] = ...) -> None: ...

class IsFundFullyPaidResponse(_message.Message):
    __slots__ = ("fully_paid", "outstanding_fen", "pending_business_nos", "balance_fen", "first_deposit_fen")
    FULLY_PAID_FIELD_NUMBER: _ClassVar[int]
    OUTSTANDING_FEN_FIELD_NUMBER: _ClassVar[int]
    PENDING_BUSINESS_NOS_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    FIRST_DEPOSIT_FEN_FIELD_NUMBER: _ClassVar[int]
    fully_paid: bool
    outstanding_fen: int
    pending_business_nos: _containers.RepeatedScalarFieldContainer[str]
    balance_fen: int
    first_deposit_fen: int
    def __init__(self, fully_paid: _Optional[bool] = ..., outstanding_fen: _Optional[int] = ..., pending_business_nos: _Optional[_Iterable[str]] = ..., balance_fen: _Optional[int] = ..., first_deposit_fen: _Optional[int] = ...) -> None: ...

class RecordPaperReceiptRequest(_message.Message):
    __slots__ = ("deposit_id", "paper_receipt_no")
    DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    PAPER_RECEIPT_NO_FIELD_NUMBER: _ClassVar[int]
    deposit_id: str
    paper_receipt_no: str
    def __init__(self, deposit_id: _Optional[str] = ..., paper_receipt_no: _Optional[str] = ...) -> None: ...

class RecordPaperReceiptResponse(_message.Message):
    __slots__ = ("receipt",)
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    receipt: ReceiptInfo
    def __init__(self, receipt: _Optional[_Union[ReceiptInfo, _Mapping]] = ...) -> None: ...

class ListBillsRequest(_message.Message):
    __slots__ = ("status", "account_id")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    status: BillStatus
    account_id: str
    def __init__(self, status: _Optional[_Union[BillStatus, str]] = ..., account_id: _Optional[str] = ...) -> None: ...

class ListBillsResponse(_message.Message):
    __slots__ = ("bills",)
    BILLS_FIELD_NUMBER: _ClassVar[int]
    bills: _containers.RepeatedCompositeFieldContainer[Bill]
    def __init__(self, bills: _Optional[_Iterable[_Union[Bill, _Mapping]]] = ...) -> None: ...

class GetBillRequest(_message.Message):
    __slots__ = ("bill_id", "account_id", "grant")
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    GRANT_FIELD_NUMBER: _ClassVar[int]
    bill_id: str
    account_id: str
    grant: str
    def __init__(self, bill_id: _Optional[str] = ..., account_id: _Optional[str] = ..., grant: _Optional[str] = ...) -> None: ...

class GetBillResponse(_message.Message):
    __slots__ = ("bill",)
    BILL_FIELD_NUMBER: _ClassVar[int]
    bill: Bill
    def __init__(self, bill: _Optional[_Union[Bill, _Mapping]] = ...) -> None: ...

class GetHousePaymentRequest(_message.Message):
    __slots__ = ("account_id", "house_id", "grant")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    GRANT_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    house_id: str
    grant: str
    def __init__(self, account_id: _Optional[str] = ..., house_id: _Optional[str] = ..., grant: _Optional[str] = ...) -> None: ...

class GetHousePaymentResponse(_message.Message):
    __slots__ = ("notices", "bills", "payable", "owned")
    NOTICES_FIELD_NUMBER: _ClassVar[int]
    BILLS_FIELD_NUMBER: _ClassVar[int]
    PAYABLE_FIELD_NUMBER: _ClassVar[int]
    OWNED_FIELD_NUMBER: _ClassVar[int]
    notices: _containers.RepeatedScalarFieldContainer[Notice]
    bills: _containers.RepeatedCompositeFieldContainer[Bill]
    payable: bool
    owned: bool
    def __init__(self, notices: _Optional[_Iterable[_Union[Notice, str]]] = ..., bills: _Optional[_Iterable[_Union[Bill, _Mapping]]] = ..., payable: _Optional[bool] = ..., owned: _Optional[bool] = ...) -> None: ...

class Order(_message.Message):
    __slots__ = ("order_id", "out_trade_no", "bill_id", "channel", "amount_fen", "status", "qr_content", "expires_at", "deposit_id", "paid_at", "flag", "house_id", "business_no")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    OUT_TRADE_NO_FIELD_NUMBER: _ClassVar[int]
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    QR_CONTENT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    PAID_AT_FIELD_NUMBER: _ClassVar[int]
    FLAG_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NO_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    out_trade_no: str
    bill_id: str
    channel: Channel
    amount_fen: int
    status: OrderStatus
    qr_content: str
    expires_at: str
    deposit_id: str
    paid_at: str
    flag: str
    house_id: str
    business_no: str
    def __init__(self, order_id: _Optional[str] = ..., out_trade_no: _Optional[str] = ..., bill_id: _Optional[str] = ..., channel: _Optional[_Union[Channel, str]] = ..., amount_fen: _Optional[int] = ..., status: _Optional[_Union[OrderStatus, str]] = ..., qr_content: _Optional[str] = ..., expires_at: _Optional[str] = ..., deposit_id: _Optional[str] = ..., paid_at: _Optional[str] = ..., flag: _Optional[str] = ..., house_id: _Optional[str] = ..., business_no: _Optional[str] = ...) -> None: ...

class CreateOrderRequest(_message.Message):
    __slots__ = ("bill_id", "payer_account_id", "channel", "amount_fen", "grant", "idempotency_key", "idempotency_scope", "request_hash")
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    PAYER_ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    GRANT_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_SCOPE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_HASH_FIELD_NUMBER: _ClassVar[int]
    bill_id: str
    payer_account_id: str
    channel: Channel
    amount_fen: int
    grant: str
    idempotency_key: str
    idempotency_scope: str
    request_hash: str
    def __init__(self, bill_id: _Optional[str] = ..., payer_account_id: _Optional[str] = ..., channel: _Optional[_Union[Channel, str]] = ..., amount_fen: _Optional[int] = ..., grant: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., idempotency_scope: _Optional[str] = ..., request_hash: _Optional[str] = ...) -> None: ...

class CreateOrderResponse(_message.Message):
    __slots__ = ("order", "replayed")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    order: Order
    replayed: bool
    def __init__(self, order: _Optional[_Union[Order, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class GetOrderRequest(_message.Message):
    __slots__ = ("order_id", "payer_account_id")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    PAYER_ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    payer_account_id: str
    def __init__(self, order_id: _Optional[str] = ..., payer_account_id: _Optional[str] = ...) -> None: ...

class GetOrderResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: Order
    def __init__(self, order: _Optional[_Union[Order, _Mapping]] = ...) -> None: ...

class ConfirmOrderRequest(_message.Message):
    __slots__ = ("order_id", "payer_account_id")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    PAYER_ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    payer_account_id: str
    def __init__(self, order_id: _Optional[str] = ..., payer_account_id: _Optional[str] = ...) -> None: ...

class ConfirmOrderResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: Order
    def __init__(self, order: _Optional[_Union[Order, _Mapping]] = ...) -> None: ...

class HandlePaymentNotificationRequest(_message.Message):
    __slots__ = ("channel", "headers", "body")
    class HeadersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    HEADERS_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    channel: Channel
    headers: _containers.ScalarMap[str, str]
    body: bytes
    def __init__(self, channel: _Optional[_Union[Channel, str]] = ..., headers: _Optional[_Mapping[str, str]] = ..., body: _Optional[bytes] = ...) -> None: ...

class HandlePaymentNotificationResponse(_message.Message):
    __slots__ = ("http_status", "body", "content_type")
    HTTP_STATUS_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    http_status: int
    body: bytes
    content_type: str
    def __init__(self, http_status: _Optional[int] = ..., body: _Optional[bytes] = ..., content_type: _Optional[str] = ...) -> None: ...

class ListDepositRecordsRequest(_message.Message):
    __slots__ = ("payer_account_id", "page_size", "page_token")
    PAYER_ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    payer_account_id: str
    page_size: int
    page_token: str
    def __init__(self, payer_account_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class DepositRecord(_message.Message):
    __slots__ = ("deposit_id", "house_id", "address", "amount_fen", "paid_at", "channel", "receipt", "business_no")
    DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    PAID_AT_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NO_FIELD_NUMBER: _ClassVar[int]
    deposit_id: str
    house_id: str
    address: str
    amount_fen: int
    paid_at: str
    channel: str
    receipt: ReceiptInfo
    business_no: str
    def __init__(self, deposit_id: _Optional[str] = ..., house_id: _Optional[str] = ..., address: _Optional[str] = ..., amount_fen: _Optional[int] = ..., paid_at: _Optional[str] = ..., channel: _Optional[str] = ..., receipt: _Optional[_Union[ReceiptInfo, _Mapping]] = ..., business_no: _Optional[str] = ...) -> None: ...

class ListDepositRecordsResponse(_message.Message):
    __slots__ = ("records", "next_page_token")
    RECORDS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    records: _containers.RepeatedCompositeFieldContainer[DepositRecord]
    next_page_token: str
    def __init__(self, records: _Optional[_Iterable[_Union[DepositRecord, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetQuickpayBillRequest(_message.Message):
    __slots__ = ("business_no", "owner_name", "bill_id")
    BUSINESS_NO_FIELD_NUMBER: _ClassVar[int]
    OWNER_NAME_FIELD_NUMBER: _ClassVar[int]
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    business_no: str
    owner_name: str
    bill_id: str
    def __init__(self, business_no: _Optional[str] = ..., owner_name: _Optional[str] = ..., bill_id: _Optional[str] = ...) -> None: ...

class QuickpayDeposit(_message.Message):
    __slots__ = ("deposit_id", "amount_fen", "paid_at", "channel", "receipt")
    DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    PAID_AT_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    deposit_id: str
    amount_fen: int
    paid_at: str
    channel: str
    receipt: ReceiptInfo
    def __init__(self, deposit_id: _Optional[str] = ..., amount_fen: _Optional[int] = ..., paid_at: _Optional[str] = ..., channel: _Optional[str] = ..., receipt: _Optional[_Union[ReceiptInfo, _Mapping]] = ...) -> None: ...

class GetQuickpayBillResponse(_message.Message):
    __slots__ = ("bill", "owner_name_masked", "deposit", "latest_order")
    BILL_FIELD_NUMBER: _ClassVar[int]
    OWNER_NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    DEPOSIT_FIELD_NUMBER: _ClassVar[int]
    LATEST_ORDER_FIELD_NUMBER: _ClassVar[int]
    bill: Bill
    owner_name_masked: str
    deposit: QuickpayDeposit
    latest_order: Order
    def __init__(self, bill: _Optional[_Union[Bill, _Mapping]] = ..., owner_name_masked: _Optional[str] = ..., deposit: _Optional[_Union[QuickpayDeposit, _Mapping]] = ..., latest_order: _Optional[_Union[Order, _Mapping]] = ...) -> None: ...

class GetDepositRequest(_message.Message):
    __slots__ = ("deposit_id",)
    DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    deposit_id: str
    def __init__(self, deposit_id: _Optional[str] = ...) -> None: ...

class GetDepositResponse(_message.Message):
    __slots__ = ("deposit_id", "house_id", "business_no", "amount_fen", "paid_at", "channel", "payer_account_id", "owner_name", "house_address", "area_m2", "payment_type", "paper_receipt_recorded")
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
    PAPER_RECEIPT_RECORDED_FIELD_NUMBER: _ClassVar[int]
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
    paper_receipt_recorded: bool
    def __init__(self, deposit_id: _Optional[str] = ..., house_id: _Optional[str] = ..., business_no: _Optional[str] = ..., amount_fen: _Optional[int] = ..., paid_at: _Optional[str] = ..., channel: _Optional[str] = ..., payer_account_id: _Optional[str] = ..., owner_name: _Optional[str] = ..., house_address: _Optional[str] = ..., area_m2: _Optional[str] = ..., payment_type: _Optional[str] = ..., paper_receipt_recorded: _Optional[bool] = ...) -> None: ...

class ListDepositsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListDepositsResponse(_message.Message):
    __slots__ = ("deposits", "next_page_token")
    DEPOSITS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    deposits: _containers.RepeatedCompositeFieldContainer[GetDepositResponse]
    next_page_token: str
    def __init__(self, deposits: _Optional[_Iterable[_Union[GetDepositResponse, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetAnnualStatementRequest(_message.Message):
    __slots__ = ("house_id", "year", "account_id")
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    house_id: str
    year: int
    account_id: str
    def __init__(self, house_id: _Optional[str] = ..., year: _Optional[int] = ..., account_id: _Optional[str] = ...) -> None: ...

class StatementTotals(_message.Message):
    __slots__ = ("opening_balance_fen", "deposits_fen", "interest_fen", "apportionments_fen", "refunds_fen", "closing_balance_fen", "principal_fen", "interest_balance_fen", "opening_principal_fen", "opening_interest_fen")
    OPENING_BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    DEPOSITS_FEN_FIELD_NUMBER: _ClassVar[int]
    INTEREST_FEN_FIELD_NUMBER: _ClassVar[int]
    APPORTIONMENTS_FEN_FIELD_NUMBER: _ClassVar[int]
    REFUNDS_FEN_FIELD_NUMBER: _ClassVar[int]
    CLOSING_BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    PRINCIPAL_FEN_FIELD_NUMBER: _ClassVar[int]
    INTEREST_BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    OPENING_PRINCIPAL_FEN_FIELD_NUMBER: _ClassVar[int]
    OPENING_INTEREST_FEN_FIELD_NUMBER: _ClassVar[int]
    opening_balance_fen: int
    deposits_fen: int
    interest_fen: int
    apportionments_fen: int
    refunds_fen: int
    closing_balance_fen: int
    principal_fen: int
    interest_balance_fen: int
    opening_principal_fen: int
    opening_interest_fen: int
    def __init__(self, opening_balance_fen: _Optional[int] = ..., deposits_fen: _Optional[int] = ..., interest_fen: _Optional[int] = ..., apportionments_fen: _Optional[int] = ..., refunds_fen: _Optional[int] = ..., closing_balance_fen: _Optional[int] = ..., principal_fen: _Optional[int] = ..., interest_balance_fen: _Optional[int] = ..., opening_principal_fen: _Optional[int] = ..., opening_interest_fen: _Optional[int] = ...) -> None: ...

class GetAnnualStatementResponse(_message.Message):
    __slots__ = ("year", "totals", "entries", "house", "issued_at")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    HOUSE_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    year: int
    totals: StatementTotals
    entries: _containers.RepeatedCompositeFieldContainer[LedgerEntry]
    house: HouseSummary
    issued_at: str
    def __init__(self, year: _Optional[int] = ..., totals: _Optional[_Union[StatementTotals, _Mapping]] = ..., entries: _Optional[_Iterable[_Union[LedgerEntry, _Mapping]]] = ..., house: _Optional[_Union[HouseSummary, _Mapping]] = ..., issued_at: _Optional[str] = ...) -> None: ...

class GetAnnualStatementPdfRequest(_message.Message):
    __slots__ = ("house_id", "year", "account_id")
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    house_id: str
    year: int
    account_id: str
    def __init__(self, house_id: _Optional[str] = ..., year: _Optional[int] = ..., account_id: _Optional[str] = ...) -> None: ...

class GetAnnualStatementPdfResponse(_message.Message):
    __slots__ = ("pdf", "filename")
    PDF_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    pdf: bytes
    filename: str
    def __init__(self, pdf: _Optional[bytes] = ..., filename: _Optional[str] = ...) -> None: ...

class DepositCertificate(_message.Message):
    __slots__ = ("certificate_id", "verification_code", "house_id", "fully_paid", "shortfall_fen", "balance_fen", "first_deposit_fen", "issued_at", "address", "area_m2")
    CERTIFICATE_ID_FIELD_NUMBER: _ClassVar[int]
    VERIFICATION_CODE_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    FULLY_PAID_FIELD_NUMBER: _ClassVar[int]
    SHORTFALL_FEN_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FEN_FIELD_NUMBER: _ClassVar[int]
    FIRST_DEPOSIT_FEN_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    AREA_M2_FIELD_NUMBER: _ClassVar[int]
    certificate_id: str
    verification_code: str
    house_id: str
    fully_paid: bool
    shortfall_fen: int
    balance_fen: int
    first_deposit_fen: int
    issued_at: str
    address: str
    area_m2: str
    def __init__(self, certificate_id: _Optional[str] = ..., verification_code: _Optional[str] = ..., house_id: _Optional[str] = ..., fully_paid: _Optional[bool] = ..., shortfall_fen: _Optional[int] = ..., balance_fen: _Optional[int] = ..., first_deposit_fen: _Optional[int] = ..., issued_at: _Optional[str] = ..., address: _Optional[str] = ..., area_m2: _Optional[str] = ...) -> None: ...

class IssueDepositCertificateRequest(_message.Message):
    __slots__ = ("house_id", "account_id")
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    house_id: str
    account_id: str
    def __init__(self, house_id: _Optional[str] = ..., account_id: _Optional[str] = ...) -> None: ...

class IssueDepositCertificateResponse(_message.Message):
    __slots__ = ("certificate",)
    CERTIFICATE_FIELD_NUMBER: _ClassVar[int]
    certificate: DepositCertificate
    def __init__(self, certificate: _Optional[_Union[DepositCertificate, _Mapping]] = ...) -> None: ...

class GetDepositCertificatePdfRequest(_message.Message):
    __slots__ = ("certificate_id", "account_id")
    CERTIFICATE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    certificate_id: str
    account_id: str
    def __init__(self, certificate_id: _Optional[str] = ..., account_id: _Optional[str] = ...) -> None: ...

class GetDepositCertificatePdfResponse(_message.Message):
    __slots__ = ("pdf", "filename")
    PDF_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    pdf: bytes
    filename: str
    def __init__(self, pdf: _Optional[bytes] = ..., filename: _Optional[str] = ...) -> None: ...

class VerifyDepositCertificateRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class VerifyDepositCertificateResponse(_message.Message):
    __slots__ = ("valid", "address_masked", "fully_paid", "issued_at", "shortfall_fen")
    VALID_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_MASKED_FIELD_NUMBER: _ClassVar[int]
    FULLY_PAID_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    SHORTFALL_FEN_FIELD_NUMBER: _ClassVar[int]
    valid: bool
    address_masked: str
    fully_paid: bool
    issued_at: str
    shortfall_fen: int
    def __init__(self, valid: _Optional[bool] = ..., address_masked: _Optional[str] = ..., fully_paid: _Optional[bool] = ..., issued_at: _Optional[str] = ..., shortfall_fen: _Optional[int] = ...) -> None: ...

class ProjectDocument(_message.Message):
    __slots__ = ("kind", "title", "reference")
    KIND_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    kind: str
    title: str
    reference: str
    def __init__(self, kind: _Optional[str] = ..., title: _Optional[str] = ..., reference: _Optional[str] = ...) -> None: ...

class FundProject(_message.Message):
    __slots__ = ("project_id", "project_no", "name", "reason", "scope", "scope_name", "total_cost_fen", "households", "share_basis", "your_share_fen", "approved_on", "documents")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    PROJECT_NO_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SCOPE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_NAME_FIELD_NUMBER: _ClassVar[int]
    TOTAL_COST_FEN_FIELD_NUMBER: _ClassVar[int]
    HOUSEHOLDS_FIELD_NUMBER: _ClassVar[int]
    SHARE_BASIS_FIELD_NUMBER: _ClassVar[int]
    YOUR_SHARE_FEN_FIELD_NUMBER: _ClassVar[int]
    APPROVED_ON_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    project_no: str
    name: str
    reason: str
    scope: ProjectScope
    scope_name: str
    total_cost_fen: int
    households: int
    share_basis: ShareBasis
    your_share_fen: int
    approved_on: str
    documents: _containers.RepeatedCompositeFieldContainer[ProjectDocument]
    def __init__(self, project_id: _Optional[str] = ..., project_no: _Optional[str] = ..., name: _Optional[str] = ..., reason: _Optional[str] = ..., scope: _Optional[_Union[ProjectScope, str]] = ..., scope_name: _Optional[str] = ..., total_cost_fen: _Optional[int] = ..., households: _Optional[int] = ..., share_basis: _Optional[_Union[ShareBasis, str]] = ..., your_share_fen: _Optional[int] = ..., approved_on: _Optional[str] = ..., documents: _Optional[_Iterable[_Union[ProjectDocument, _Mapping]]] = ...) -> None: ...

class ProjectShare(_message.Message):
    __slots__ = ("house_id", "amount_fen", "business_no")
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NO_FIELD_NUMBER: _ClassVar[int]
    house_id: str
    amount_fen: int
    business_no: str
    def __init__(self, house_id: _Optional[str] = ..., amount_fen: _Optional[int] = ..., business_no: _Optional[str] = ...) -> None: ...

class RecordFundUseRequest(_message.Message):
    __slots__ = ("project", "shares")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    SHARES_FIELD_NUMBER: _ClassVar[int]
    project: FundProject
    shares: _containers.RepeatedCompositeFieldContainer[ProjectShare]
    def __init__(self, project: _Optional[_Union[FundProject, _Mapping]] = ..., shares: _Optional[_Iterable[_Union[ProjectShare, _Mapping]]] = ...) -> None: ...

class RecordFundUseResponse(_message.Message):
    __slots__ = ("project_id", "entry_ids", "created")
    PROJECT_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRY_IDS_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    project_id: str
    entry_ids: _containers.RepeatedScalarFieldContainer[int]
    created: bool
    def __init__(self, project_id: _Optional[str] = ..., entry_ids: _Optional[_Iterable[int]] = ..., created: _Optional[bool] = ...) -> None: ...

class ListBuildingProjectsRequest(_message.Message):
    __slots__ = ("house_id", "account_id")
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    house_id: str
    account_id: str
    def __init__(self, house_id: _Optional[str] = ..., account_id: _Optional[str] = ...) -> None: ...

class BuildingProject(_message.Message):
    __slots__ = ("project", "houses_in_building", "building_paid_fen")
    PROJECT_FIELD_NUMBER: _ClassVar[int]
    HOUSES_IN_BUILDING_FIELD_NUMBER: _ClassVar[int]
    BUILDING_PAID_FEN_FIELD_NUMBER: _ClassVar[int]
    project: FundProject
    houses_in_building: int
    building_paid_fen: int
    def __init__(self, project: _Optional[_Union[FundProject, _Mapping]] = ..., houses_in_building: _Optional[int] = ..., building_paid_fen: _Optional[int] = ...) -> None: ...

class ListBuildingProjectsResponse(_message.Message):
    __slots__ = ("house", "building", "projects")
    HOUSE_FIELD_NUMBER: _ClassVar[int]
    BUILDING_FIELD_NUMBER: _ClassVar[int]
    PROJECTS_FIELD_NUMBER: _ClassVar[int]
    house: HouseSummary
    building: str
    projects: _containers.RepeatedCompositeFieldContainer[BuildingProject]
    def __init__(self, house: _Optional[_Union[HouseSummary, _Mapping]] = ..., building: _Optional[str] = ..., projects: _Optional[_Iterable[_Union[BuildingProject, _Mapping]]] = ...) -> None: ...
