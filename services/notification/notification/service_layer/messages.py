"""The message centre's use cases: an account's page of messages, its unread count, read marks, and its
SMS preferences. Every one acts for one account and sees that account's rows only."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import TYPE_CHECKING

from maintfund_common import errors
from maintfund_common.db import utcnow
from notification.domain.messages import KINDS, Kind, Page, Preferences

if TYPE_CHECKING:
    from maintfund_common.db import Database
    from notification.adapters.repository import NotificationRepository

DEFAULT_LIMIT, MAX_LIMIT = 20, 100
_NOT_FOUND = "消息不存在"


def require_account(account_id: str) -> str:
    if not account_id or len(account_id) > 36:
        raise errors.ValidationFailed("缺少账户", field="account_id")
    return account_id


def encode_cursor(created_at: datetime, notification_id: str) -> str:
    raw = f"{created_at.isoformat()}|{notification_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, _, notification_id = raw.partition("|")
        moment = datetime.fromisoformat(at)
    except (ValueError, UnicodeDecodeError):
        raise errors.ValidationFailed("分页游标无效", field="cursor") from None
    if moment.tzinfo is None or not notification_id or len(notification_id) > 36:
        raise errors.ValidationFailed("分页游标无效", field="cursor")
    return moment, notification_id


def page_size(limit: int) -> int:
    if limit == 0:
        return DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        raise errors.ValidationFailed(f"每页条数应在 1 到 {MAX_LIMIT} 之间", field="limit")
    return limit


def list_page(repo: NotificationRepository, account_id: str, limit: int, cursor: str) -> Page:
    """One page and the account's unread count (two statements, whatever the page's length)."""
    account_id = require_account(account_id)
    size = page_size(limit)
    rows = repo.page(account_id, decode_cursor(cursor), size + 1)
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if rows else None
    next_cursor = encode_cursor(last.created_at, last.notification_id) if more and last else ""
    return Page(rows, next_cursor, repo.count_unread(account_id))


def count_unread(repo: NotificationRepository, account_id: str) -> int:
    return repo.count_unread(require_account(account_id))


def mark_read(db: Database[NotificationRepository], account_id: str, notification_id: str) -> int:
    """Idempotent; another account's message is NOT_FOUND, like a missing one. Answers the account's
    unread count after the mark (counted in its transaction, so a message read before is not subtracted
    again)."""
    require_account(account_id)
    with db.unit_of_work() as uow:
        if not 0 < len(notification_id) <= 36 or not uow.repo.mark_read(
            account_id, notification_id, utcnow()
        ):
            raise errors.NotFound(_NOT_FOUND)
        unread = uow.repo.count_unread(account_id)
        uow.commit()
    return unread


def mark_all_read(db: Database[NotificationRepository], account_id: str) -> int:
    require_account(account_id)
    with db.unit_of_work() as uow:
        marked = uow.repo.mark_all_read(account_id, utcnow())
        uow.commit()
    return marked


def get_preferences(repo: NotificationRepository, account_id: str) -> Preferences:
    return repo.preferences(require_account(account_id))


def set_preferences(
    db: Database[NotificationRepository], account_id: str, changes: list[tuple[str, bool]]
) -> Preferences:
    """``changes``: (kind name, sms) pairs; an unknown or unspecified kind refuses the whole call."""
    require_account(account_id)
    parsed: list[tuple[Kind, bool]] = []
    for name, sms in changes:
        try:
            kind = Kind(name)
        except ValueError:
            raise errors.ValidationFailed("消息类型无效", field="preferences") from None
        parsed.append((kind, sms))
    with db.unit_of_work() as uow:
        now = utcnow()
        for kind, sms in parsed:
            uow.repo.set_preference(account_id, kind, sms, now)
        prefs = uow.repo.preferences(account_id)
        uow.commit()
    return prefs


__all__ = ["KINDS", "count_unread", "get_preferences", "list_page", "mark_all_read", "mark_read"]
