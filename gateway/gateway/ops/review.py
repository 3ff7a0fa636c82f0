"""The district 管理部's review of 个人造册: the queue, a registration with its files, the decision.

Reviewers act only on their own district: the gateway passes the reviewer's district (from the
session, read by ``gateway.auth``) to the registry, which answers NOT_FOUND for any other district's
registration. One registry call per operation.
"""

from __future__ import annotations

from typing import Any

from gateway.clients import Clients
from gateway.ops.views import registration_dict, review_detail_dict
from maintfund.registry.v1 import registry_pb2 as pb
from maintfund_common import errors


def actor(reviewer_id: str, district_code: str, source_ip: str) -> pb.ReviewActor:
    """Who is reviewing, as the registry wants it on every review call."""
    return pb.ReviewActor(
        reviewer_id=reviewer_id, role="REVIEWER", district_code=district_code, source_ip=source_ip
    )


def _check_id(value: str) -> str:
    if not value or len(value) > 36:
        raise errors.NotFound("申请不存在")
    return value


def pending_queue(
    clients: Clients, actor: pb.ReviewActor, limit: int = 20, cursor: str = ""
) -> dict[str, Any]:
    page = clients.registry.ListPendingRegistrations(
        pb.ListPendingRegistrationsRequest(
            district_code=actor.district_code, page_size=limit, page_token=cursor[:200]
        )
    )
    return {
        "items": [registration_dict(r) for r in page.registrations],
        "next_cursor": page.next_page_token or None,
        "district": actor.district_code,
    }


def review_detail(
    clients: Clients, actor: pb.ReviewActor, registration_id: str, *, reveal_applicant: bool = False
) -> dict[str, Any]:
    """One registration, the applicant masked; ``reveal_applicant`` (an explicit request, which the
    registry audits as REVEAL_APPLICANT) also answers their name and phone in clear."""
    found = clients.registry.GetRegistration(
        pb.GetRegistrationRequest(
            registration_id=_check_id(registration_id), actor=actor, reveal_applicant=reveal_applicant
        )
    )
    return review_detail_dict(found)


def review_file(
    clients: Clients, actor: pb.ReviewActor, registration_id: str, file_id: str
) -> tuple[str, str, bytes]:
    found = clients.registry.GetRegistrationFile(
        pb.GetRegistrationFileRequest(
            registration_id=_check_id(registration_id), file_id=_check_id(file_id), actor=actor
        )
    )
    return found.file.filename, found.file.content_type, found.content


def parse_approve(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if raw in ("true", "1", "approve"):
        return True
    if raw in ("false", "0", "reject"):
        return False
    raise errors.ValidationFailed("approve 应为 true 或 false", field="approve")


def decide(
    clients: Clients, actor: pb.ReviewActor, registration_id: str, body: dict[str, Any]
) -> dict[str, Any]:
    request = pb.DecideRegistrationRequest(
        registration_id=_check_id(registration_id),
        actor=actor,
        approve=parse_approve(body.get("approve")),
        reason=str(body.get("reason") or "")[:300],
        house_id=str(body.get("house_id") or "")[:36],
    )
    return registration_dict(clients.registry.DecideRegistration(request).registration)
