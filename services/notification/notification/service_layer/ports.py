"""What the use cases ask of the world outside this service; ``bootstrap.py`` chooses the real ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

# account_id -> the account's phone for an SMS now (identity's GetSmsContact), None when it has none
PhoneLookup = Callable[[str], str | None]
# account_id -> the account's masked real name (identity's GetAccount name_masked, e.g. 张*). Raises
# ``maintfund_common.errors.NotFound`` for an unknown account, ``Unavailable`` when identity did not answer.
MaskedNameLookup = Callable[[str], str]


class SmsSender(Protocol):
    """The SMS gateway: a template message to one phone; returns the provider's message id.

    Raises ``maintfund_common.errors.Unavailable`` when the gateway did not take it (timeout, 5xx), and
    ``SmsRefused`` when it refused this message for good (4xx: bad number, template)."""

    def send_template(self, phone: str, template: str, params: dict[str, str], out_id: str) -> str: ...


class SmsRefused(Exception):
    """The gateway refused the message for good: retrying would not help."""
