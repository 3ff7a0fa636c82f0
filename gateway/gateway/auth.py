"""Sessions: server-side in Redis (Flask-Session), rotated at login, idle and absolute timeouts.

The only module that touches ``flask.session``: everything else asks the helpers below.

The cookie holds only a 256-bit random id. What the gateway keeps per session is the account id, its
roles and masked name, and the login time (for the absolute timeout). Logout deletes it server-side.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app, g, request, session
from flask_wtf.csrf import generate_csrf

from maintfund.identity.v1 import identity_pb2
from maintfund_common import errors

log = logging.getLogger(__name__)

# How stale the idle timer may get: an active session's TTL is pushed back at most this often, so a
# session expires between (idle - this) and idle after its last request.
SESSION_REFRESH_SECONDS = 60


def client_ip() -> str:
    return request.remote_addr or ""


def start_session(login: identity_pb2.LoginResponse) -> str:
    """Log in: a new session id (no fixation), the account's facts, a fresh CSRF token."""
    current_app.session_interface.regenerate(session)  # type: ignore[attr-defined]
    session.clear()
    session.permanent = True
    account = login.account
    session["account_id"] = account.account_id
    session["name_masked"] = account.name_masked
    session["roles"] = [identity_pb2.Role.Name(r).removeprefix("ROLE_") for r in account.roles]
    session["district_code"] = account.district_code
    session["login_at"] = session["seen_at"] = int(time.time())
    log.info("session started", extra={"account_id": account.account_id, "ip": client_ip()})
    return generate_csrf()


def end_session() -> None:
    account_id = session.get("account_id")
    session.clear()
    current_app.session_interface.regenerate(session)  # type: ignore[attr-defined]
    if account_id:
        log.info("session ended", extra={"account_id": account_id})


def load_session() -> None:
    """Before each request: drop sessions past the absolute timeout; keep the idle timer (the Redis
    key's TTL) running by rewriting the session when it was last written over a minute ago."""
    g.account_id = None
    account_id = session.get("account_id")
    if not account_id:
        return
    now = int(time.time())
    if now - int(session.get("login_at", 0)) > current_app.config["SESSION_ABSOLUTE_SECONDS"]:
        log.info("session expired (absolute timeout)", extra={"account_id": account_id})
        session.clear()
        return
    if now - int(session.get("seen_at", 0)) >= current_app.config["SESSION_REFRESH_SECONDS"]:
        session["seen_at"] = now  # marks the session modified: saved with a fresh TTL and cookie
    g.account_id = account_id


def current_account_id() -> str:
    account_id = g.get("account_id")
    if not account_id:
        raise errors.Unauthenticated("请先登录", code="UNAUTHENTICATED")
    return str(account_id)


def has_role(role: str) -> bool:
    return role in session.get("roles", [])


def logged_in() -> bool:
    return bool(session.get("account_id"))


def session_name() -> str:
    """The logged-in account's masked name, for the page header."""
    return str(session.get("name_masked", ""))


def is_reviewer() -> bool:
    return logged_in() and has_role("REVIEWER") and bool(session.get("district_code"))


def current_reviewer() -> tuple[str, str]:
    """The session's reviewer: account id and district; 401 when logged out, 403 for anyone else
    (owners included)."""
    account_id = current_account_id()
    district = str(session.get("district_code") or "")
    if not has_role("REVIEWER") or not district:
        raise errors.PermissionDenied("仅管理部审核人员可以访问", code="PERMISSION_DENIED")
    return account_id, district


# How stale the unread count may be on the home page and in the header: the 消息 page and a read mark
# bring a fresh one with their own call; asking the notification service apart on every page would add a
# call to each.
UNREAD_CACHE_SECONDS = 60
UNREAD_UNKNOWN = -1  # the last try failed: the header shows 消息 without a count until the next try


def cached_unread() -> int | None:
    """The unread count this session last saw (or UNREAD_UNKNOWN), if recent enough for the header."""
    seen = session.get("unread")
    if not seen or int(time.time()) - int(seen[1]) >= UNREAD_CACHE_SECONDS:
        return None
    return int(seen[0])


def remember_unread(count: int) -> None:
    """Keep ``count`` for the header; the session is rewritten only when it changed or went stale."""
    if session.get("account_id") and cached_unread() != count:
        session["unread"] = [count, int(time.time())]


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        current_account_id()
        return view(*args, **kwargs)

    return wrapper
