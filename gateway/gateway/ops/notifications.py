"""消息 (F9): the account's messages, their read marks, the unread count and the SMS choice per kind.

The notification service owns all of it and decides what each account may see; the gateway says who is
asking and translates. One call per operation: a page of messages comes with the account's unread count,
and a read mark answers the count after it. Someone else's message is NOT_FOUND with the same answer
as a missing one: this module words both alike, whatever the service said.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from gateway.clients import Clients
from gateway.ops.views import KIND_PREFIX, notification_dict, preference_dict
from maintfund.notification.v1 import notification_pb2 as pb
from maintfund_common import errors

log = logging.getLogger(__name__)

#: every kind of message by its API name (the enum's names without the prefix), in the enum's order
KINDS: dict[str, int] = {
    name.removeprefix(KIND_PREFIX): value
    for name, value in pb.NotificationKind.items()
    if value != pb.NOTIFICATION_KIND_UNSPECIFIED
}
MAX_CURSOR = 512
MAX_ID = 64
NOT_FOUND = "消息不存在"


def _message_id(value: str) -> str:
    """The id in its canonical form; anything that is no UUID (the proto's ids are) is no message."""
    try:
        if len(value) <= MAX_ID:
            return str(uuid.UUID(value))
    except ValueError:
        pass
    raise _not_found()


def _not_found() -> errors.NotFound:
    return errors.NotFound(NOT_FOUND, code="NOT_FOUND")


def list_page(clients: Clients, account_id: str, limit: int = 20, cursor: str = "") -> dict[str, Any]:
    """One page of the account's messages, newest first, and how many of all its messages are unread."""
    if len(cursor) > MAX_CURSOR:
        raise errors.ValidationFailed("cursor 无效", field="cursor")
    page = clients.notification.ListNotifications(
        pb.ListNotificationsRequest(account_id=account_id, limit=limit, cursor=cursor)
    )
    return {
        "items": [notification_dict(n) for n in page.items],
        "next_cursor": page.next_cursor or None,
        "unread_count": int(page.unread_count),
    }


def unread_count(clients: Clients, account_id: str, timeout: float | None = None) -> int:
    request = pb.CountUnreadRequest(account_id=account_id)
    return int(clients.notification.CountUnread(request, timeout=timeout).count)


def mark_read(clients: Clients, account_id: str, notification_id: str) -> int:
    """Idempotent; NOT_FOUND (one wording) when the message is missing or another account's. Answers the
    account's unread count after the mark."""
    request = pb.MarkReadRequest(account_id=account_id, notification_id=_message_id(notification_id))
    try:
        return int(clients.notification.MarkRead(request).unread_count)
    except errors.NotFound:
        log.info("message not found or not the account's", extra={"account_id": account_id})
        raise _not_found() from None


def mark_all_read(clients: Clients, account_id: str) -> int:
    return int(clients.notification.MarkAllRead(pb.MarkAllReadRequest(account_id=account_id)).marked)


def preferences(clients: Clients, account_id: str) -> dict[str, Any]:
    """The SMS choice for every kind, in the enum's order (a kind never set is on)."""
    answer = clients.notification.GetPreferences(pb.GetPreferencesRequest(account_id=account_id))
    return {"items": [preference_dict(p) for p in answer.preferences]}


def set_preferences(clients: Clients, account_id: str, choices: dict[str, bool]) -> dict[str, Any]:
    """Sets the kinds in ``choices`` (others stay as they are); answers all of them."""
    answer = clients.notification.SetPreferences(
        pb.SetPreferencesRequest(
            account_id=account_id,
            preferences=[pb.Preference(kind=KINDS[kind], sms=sms) for kind, sms in choices.items()],
        )
    )
    log.info("sms preferences set", extra={"account_id": account_id, "kinds": sorted(choices)})
    return {"items": [preference_dict(p) for p in answer.preferences]}


def parse_preferences(items: Any) -> dict[str, bool]:
    """``[{"kind": "DEPOSIT_POSTED", "sms": false}, ...]`` → ``{"DEPOSIT_POSTED": False}``; a kind that is
    not one, a choice that is not a boolean or a kind given twice is refused (the field is named)."""
    if not isinstance(items, list):
        raise errors.ValidationFailed("items 应为数组", field="items")
    choices: dict[str, bool] = {}
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise errors.ValidationFailed("每一项应为对象", field=f"items[{i}]")
        kind = item.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:
            raise errors.ValidationFailed(f"没有这种消息类型：{str(kind)[:40]}", field=f"items[{i}].kind")
        if kind in choices:
            raise errors.ValidationFailed(f"消息类型重复：{kind}", field=f"items[{i}].kind")
        if not isinstance(item.get("sms"), bool):
            raise errors.ValidationFailed("sms 应为 true 或 false", field=f"items[{i}].sms")
        choices[kind] = item["sms"]
    return choices


def form_preferences(checked: list[str]) -> dict[str, bool]:
    """The settings page's form: one check box per kind, sent only when ticked, so every kind is set."""
    return {kind: kind in checked for kind in KINDS}
