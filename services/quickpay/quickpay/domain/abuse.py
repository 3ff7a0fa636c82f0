"""Pure rules against guessing (DESIGN §8 Quick pay): no oracle in time, a challenge after failures."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass


def padding_s(started: float, now: float, minimum_s: float) -> float:
    """How long a miss must still wait so that every miss takes at least ``minimum_s`` from its start."""
    return max(0.0, minimum_s - (now - started))


@dataclass(frozen=True)
class Challenge:
    """A simple arithmetic challenge (a real deployment puts a CAPTCHA service here)."""

    question: str
    answer: str


def new_challenge(rng: secrets.SystemRandom | None = None) -> Challenge:
    rng = rng or secrets.SystemRandom()
    a, b = rng.randint(10, 49), rng.randint(1, 9)
    if rng.random() < 0.5:
        return Challenge(f"{a} + {b} = ?", str(a + b))
    return Challenge(f"{a} - {b} = ?", str(a - b))


def answer_matches(expected: str, given: str) -> bool:
    given = given.strip().translate(str.maketrans("０１２３４５６７８９－", "0123456789-"))
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace"))


def limit_key_part(secret: bytes, value: str) -> str:
    """Names and numbers in Redis keys are keyed hashes, never the plain value."""
    return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]
