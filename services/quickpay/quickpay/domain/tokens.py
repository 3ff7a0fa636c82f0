"""Quick-pay tokens: HMAC-SHA256 signed, short-lived, bound to exactly one bill.

Format: ``base64url(json payload) "." base64url(hmac)``; the payload names the bill id, its business
number, its house and the expiry (unix seconds). Nothing personal is in it (it travels in URLs).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass

from maintfund_common import errors

MAX_TOKEN_LENGTH = 512


@dataclass(frozen=True)
class TokenClaims:
    bill_id: str
    business_no: str
    house_id: str
    expires_at: int  # unix seconds


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, payload: str) -> str:
    return _b64(hmac.new(key, b"quickpay.v1." + payload.encode("ascii"), hashlib.sha256).digest())


def invalid() -> errors.NotFound:
    return errors.NotFound(
        "查询结果已失效，请重新输入业务流水号和业主名称查询", code="QUICKPAY_TOKEN_INVALID"
    )


def sign(key: bytes, claims: TokenClaims) -> str:
    body = {"b": claims.bill_id, "n": claims.business_no, "h": claims.house_id, "x": claims.expires_at}
    payload = _b64(json.dumps(body, separators=(",", ":"), sort_keys=True).encode())
    return f"{payload}.{_mac(key, payload)}"


def verify(key: bytes, token: str, now: float) -> TokenClaims:
    """The claims of a genuine, unexpired token; QUICKPAY_TOKEN_INVALID otherwise.

    An expired token gets the very answer a forged or unknown one does (DESIGN §8: one answer for
    every miss); its message already asks the owner to look the bill up again.
    """
    if not token or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 1:
        raise invalid()
    payload, mac = token.split(".")
    try:
        payload.encode("ascii")
        if not hmac.compare_digest(_mac(key, payload).encode(), mac.encode("ascii")):
            raise invalid()
        body = json.loads(_unb64(payload))
        claims = TokenClaims(str(body["b"]), str(body["n"]), str(body["h"]), int(body["x"]))
    except (UnicodeError, ValueError, KeyError, TypeError, binascii.Error):
        raise invalid() from None
    if now >= claims.expires_at:
        raise invalid()
    return claims
