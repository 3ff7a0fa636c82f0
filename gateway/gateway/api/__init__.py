"""JSON API v1 (DESIGN §4.3). Errors are problem+json; state-changing requests need the CSRF header."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from gateway.auth import client_ip, current_account_id, end_session, start_session
from gateway.display_mode import adopt_account_mode
from gateway.extensions import configured_limit, limiter
from gateway.http import clients, json_body, limit_arg
from gateway.ops import accounts
from gateway.ops import houses as house_ops

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.post("/accounts")
@limiter.limit(configured_limit("register_rate_limit"))
def register() -> Any:
    account = accounts.register_account(clients(), json_body())
    return jsonify(account_id=account["account_id"], username=account["username"]), 201


@bp.post("/session")
@limiter.limit(configured_limit("login_rate_limit"))
def login() -> Any:
    body = json_body()
    if body.get("phone") is not None or body.get("sms_code") is not None:
        result = accounts.login_with_sms(
            clients(), str(body.get("phone", "")), str(body.get("sms_code", "")), client_ip()
        )
    else:
        result = accounts.login_with_password(
            clients(), str(body.get("username", "")), str(body.get("password", "")), client_ip()
        )
    csrf_token = start_session(result)
    response = jsonify(
        csrf_token=csrf_token,
        user={
            "name_masked": result.account.name_masked,
            "has_houses": result.house_count > 0,
            "house_count": result.house_count,
        },
    )
    adopt_account_mode(response, result.account)  # the same browser cookie as the login page sets
    return response


@bp.post("/sms-codes")
@limiter.limit(configured_limit("sms_rate_limit"))
def sms_codes() -> Any:
    body = json_body()
    resend_after, valid = accounts.send_sms_code(
        clients(), str(body.get("phone", "")), client_ip(), str(body.get("purpose") or "login")
    )
    return jsonify(resend_after_seconds=resend_after, code_valid_seconds=valid), 202


@bp.delete("/session")
def logout() -> Any:
    end_session()
    return "", 204


@bp.get("/me")
def me() -> Any:
    data = accounts.me(clients(), current_account_id())
    data.pop("account_id", None)
    return jsonify(data)


@bp.get("/houses")
def houses() -> Any:
    return jsonify(
        house_ops.my_houses(
            clients(),
            current_account_id(),
            request.args.get("address", ""),
            limit_arg(),
            request.args.get("cursor", ""),
        )
    )


@bp.get("/houses/<house_id>")
def house(house_id: str) -> Any:
    return jsonify(house_ops.house_detail(clients(), current_account_id(), house_id))


@bp.get("/houses/<house_id>/ledger")
def ledger(house_id: str) -> Any:
    page = house_ops.ledger(
        clients(),
        current_account_id(),
        house_id,
        limit_arg(),
        request.args.get("cursor", ""),
        grant=request.args.get("grant", ""),
    )
    page.pop("house")
    page.pop("grant")
    return jsonify(page)


@bp.get("/houses/<house_id>/ledger/<entry_id>")
def ledger_entry(house_id: str, entry_id: str) -> Any:
    entry = house_ops.ledger_entry(
        clients(), current_account_id(), house_id, entry_id, request.args.get("grant", "")
    )
    entry.pop("house")
    entry.pop("grant")
    return jsonify(entry)
