"""The service's records of its copies and SMS deliveries, as the repository hands them out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from notification.domain.messages import Kind
from notification.domain.sms_rules import SmsStatus


@dataclass(frozen=True)
class StoredDeposit:
    deposit_id: str
    house_id: str
    house_address: str
    amount_fen: int
    payer_account_id: str


@dataclass(frozen=True)
class StoredSms:
    notification_id: str
    account_id: str
    kind: Kind
    template: str
    params: dict[str, str]
    status: SmsStatus
    not_before: datetime
    attempts: int
