"""消息 pages (F9): the list (newest first, 「更多」 pages without JavaScript), read marks by POST forms,
全部已读, the SMS settings per kind, and the unread count in the header and on the home page.

The count is kept in the session for a minute (``remember_unread``): the 消息 page gets it with its page of
messages and a read mark with the mark, so neither asks for it apart; the home page and the header use the
session's count and ask (CountUnread) only when it is older than that or not known."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for

from gateway.auth import (
    UNREAD_UNKNOWN,
    cached_unread,
    current_account_id,
    is_reviewer,
    logged_in,
    login_required,
    remember_unread,
)
from gateway.http import clients
from gateway.ops import notifications
from gateway.redirects import same_site_path
from maintfund_common import errors
from maintfund_common.grpc_errors import RemoteError

log = logging.getLogger(__name__)

bp = Blueprint("web_notifications", __name__, template_folder="../templates")

# The header's count is decoration on pages about something else: it waits briefly, and a failure shows
# 消息 without a count (never 0) instead of failing the page. The 消息 page itself reports the failure.
HEADER_TIMEOUT_SECONDS = 0.5


def live_unread(timeout: float | None = None) -> int | None:
    """The account's unread count now (and kept for the header); None when it cannot be had."""
    try:
        count = notifications.unread_count(clients(), current_account_id(), timeout=timeout)
    except (errors.DomainError, RemoteError) as exc:
        log.warning("unread count unavailable", extra={"error": type(exc).__name__})
        remember_unread(UNREAD_UNKNOWN)
        return None
    remember_unread(count)
    return count


def home_unread() -> int | None:
    """For the home page's 消息 tile: the count this session saw in the last minute, else asked now. It
    says the count in words, so a failed try (the header's brief one, say) is tried again here with the
    whole deadline rather than kept for the minute as the header keeps it."""
    cached = cached_unread()
    if cached is None or cached == UNREAD_UNKNOWN:
        return live_unread()
    return cached


def header_unread() -> int | None:
    """For the header: the count this session saw in the last minute, else asked now (briefly)."""
    if not logged_in() or is_reviewer():
        return None
    cached = cached_unread()
    if cached is not None:
        return None if cached == UNREAD_UNKNOWN else cached
    return live_unread(HEADER_TIMEOUT_SECONDS)


@bp.app_context_processor
def _unread_globals() -> dict[str, Any]:
    # a function: only pages that draw the logged-in header call it
    return {"header_unread": header_unread}


@bp.get("/messages")
@login_required
def messages() -> Any:
    account_id = current_account_id()
    cursor = request.args.get("cursor", "")
    page = notifications.list_page(clients(), account_id, 20, cursor)  # the unread count comes with it
    remember_unread(page["unread_count"])  # for the header of this page and the next minute's
    return render_template(
        "messages.html", page=page, unread=page["unread_count"], first_page=not cursor, notice=_notice()
    )


def _notice() -> str:
    return {"all-read": "已将全部消息标为已读"}.get(request.args.get("done", ""), "")


@bp.post("/messages/<notification_id>/read")
@login_required
def read(notification_id: str) -> Any:
    """Opens a message: marks it read, then goes where it leads (a path on this site) or back to 消息."""
    # the service's count after the mark: opening a message read before leaves the badge as it was
    remember_unread(notifications.mark_read(clients(), current_account_id(), notification_id))
    back = url_for("web_notifications.messages")
    return redirect(same_site_path(request.form.get("next"), back), code=303)


@bp.post("/messages/read-all")
@login_required
def read_all() -> Any:
    notifications.mark_all_read(clients(), current_account_id())
    remember_unread(0)
    return redirect(url_for("web_notifications.messages", done="all-read"), code=303)


@bp.route("/messages/settings", methods=["GET", "POST"])
@login_required
def settings() -> Any:
    account_id = current_account_id()
    if request.method == "POST":
        choices = notifications.form_preferences(request.form.getlist("sms"))
        notifications.set_preferences(clients(), account_id, choices)
        return redirect(url_for("web_notifications.settings", saved=1), code=303)
    found = notifications.preferences(clients(), account_id)
    return render_template(
        "message_settings.html", preferences=found["items"], saved=request.args.get("saved") == "1"
    )
