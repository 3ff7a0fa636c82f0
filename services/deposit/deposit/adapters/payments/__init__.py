"""Payment-provider adapters: WeChat Pay APIv3 Native and Alipay precreate behind one interface."""

from .base import (
    NotificationRejected,
    PaymentProvider,
    PrecreateResult,
    ProviderRejected,
    ProviderResponseInvalid,
    ProviderTrade,
    VerifiedNotification,
)

__all__ = [
    "NotificationRejected",
    "PaymentProvider",
    "PrecreateResult",
    "ProviderRejected",
    "ProviderResponseInvalid",
    "ProviderTrade",
    "VerifiedNotification",
]
