"""Stand-ins of the SMS gateway and the unified identity platform's real-name verification.

SMS: ``POST /sms/v1/messages`` (Bearer API key) takes a registered template's code and parameters, as
Chinese SMS providers do, and keeps every message: ``GET /sandbox/sms/<phone>/messages`` lists them newest
first (``{template, params, text, sent_at}``); ``GET /sandbox/sms/<phone>`` returns the last login or
registration code (tests and demo logins read the code there). ``POST /sandbox/sms/mode`` ``{mode: ok|fail}``
makes the gateway answer 503 to every message until set back (the senders' retry paths).
Identity platform: ``POST /idp/v1/realname/verify`` answers match for every well-formed ID number,
except the ones listed in SANDBOX_IDP_MISMATCH (comma-separated), to exercise the refusal path.
"""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, abort, jsonify, request

from maintfund_common.personal_data import is_valid_id_number

bp = Blueprint("sms_idp", __name__)
_lock = threading.Lock()
_last_sms: dict[str, dict[str, Any]] = {}


def _require_key(env_name: str, default: str) -> None:
    expected = os.environ.get(env_name, default)
    if request.headers.get("Authorization", "") != f"Bearer {expected}":
        abort(401)


# The templates registered with the provider: code -> text with ${param} placeholders.
TEMPLATES = {
    "SMS_LOGIN_CODE": "您的登录验证码为${code}，${minutes}分钟内有效。",
    "SMS_REGISTER_CODE": "您的注册验证码为${code}，${minutes}分钟内有效。",
    "SMS_MF_DEPOSIT_POSTED": (
        "您的房屋${house}维修资金已入账${amount}元（${payer}），详情请登录个人网厅查看。"
    ),
    "SMS_MF_INTEREST_POSTED": "您的房屋${house}分得维修资金增值收益${amount}元。",
    "SMS_MF_APPORTIONMENT_POSTED": (
        "维修项目${project}从您的房屋${house}分摊${amount}元，详情请登录个人网厅查看。"
    ),
    "SMS_MF_LOW_BALANCE": (
        "您的房屋${house}维修资金余额${balance}元，已低于首次交存额的${percent}%，请登录个人网厅续筹。"
    ),
    "SMS_MF_BILL_RAISED": "您的房屋${house}有一笔${type}待交存（${amount}），请登录个人网厅交款。",
    "SMS_MF_RECEIPT_ISSUED": "您的房屋${house}交存${amount}元的财政电子票据已开具，可登录个人网厅下载。",
    "SMS_MF_RECEIPT_FAILED": (
        "您的房屋${house}交存${amount}元的财政电子票据开具失败，请登录个人网厅重新开票。"
    ),
    "SMS_MF_REGISTRATION_DECIDED": "您提交的个人造册申请${result}，详情请登录个人网厅查看。",
}
_CODE_TEMPLATES = {"SMS_LOGIN_CODE", "SMS_REGISTER_CODE"}
_messages: dict[str, list[dict[str, Any]]] = {}
_mode = {"mode": "ok"}
_sent = {"count": 0}


def _render(template: str, params: dict[str, str]) -> str:
    text = TEMPLATES[template]
    for name, value in params.items():
        text = text.replace("${" + name + "}", value)
    return text


@bp.post("/sms/v1/messages")
def send_sms() -> Any:
    _require_key("SMS_API_KEY", "sandbox-sms-key")
    body = request.get_json(force=True)
    phone = str(body.get("phone_number", ""))
    params = body.get("template_param") or {}
    template = str(body.get("template_code", ""))
    if _mode["mode"] == "fail":
        return jsonify(code="ServiceUnavailable", message="gateway failing (sandbox mode)"), 503
    if not (phone.isascii() and phone.isdigit()) or len(phone) != 11:
        return jsonify(code="InvalidPhoneNumber", message="invalid phone"), 400
    if template not in TEMPLATES:
        return jsonify(code="isv.SMS_TEMPLATE_ILLEGAL", message="unknown template"), 400
    if not isinstance(params, dict) or not all(isinstance(v, str) for v in params.values()):
        return jsonify(code="isv.INVALID_JSON_PARAM", message="template_param must map names to strings"), 400
    sent_at = datetime.now(UTC).isoformat()
    text = f"【{body.get('sign_name', '')}】{_render(template, params)}"
    with _lock:
        _sent["count"] += 1
        message_id = f"sms-{_sent['count']}"
        _messages.setdefault(phone, []).append(
            {
                "template": template,
                "params": dict(params),
                "text": text,
                "sent_at": sent_at,
                "out_id": str(body.get("out_id", "")),
                "message_id": message_id,
            }
        )
        if template in _CODE_TEMPLATES:
            _last_sms[phone] = {
                "phone": phone,
                "code": str(params.get("code", "")),
                "text": text,
                "template_code": template,
                "sent_at": sent_at,
            }
    return jsonify(code="OK", message_id=message_id)


@bp.get("/sandbox/sms/<phone>/messages")
def phone_messages(phone: str) -> Any:
    """Every message sent to the phone, newest first."""
    with _lock:
        items = [
            {k: m[k] for k in ("template", "params", "text", "sent_at", "out_id")}
            for m in reversed(_messages.get(phone, []))
        ]
    return jsonify(items=items)


@bp.post("/sandbox/sms/mode")
def set_mode() -> Any:
    mode = str((request.get_json(force=True, silent=True) or {}).get("mode", ""))
    if mode not in ("ok", "fail"):
        return jsonify(error="mode must be ok or fail"), 400
    with _lock:
        _mode["mode"] = mode
    return jsonify(mode=mode)


@bp.get("/sandbox/sms")
def all_messages() -> Any:
    """Every message kept, to any phone (the PII scan reads their texts and parameters)."""
    with _lock:
        items = [
            {k: m[k] for k in ("template", "params", "text", "sent_at")}
            for messages in _messages.values()
            for m in messages
        ]
    return jsonify(items=items)


@bp.get("/sandbox/sms/<phone>")
def last_sms(phone: str) -> Any:
    with _lock:
        message = _last_sms.get(phone)
    if message is None:
        return jsonify(error="no message sent to this phone"), 404
    return jsonify(message)


@bp.post("/idp/v1/realname/verify")
def verify_real_name() -> Any:
    _require_key("IDP_API_KEY", "sandbox-idp-key")
    body = request.get_json(force=True)
    id_number = str(body.get("id_number", ""))
    mismatches = {x.strip() for x in os.environ.get("SANDBOX_IDP_MISMATCH", "").split(",") if x.strip()}
    match = bool(body.get("name")) and is_valid_id_number(id_number) and id_number not in mismatches
    return jsonify(match=match)


@bp.post("/sandbox/sms/reset")
def reset() -> Any:
    with _lock:
        _last_sms.clear()
        _messages.clear()
        _mode["mode"] = "ok"
    return jsonify(status="reset")
