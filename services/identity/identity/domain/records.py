"""The identity service's records: an account and an SMS code, as kept in its tables.

Names, ID numbers and phones are kept encrypted (``*_enc``, field_crypto) with a keyed hash beside them
(``*_index``) for equality lookups; they are decrypted only to mask them or for identity matching.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class StoredAccount:
    account_id: str
    username: str
    password_hash: str
    name_enc: str
    id_number_enc: str
    phone_enc: str
    roles: tuple[str, ...]
    district_code: str
    display_mode: str | None = None  # STANDARD or ELDER once chosen while logged in (domain.model)

    @property
    def roles_text(self) -> str:
        """The roles as stored and audited: ``OWNER`` or ``REVIEWER,OWNER``."""
        return ",".join(self.roles)


@dataclass(frozen=True)
class NewAccount:
    """A registered account's row: personal data encrypted, blind indexes for the uniqueness checks."""

    account_id: str
    username: str
    password_hash: str
    name_enc: str
    id_number_enc: str
    id_number_index: str
    phone_enc: str
    phone_index: str
    roles: tuple[str, ...]
    district_code: str
    created_at: datetime


@dataclass(frozen=True)
class TakenKeys:
    """An existing account that shares the username, the ID number or the phone of a registration."""

    username: str
    id_number_index: str
    phone_index: str


@dataclass(frozen=True)
class StoredSmsCode:
    """The one live code of a phone (per purpose: the index is keyed by login or registration)."""

    phone_index: str
    code_hash: str  # a keyed hash of phone index and code: the code itself is never stored
    sent_at: datetime
    expires_at: datetime
    attempts: int

    def usable(self, now: datetime, max_attempts: int) -> bool:
        """Unexpired and within its attempts (whether it is the right code is checked after)."""
        return self.expires_at > now and self.attempts < max_attempts
