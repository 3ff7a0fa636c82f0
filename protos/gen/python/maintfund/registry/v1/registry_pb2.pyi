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

class RegistrationMethod(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REGISTRATION_METHOD_UNSPECIFIED: _ClassVar[RegistrationMethod]
    REGISTRATION_METHOD_CONTRACT: _ClassVar[RegistrationMethod]
    REGISTRATION_METHOD_CERTIFICATE: _ClassVar[RegistrationMethod]
    REGISTRATION_METHOD_PROOF: _ClassVar[RegistrationMethod]

class RegistrationStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REGISTRATION_STATUS_UNSPECIFIED: _ClassVar[RegistrationStatus]
    REGISTRATION_STATUS_BOUND: _ClassVar[RegistrationStatus]
    REGISTRATION_STATUS_PENDING_REVIEW: _ClassVar[RegistrationStatus]
    REGISTRATION_STATUS_APPROVED: _ClassVar[RegistrationStatus]
    REGISTRATION_STATUS_REJECTED: _ClassVar[RegistrationStatus]

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
REGISTRATION_METHOD_UNSPECIFIED: RegistrationMethod
REGISTRATION_METHOD_CONTRACT: RegistrationMethod
REGISTRATION_METHOD_CERTIFICATE: RegistrationMethod
REGISTRATION_METHOD_PROOF: RegistrationMethod
REGISTRATION_STATUS_UNSPECIFIED: RegistrationStatus
REGISTRATION_STATUS_BOUND: RegistrationStatus
REGISTRATION_STATUS_PENDING_REVIEW: RegistrationStatus
REGISTRATION_STATUS_APPROVED: RegistrationStatus
REGISTRATION_STATUS_REJECTED: RegistrationStatus
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
    __slots__ = ("house_count", "newly_bound", "house_ids")
    HOUSE_COUNT_FIELD_NUMBER: _ClassVar[int]
    NEWLY_BOUND_FIELD_NUMBER: _ClassVar[int]
    HOUSE_IDS_FIELD_NUMBER: _ClassVar[int]
    house_count: int
    newly_bound: int
    house_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, house_count: _Optional[int] = ..., newly_bound: _Optional[int] = ..., house_ids: _Optional[_Iterable[str]] = ...) -> None: ...

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

class RegistrationFile(_message.Message):
    __slots__ = ("file_id", "filename", "content_type", "size_bytes", "scan_status")
    FILE_ID_FIELD_NUMBER: _ClassVar[int]
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    SCAN_STATUS_FIELD_NUMBER: _ClassVar[int]
    file_id: str
    filename: str
    content_type: str
    size_bytes: int
    scan_status: str
    def __init__(self, file_id: _Optional[str] = ..., filename: _Optional[str] = ..., content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., scan_status: _Optional[str] = ...) -> None: ...

class Registration(_message.Message):
    __slots__ = ("registration_id", "account_id", "method", "status", "house_id", "district_code", "address", "contract_no", "house_type", "cert_no", "submitted_at", "decided_at", "reason", "phone_masked")
    REGISTRATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_NO_FIELD_NUMBER: _ClassVar[int]
    HOUSE_TYPE_FIELD_NUMBER: _ClassVar[int]
    CERT_NO_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    PHONE_MASKED_FIELD_NUMBER: _ClassVar[int]
    registration_id: str
    account_id: str
    method: RegistrationMethod
    status: RegistrationStatus
    house_id: str
    district_code: str
    address: str
    contract_no: str
    house_type: str
    cert_no: str
    submitted_at: str
    decided_at: str
    reason: str
    phone_masked: str
    def __init__(self, registration_id: _Optional[str] = ..., account_id: _Optional[str] = ..., method: _Optional[_Union[RegistrationMethod, str]] = ..., status: _Optional[_Union[RegistrationStatus, str]] = ..., house_id: _Optional[str] = ..., district_code: _Optional[str] = ..., address: _Optional[str] = ..., contract_no: _Optional[str] = ..., house_type: _Optional[str] = ..., cert_no: _Optional[str] = ..., submitted_at: _Optional[str] = ..., decided_at: _Optional[str] = ..., reason: _Optional[str] = ..., phone_masked: _Optional[str] = ...) -> None: ...

class LookupHouseRequest(_message.Message):
    __slots__ = ("method", "contract_no", "house_type", "cert_no")
    METHOD_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_NO_FIELD_NUMBER: _ClassVar[int]
    HOUSE_TYPE_FIELD_NUMBER: _ClassVar[int]
    CERT_NO_FIELD_NUMBER: _ClassVar[int]
    method: RegistrationMethod
    contract_no: str
    house_type: str
    cert_no: str
    def __init__(self, method: _Optional[_Union[RegistrationMethod, str]] = ..., contract_no: _Optional[str] = ..., house_type: _Optional[str] = ..., cert_no: _Optional[str] = ...) -> None: ...

class LookupHouseResponse(_message.Message):
    __slots__ = ("house", "owners_masked")
    HOUSE_FIELD_NUMBER: _ClassVar[int]
    OWNERS_MASKED_FIELD_NUMBER: _ClassVar[int]
    house: House
    owners_masked: str
    def __init__(self, house: _Optional[_Union[House, _Mapping]] = ..., owners_masked: _Optional[str] = ...) -> None: ...

class UploadedFile(_message.Message):
    __slots__ = ("filename", "content")
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    filename: str
    content: bytes
    def __init__(self, filename: _Optional[str] = ..., content: _Optional[bytes] = ...) -> None: ...

class SubmitRegistrationRequest(_message.Message):
    __slots__ = ("account_id", "method", "contract_no", "house_type", "cert_no", "district_code", "phone", "address", "files")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    METHOD_FIELD_NUMBER: _ClassVar[int]
    CONTRACT_NO_FIELD_NUMBER: _ClassVar[int]
    HOUSE_TYPE_FIELD_NUMBER: _ClassVar[int]
    CERT_NO_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    method: RegistrationMethod
    contract_no: str
    house_type: str
    cert_no: str
    district_code: str
    phone: str
    address: str
    files: _containers.RepeatedCompositeFieldContainer[UploadedFile]
    def __init__(self, account_id: _Optional[str] = ..., method: _Optional[_Union[RegistrationMethod, str]] = ..., contract_no: _Optional[str] = ..., house_type: _Optional[str] = ..., cert_no: _Optional[str] = ..., district_code: _Optional[str] = ..., phone: _Optional[str] = ..., address: _Optional[str] = ..., files: _Optional[_Iterable[_Union[UploadedFile, _Mapping]]] = ...) -> None: ...

class SubmitRegistrationResponse(_message.Message):
    __slots__ = ("registration",)
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    registration: Registration
    def __init__(self, registration: _Optional[_Union[Registration, _Mapping]] = ...) -> None: ...

class ListAccountRegistrationsRequest(_message.Message):
    __slots__ = ("account_id", "page_size", "page_token")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    page_size: int
    page_token: str
    def __init__(self, account_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAccountRegistrationsResponse(_message.Message):
    __slots__ = ("registrations", "next_page_token")
    REGISTRATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    registrations: _containers.RepeatedCompositeFieldContainer[Registration]
    next_page_token: str
    def __init__(self, registrations: _Optional[_Iterable[_Union[Registration, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListPendingRegistrationsRequest(_message.Message):
    __slots__ = ("district_code", "page_size", "page_token")
    DISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    district_code: str
    page_size: int
    page_token: str
    def __init__(self, district_code: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListPendingRegistrationsResponse(_message.Message):
    __slots__ = ("registrations", "next_page_token")
    REGISTRATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    registrations: _containers.RepeatedCompositeFieldContainer[Registration]
    next_page_token: str
    def __init__(self, registrations: _Optional[_Iterable[_Union[Registration, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ReviewActor(_message.Message):
    __slots__ = ("reviewer_id", "role", "district_code", "source_ip")
    REVIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_IP_FIELD_NUMBER: _ClassVar[int]
    reviewer_id: str
    role: str
    district_code: str
    source_ip: str
    def __init__(self, reviewer_id: _Optional[str] = ..., role: _Optional[str] = ..., district_code: _Optional[str] = ..., source_ip: _Optional[str] = ...) -> None: ...

class GetRegistrationRequest(_message.Message):
    __slots__ = ("registration_id", "actor", "reveal_applicant")
    REGISTRATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    REVEAL_APPLICANT_FIELD_NUMBER: _ClassVar[int]
    registration_id: str
    actor: ReviewActor
    reveal_applicant: bool
    def __init__(self, registration_id: _Optional[str] = ..., actor: _Optional[_Union[ReviewActor, _Mapping]] = ..., reveal_applicant: _Optional[bool] = ...) -> None: ...

class GetRegistrationResponse(_message.Message):
    __slots__ = ("registration", "applicant_name", "applicant_phone", "owners_masked", "files", "applicant_name_masked", "applicant_phone_masked", "applicant_is_owner")
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_NAME_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_PHONE_FIELD_NUMBER: _ClassVar[int]
    OWNERS_MASKED_FIELD_NUMBER: _ClassVar[int]
    FILES_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_PHONE_MASKED_FIELD_NUMBER: _ClassVar[int]
    APPLICANT_IS_OWNER_FIELD_NUMBER: _ClassVar[int]
    registration: Registration
    applicant_name: str
    applicant_phone: str
    owners_masked: str
    files: _containers.RepeatedCompositeFieldContainer[RegistrationFile]
    applicant_name_masked: str
    applicant_phone_masked: str
    applicant_is_owner: bool
    def __init__(self, registration: _Optional[_Union[Registration, _Mapping]] = ..., applicant_name: _Optional[str] = ..., applicant_phone: _Optional[str] = ..., owners_masked: _Optional[str] = ..., files: _Optional[_Iterable[_Union[RegistrationFile, _Mapping]]] = ..., applicant_name_masked: _Optional[str] = ..., applicant_phone_masked: _Optional[str] = ..., applicant_is_owner: _Optional[bool] = ...) -> None: ...

class GetRegistrationFileRequest(_message.Message):
    __slots__ = ("registration_id", "file_id", "actor")
    REGISTRATION_ID_FIELD_NUMBER: _ClassVar[int]
    FILE_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    registration_id: str
    file_id: str
    actor: ReviewActor
    def __init__(self, registration_id: _Optional[str] = ..., file_id: _Optional[str] = ..., actor: _Optional[_Union[ReviewActor, _Mapping]] = ...) -> None: ...

class GetRegistrationFileResponse(_message.Message):
    __slots__ = ("file", "content")
    FILE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    file: RegistrationFile
    content: bytes
    def __init__(self, file: _Optional[_Union[RegistrationFile, _Mapping]] = ..., content: _Optional[bytes] = ...) -> None: ...

class DecideRegistrationRequest(_message.Message):
    __slots__ = ("registration_id", "actor", "approve", "reason", "house_id")
    REGISTRATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    APPROVE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    registration_id: str
    actor: ReviewActor
    approve: bool
    reason: str
    house_id: str
    def __init__(self, registration_id: _Optional[str] = ..., actor: _Optional[_Union[ReviewActor, _Mapping]] = ..., approve: _Optional[bool] = ..., reason: _Optional[str] = ..., house_id: _Optional[str] = ...) -> None: ...

class DecideRegistrationResponse(_message.Message):
    __slots__ = ("registration",)
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    registration: Registration
    def __init__(self, registration: _Optional[_Union[Registration, _Mapping]] = ...) -> None: ...

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
    __slots__ = ("house", "bound_to_account", "grant", "grant_expires_at")
    HOUSE_FIELD_NUMBER: _ClassVar[int]
    BOUND_TO_ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    GRANT_FIELD_NUMBER: _ClassVar[int]
    GRANT_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    house: House
    bound_to_account: bool
    grant: str
    grant_expires_at: str
    def __init__(self, house: _Optional[_Union[House, _Mapping]] = ..., bound_to_account: _Optional[bool] = ..., grant: _Optional[str] = ..., grant_expires_at: _Optional[str] = ...) -> None: ...

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

class ListHousesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListHousesResponse(_message.Message):
    __slots__ = ("houses", "next_page_token")
    HOUSES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    houses: _containers.RepeatedCompositeFieldContainer[House]
    next_page_token: str
    def __init__(self, houses: _Optional[_Iterable[_Union[House, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Binding(_message.Message):
    __slots__ = ("account_id", "house_id")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    HOUSE_ID_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    house_id: str
    def __init__(self, account_id: _Optional[str] = ..., house_id: _Optional[str] = ...) -> None: ...

class ListBindingsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListBindingsResponse(_message.Message):
    __slots__ = ("bindings", "next_page_token")
    BINDINGS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    bindings: _containers.RepeatedCompositeFieldContainer[Binding]
    next_page_token: str
    def __init__(self, bindings: _Optional[_Iterable[_Union[Binding, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
