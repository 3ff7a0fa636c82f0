"""Errors as application/problem+json (RFC 9457) with a stable ``code``; one mapping for the whole API."""

from __future__ import annotations

import logging
from typing import Any

from flask import Response, json

from maintfund_common import errors
from maintfund_common.grpc_errors import RemoteError

log = logging.getLogger(__name__)

PROBLEM_BASE = "https://maintfund.beijing.gov.cn/problems/"

HTTP_STATUS: dict[type[errors.DomainError], int] = {
    errors.ValidationFailed: 400,
    errors.Unauthenticated: 401,
    errors.PermissionDenied: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.AlreadyExists: 409,
    errors.RateLimited: 429,
    errors.Unavailable: 503,
}

TITLES = {
    400: "请求参数有误",
    401: "请先登录",
    403: "没有权限",
    404: "未找到",
    409: "当前状态不允许此操作",
    422: "请求无法处理",
    428: "请先完成验证",
    429: "请求过于频繁",
    502: "后端服务出错",
    503: "服务暂时不可用",
}


def problem(status: int, code: str, detail: str, **extra: Any) -> Response:
    body = {
        "type": PROBLEM_BASE + code.lower().replace("_", "-"),
        "title": TITLES.get(status, "错误"),
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    response = Response(
        json.dumps(body, ensure_ascii=False), status=status, mimetype="application/problem+json"
    )
    if status == 429 and "retry_after" in extra:
        response.headers["Retry-After"] = str(extra["retry_after"])
    return response


# Codes whose HTTP status differs from their class's (Stripe: a reused Idempotency-Key is 422).
STATUS_BY_CODE = {"IDEMPOTENCY_KEY_REUSED": 422, "CHALLENGE_REQUIRED": 428}


def status_of(error: errors.DomainError) -> int:
    if error.code in STATUS_BY_CODE:
        return STATUS_BY_CODE[error.code]
    for cls in type(error).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 400


def from_exception(error: Exception, status: int | None = None) -> Response:
    """The problem+json of ``error``; ``status`` overrides the class's HTTP status (a route that answers
    a well-formed body naming what does not exist with 422, say)."""
    if isinstance(error, errors.DomainError):
        extra: dict[str, Any] = {}
        if "field" in error.details:
            extra["field"] = error.details["field"]
        if "retry_after" in error.details:
            extra["retry_after"] = int(error.details["retry_after"])
        if "remaining_attempts" in error.details:  # a failed log-in: tries left before the lock
            extra["remaining_attempts"] = int(error.details["remaining_attempts"])
        if "challenge_id" in error.details:  # quick pay: answer this before the next lookup
            extra["challenge"] = {
                "id": error.details["challenge_id"],
                "question": error.details.get("challenge_question", ""),
            }
        return problem(status or status_of(error), error.code, error.message, **extra)
    if isinstance(error, RemoteError):
        log.error("backend error", extra={"error": str(error)})
        return problem(502, "UPSTREAM_ERROR", "后端服务出错，请稍后再试")
    raise error
