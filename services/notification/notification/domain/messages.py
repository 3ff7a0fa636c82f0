"""What a message is: its kind, what the owner reads, and the SMS that goes with it.

Pure: no I/O. The wording rules for each event are in ``domain/deciding.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum


class Kind(Enum):
    """The kinds of message, named as in maintfund.notification.v1.NotificationKind (without prefix)."""

    DEPOSIT_POSTED = "DEPOSIT_POSTED"
    INTEREST_POSTED = "INTEREST_POSTED"
    APPORTIONMENT_POSTED = "APPORTIONMENT_POSTED"
    LOW_BALANCE = "LOW_BALANCE"
    BILL_RAISED = "BILL_RAISED"
    RECEIPT_ISSUED = "RECEIPT_ISSUED"
    RECEIPT_FAILED = "RECEIPT_FAILED"
    REGISTRATION_DECIDED = "REGISTRATION_DECIDED"


# The enum's order (GetPreferences answers one per kind in this order).
KINDS: tuple[Kind, ...] = tuple(Kind)


@dataclass(frozen=True)
class Sms:
    """An SMS by template, as Chinese SMS providers require: the template is registered with the
    provider, the message carries its code and parameters only (no personal data in clear)."""

    template: str
    params: dict[str, str]


@dataclass(frozen=True)
class Draft:
    """A message decided for one account about one event."""

    account_id: str
    kind: Kind
    title: str
    body: str
    link: str
    sms: Sms | None = None


@dataclass(frozen=True)
class StoredNotification:
    notification_id: str
    account_id: str
    kind: Kind
    title: str
    body: str
    link: str
    created_at: datetime
    read: bool


@dataclass(frozen=True)
class Page:
    items: list[StoredNotification]
    next_cursor: str = ""
    unread_count: int = 0  # the account's, all pages: the badge comes with the page


@dataclass(frozen=True)
class Preferences:
    """The account's SMS preference per kind; a kind never set is on."""

    sms_off: frozenset[Kind] = field(default_factory=frozenset)

    def sms(self, kind: Kind) -> bool:
        return kind not in self.sms_off

    def as_list(self) -> list[tuple[Kind, bool]]:
        return [(kind, self.sms(kind)) for kind in KINDS]
