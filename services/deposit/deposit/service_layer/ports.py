"""What the deposit service's use cases need from the outside, as interfaces the adapters implement.

A payment provider (WeChat Pay, Alipay: ``adapters/payments/``) behind one provider-neutral interface:
money is integer fen; a provider only speaks its protocol (signs, verifies, translates), and comparing
amounts and merchant ids with the stored order, rejecting replays and applying a payment exactly once
are the use cases' job (under a row lock). Remote lookups of the registry are plain functions injected by
``bootstrap.py`` (``service_layer.access.RegistryLookups``, ``owner_names``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol, runtime_checkable

from maintfund_common.errors import Conflict, Unavailable

TradeState = Literal["NOT_PAID", "PAID", "CLOSED", "NOT_FOUND"]
TRADE_STATES: frozenset[str] = frozenset({"NOT_PAID", "PAID", "CLOSED", "NOT_FOUND"})


@dataclass(frozen=True, slots=True)
class PrecreateResult:
    """A payable order at the provider: the QR content to show and when it stops being payable."""

    qr_content: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class ProviderTrade:
    """What the provider says about one order now (from an authenticated, signature-checked query)."""

    out_trade_no: str
    state: TradeState
    amount_fen: int | None = None
    provider_trade_id: str | None = None
    merchant_id: str | None = None
    app_id: str | None = None
    paid_at: datetime | None = None
    provider_state: str | None = None  # the provider's own word (e.g. NOTPAY, WAIT_BUYER_PAY), for logs


@dataclass(frozen=True, slots=True)
class VerifiedNotification:
    """A payment notification whose signature checked out. Not yet compared with the stored order.

    ``notification_id`` is WeChat's notification ``id`` or Alipay's ``notify_id``; ``nonce`` and
    ``timestamp`` (unix seconds) are WeChat's ``Wechatpay-Nonce``/``Wechatpay-Timestamp`` (Alipay: no
    nonce, ``timestamp`` from ``notify_time``) so the caller can reject replays.
    """

    out_trade_no: str
    paid: bool
    amount_fen: int | None
    provider_trade_id: str | None
    merchant_id: str | None
    app_id: str | None
    notification_id: str
    paid_at: datetime | None
    nonce: str | None = None
    timestamp: int | None = None
    provider_state: str | None = None


NotificationRejectReason = Literal[
    "BAD_SIGNATURE", "UNKNOWN_SERIAL", "STALE_TIMESTAMP", "SIGNTEST_PROBE", "DECRYPT_FAILED", "MALFORMED"
]


class NotificationRejected(Exception):
    """A notification that must not be acted upon. Answer it with ``notification_ack(False)``.

    ``reason`` is one of BAD_SIGNATURE, UNKNOWN_SERIAL (signed with a key we do not know: refresh the
    platform certificates), STALE_TIMESTAMP, SIGNTEST_PROBE (WeChat's deliberate probe), DECRYPT_FAILED,
    MALFORMED.
    """

    def __init__(self, reason: NotificationRejectReason, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class ProviderResponseInvalid(Unavailable):
    """The provider's answer was unsigned, wrongly signed or unparseable: its outcome is unknown.

    A subclass of ``Unavailable`` because the caller must treat it the same way: the order's state at
    the provider is unknown, retry later with the same ``out_trade_no`` or query.
    """

    default_code = "UPSTREAM_BAD_RESPONSE"


class ProviderRejected(Conflict):
    """The provider answered (signed) and refused the request; ``details['provider_code']`` says why."""

    default_code = "PROVIDER_REJECTED"


@runtime_checkable
class PaymentProvider(Protocol):
    """One payment channel (WECHAT or ALIPAY) behind the deposit service's order handlers."""

    channel: str

    def create(
        self, out_trade_no: str, amount_fen: int, description: str, expires_at: datetime
    ) -> PrecreateResult: ...

    def query(self, out_trade_no: str) -> ProviderTrade: ...

    def close(self, out_trade_no: str) -> None: ...

    def verify_notification(self, headers: dict[str, str], body: bytes) -> VerifiedNotification: ...

    def notification_ack(self, ok: bool, *, refused: bool = False) -> tuple[int, bytes, str]:
        """The answer the provider expects; ``refused``: the notification itself is at fault (bad
        signature, replay), a 4xx where the protocol allows it, so forged posts are not server errors."""
        ...
