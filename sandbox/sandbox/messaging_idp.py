"""Stand-ins of the SMS gateway and the unified identity platform's real-name verification.

SMS: ``POST /sms/v1/messages`` (Bearer API key) keeps the last message per phone;
``GET /sandbox/sms/<phone>`` returns it (tests and demo logins read the code there).
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


@bp.post("/sms/v1/messages")
def send_sms() -> Any:
    _require_key("SMS_API_KEY", "sandbox-sms-key")
    body = request.get_json(force=True)
    phone = str(body.get("phone_number", ""))
    params = body.get("template_param") or {}
    if not (phone.isascii() and phone.isdigit()) or len(phone) != 11:
        return jsonify(code="InvalidPhoneNumber", message="invalid phone"), 400
    code, minutes = params.get("code", ""), params.get("minutes", "5")
    purpose = "注册验证码" if body.get("template_code") == "SMS_REGISTER_CODE" else "登录验证码"
    text = f"【{body.get('sign_name', '')}】您的{purpose}为{code}，{minutes}分钟内有效。"
    with _lock:
        _last_sms[phone] = {
            "phone": phone,
            "code": str(params.get("code", "")),
            "text": text,
            "template_code": body.get("template_code"),
            "sent_at": datetime.now(UTC).isoformat(),
        }
    return jsonify(code="OK", message_id=f"sms-{len(_last_sms)}")


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
    return jsonify(status="reset")
