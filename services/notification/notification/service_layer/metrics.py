"""The notification service's Prometheus metrics (served by each process on its /metrics port)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

MESSAGES = Counter(
    "maintfund_notification_messages_total",
    "Messages made, by kind and channel (inbox: the message centre; sms: an SMS the gateway took)",
    ["kind", "channel"],
)
SMS_FAILURES = Counter(
    "maintfund_notification_sms_failures_total",
    "SMS not sent, by reason (unavailable: retried later; refused, exhausted, capped, no_phone, unconfirmed)",
    ["reason"],
)
SMS_BY_STATUS = Gauge("maintfund_notification_sms_by_status", "SMS by delivery status", ["status"])
