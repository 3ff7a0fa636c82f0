"""Domain errors <-> gRPC status with a machine-readable reason (google.rpc.ErrorInfo).

Services raise ``DomainError``s; the server edge turns them into a status code plus an ErrorInfo whose
``reason`` is the stable error code. Clients turn the status back into the same ``DomainError`` class,
so the gateway maps one kind of exception to problem+json and an RpcError is never swallowed.
"""

from __future__ import annotations

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

from maintfund_common import errors

ERROR_DOMAIN = "maintfund.beijing.gov.cn"

_BY_GRPC_CODE: dict[grpc.StatusCode, type[errors.DomainError]] = {
    grpc.StatusCode.INVALID_ARGUMENT: errors.ValidationFailed,
    grpc.StatusCode.NOT_FOUND: errors.NotFound,
    grpc.StatusCode.FAILED_PRECONDITION: errors.Conflict,
    grpc.StatusCode.ALREADY_EXISTS: errors.AlreadyExists,
    grpc.StatusCode.UNAUTHENTICATED: errors.Unauthenticated,
    grpc.StatusCode.PERMISSION_DENIED: errors.PermissionDenied,
    grpc.StatusCode.RESOURCE_EXHAUSTED: errors.RateLimited,
    grpc.StatusCode.UNAVAILABLE: errors.Unavailable,
    grpc.StatusCode.DEADLINE_EXCEEDED: errors.Unavailable,
}


class RemoteError(Exception):
    """A remote failure that is not a domain error (INTERNAL, UNKNOWN, ...): a bug or an outage."""

    def __init__(self, method: str, code: grpc.StatusCode, message: str) -> None:
        super().__init__(f"{method}: {code.name}: {message}")
        self.code = code


def to_status(error: errors.DomainError) -> grpc.Status:
    code = getattr(code_pb2, error.grpc_code_name)
    info = error_details_pb2.ErrorInfo(reason=error.code, domain=ERROR_DOMAIN, metadata=error.details)
    detail = any_pb2.Any()
    detail.Pack(info)
    return rpc_status.to_status(status_pb2.Status(code=code, message=error.message, details=[detail]))


def from_rpc_error(method: str, error: grpc.RpcError) -> Exception:
    """The exception a caller should raise for a failed call."""
    code = error.code() if isinstance(error, grpc.Call) else grpc.StatusCode.UNKNOWN
    message = error.details() if isinstance(error, grpc.Call) else str(error)
    reason, details = "", {}
    status = rpc_status.from_call(error) if isinstance(error, grpc.Call) else None
    if status is not None:
        for any_detail in status.details:
            if any_detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                info = error_details_pb2.ErrorInfo()
                any_detail.Unpack(info)
                reason, details = info.reason, dict(info.metadata)
    cls = _BY_GRPC_CODE.get(code)
    if cls is None:
        return RemoteError(method, code, message or "")
    if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED) and not reason:
        return errors.Unavailable("服务暂时不可用，请稍后再试", code="UPSTREAM_UNAVAILABLE", method=method)
    return cls(message or "", code=reason or None, **details)
