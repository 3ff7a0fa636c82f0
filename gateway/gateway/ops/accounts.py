"""Accounts and sessions: register, log in (password or SMS code), send an SMS code, who am I.

The identity service checks every credential and answers the account; the gateway keeps the session
(``gateway.auth``).
"""

from __future__ import annotations

from typing import Any

from gateway.clients import Clients
from gateway.ops.views import account_dict
from maintfund.identity.v1 import identity_pb2
from maintfund_common import errors


def register_account(clients: Clients, body: dict[str, Any]) -> dict[str, Any]:
    request = identity_pb2.RegisterAccountRequest(
        username=str(body.get("username", "")),
        password=str(body.get("password", "")),
        name=str(body.get("name", "")),
        id_number=str(body.get("id_number", "")),
        phone=str(body.get("phone", "")),
        sms_code=str(body.get("sms_code", ""))[:8],
        accepted_terms=body.get("accepted_terms") in (True, "true", "on", "1"),
        accepted_privacy=body.get("accepted_privacy") in (True, "true", "on", "1"),
    )
    return account_dict(clients.identity.RegisterAccount(request).account)


def login_with_password(
    clients: Clients, username: str, password: str, client_ip: str
) -> identity_pb2.LoginResponse:
    return clients.identity.LoginWithPassword(
        identity_pb2.LoginWithPasswordRequest(username=username, password=password, client_ip=client_ip)
    )


def login_with_sms(clients: Clients, phone: str, code: str, client_ip: str) -> identity_pb2.LoginResponse:
    return clients.identity.LoginWithSmsCode(
        identity_pb2.LoginWithSmsCodeRequest(phone=phone, sms_code=code, client_ip=client_ip)
    )


SMS_PURPOSES = {"login": identity_pb2.SMS_PURPOSE_LOGIN, "register": identity_pb2.SMS_PURPOSE_REGISTER}


def send_sms_code(clients: Clients, phone: str, client_ip: str, purpose: str = "login") -> tuple[int, int]:
    """A login code, or (``purpose="register"``) the code that proves a registration's phone: (seconds
    before another may be asked for, seconds the code stays valid)."""
    if purpose not in SMS_PURPOSES:
        raise errors.ValidationFailed("purpose 应为 login 或 register", field="purpose")
    sent = clients.identity.SendSmsCode(
        identity_pb2.SendSmsCodeRequest(phone=phone, client_ip=client_ip, purpose=SMS_PURPOSES[purpose])
    )
    return sent.resend_after_seconds, sent.code_valid_seconds


def me(clients: Clients, account_id: str) -> dict[str, Any]:
    account = clients.identity.GetAccount(identity_pb2.GetAccountRequest(account_id=account_id)).account
    data = account_dict(account)
    data.update(has_houses=account.house_count > 0, house_count=account.house_count)
    return data
