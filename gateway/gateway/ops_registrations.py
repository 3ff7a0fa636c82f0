"""个人造册 (add a house) and its review by the district 管理部: operations shared by /api/v1 and the UI.

One registry call per operation. Reviewers act only on their own district: the gateway passes the
session's district to the registry, which answers NOT_FOUND for any other district's registration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import session

from gateway.auth import client_ip, current_account_id, has_role
from gateway.clients import Clients
from maintfund.registry.v1 import registry_pb2 as pb
from maintfund_common import errors

METHODS = {
    "contract": pb.REGISTRATION_METHOD_CONTRACT,
    "certificate": pb.REGISTRATION_METHOD_CERTIFICATE,
    "proof": pb.REGISTRATION_METHOD_PROOF,
}
METHOD_NAMES = {"contract": "网签合同编号", "certificate": "不动产权证号", "proof": "上传证明材料"}
HOUSE_TYPES = ("商品房", "已购公房", "经济适用房", "限价商品房", "自住型商品房", "共有产权房")
STATUS_NAMES = {
    "BOUND": "已添加（无需审核）",
    "PENDING_REVIEW": "待审核",
    "APPROVED": "审核通过",
    "REJECTED": "已驳回",
}
# Checked here to refuse early; the registry checks the same limits (and the content) again.
MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024


def _rejected(message: str) -> errors.ValidationFailed:
    return errors.ValidationFailed(message, code="UPLOAD_REJECTED", field="files")


def parse_method(raw: str | None) -> str:
    value = (raw or "").strip().lower()
    if value not in METHODS:
        raise errors.ValidationFailed("请选择造册方式：contract、certificate 或 proof", field="method")
    return value


def registration_dict(r: pb.Registration) -> dict[str, Any]:
    method = pb.RegistrationMethod.Name(r.method).removeprefix("REGISTRATION_METHOD_").lower()
    status = pb.RegistrationStatus.Name(r.status).removeprefix("REGISTRATION_STATUS_")
    return {
        "registration_id": r.registration_id,
        "method": method,
        "method_name": METHOD_NAMES.get(method, ""),
        "status": status,
        "status_name": STATUS_NAMES.get(status, ""),
        "submitted_at": r.submitted_at,
        "decided_at": r.decided_at or None,
        "reason": r.reason,
        "address": r.address,
        "district": r.district_code,
        "house_id": r.house_id or None,
        "contract_no": r.contract_no,
        "house_type": r.house_type,
        "cert_no": r.cert_no,
        "phone_masked": r.phone_masked,
    }


def lookup(clients: Clients, method: str, contract_no: str, house_type: str, cert_no: str) -> dict[str, Any]:
    method = parse_method(method)
    if method == "proof":
        raise errors.ValidationFailed("上传证明材料方式无需查询", field="method")
    found = clients.registry.LookupHouse(
        pb.LookupHouseRequest(
            method=METHODS[method],
            contract_no=contract_no[:100],
            house_type=house_type[:20],
            cert_no=cert_no[:100],
        )
    )
    house = found.house
    return {
        "house_id": house.house_id,
        "address": house.address,
        "district": house.district_code,
        "district_name": house.district_name,
        "area_m2": float(house.area_m2),
        "owner_masked": found.owners_masked,
        "contract_no": house.contract_no,
        "cert_no": house.cert_no,
    }


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes


def read_uploads(storages: list[Any]) -> list[Upload]:
    """Werkzeug FileStorage objects -> bytes, refusing too many or too large files before reading on."""
    storages = [s for s in storages if s and (s.filename or "").strip()]
    if len(storages) > MAX_FILES:
        raise _rejected(f"最多上传 {MAX_FILES} 个文件")
    uploads = []
    for storage in storages:
        content = storage.stream.read(MAX_FILE_BYTES + 1)
        if len(content) > MAX_FILE_BYTES:
            raise _rejected(f"单个文件不能超过 {MAX_FILE_BYTES // (1024 * 1024)} MB")
        uploads.append(Upload(str(storage.filename)[:120], content))
    return uploads


def submit(
    clients: Clients, account_id: str, fields: dict[str, Any], uploads: list[Upload]
) -> dict[str, Any]:
    method = parse_method(str(fields.get("method", "")))
    request = pb.SubmitRegistrationRequest(
        account_id=account_id,
        method=METHODS[method],
        contract_no=str(fields.get("contract_no") or "")[:100],
        house_type=str(fields.get("house_type") or "")[:20],
        cert_no=str(fields.get("cert_no") or "")[:100],
        district_code=str(fields.get("district") or "")[:6],
        phone=str(fields.get("phone") or "")[:20],
        address=str(fields.get("address") or "")[:300],
        files=[pb.UploadedFile(filename=u.filename, content=u.content) for u in uploads],
    )
    timeout = 20.0 if uploads else None  # sanitising five images takes a moment
    return registration_dict(clients.registry.SubmitRegistration(request, timeout=timeout).registration)


def history(clients: Clients, account_id: str, limit: int = 20, cursor: str = "") -> dict[str, Any]:
    page = clients.registry.ListAccountRegistrations(
        pb.ListAccountRegistrationsRequest(account_id=account_id, page_size=limit, page_token=cursor[:200])
    )
    return {
        "items": [registration_dict(r) for r in page.registrations],
        "next_cursor": page.next_page_token or None,
    }


# --- the district 管理部 ----------------------------------------------------------------------------


def reviewer() -> pb.ReviewActor:
    """The session's reviewer identity, or 403 for anyone else (owners included)."""
    account_id = current_account_id()
    district = str(session.get("district_code") or "")
    if not has_role("REVIEWER") or not district:
        raise errors.PermissionDenied("仅管理部审核人员可以访问", code="PERMISSION_DENIED")
    return pb.ReviewActor(
        reviewer_id=account_id, role="REVIEWER", district_code=district, source_ip=client_ip()
    )


def is_reviewer() -> bool:
    return bool(session.get("account_id")) and has_role("REVIEWER") and bool(session.get("district_code"))


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


def _check_id(value: str) -> str:
    if not value or len(value) > 36:
        raise errors.NotFound("申请不存在")
    return value


def review_detail(clients: Clients, actor: pb.ReviewActor, registration_id: str) -> dict[str, Any]:
    found = clients.registry.GetRegistration(
        pb.GetRegistrationRequest(registration_id=_check_id(registration_id), actor=actor)
    )
    data = registration_dict(found.registration)
    data.update(
        applicant_name=found.applicant_name,
        applicant_phone=found.applicant_phone,
        owner_masked=found.owners_masked,
        files=[
            {
                "file_id": f.file_id,
                "filename": f.filename,
                "content_type": f.content_type,
                "size_bytes": f.size_bytes,
                "scan_status": f.scan_status,
            }
            for f in found.files
        ],
    )
    return data


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
