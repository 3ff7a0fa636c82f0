"""Domain errors survive the trip through a gRPC status and come back as the same class and code."""

from __future__ import annotations

import grpc
import pytest

from maintfund_common import errors
from maintfund_common.grpc_errors import RemoteError, from_rpc_error, to_status


class FakeCall(grpc.RpcError, grpc.Call):
    def __init__(self, status: grpc.Status) -> None:
        self._status = status

    def code(self):
        return self._status.code

    def details(self):
        return self._status.details

    def trailing_metadata(self):
        return self._status.trailing_metadata

    def initial_metadata(self):
        return ()

    def is_active(self):
        return False

    def time_remaining(self):
        return None

    def cancel(self):
        return False

    def add_callback(self, callback):
        return False


@pytest.mark.parametrize(
    "error",
    [
        errors.ValidationFailed("身份证号码格式不正确", field="id_number"),
        errors.NotFound("房屋不存在"),
        errors.Conflict("您的纸质票据已开具，不支持再次开具电子票据。", code="PAPER_RECEIPT_ISSUED"),
        errors.Unauthenticated("用户名或密码错误", code="INVALID_CREDENTIALS"),
        errors.RateLimited("请求过于频繁", retry_after="60"),
        # a dependency of the service (clamd) is down: its own code, not the generic UPSTREAM_UNAVAILABLE
        errors.Unavailable("病毒扫描服务暂时不可用，文件未保存，请稍后再试", code="VIRUS_SCAN_UNAVAILABLE"),
    ],
)
def test_round_trip(error: errors.DomainError) -> None:
    back = from_rpc_error("svc/M", FakeCall(to_status(error)))
    assert type(back) is type(error)
    assert back.code == error.code and back.message == error.message and back.details == error.details


def test_internal_errors_are_not_domain_errors() -> None:
    from collections import namedtuple

    status = namedtuple("Status", "code details trailing_metadata")(grpc.StatusCode.INTERNAL, "boom", ())
    assert isinstance(from_rpc_error("svc/M", FakeCall(status)), RemoteError)
