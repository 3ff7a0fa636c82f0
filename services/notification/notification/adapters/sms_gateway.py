"""The SMS gateway's HTTP client for template messages (``POST /sms/v1/messages``, as identity's).

Chinese SMS providers send registered templates only: a message is the template code, its parameters and
the registered sign name; ``out_id`` is our id of the message, echoed in the provider's records.
"""

from __future__ import annotations

import requests

from maintfund_common import errors
from notification.service_layer.ports import SmsRefused


class SmsGateway:
    def __init__(self, base_url: str, api_key: str, sign_name: str, timeout_s: float = 3.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.sign_name = sign_name
        self.timeout = (min(2.0, timeout_s), timeout_s)
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {api_key}"

    def send_template(self, phone: str, template: str, params: dict[str, str], out_id: str) -> str:
        body = {
            "phone_number": phone,
            "sign_name": self.sign_name,
            "template_code": template,
            "template_param": params,
            "out_id": out_id,
        }
        try:
            response = self.session.post(self.base_url + "/sms/v1/messages", json=body, timeout=self.timeout)
        except requests.RequestException as exc:
            raise errors.Unavailable("短信网关暂时不可用", code="UPSTREAM_UNAVAILABLE") from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise errors.Unavailable("短信网关暂时不可用", code="UPSTREAM_UNAVAILABLE")
        if response.status_code >= 400:
            # the status and the provider's code only: its text may echo the number
            try:
                code = str(response.json().get("code", ""))[:40]
            except ValueError:
                code = ""
            raise SmsRefused(f"SMS gateway refused the message: {response.status_code} {code}")
        return str(response.json().get("message_id", ""))[:64]
