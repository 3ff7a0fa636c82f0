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
    __slots__ = ("house_id", "page_size", "page_token")
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    house_id: str
    page_size: int
    page_token: str
    def __init__(self, house_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListLedgerEntriesResponse(_message.Message):
    __slots__ = ("entries", "next_page_token")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[LedgerEntry]
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[LedgerEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetLedgerEntryRequest(_message.Message):
    __slots__ = ("house_id", "entry_id")
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    house_id: str
    entry_id: int
    def __init__(self, house_id: _Optional[str] = ..., entry_id: _Optional[int] = ...) -> None: ...

class GetLedgerEntryResponse(_message.Message):
    __slots__ = ("entry", "receipt")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_FIELD_NUMBER: _ClassVar[int]
    entry: LedgerEntry
    receipt: ReceiptInfo
    def __init__(self, entry: _Optional[_Union[LedgerEntry, _Mapping]] = ..., receipt: _Optional[_Union[ReceiptInfo, _Mapping]] = ...) -> None: ...
