"""Domain errors shared by every service.

A domain error carries a stable machine-readable ``code`` (the problem+json ``code`` at the gateway
and the gRPC ``ErrorInfo.reason``) and a human message, in Chinese where an owner will read it.
Each class maps to one canonical gRPC status code at the service edge; the gateway maps that to HTTP.
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every expected, user-facing failure. Never used for bugs."""

    grpc_code_name = "FAILED_PRECONDITION"
    default_code = "FAILED_PRECONDITION"

    def __init__(self, message: str, code: str | None = None, **details: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.details = {k: str(v) for k, v in details.items()}


class ValidationFailed(DomainError):
    grpc_code_name = "INVALID_ARGUMENT"
    default_code = "VALIDATION_FAILED"


class NotFound(DomainError):
    """Missing, or not visible to the caller: both look the same from outside."""

    grpc_code_name = "NOT_FOUND"
    default_code = "NOT_FOUND"


class Conflict(DomainError):
    """The request is valid but the current state forbids it (e.g. a paper receipt exists)."""

    grpc_code_name = "FAILED_PRECONDITION"
    default_code = "CONFLICT"


class AlreadyExists(DomainError):
    grpc_code_name = "ALREADY_EXISTS"
    default_code = "ALREADY_EXISTS"


class Unauthenticated(DomainError):
    grpc_code_name = "UNAUTHENTICATED"
    default_code = "UNAUTHENTICATED"


class PermissionDenied(DomainError):
    grpc_code_name = "PERMISSION_DENIED"
    default_code = "PERMISSION_DENIED"


class RateLimited(DomainError):
    grpc_code_name = "RESOURCE_EXHAUSTED"
    default_code = "RATE_LIMITED"


class Unavailable(DomainError):
    """An external system (payment provider, e-receipt platform) did not answer in time."""

    grpc_code_name = "UNAVAILABLE"
    default_code = "UPSTREAM_UNAVAILABLE"
