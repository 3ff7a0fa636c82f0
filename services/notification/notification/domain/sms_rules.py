"""When an SMS may go out: quiet hours in Beijing time, retries with backoff, a daily cap per phone.

Pure: every function takes the current instant. The state machine of one SMS:

    PENDING ──claim──▶ SENDING ──gateway OK──▶ SENT
       ▲                  │  gateway failed, attempts left: PENDING again, not before now + backoff
       └──────────────────┘  gateway failed, no attempts left: FAILED
    PENDING ──cap reached──▶ CAPPED (the owner still has the message in the portal)
    PENDING ──no phone──▶ NO_PHONE
    SENDING found by a worker after a crash ──▶ UNCONFIRMED (never sent again: at most once)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import Enum

from maintfund_common.beijing_time import BEIJING


class SmsStatus(Enum):
    PENDING = "PENDING"
    SENDING = "SENDING"
    SENT = "SENT"
    FAILED = "FAILED"
    CAPPED = "CAPPED"
    NO_PHONE = "NO_PHONE"
    UNCONFIRMED = "UNCONFIRMED"


@dataclass(frozen=True)
class SmsPolicy:
    quiet_start: time = time(22, 0)  # Beijing time
    quiet_end: time = time(8, 0)
    daily_cap: int = 10  # messages per phone per Beijing day
    max_attempts: int = 6
    backoff_base_s: float = 30.0
    backoff_max_s: float = 3600.0


def in_quiet_hours(now: datetime, policy: SmsPolicy) -> bool:
    local = now.astimezone(BEIJING).timetz().replace(tzinfo=None)
    start, end = policy.quiet_start, policy.quiet_end
    if start <= end:
        return start <= local < end
    return local >= start or local < end  # the window crosses midnight (22:00–08:00)


def not_before(now: datetime, policy: SmsPolicy) -> datetime:
    """The earliest instant an SMS made at ``now`` may be sent: now, or the end of the quiet hours
    (deferred, not dropped)."""
    if not in_quiet_hours(now, policy):
        return now
    local = now.astimezone(BEIJING)
    end = local.replace(hour=policy.quiet_end.hour, minute=policy.quiet_end.minute, second=0, microsecond=0)
    if end <= local:
        end += timedelta(days=1)
    return end.astimezone(now.tzinfo)


def retry_at(now: datetime, attempts: int, policy: SmsPolicy) -> datetime | None:
    """After ``attempts`` failed gateway calls: when to try again (exponential backoff, then moved past
    the quiet hours), or None when the SMS has had its attempts."""
    if attempts >= policy.max_attempts:
        return None
    delay = min(policy.backoff_base_s * 2 ** (attempts - 1), policy.backoff_max_s)
    return not_before(now + timedelta(seconds=delay), policy)


def cap_day(now: datetime) -> str:
    """The Beijing day an SMS counts toward the cap."""
    return now.astimezone(BEIJING).strftime("%Y-%m-%d")


def under_cap(sent_today: int, policy: SmsPolicy) -> bool:
    return sent_today < policy.daily_cap
