"""Clients of the external systems identity talks to: the SMS gateway and the unified identity
platform's real-name verification. Both are HTTP JSON APIs authenticated with an API key; the sandbox
serves stand-ins of both for local runs and tests."""

from __future__ import annotations

import requests

from maintfund_common import errors


class _HttpApi:
    def __init__(self, base_url: str, api_key: str, timeout_s: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {api_key}"

    def post(self, path: str, body: dict[str, object]) -> dict[str, object]:
        try:
            response = self.session.post(self.base_url + path, json=body, timeout=self.timeout_s)
        except requests.RequestException as exc:
            raise errors.Unavailable("外部服务暂时不可用，请稍后再试", code="UPSTREAM_UNAVAILABLE") from exc
        if response.status_code >= 500:
            raise errors.Unavailable("外部服务暂时不可用，请稍后再试", code="UPSTREAM_UNAVAILABLE")
        if response.status_code >= 400:
            raise RuntimeError(f"{path} refused our request: {response.status_code} {response.text[:200]}")
        return response.json()


class SmsGateway(_HttpApi):
    """SMS gateway: template messages (``POST /sms/v1/messages``)."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        sign_name: str,
        login_template: str,
        timeout_s: float = 3.0,
        *,
        register_template: str = "SMS_REGISTER_CODE",
    ):
        super().__init__(base_url, api_key, timeout_s)
        self.sign_name = sign_name
        self.login_template = login_template
        self.register_template = register_template

    def _send_code(self, phone: str, template: str, code: str, ttl_minutes: int) -> None:
        self.post(
            "/sms/v1/messages",
            {
                "phone_number": phone,
                "sign_name": self.sign_name,
                "template_code": template,
                "template_param": {"code": code, "minutes": str(ttl_minutes)},
            },
        )

    def send_login_code(self, phone: str, code: str, ttl_minutes: int) -> None:
        self._send_code(phone, self.login_template, code, ttl_minutes)

    def send_register_code(self, phone: str, code: str, ttl_minutes: int) -> None:
        self._send_code(phone, self.register_template, code, ttl_minutes)


class RealNameVerifier(_HttpApi):
    """Unified identity platform: is this the name of this ID number? (``POST /idp/v1/realname/verify``)"""

    def verify(self, name: str, id_number: str) -> bool:
        return bool(self.post("/idp/v1/realname/verify", {"name": name, "id_number": id_number}).get("match"))
