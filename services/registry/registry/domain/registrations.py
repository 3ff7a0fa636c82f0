"""Personal registration (个人造册) rules: what a submission must contain, its outcome, the review.

Pure rules, no I/O: the service layer looks houses and owners up and stores the result.
"""

from __future__ import annotations

import datetime
import enum
import unicodedata
from dataclasses import dataclass, field

from maintfund_common import errors
from maintfund_common.districts import DISTRICTS
from maintfund_common.personal_data import normalize_phone
from registry.domain.certificates import normalize_certificate_number, normalize_contract_number

# House types an owner picks with a 网签合同编号 (the net-signing system's contract kinds).
HOUSE_TYPES = ("商品房", "已购公房", "经济适用房", "限价商品房", "自住型商品房", "共有产权房")
MAX_REASON_CHARS = 200
MAX_ADDRESS_CHARS = 200


class Method(enum.StrEnum):
    CONTRACT = "CONTRACT"  # 网签合同编号
    CERTIFICATE = "CERTIFICATE"  # 不动产权证号
    PROOF = "PROOF"  # 上传证明材料


class Status(enum.StrEnum):
    BOUND = "BOUND"  # matched the register's owner: bound at once (无需审核)
    PENDING_REVIEW = "PENDING_REVIEW"  # waits for the district 管理部 (需审核)
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


TERMINAL = frozenset({Status.BOUND, Status.APPROVED, Status.REJECTED})

# Encryption contexts of the applicant's contact phone and real name, stored with each registration.
PHONE_CONTEXT = "registry.registrations.phone"
APPLICANT_CONTEXT = "registry.registrations.applicant_name"


class PendingSlotTaken(Exception):
    """A concurrent identical submission took the slot first (the one pending registration per account
    and house, or the binding itself): the submission is retried in a fresh unit of work."""


@dataclass(frozen=True)
class UploadPolicy:
    """Limits on proof uploads (DESIGN §8 Uploads); numbers are configuration, not code."""

    max_files: int = 5
    max_file_bytes: int = 10 * 1024 * 1024
    max_pixels: int = 40_000_000  # decompression bombs: refuse before decoding


@dataclass(frozen=True)
class IncomingFile:
    """A proof file as uploaded: nothing about it is trusted yet."""

    filename: str
    content: bytes


@dataclass(frozen=True)
class CleanFile:
    """A proof file recognised, sanitised and scanned: what is stored."""

    filename: str
    content_type: str
    content: bytes
    scan_status: str


def upload_rejected(message: str) -> errors.ValidationFailed:
    return errors.ValidationFailed(message, code="UPLOAD_REJECTED", field="files")


def check_upload_shape(policy: UploadPolicy, sizes: list[int]) -> None:
    """Count and sizes only (cheap, before reading any content)."""
    if not sizes:
        raise upload_rejected("请上传证明材料（PDF、JPG 或 PNG）")
    if len(sizes) > policy.max_files:
        raise upload_rejected(f"最多上传 {policy.max_files} 个文件")
    limit_mb = policy.max_file_bytes // (1024 * 1024)
    for size in sizes:
        if size > policy.max_file_bytes:
            raise upload_rejected(f"单个文件不能超过 {limit_mb} MB")
        if size == 0:
            raise upload_rejected("文件内容为空")


@dataclass(frozen=True)
class Submission:
    """A validated submission: numbers canonical, district known, phone normalised."""

    method: Method
    district_code: str
    phone: str
    contract_no: str = ""
    house_type: str = ""
    cert_no: str = ""
    address: str = ""

    @property
    def has_number(self) -> bool:
        return bool(self.contract_no or self.cert_no)


def parse_method(raw: str) -> Method:
    value = (raw or "").strip().upper()
    aliases = {"CONTRACT": Method.CONTRACT, "CERTIFICATE": Method.CERTIFICATE, "PROOF": Method.PROOF}
    if value not in aliases:
        raise errors.ValidationFailed("请选择造册方式", field="method")
    return aliases[value]


def parse_house_type(raw: str) -> str:
    value = unicodedata.normalize("NFKC", raw or "").strip()
    if value not in HOUSE_TYPES:
        raise errors.ValidationFailed("请选择房屋类型", field="house_type")
    return value


def parse_lookup(
    method: Method, contract_no: str, house_type: str, cert_no: str, *, today: datetime.date | None = None
) -> tuple[str, str, str]:
    """(contract_no, house_type, cert_no) canonical for a lookup by number."""
    if method is Method.CONTRACT:
        return normalize_contract_number(contract_no), parse_house_type(house_type), ""
    if method is Method.CERTIFICATE:
        return "", "", normalize_certificate_number(cert_no, today=today).canonical
    raise errors.ValidationFailed("上传证明材料方式无需查询", field="method")


def parse_submission(
    method: Method,
    *,
    contract_no: str = "",
    house_type: str = "",
    cert_no: str = "",
    district_code: str = "",
    phone: str = "",
    address: str = "",
    today: datetime.date | None = None,
) -> Submission:
    if district_code not in DISTRICTS:
        raise errors.ValidationFailed("请选择房屋所在区域", field="district")
    phone_n = normalize_phone(phone)
    if method is not Method.PROOF:
        contract, kind, cert = parse_lookup(method, contract_no, house_type, cert_no, today=today)
        return Submission(method, district_code, phone_n, contract, kind, cert)
    # Proof: a number is optional (it finds the house when the register has it); else an address.
    contract = normalize_contract_number(contract_no) if contract_no.strip() else ""
    kind = parse_house_type(house_type) if contract else ""
    cert = normalize_certificate_number(cert_no, today=today).canonical if cert_no.strip() else ""
    addr = unicodedata.normalize("NFKC", address or "").strip()
    if len(addr) > MAX_ADDRESS_CHARS:
        raise errors.ValidationFailed(f"房屋坐落不能超过 {MAX_ADDRESS_CHARS} 个字", field="address")
    if not (contract or cert or addr):
        raise errors.ValidationFailed("请填写房屋坐落，或网签合同编号、不动产权证号之一", field="address")
    return Submission(method, district_code, phone_n, contract, kind, cert, addr)


def check_district(submission: Submission, house_district: str) -> None:
    """The district picked must be the house's: the registration goes to that 管理部."""
    if house_district and submission.district_code != house_district:
        raise errors.ValidationFailed("所选区域与房屋所在区域不一致", field="district")


def outcome_on_submit(method: Method, owner_matches: bool) -> Status:
    """Bound at once only when identified by number and the applicant is one of the register's owners."""
    if method is not Method.PROOF and owner_matches:
        return Status.BOUND
    return Status.PENDING_REVIEW


@dataclass(frozen=True)
class Decision:
    status: Status
    reason: str


def decide(current: Status, approve: bool, reason: str) -> Decision:
    """Review: only a pending registration can be decided; a rejection needs a reason."""
    if current is not Status.PENDING_REVIEW:
        raise errors.Conflict("该申请已处理，不能重复审核", code="REGISTRATION_ALREADY_DECIDED")
    text = unicodedata.normalize("NFKC", reason or "").strip()
    if len(text) > MAX_REASON_CHARS:
        raise errors.ValidationFailed(f"审核意见不能超过 {MAX_REASON_CHARS} 个字", field="reason")
    if not approve and not text:
        raise errors.ValidationFailed("驳回时请填写原因", field="reason")
    return Decision(Status.APPROVED if approve else Status.REJECTED, text)


@dataclass(frozen=True)
class Registration:
    registration_id: str
    account_id: str
    method: Method
    status: Status
    house_id: str
    district_code: str
    address: str
    contract_no: str
    house_type: str
    cert_no: str
    submitted_at: datetime.datetime
    decided_at: datetime.datetime | None
    reason: str
    phone_masked: str
    reviewer_id: str = ""
    files: tuple[StoredFileInfo, ...] = field(default=())


@dataclass(frozen=True)
class StoredFileInfo:
    file_id: str
    filename: str
    content_type: str
    size_bytes: int
    scan_status: str
