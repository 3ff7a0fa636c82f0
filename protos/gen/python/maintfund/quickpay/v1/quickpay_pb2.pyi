from maintfund.deposit.v1 import deposit_pb2 as _deposit_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class QuickpayState(_message.Message):
    __slots__ = ("bill", "owner_name_masked", "deposit", "latest_order")
    BILL_FIELD_NUMBER: _ClassVar[int]
    OWNER_NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    DEPOSIT_FIELD_NUMBER: _ClassVar[int]
    LATEST_ORDER_FIELD_NUMBER: _ClassVar[int]
    bill: _deposit_pb2.Bill
    owner_name_masked: str
    deposit: _deposit_pb2.QuickpayDeposit
    latest_order: _deposit_pb2.Order
    def __init__(self, bill: _Optional[_Union[_deposit_pb2.Bill, _Mapping]] = ..., owner_name_masked: _Optional[str] = ..., deposit: _Optional[_Union[_deposit_pb2.QuickpayDeposit, _Mapping]] = ..., latest_order: _Optional[_Union[_deposit_pb2.Order, _Mapping]] = ...) -> None: ...

class LookupRequest(_message.Message):
    __slots__ = ("business_no", "owner_name", "client_ip", "challenge_id", "challenge_answer")
    BUSINESS_NO_FIELD_NUMBER: _ClassVar[int]
    OWNER_NAME_FIELD_NUMBER: _ClassVar[int]
    CLIENT_IP_FIELD_NUMBER: _ClassVar[int]
    CHALLENGE_ID_FIELD_NUMBER: _ClassVar[int]
    CHALLENGE_ANSWER_FIELD_NUMBER: _ClassVar[int]
    business_no: str
    owner_name: str
    client_ip: str
    challenge_id: str
    challenge_answer: str
    def __init__(self, business_no: _Optional[str] = ..., owner_name: _Optional[str] = ..., client_ip: _Optional[str] = ..., challenge_id: _Optional[str] = ..., challenge_answer: _Optional[str] = ...) -> None: ...

class LookupResponse(_message.Message):
    __slots__ = ("token", "expires_at", "state")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    token: str
    expires_at: str
    state: QuickpayState
    def __init__(self, token: _Optional[str] = ..., expires_at: _Optional[str] = ..., state: _Optional[_Union[QuickpayState, _Mapping]] = ...) -> None: ...

class VerifyTokenRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class VerifyTokenResponse(_message.Message):
    __slots__ = ("bill_id", "business_no", "house_id", "expires_at")
    BILL_ID_FIELD_NUMBER: _ClassVar[int]
    BUSINESS_NO_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    bill_id: str
    business_no: str
    house_id: str
    expires_at: str
    def __init__(self, bill_id: _Optional[str] = ..., business_no: _Optional[str] = ..., house_id: _Optional[str] = ..., expires_at: _Optional[str] = ...) -> None: ...

class GetStateRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class GetStateResponse(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: QuickpayState
    def __init__(self, state: _Optional[_Union[QuickpayState, _Mapping]] = ...) -> None: ...

class CreateOrderRequest(_message.Message):
    __slots__ = ("token", "channel", "amount_fen", "idempotency_key", "request_hash")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FEN_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    REQUEST_HASH_FIELD_NUMBER: _ClassVar[int]
    token: str
    channel: _deposit_pb2.Channel
    amount_fen: int
    idempotency_key: str
    request_hash: str
    def __init__(self, token: _Optional[str] = ..., channel: _Optional[_Union[_deposit_pb2.Channel, str]] = ..., amount_fen: _Optional[int] = ..., idempotency_key: _Optional[str] = ..., request_hash: _Optional[str] = ...) -> None: ...

class CreateOrderResponse(_message.Message):
    __slots__ = ("order", "replayed")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    order: _deposit_pb2.Order
    replayed: bool
    def __init__(self, order: _Optional[_Union[_deposit_pb2.Order, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class RequestInvoiceRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class RequestInvoiceResponse(_message.Message):
    __slots__ = ("invoice_id", "status")
    INVOICE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    invoice_id: str
    status: str
    def __init__(self, invoice_id: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class GetInvoicePdfRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class GetInvoicePdfResponse(_message.Message):
    __slots__ = ("pdf", "filename")
    PDF_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    pdf: bytes
    filename: str
    def __init__(self, pdf: _Optional[bytes] = ..., filename: _Optional[str] = ...) -> None: ...
