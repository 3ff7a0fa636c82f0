"""The payment sandbox and a merchant's notify endpoints, served in the test process: the set-up shared
by the tests of deposit's provider clients (tests/integration/test_payment_providers.py) and of the
providers' own SDKs (tests/contract/test_provider_sdks.py).

A test module takes the fixtures among its own names (``sandbox_url, receiver_server, receiver =
payment_sandbox.sandbox_url, ...``; a conftest would make them everyone's, and the suite has its own
``sandbox_url``): the sandbox blueprint runs in a Flask app on 127.0.0.1 (werkzeug's
server, port 0, in a thread) and ``Receiver`` records every notification it is sent. The merchant and
platform identities are the sandbox's TEST ONLY keys and numbers (sandbox/keys).
"""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.wrappers import Request, Response

from sandbox import payments
from tests.sandbox_support import serve_wsgi

KEYS = Path(__file__).resolve().parents[1] / "sandbox" / "keys"
MCHID, APPID = "1900000001", "wx8888888888888888"
MERCHANT_SERIAL = "3775B6A45ACD588826D15E583A95F5DD00000001"
PLATFORM_SERIAL = "7132D72A03E93CDDF8C03BBD1F37EEDF00000001"
API_V3_KEY = "SandboxApiV3Key0123456789abcdefg"
ALIPAY_APP_ID, SELLER_ID = "2021000000000001", "2088000000000001"
WAIT_S = 10.0


def pem(name: str) -> bytes:
    """A TEST ONLY key of the sandbox (sandbox/keys/<name>.pem)."""
    return (KEYS / f"{name}.pem").read_bytes()


@dataclass
class Receiver:
    """The merchant's notify endpoints: records every delivery, fails the first ``fail_next`` ones."""

    calls: queue.Queue[tuple[str, dict[str, str], bytes]] = field(default_factory=queue.Queue)
    fail_next: int = 0
    fail_path: str = ""  # fail only deliveries to this path (late deliveries of other tests pass)
    url: str = ""

    def wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        req = Request(environ)
        body = req.get_data()
        self.calls.put((req.path, dict(req.headers), body))
        if req.path == "/unsigned":
            resp = Response(
                '{"code_url":"weixin://wxpay/bizpayurl?pr=forged"}', 200, mimetype="application/json"
            )
        elif self.fail_next > 0 and req.path == (self.fail_path or req.path):
            self.fail_next -= 1
            resp = Response("failure", 500)
        elif "/alipay" in req.path:
            resp = Response("success", 200, mimetype="text/plain")
        else:
            resp = Response(b"", 204)
        return resp(environ, start_response)

    def next_call(self, timeout: float = WAIT_S, path: str = "") -> tuple[str, dict[str, str], bytes]:
        """The next delivery (to ``path`` if given: a late retry of an earlier test is skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            call = self.calls.get(timeout=max(0.01, deadline - time.monotonic()))
            if not path or call[0] == path:
                return call


@pytest.fixture(scope="module")
def sandbox_url() -> Iterator[str]:
    """The payment sandbox (WeChat Pay, Alipay, statements) on a free port for the module's tests."""
    app = Flask("payment-sandbox-under-test")
    app.register_blueprint(payments.bp)
    with serve_wsgi(app) as url:
        yield url


@pytest.fixture(scope="module")
def receiver_server() -> Iterator[Receiver]:
    receiver = Receiver()
    with serve_wsgi(receiver.wsgi) as url:
        receiver.url = url
        yield receiver


@pytest.fixture
def receiver(receiver_server: Receiver, monkeypatch: pytest.MonkeyPatch) -> Receiver:
    """The notify endpoints, emptied, with the sandbox's state reset and its retry delays shortened."""
    monkeypatch.setenv("SANDBOX_RETRY_SCALE", "0.001")
    payments.reset_state()
    receiver_server.fail_next, receiver_server.fail_path = 0, ""
    while not receiver_server.calls.empty():
        receiver_server.calls.get_nowait()
    return receiver_server
