"""HTTP helpers shared by /api/v1 (``gateway.api``) and the pages (``gateway.web``).

They live beside the two blueprint packages, not in ``gateway.ops``, because they read the Flask
request or build Flask responses, and ``ops`` stays free of Flask (so its operations take plain values
and can be called and tested without a request). ``api`` and ``web`` never import each other; what both
need from the request or for the response is here: the app's gRPC clients, the JSON body, the page
size, the Idempotency-Key (and a pay form's), the reviewer acting on a 管理部 route, and downloads (a
receipt PDF; an uploaded file as an attachment under a sandboxing CSP).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from flask import Response, current_app, jsonify, request

from gateway.auth import client_ip, current_reviewer
from gateway.clients import Clients
from gateway.ops import review
from maintfund.registry.v1 import registry_pb2
from maintfund_common import errors
from maintfund_common.text import ascii_digits

IDEMPOTENCY_KEY_MAX = 255
SANDBOX_CSP = "sandbox; default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"


def clients() -> Clients:
    """The app's gRPC clients (one channel per target per process)."""
    return current_app.extensions["maintfund_clients"]


# --- the request -------------------------------------------------------------------------------------


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise errors.ValidationFailed("请求体须为 JSON 对象")
    return body


def parse_limit(raw: str | None, default: int = 20) -> int:
    if raw in (None, ""):
        return default
    if not ascii_digits(raw) or not 1 <= int(raw) <= 100:
        raise errors.ValidationFailed("limit 应为 1 到 100 之间的整数", field="limit")
    return int(raw)


def limit_arg() -> int:
    """The ``limit`` query parameter of a list (1 to 100, default 20)."""
    return parse_limit(request.args.get("limit"))


def idempotency_key() -> str:
    """The Idempotency-Key header of a POST that creates an order ("" when absent)."""
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > IDEMPOTENCY_KEY_MAX:
        raise errors.ValidationFailed("Idempotency-Key 过长", field="Idempotency-Key")
    return key


def pay_form(*fields: str) -> tuple[dict[str, str], dict[str, Any]]:
    """A pay page's form: the channel and amount (and ``fields``), and the idempotency arguments of the
    order it creates: the page's one-time key, and the channel and amount as the body a replay repeats."""
    form = {k: request.form.get(k, "") for k in ("channel", "amount_yuan", *fields)}
    replay = {
        "raw_body": f"{form['channel']}|{form['amount_yuan']}".encode(),
        "idempotency_key": request.form.get("idempotency_key", "")[:IDEMPOTENCY_KEY_MAX],
    }
    return form, replay


def reviewer() -> registry_pb2.ReviewActor:
    """The 管理部 reviewer acting on this request, or 401/403 for anyone else."""
    return review.actor(*current_reviewer(), client_ip())


# --- the response ------------------------------------------------------------------------------------


def order_created(order: dict[str, Any], replayed: bool) -> Response:
    """201 with the order; a replay of the same Idempotency-Key says so in a header."""
    response = jsonify(order)
    response.status_code = 201
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def pdf_response(pdf: bytes, filename: str) -> Response:
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = (
        "sandbox; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )
    return response


def sandboxed(view: Callable[..., Any]) -> Callable[..., Any]:
    """Per-view CSP for downloads of uploaded files (flask-talisman reads this attribute)."""
    view.talisman_view_options = {"content_security_policy": SANDBOX_CSP}  # type: ignore[attr-defined]
    return view


def attachment(filename: str, content_type: str, content: bytes) -> Response:
    """An uploaded file, never rendered inline: attachment, nosniff and a sandboxing CSP."""
    response = Response(content, mimetype=content_type)
    ascii_name = filename.encode("ascii", "ignore").decode() or "file"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SANDBOX_CSP
    return response
