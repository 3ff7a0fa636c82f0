from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PropertyKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PROPERTY_KIND_UNSPECIFIED: _ClassVar[PropertyKind]
    PROPERTY_KIND_COMMODITY: _ClassVar[PropertyKind]
    PROPERTY_KIND_POST_SALE_PUBLIC: _ClassVar[PropertyKind]
    PROPERTY_KIND_NON_RESIDENTIAL: _ClassVar[PropertyKind]

class StoreyClass(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    STOREY_CLASS_UNSPECIFIED: _ClassVar[StoreyClass]
    STOREY_CLASS_MULTI_STOREY: _ClassVar[StoreyClass]
    STOREY_CLASS_HIGH_RISE: _ClassVar[StoreyClass]

class FindBy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FIND_BY_UNSPECIFIED: _ClassVar[FindBy]
    FIND_BY_ADDRESS: _ClassVar[FindBy]
    FIND_BY_CONTRACT: _ClassVar[FindBy]
    FIND_BY_CERTIFICATE: _ClassVar[FindBy]
PROPERTY_KIND_UNSPECIFIED: PropertyKind
PROPERTY_KIND_COMMODITY: PropertyKind
PROPERTY_KIND_POST_SALE_PUBLIC: PropertyKind
PROPERTY_KIND_NON_RESIDENTIAL: PropertyKind
STOREY_CLASS_UNSPECIFIED: StoreyClass
STOREY_CLASS_MULTI_STOREY: StoreyClass
STOREY_CLASS_HIGH_RISE: StoreyClass
FIND_BY_UNSPECIFIED: FindBy
FIND_BY_ADDRESS: FindBy
FIND_BY_CONTRACT: FindBy
FIND_BY_CERTIFICATE: FindBy

class House(_message.Message):
    __slots__ = ("house_id", "district_code", "district_name", "address", "area_m2", "property_kind", "storey_class", "contract_no", "cert_no", "needs_refund", "closed")
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_NAME_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    AREA_M2_FIELD_NUMBER: _ClassVar[int]
    PROPERTY_KIND_FIELD_NUMBER: _ClassVar[int]
    STOREY_CLASS_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_NO_FIELD_NUMBER: _ClassVar[int]
    CERT_NO_FIELD_NUMBER: _ClassVar[int]
    NEEDS_REFUND_FIELD_NUMBER: _ClassVar[int]
    CLOSED_FIELD_NUMBER: _ClassVar[int]
    house_id: str
    district_code: str
    district_name: str
    address: str
    area_m2: str
    property_kind: PropertyKind
    storey_class: StoreyClass
    contract_no: str
    cert_no: str
    needs_refund: bool
    closed: bool
    def __init__(self, house_id: _Optional[str] = ..., district_code: _Optional[str] = ..., district_name: _Optional[str] = ..., address: _Optional[str] = ..., area_m2: _Optional[str] = ..., property_kind: _Optional[_Union[PropertyKind, str]] = ..., storey_class: _Optional[_Union[StoreyClass, str]] = ..., contract_no: _Optional[str] = ..., cert_no: _Optional[str] = ..., needs_refund: _Optional[bool] = ..., closed: _Optional[bool] = ...) -> None: ...

class BindOwnedHousesRequest(_message.Message):
    __slots__ = ("account_id", "name", "id_number")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    name: str
    id_number: str
    def __init__(self, account_id: _Optional[str] = ..., name: _Optional[str] = ..., id_number: _Optional[str] = ...) -> None: ...

class BindOwnedHousesResponse(_message.Message):
    __slots__ = ("house_count", "newly_bound")
    HOUSE_COUNT_FIELD_NUMBER: _ClassVar[int]
    NEWLY_BOUND_FIELD_NUMBER: _ClassVar[int]
    house_count: int
    newly_bound: int
    def __init__(self, house_count: _Optional[int] = ..., newly_bound: _Optional[int] = ...) -> None: ...

class ListAccountHousesRequest(_message.Message):
    __slots__ = ("account_id", "address_contains", "page_size", "page_token")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_CONTAINS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    address_contains: str
    page_size: int
    page_token: str
    def __init__(self, account_id: _Optional[str] = ..., address_contains: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAccountHousesResponse(_message.Message):
    __slots__ = ("houses", "next_page_token", "total_bound")
    HOUSES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_BOUND_FIELD_NUMBER: _ClassVar[int]
    houses: _containers.RepeatedCompositeFieldContainer[House]
    next_page_token: str
    total_bound: int
    def __init__(self, houses: _Optional[_Iterable[_Union[House, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_bound: _Optional[int] = ...) -> None: ...

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
    house: House
    def __init__(self, house: _Optional[_Union[House, _Mapping]] = ...) -> None: ...

class BatchGetHousesRequest(_message.Message):
    __slots__ = ("house_ids",)
    HOUSE_IDS_FIELD_NUMBER: _ClassVar[int]
    house_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, house_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetHousesResponse(_message.Message):
    __slots__ = ("houses",)
    HOUSES_FIELD_NUMBER: _ClassVar[int]
    houses: _containers.RepeatedCompositeFieldContainer[House]
    def __init__(self, houses: _Optional[_Iterable[_Union[House, _Mapping]]] = ...) -> None: ...

class FindHouseRequest(_message.Message):
    __slots__ = ("account_id", "by", "address", "contract_no", "house_type", "cert_no")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_NO_FIELD_NUMBER: _ClassVar[int]
    HOUSE_TYPE_FIELD_NUMBER: _ClassVar[int]
    CERT_NO_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    by: FindBy
    address: str
    contract_no: str
    house_type: str
    cert_no: str
    def __init__(self, account_id: _Optional[str] = ..., by: _Optional[_Union[FindBy, str]] = ..., address: _Optional[str] = ..., contract_no: _Optional[str] = ..., house_type: _Optional[str] = ..., cert_no: _Optional[str] = ...) -> None: ...

class FindHouseResponse(_message.Message):
    __slots__ = ("house", "bound_to_account")
    HOUSE_FIELD_NUMBER: _ClassVar[int]
    BOUND_TO_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    house: House
    bound_to_account: bool
    def __init__(self, house: _Optional[_Union[House, _Mapping]] = ..., bound_to_account: _Optional[bool] = ...) -> None: ...

class GetHouseOwnerNamesRequest(_message.Message):
    __slots__ = ("house_id",)
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    house_id: str
    def __init__(self, house_id: _Optional[str] = ...) -> None: ...

class GetHouseOwnerNamesResponse(_message.Message):
    __slots__ = ("names",)
    NAMES_FIELD_NUMBER: _ClassVar[int]
    names: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, names: _Optional[_Iterable[str]] = ...) -> None: ...
