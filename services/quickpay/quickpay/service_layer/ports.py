"""What quick pay's use cases need from outside: the abuse counters and the services it asks, injected by
``bootstrap.py``."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from quickpay.config import Limits


class AbuseStore(Protocol):
    """Counters in fixed windows and one-time challenges (adapters.limits: Redis)."""

    def hit(self, key: str, window_s: int) -> tuple[int, int]: ...
    def count(self, key: str) -> int: ...
    def reset(self, key: str) -> None: ...
    def put_challenge(self, challenge_id: str, answer: str, ttl_s: int) -> None: ...
    def take_challenge(self, challenge_id: str) -> str | None: ...
    def ping(self) -> bool: ...


@dataclass
class QuickpayDeps:
    deposit: Any  # ServiceClient(DepositService)
    invoice: Any  # ServiceClient(InvoiceService)
    store: AbuseStore
    token_key: bytes
    token_ttl_s: int
    miss_min_s: float
    limits: Limits = field(default_factory=Limits)
    clock: Callable[[], float] = time.time
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
