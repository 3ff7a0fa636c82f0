"""The SMS worker's use case: send each due SMS at most once (record the intent, send, confirm).

1. Read the due SMS (PENDING, not_before passed); ask identity for the account's phone (outside any
   transaction; the phone is never stored, only its keyed hash for the daily cap).
2. In one transaction: claim the row (skipping another worker's), count it toward the phone's Beijing
   day (over the cap: CAPPED), set SENDING with the attempt counted: the intent is recorded.
3. Call the gateway with the message id as ``out_id``.
4. In one transaction: SENT; or, the gateway unavailable, PENDING again after a backoff (or FAILED after
   the last attempt), the cap count given back.

A worker that dies between 2 and 4 leaves the row SENDING; after ``stale_s`` a worker marks it
UNCONFIRMED and never sends it again. That is the at-most-once side: the SMS may have gone out or not,
the owner still has the message in the portal. See the README for where a duplicate can still arise.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from maintfund_common import errors
from maintfund_common.db import utcnow
from notification.domain.sms_rules import SmsPolicy, SmsStatus, cap_day, in_quiet_hours, not_before, retry_at
from notification.service_layer.metrics import MESSAGES, SMS_BY_STATUS, SMS_FAILURES
from notification.service_layer.ports import PhoneLookup, SmsRefused, SmsSender

if TYPE_CHECKING:
    from maintfund_common.db import Database
    from notification.adapters.repository import NotificationRepository
    from notification.domain.records import StoredSms

log = logging.getLogger(__name__)
PHONE_INDEX_CTX = "notification.sms.phone"


@dataclass
class SmsDelivery:
    db: Database[NotificationRepository]
    sender: SmsSender
    phone_of: PhoneLookup
    phone_index: Callable[[str], str]  # phone -> its keyed hash (KeyRing.blind_index)
    policy: SmsPolicy
    stale_s: float = 60.0
    batch: int = 50
    # test seam: called after the gateway took the SMS, before SENT is recorded (a crash there)
    after_send: Callable[[str], None] | None = None

    def run_once(self, now: datetime | None = None) -> int:
        """Recover abandoned sends, then send what is due; the number of SMS handled."""
        now = now or utcnow()
        self.recover(now)
        with self.db.reading() as repo:
            due = repo.due_sms(now, self.batch)
        for notification_id in due:
            self.deliver(notification_id, now)
        return len(due)

    def recover(self, now: datetime) -> int:
        """SENDING rows older than ``stale_s``: their worker stopped mid-send. Never sent again."""
        with self.db.unit_of_work() as uow:
            stale = uow.repo.sending_before(now - timedelta(seconds=self.stale_s))
            for notification_id in stale:
                uow.repo.update_sms(
                    notification_id, SmsStatus.SENDING, status=SmsStatus.UNCONFIRMED, updated_at=now
                )
            uow.commit()
        for notification_id in stale:
            SMS_FAILURES.labels("unconfirmed").inc()
            log.warning(
                "sms left unconfirmed by a stopped worker", extra={"notification_id": notification_id}
            )
        return len(stale)

    def deliver(self, notification_id: str, now: datetime | None = None) -> SmsStatus | None:
        now = now or utcnow()
        with self.db.reading() as repo:
            sms = repo.get_sms(notification_id)
        if sms is None or sms.status is not SmsStatus.PENDING or sms.not_before > now:
            return None  # sent, given up, or not due yet
        if in_quiet_hours(now, self.policy):  # made before 22:00, picked after: wait for the morning
            self._set(notification_id, SmsStatus.PENDING, not_before=not_before(now, self.policy))
            return SmsStatus.PENDING
        try:
            phone = self.phone_of(sms.account_id)  # remote, before any lock
        except errors.Unavailable:
            return self._failed(notification_id, sms.attempts + 1, now, "identity unavailable", counted=None)
        if phone is None:
            self._set(notification_id, SmsStatus.NO_PHONE)
            SMS_FAILURES.labels("no_phone").inc()
            return SmsStatus.NO_PHONE
        return self._send(sms, phone, now)

    def _send(self, sms: StoredSms, phone: str, now: datetime) -> SmsStatus | None:
        """Record the intent (claimed, counted, SENDING), send, confirm."""
        notification_id = sms.notification_id
        index, day = self.phone_index(phone), cap_day(now)
        with self.db.unit_of_work() as uow:
            claimed = uow.repo.claim_sms(notification_id)
            if claimed is None:
                return None  # another worker has it
            if not uow.repo.count_to_cap(index, day, self.policy.daily_cap):
                uow.repo.update_sms(
                    notification_id, SmsStatus.PENDING, status=SmsStatus.CAPPED, updated_at=now
                )
                uow.commit()
                SMS_FAILURES.labels("capped").inc()
                log.info("sms over the daily cap", extra={"notification_id": notification_id})
                return SmsStatus.CAPPED
            uow.repo.update_sms(
                notification_id,
                SmsStatus.PENDING,
                status=SmsStatus.SENDING,
                attempts=claimed.attempts + 1,
                phone_index=index,
                cap_day=day,
                updated_at=now,
            )
            uow.commit()  # the intent: from here on this SMS is never sent by anyone else
        attempts = claimed.attempts + 1
        try:
            provider_id = self.sender.send_template(phone, sms.template, sms.params, notification_id)
        except errors.Unavailable:
            return self._failed(notification_id, attempts, now, "gateway unavailable", counted=(index, day))
        except SmsRefused as exc:
            self._set(
                notification_id, SmsStatus.FAILED, expected=SmsStatus.SENDING, last_error=str(exc)[:200]
            )
            SMS_FAILURES.labels("refused").inc()
            log.warning("sms refused by the gateway", extra={"notification_id": notification_id})
            return SmsStatus.FAILED
        if self.after_send is not None:
            self.after_send(notification_id)
        self._set(
            notification_id,
            SmsStatus.SENT,
            expected=SmsStatus.SENDING,
            sent_at=utcnow(),
            provider_message_id=provider_id,
            last_error=None,
        )
        MESSAGES.labels(sms.kind.value, "sms").inc()
        return SmsStatus.SENT

    def _failed(
        self, notification_id: str, attempts: int, now: datetime, why: str, counted: tuple[str, str] | None
    ) -> SmsStatus:
        """A try that did not reach the phone: again after a backoff, or FAILED after the last one."""
        again = retry_at(now, attempts, self.policy)
        expected = SmsStatus.SENDING if counted else SmsStatus.PENDING
        with self.db.unit_of_work() as uow:
            if counted:
                uow.repo.uncount(*counted)
            if again is None:
                uow.repo.update_sms(
                    notification_id,
                    expected,
                    status=SmsStatus.FAILED,
                    attempts=attempts,
                    last_error=why,
                    updated_at=now,
                )
            else:
                uow.repo.update_sms(
                    notification_id,
                    expected,
                    status=SmsStatus.PENDING,
                    attempts=attempts,
                    last_error=why,
                    not_before=again,
                    updated_at=now,
                )
            uow.commit()
        SMS_FAILURES.labels("unavailable" if again else "exhausted").inc()
        log.warning(
            "sms not sent", extra={"notification_id": notification_id, "why": why, "attempts": attempts}
        )
        return SmsStatus.PENDING if again else SmsStatus.FAILED

    def _set(
        self,
        notification_id: str,
        status: SmsStatus,
        expected: SmsStatus = SmsStatus.PENDING,
        **values: object,
    ) -> None:
        with self.db.unit_of_work() as uow:
            uow.repo.update_sms(notification_id, expected, status=status, updated_at=utcnow(), **values)
            uow.commit()

    def census(self) -> None:
        with self.db.reading() as repo:
            counts = repo.sms_counts()
        for status in SmsStatus:
            SMS_BY_STATUS.labels(status.value).set(counts.get(status.value, 0))
