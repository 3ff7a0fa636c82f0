from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InvoiceStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INVOICE_STATUS_UNSPECIFIED: _ClassVar[InvoiceStatus]
    INVOICE_STATUS_ISSUING: _ClassVar[InvoiceStatus]
    INVOICE_STATUS_ISSUED: _ClassVar[InvoiceStatus]
    INVOICE_STATUS_FAILED: _ClassVar[InvoiceStatus]
    INVOICE_STATUS_RED_FLUSHED: _ClassVar[InvoiceStatus]

class ReceiptKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECEIPT_KIND_UNSPECIFIED: _ClassVar[ReceiptKind]
    RECEIPT_KIND_NONE: _ClassVar[ReceiptKind]
    RECEIPT_KIND_PAPER: _ClassVar[ReceiptKind]
    RECEIPT_KIND_ELECTRONIC: _ClassVar[ReceiptKind]
INVOICE_STATUS_UNSPECIFIED: InvoiceStatus
INVOICE_STATUS_ISSUING: InvoiceStatus
INVOICE_STATUS_ISSUED: InvoiceStatus
INVOICE_STATUS_FAILED: InvoiceStatus
INVOICE_STATUS_RED_FLUSHED: InvoiceStatus
RECEIPT_KIND_UNSPECIFIED: ReceiptKind
RECEIPT_KIND_NONE: ReceiptKind
RECEIPT_KIND_PAPER: ReceiptKind
RECEIPT_KIND_ELECTRONIC: ReceiptKind

class Caller(_message.Message):
    __slots__ = ("account_id", "quickpay_deposit_id")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    QUICKPAY_DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    quickpay_deposit_id: str
    def __init__(self, account_id: _Optional[str] = ..., quickpay_deposit_id: _Optional[str] = ...) -> None: ...

class Invoice(_message.Message):
    __slots__ = ("invoice_id", "deposit_id", "house_id", "status", "bill_code", "bill_no", "check_code", "issued_at", "amount_fen", "business_no", "failure_reason", "attempts", "requested_at", "replaces_invoice_id", "red_bill_code", "red_bill_no")
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    BILL_CODE_FIELD_NUMBER: _ClassVar[int]
    BILL_NO_FIELD_NUMBER: _ClassVar[int]
    CHECK_CODE_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NO_FIELD_NUMBER: _ClassVar[int]
    FAILURE_REASON_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    REPLACES_INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    RED_BILL_CODE_FIELD_NUMBER: _ClassVar[int]
    RED_BILL_NO_FIELD_NUMBER: _ClassVar[int]
    invoice_id: str
    deposit_id: str
    house_id: str
    status: InvoiceStatus
    bill_code: str
    bill_no: str
    check_code: str
    issued_at: str
    amount_fen: int
    business_no: str
    failure_reason: str
    attempts: int
    requested_at: str
    replaces_invoice_id: str
    red_bill_code: str
    red_bill_no: str
    def __init__(self, invoice_id: _Optional[str] = ..., deposit_id: _Optional[str] = ..., house_id: _Optional[str] = ..., status: _Optional[_Union[InvoiceStatus, str]] = ..., bill_code: _Optional[str] = ..., bill_no: _Optional[str] = ..., check_code: _Optional[str] = ..., issued_at: _Optional[str] = ..., amount_fen: _Optional[int] = ..., business_no: _Optional[str] = ..., failure_reason: _Optional[str] = ..., attempts: _Optional[int] = ..., requested_at: _Optional[str] = ..., replaces_invoice_id: _Optional[str] = ..., red_bill_code: _Optional[str] = ..., red_bill_no: _Optional[str] = ...) -> None: ...

class RequestInvoiceRequest(_message.Message):
    __slots__ = ("deposit_id", "caller")
    DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    deposit_id: str
    caller: Caller
    def __init__(self, deposit_id: _Optional[str] = ..., caller: _Optional[_Union[Caller, _Mapping]] = ...) -> None: ...

class RequestInvoiceResponse(_message.Message):
    __slots__ = ("invoice", "created")
    INVOICE_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    invoice: Invoice
    created: bool
    def __init__(self, invoice: _Optional[_Union[Invoice, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class GetInvoiceRequest(_message.Message):
    __slots__ = ("invoice_id", "caller")
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    invoice_id: str
    caller: Caller
    def __init__(self, invoice_id: _Optional[str] = ..., caller: _Optional[_Union[Caller, _Mapping]] = ...) -> None: ...

class GetInvoiceResponse(_message.Message):
    __slots__ = ("invoice",)
    INVOICE_FIELD_NUMBER: _ClassVar[int]
    invoice: Invoice
    def __init__(self, invoice: _Optional[_Union[Invoice, _Mapping]] = ...) -> None: ...

class GetInvoicePdfRequest(_message.Message):
    __slots__ = ("invoice_id", "caller")
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    invoice_id: str
    caller: Caller
    def __init__(self, invoice_id: _Optional[str] = ..., caller: _Optional[_Union[Caller, _Mapping]] = ...) -> None: ...

class GetInvoicePdfResponse(_message.Message):
    __slots__ = ("pdf", "sha256", "filename")
    PDF_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    pdf: bytes
    sha256: str
    filename: str
    def __init__(self, pdf: _Optional[bytes] = ..., sha256: _Optional[str] = ..., filename: _Optional[str] = ...) -> None: ...

class RetryInvoiceRequest(_message.Message):
    __slots__ = ("invoice_id", "caller")
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    invoice_id: str
    caller: Caller
    def __init__(self, invoice_id: _Optional[str] = ..., caller: _Optional[_Union[Caller, _Mapping]] = ...) -> None: ...

class RetryInvoiceResponse(_message.Message):
    __slots__ = ("invoice",)
    INVOICE_FIELD_NUMBER: _ClassVar[int]
    invoice: Invoice
    def __init__(self, invoice: _Optional[_Union[Invoice, _Mapping]] = ...) -> None: ...

class ReissueInvoiceRequest(_message.Message):
    __slots__ = ("invoice_id", "caller", "reason")
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    invoice_id: str
    caller: Caller
    reason: str
    def __init__(self, invoice_id: _Optional[str] = ..., caller: _Optional[_Union[Caller, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class ReissueInvoiceResponse(_message.Message):
    __slots__ = ("invoice", "red_flushed")
    INVOICE_FIELD_NUMBER: _ClassVar[int]
    RED_FLUSHED_FIELD_NUMBER: _ClassVar[int]
    invoice: Invoice
    red_flushed: Invoice
    def __init__(self, invoice: _Optional[_Union[Invoice, _Mapping]] = ..., red_flushed: _Optional[_Union[Invoice, _Mapping]] = ...) -> None: ...

class VerifyReceiptRequest(_message.Message):
    __slots__ = ("bill_code", "bill_no", "check_code")
    BILL_CODE_FIELD_NUMBER: _ClassVar[int]
    BILL_NO_FIELD_NUMBER: _ClassVar[int]
    CHECK_CODE_FIELD_NUMBER: _ClassVar[int]
    bill_code: str
    bill_no: str
    check_code: str
    def __init__(self, bill_code: _Optional[str] = ..., bill_no: _Optional[str] = ..., check_code: _Optional[str] = ...) -> None: ...

class VerifyReceiptResponse(_message.Message):
    __slots__ = ("genuine", "status", "amount_fen", "payer_name_masked", "issued_at")
    GENUINE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    PAYER_NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    ISSUED_AT_FIELD_NUMBER: _ClassVar[int]
    genuine: bool
    status: InvoiceStatus
    amount_fen: int
    payer_name_masked: str
    issued_at: str
    def __init__(self, genuine: _Optional[bool] = ..., status: _Optional[_Union[InvoiceStatus, str]] = ..., amount_fen: _Optional[int] = ..., payer_name_masked: _Optional[str] = ..., issued_at: _Optional[str] = ...) -> None: ...

class GetReceiptStatesRequest(_message.Message):
    __slots__ = ("deposit_ids", "caller")
    DEPOSIT_IDS_FIELD_NUMBER: _ClassVar[int]
    CALLER_FIELD_NUMBER: _ClassVar[int]
    deposit_ids: _containers.RepeatedScalarFieldContainer[str]
    caller: Caller
    def __init__(self, deposit_ids: _Optional[_Iterable[str]] = ..., caller: _Optional[_Union[Caller, _Mapping]] = ...) -> None: ...

class ReceiptState(_message.Message):
    __slots__ = ("deposit_id", "house_id", "kind", "invoice", "amount_fen", "business_no", "paid_at", "house_address")
    DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    INVOICE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NO_FIELD_NUMBER: _ClassVar[int]
    PAID_AT_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    deposit_id: str
    house_id: str
    kind: ReceiptKind
    invoice: Invoice
    amount_fen: int
    business_no: str
    paid_at: str
    house_address: str
    def __init__(self, deposit_id: _Optional[str] = ..., house_id: _Optional[str] = ..., kind: _Optional[_Union[ReceiptKind, str]] = ..., invoice: _Optional[_Union[Invoice, _Mapping]] = ..., amount_fen: _Optional[int] = ..., business_no: _Optional[str] = ..., paid_at: _Optional[str] = ..., house_address: _Optional[str] = ...) -> None: ...

class GetReceiptStatesResponse(_message.Message):
    __slots__ = ("states",)
    STATES_FIELD_NUMBER: _ClassVar[int]
    states: _containers.RepeatedCompositeFieldContainer[ReceiptState]
    def __init__(self, states: _Optional[_Iterable[_Union[ReceiptState, _Mapping]]] = ...) -> None: ...

class IssueInvoiceWork(_message.Message):
    __slots__ = ("event_id", "occurred_at", "invoice_id", "deposit_id")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    occurred_at: str
    invoice_id: str
    deposit_id: str
    def __init__(self, event_id: _Optional[str] = ..., occurred_at: _Optional[str] = ..., invoice_id: _Optional[str] = ..., deposit_id: _Optional[str] = ...) -> None: ...

class ListDepositReceiptsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class DepositReceipt(_message.Message):
    __slots__ = ("deposit_id", "invoice_id", "status")
    DEPOSIT_ID_FIELD_NUMBER: _ClassVar[int]
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    deposit_id: str
    invoice_id: str
    status: InvoiceStatus
    def __init__(self, deposit_id: _Optional[str] = ..., invoice_id: _Optional[str] = ..., status: _Optional[_Union[InvoiceStatus, str]] = ...) -> None: ...

class ListDepositReceiptsResponse(_message.Message):
    __slots__ = ("receipts", "next_page_token")
    RECEIPTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    receipts: _containers.RepeatedCompositeFieldContainer[DepositReceipt]
    next_page_token: str
    def __init__(self, receipts: _Optional[_Iterable[_Union[DepositReceipt, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
