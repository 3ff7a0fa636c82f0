"""个人造册 (add a house): look the house up, submit a registration (with uploads), the history.

One registry call per operation; the registry decides whether a registration binds at once or waits
for the district 管理部's review (``ops.review``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gateway.clients import Clients
from gateway.ops.views import registration_dict, registry_house_dict
from maintfund.registry.v1 import registry_pb2 as pb
from maintfund_common import errors

METHODS = {
    "contract": pb.REGISTRATION_METHOD_CONTRACT,
    "certificate": pb.REGISTRATION_METHOD_CERTIFICATE,
    "proof": pb.REGISTRATION_METHOD_PROOF,
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
        **registry_house_dict(house),
        "owner_masked": found.owners_masked,
        "contract_no": house.contract_no,
        "cert_no": house.cert_no,
    }


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes


def read_uploads(storages: list[Any]) -> list[Upload]:
    """Uploaded files (Werkzeug FileStorage objects) -> bytes, refusing too many or too large files
    before reading on."""
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
