from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Role(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROLE_UNSPECIFIED: _ClassVar[Role]
    ROLE_OWNER: _ClassVar[Role]
    ROLE_REVIEWER: _ClassVar[Role]

class SmsPurpose(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SMS_PURPOSE_UNSPECIFIED: _ClassVar[SmsPurpose]
    SMS_PURPOSE_LOGIN: _ClassVar[SmsPurpose]
    SMS_PURPOSE_REGISTER: _ClassVar[SmsPurpose]
ROLE_UNSPECIFIED: Role
ROLE_OWNER: Role
ROLE_REVIEWER: Role
SMS_PURPOSE_UNSPECIFIED: SmsPurpose
SMS_PURPOSE_LOGIN: SmsPurpose
SMS_PURPOSE_REGISTER: SmsPurpose

class Account(_message.Message):
    __slots__ = ("account_id", "username", "name_masked", "id_number_masked", "phone_masked", "roles", "district_code", "house_count")
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    NAME_MASKED_FIELD_NUMBER: _ClassVar[int]
    ID_NUMBER_MASKED_FIELD_NUMBER: _ClassVar[int]
    PHONE_MASKED_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    DISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    HOUSE_COUNT_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    username: str
    name_masked: str
    id_number_masked: str
    phone_masked: str
    roles: _containers.RepeatedScalarFieldContainer[Role]
    district_code: str
    house_count: int
    def __init__(self, account_id: _Optional[str] = ..., username: _Optional[str] = ..., name_masked: _Optional[str] = ..., id_number_masked: _Optional[str] = ..., phone_masked: _Optional[str] = ..., roles: _Optional[_Iterable[_Union[Role, str]]] = ..., district_code: _Optional[str] = ..., house_count: _Optional[int] = ...) -> None: ...

class RegisterAccountRequest(_message.Message):
    __slots__ = ("username", "password", "name", "id_number", "phone", "sms_code", "accepted_terms", "accepted_privacy")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    SMS_CODE_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_TERMS_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_PRIVACY_FIELD_NUMBER: _ClassVar[int]
    username: str
    password: str
    name: str
    id_number: str
    phone: str
    sms_code: str
    accepted_terms: bool
    accepted_privacy: bool
    def __init__(self, username: _Optional[str] = ..., password: _Optional[str] = ..., name: _Optional[str] = ..., id_number: _Optional[str] = ..., phone: _Optional[str] = ..., sms_code: _Optional[str] = ..., accepted_terms: _Optional[bool] = ..., accepted_privacy: _Optional[bool] = ...) -> None: ...

class RegisterAccountResponse(_message.Message):
    __slots__ = ("account",)
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    account: Account
    def __init__(self, account: _Optional[_Union[Account, _Mapping]] = ...) -> None: ...

class LoginWithPasswordRequest(_message.Message):
    __slots__ = ("username", "password", "client_ip")
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    CLIENT_IP_FIELD_NUMBER: _ClassVar[int]
    username: str
    password: str
    client_ip: str
    def __init__(self, username: _Optional[str] = ..., password: _Optional[str] = ..., client_ip: _Optional[str] = ...) -> None: ...

class LoginResponse(_message.Message):
    __slots__ = ("account", "house_count")
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    HOUSE_COUNT_FIELD_NUMBER: _ClassVar[int]
    account: Account
    house_count: int
    def __init__(self, account: _Optional[_Union[Account, _Mapping]] = ..., house_count: _Optional[int] = ...) -> None: ...

class SendSmsCodeRequest(_message.Message):
    __slots__ = ("phone", "client_ip", "purpose")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_IP_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    phone: str
    client_ip: str
    purpose: SmsPurpose
    def __init__(self, phone: _Optional[str] = ..., client_ip: _Optional[str] = ..., purpose: _Optional[_Union[SmsPurpose, str]] = ...) -> None: ...

class SendSmsCodeResponse(_message.Message):
    __slots__ = ("resend_after_seconds", "code_valid_seconds")
    RESEND_AFTER_SECONDS_FIELD_NUMBER: _ClassVar[int]
    CODE_VALID_SECONDS_FIELD_NUMBER: _ClassVar[int]
    resend_after_seconds: int
    code_valid_seconds: int
    def __init__(self, resend_after_seconds: _Optional[int] = ..., code_valid_seconds: _Optional[int] = ...) -> None: ...

class LoginWithSmsCodeRequest(_message.Message):
    __slots__ = ("phone", "sms_code", "client_ip")
    PHONE_FIELD_NUMBER: _ClassVar[int]
    SMS_CODE_FIELD_NUMBER: _ClassVar[int]
    CLIENT_IP_FIELD_NUMBER: _ClassVar[int]
    phone: str
    sms_code: str
    client_ip: str
    def __init__(self, phone: _Optional[str] = ..., sms_code: _Optional[str] = ..., client_ip: _Optional[str] = ...) -> None: ...

class GetAccountRequest(_message.Message):
    __slots__ = ("account_id",)
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    def __init__(self, account_id: _Optional[str] = ...) -> None: ...

class GetAccountResponse(_message.Message):
    __slots__ = ("account",)
    ACCOUNT_FIELD_NUMBER: _ClassVar[int]
    account: Account
    def __init__(self, account: _Optional[_Union[Account, _Mapping]] = ...) -> None: ...

class GetRealNameRequest(_message.Message):
    __slots__ = ("account_id",)
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    def __init__(self, account_id: _Optional[str] = ...) -> None: ...

class GetRealNameResponse(_message.Message):
    __slots__ = ("name", "id_number", "phone")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ID_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    name: str
    id_number: str
    phone: str
    def __init__(self, name: _Optional[str] = ..., id_number: _Optional[str] = ..., phone: _Optional[str] = ...) -> None: ...

class GetSmsContactRequest(_message.Message):
    __slots__ = ("account_id",)
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    account_id: str
    def __init__(self, account_id: _Optional[str] = ...) -> None: ...

class GetSmsContactResponse(_message.Message):
    __slots__ = ("phone",)
    PHONE_FIELD_NUMBER: _ClassVar[int]
    phone: str
    def __init__(self, phone: _Optional[str] = ...) -> None: ...
