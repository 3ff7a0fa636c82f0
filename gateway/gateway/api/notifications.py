"""/api/v1 消息 (F9): the account's messages, read marks, the unread count and the SMS choice per kind.

Errors are problem+json; POST and PUT need the CSRF header. Someone else's message id is a 404 with the
same body as a missing one. Every count these routes learn is kept for the session's pages (the header and
the home page), so a read mark made here never leaves them showing a count it made wrong.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from gateway import problems
from gateway.auth import current_account_id, remember_unread
from gateway.http import clients, json_body, limit_arg
from gateway.ops import notifications
from maintfund_common import errors

bp = Blueprint("api_notifications", __name__, url_prefix="/api/v1")


@bp.get("/notifications")
def list_notifications() -> Any:
    page = notifications.list_page(
        clients(), current_account_id(), limit_arg(), request.args.get("cursor", "")
    )
    for item in page["items"]:
        item.pop("kind_name")
    remember_unread(page["unread_count"])
    return jsonify(page)


@bp.get("/notifications/unread-count")
def unread_count() -> Any:
    count = notifications.unread_count(clients(), current_account_id())
    remember_unread(count)
    return jsonify(count=count)


@bp.post("/notifications/<notification_id>/read")
def mark_read(notification_id: str) -> Any:
    remember_unread(notifications.mark_read(clients(), current_account_id(), notification_id))
    return "", 204


@bp.post("/notifications/read-all")
def mark_all_read() -> Any:
    notifications.mark_all_read(clients(), current_account_id())
    remember_unread(0)
    return "", 204


def _preferences(found: dict[str, Any]) -> Any:
    return jsonify(items=[{"kind": p["kind"], "sms": p["sms"]} for p in found["items"]])


@bp.get("/notification-preferences")
def get_preferences() -> Any:
    return _preferences(notifications.preferences(clients(), current_account_id()))


@bp.put("/notification-preferences")
def put_preferences() -> Any:
    account_id = current_account_id()
    body = json_body()  # not a JSON object at all: 400 like every route
    try:
        choices = notifications.parse_preferences(body.get("items"))
    except errors.ValidationFailed as exc:
        # well-formed JSON naming a kind that does not exist, or a choice that is no boolean: 422
        return problems.from_exception(exc, status=422)
    return _preferences(notifications.set_preferences(clients(), account_id, choices))
