"""长辈版 / 标准版 (issue 19): the browser's mode and the account's.

The browser's mode is a cookie, so it holds on every page, logged in or not (quick pay, login). What a
logged-in owner chooses is also remembered for the account by the identity service; at login the account's
mode becomes the browser's, so it follows the owner to a new phone. An account that never chose leaves the
browser's mode as it is.
"""

from __future__ import annotations

import logging

from flask import Response, request

from gateway.clients import Clients
from maintfund.identity.v1 import identity_pb2
from maintfund_common import errors

log = logging.getLogger(__name__)

#: remembered by the browser for a year
MODE_COOKIE = "mf_mode"
MODE_COOKIE_SECONDS = 365 * 24 * 3600
MODES = ("standard", "elder")
_TO_PB = {"standard": identity_pb2.DISPLAY_MODE_STANDARD, "elder": identity_pb2.DISPLAY_MODE_ELDER}
_FROM_PB = {value: mode for mode, value in _TO_PB.items()}


def display_mode() -> str:
    """This request's mode: the browser's cookie, 标准版 when it has none (or a value we never set)."""
    mode = request.cookies.get(MODE_COOKIE, "standard")
    return mode if mode in MODES else "standard"


def remember_in_browser(response: Response, mode: str) -> None:
    response.set_cookie(
        MODE_COOKIE,
        mode,
        max_age=MODE_COOKIE_SECONDS,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure,
    )


def account_mode(account: identity_pb2.Account) -> str | None:
    """The mode the account chose, or None when it never chose one."""
    return _FROM_PB.get(account.display_mode)


def adopt_account_mode(response: Response, account: identity_pb2.Account) -> None:
    """At login: the account's mode becomes this browser's (unless the account never chose one)."""
    mode = account_mode(account)
    if mode is not None and mode != display_mode():
        remember_in_browser(response, mode)


def remember_for_account(clients: Clients, account_id: str, mode: str) -> bool:
    """Store the mode on the account; False when the identity service did not (the browser's cookie still
    switches this browser, so the owner is not stopped by a preference that could not be saved)."""
    try:
        clients.identity.SetDisplayMode(
            identity_pb2.SetDisplayModeRequest(account_id=account_id, display_mode=_TO_PB[mode])
        )
    except errors.DomainError as exc:
        log.warning(
            "display mode not stored on the account",
            extra={"account_id": account_id, "mode": mode, "code": exc.code},
        )
        return False
    return True
