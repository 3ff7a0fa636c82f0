"""The deposit certificate (交存证明): what the fund of a house was on the day, checkable by a code.

The verification code is 16 characters of Crockford's base32 (no I, L, O, U), 80 random bits, shown in
four groups (``7KQ2-M9XD-4TPR-B3HW``). Reading one folds case, drops spaces and dashes and maps the
look-alikes (O→0, I/L→1) as Crockford says, so a code typed from paper reads as printed. A string that
cannot be a code is VALIDATION_FAILED (the format is public: it says nothing about any certificate); a
well-formed code that matches nothing is answered like a valid one, with ``valid: false``.
"""

from __future__ import annotations

import secrets

from maintfund_common import errors

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16
_FOLD = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def display_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def parse_code(raw: str) -> str:
    """The canonical code (16 characters, no dashes) or VALIDATION_FAILED CERTIFICATE_CODE_MALFORMED."""
    value = "".join(raw.split()).replace("-", "").upper().translate(_FOLD) if len(raw) <= 40 else ""
    if len(value) != CODE_LENGTH or any(ch not in ALPHABET for ch in value):
        raise errors.ValidationFailed(
            "验证码格式不正确，应为16位字母数字", code="CERTIFICATE_CODE_MALFORMED", field="code"
        )
    return value


def mask_address(address: str) -> str:
    """The address down to the building, the unit and room hidden: a verifier learns which building,
    never which flat (朝阳区望京西园三区312号楼2单元1503 → 朝阳区望京西园三区312号楼****)."""
    for marker in ("号楼", "栋", "幢", "号院"):
        at = address.find(marker)
        if at >= 0:
            kept = address[: at + len(marker)]
            return kept + "****" if len(kept) < len(address) else kept
    keep = max(len(address) // 2, 1)
    return address[:keep] + "****"


def shortfall_fen(outstanding_fen: int) -> int:
    """What is missing today: the pending bills' amounts (their minimums for entered amounts)."""
    return max(outstanding_fen, 0)
