"""Text PostgreSQL cannot store (U+0000) is refused at every gRPC service's edge, wherever it hides."""

from __future__ import annotations

import pytest

from maintfund.deposit.v1 import deposit_pb2
from maintfund.identity.v1 import identity_pb2
from maintfund.registry.v1 import registry_pb2
from maintfund_common.grpc_server import has_nul_text


@pytest.mark.parametrize(
    "message",
    [
        identity_pb2.LoginWithPasswordRequest(username="zhang\x00wei", password="x"),
        registry_pb2.SubmitRegistrationRequest(files=[registry_pb2.UploadedFile(filename="a\x00.pdf")]),
        deposit_pb2.BatchGetHouseAccountsRequest(house_ids=["h1", "h2\x00"]),
        deposit_pb2.HandlePaymentNotificationRequest(headers={"Wechatpay-Nonce": "n\x00"}),
        deposit_pb2.HandlePaymentNotificationRequest(headers={"k\x00": "v"}),
    ],
)
def test_nul_anywhere_in_text_is_found(message: object) -> None:
    assert has_nul_text(message)


def test_clean_text_and_binary_nul_pass() -> None:
    assert not has_nul_text(identity_pb2.LoginWithPasswordRequest(username="张伟", password="Demo@2026"))
    # bytes are not text: an uploaded file or a raw notification body may hold any byte
    assert not has_nul_text(
        deposit_pb2.HandlePaymentNotificationRequest(headers={"a": "b"}, body=b"\x00\x01")
    )
    assert not has_nul_text(
        registry_pb2.SubmitRegistrationRequest(
            files=[registry_pb2.UploadedFile(filename="a.pdf", content=b"\x00")]
        )
    )
