"""我要查询 grants: a short-lived right of one account to pay one house's bills and read its fund details.

The registry, which decides who may find a house (FindHouse), signs the grant; the services holding the
house's data (deposit) check the signature with the same key (``HOUSE_GRANT_KEY``, a Kubernetes Secret).
A signed grant needs no call and no shared table, and the browser carries it: the gateway keeps no list.

Format: ``g1.<house_id>.<expires unix seconds>.<base64url HMAC-SHA256>``; the MAC covers the account id,
which is not in the token (it travels in URLs), so a grant copied to another account is worthless.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from maintfund_common.config import env_dev_default

VERSION = "g1"
TTL_SECONDS = 30 * 60  # long enough to read the notices, open the bill and pay; a new query makes a new one
MAX_LENGTH = 160
DEV_KEY = "dev-house-grant-key-not-for-production"


def key_from_env() -> bytes:
    """``HOUSE_GRANT_KEY`` (required in production; the same value in registry and deposit)."""
    return env_dev_default("HOUSE_GRANT_KEY", DEV_KEY).encode()


def _mac(key: bytes, account_id: str, house_id: str, expires_at: int) -> str:
    message = f"{VERSION}|{account_id}|{house_id}|{expires_at}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def issue(key: bytes, account_id: str, house_id: str, now: float | None = None) -> tuple[str, int]:
    """(grant, expiry in unix seconds) for this account and house."""
    expires_at = int(now if now is not None else time.time()) + TTL_SECONDS
    return f"{VERSION}.{house_id}.{expires_at}.{_mac(key, account_id, house_id, expires_at)}", expires_at


def allows(key: bytes, grant: str, account_id: str, house_id: str, now: float | None = None) -> bool:
    """True when ``grant`` was issued to this account for this house and has not expired."""
    if not grant or not account_id or len(grant) > MAX_LENGTH or grant.count(".") != 3:
        return False
    version, granted_house, expiry, mac = grant.split(".")
    if version != VERSION or granted_house != house_id or not (expiry + mac).isascii():
        return False
    if not expiry.isdigit():
        return False
    expires_at = int(expiry)
    if (now if now is not None else time.time()) >= expires_at:
        return False
    return hmac.compare_digest(_mac(key, account_id, house_id, expires_at), mac)
