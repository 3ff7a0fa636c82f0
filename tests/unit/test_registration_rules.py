"""Personal registration (个人造册) rules and proof-upload sanitising, without I/O."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from maintfund_common import errors
from maintfund_common.config import ConfigError
from registry.adapters.clamav import ClamdAddress
from registry.adapters.uploads import IncomingFile, UploadSanitizer
from registry.config import Config
from registry.domain import registrations as rules
from registry.domain.registrations import Method, Status, UploadPolicy
from tests import upload_samples as samples


def test_contract_submission_is_normalised() -> None:
    sub = rules.parse_submission(
        Method.CONTRACT,
        contract_no=" ｙ2024000123 ",
        house_type="商品房",
        district_code="110112",
        phone="138-0000-0002",
    )
    assert (sub.contract_no, sub.house_type, sub.phone) == ("Y2024000123", "商品房", "13800000002")


def test_certificate_submission_is_canonical() -> None:
    sub = rules.parse_submission(
        Method.CERTIFICATE,
        cert_no="京（2023）朝阳区不动产权第 12345 号",
        district_code="110105",
        phone="13800000002",
    )
    assert sub.cert_no == "京(2023)朝阳区不动产权第0012345号"


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"cert_no": "京(2023)朝阳区不动产证明第0012345号"}, "CERTIFICATE_NOT_OWNERSHIP", "cert_no"),
        ({"cert_no": "朝阳区12345"}, "VALIDATION_FAILED", "cert_no"),
        (
            {"cert_no": "京(2023)朝阳区不动产权第0012345号", "district_code": "999999"},
            "VALIDATION_FAILED",
            "district",
        ),
        ({"cert_no": "京(2023)朝阳区不动产权第0012345号", "phone": "123"}, "VALIDATION_FAILED", "phone"),
    ],
)
def test_bad_certificate_submissions_are_refused(kwargs: dict, code: str, field: str) -> None:
    args = {"district_code": "110105", "phone": "13800000002", **kwargs}
    with pytest.raises(errors.ValidationFailed) as caught:
        rules.parse_submission(Method.CERTIFICATE, **args)
    assert caught.value.code == code and caught.value.details["field"] == field


def test_contract_needs_a_known_house_type() -> None:
    with pytest.raises(errors.ValidationFailed) as caught:
        rules.parse_submission(
            Method.CONTRACT,
            contract_no="Y2024000123",
            house_type="别墅",
            district_code="110112",
            phone="13800000002",
        )
    assert caught.value.details["field"] == "house_type"


def test_proof_needs_an_address_or_a_number() -> None:
    with pytest.raises(errors.ValidationFailed):
        rules.parse_submission(Method.PROOF, district_code="110105", phone="13800000002")
    sub = rules.parse_submission(
        Method.PROOF, district_code="110105", phone="13800000002", address="朝阳区某路1号"
    )
    assert sub.address == "朝阳区某路1号" and not sub.has_number


def test_district_must_be_the_houses() -> None:
    sub = rules.parse_submission(
        Method.CONTRACT,
        contract_no="Y2024000123",
        house_type="商品房",
        district_code="110105",
        phone="13800000002",
    )
    rules.check_district(sub, "110105")
    with pytest.raises(errors.ValidationFailed):
        rules.check_district(sub, "110112")


@pytest.mark.parametrize(
    ("method", "matches", "expected"),
    [
        (Method.CONTRACT, True, Status.BOUND),
        (Method.CERTIFICATE, True, Status.BOUND),
        (Method.CONTRACT, False, Status.PENDING_REVIEW),
        (Method.PROOF, True, Status.PENDING_REVIEW),  # a proof registration is always reviewed
    ],
)
def test_outcome_on_submit(method: Method, matches: bool, expected: Status) -> None:
    assert rules.outcome_on_submit(method, matches) is expected


def test_decisions() -> None:
    assert rules.decide(Status.PENDING_REVIEW, True, "").status is Status.APPROVED
    rejected = rules.decide(Status.PENDING_REVIEW, False, " 材料不清晰 ")
    assert rejected == rules.Decision(Status.REJECTED, "材料不清晰")
    with pytest.raises(errors.ValidationFailed):
        rules.decide(Status.PENDING_REVIEW, False, "  ")  # a rejection needs a reason
    for final in (Status.BOUND, Status.APPROVED, Status.REJECTED):
        with pytest.raises(errors.Conflict) as caught:
            rules.decide(final, True, "")
        assert caught.value.code == "REGISTRATION_ALREADY_DECIDED"


def test_upload_shape_limits() -> None:
    policy = UploadPolicy(max_files=5, max_file_bytes=10)
    rules.check_upload_shape(policy, [10, 1])
    for sizes in ([], [1] * 6, [11], [0]):
        with pytest.raises(errors.ValidationFailed) as caught:
            rules.check_upload_shape(policy, sizes)
        assert caught.value.code == "UPLOAD_REJECTED"


def test_images_are_reencoded_without_exif() -> None:
    sanitizer = UploadSanitizer()
    clean_png, clean_jpg = sanitizer.sanitise(
        [
            IncomingFile("../../证件 照.png", samples.png_with_exif()),
            IncomingFile("a.JPG", samples.jpeg_with_exif()),
        ]
    )
    assert clean_png.content_type == "image/png" and clean_png.filename == "证件_照.png"
    assert clean_jpg.content_type == "image/jpeg"
    for clean in (clean_png, clean_jpg):
        with Image.open(io.BytesIO(clean.content)) as image:
            assert not image.getexif()
        assert b"SecretCamera" not in clean.content
    assert b"<trailing payload>" not in clean_jpg.content
    assert clean_png.scan_status == "NOT_SCANNED"


def test_type_comes_from_the_content_not_the_name() -> None:
    clean = UploadSanitizer().sanitise([IncomingFile("scan.png", samples.pdf())])[0]
    assert clean.content_type == "application/pdf" and clean.filename == "scan.pdf"


@pytest.mark.parametrize(
    "content",
    [
        samples.executable(),
        samples.pdf(javascript=True),
        samples.pdf(encrypted=True),
        samples.pdf(attachment=True),
        samples.pixel_bomb(),
        b"%PDF-1.7 not really a pdf",
        b"GIF89a" + b"\0" * 50,
        samples.elf(),
        samples.pdf(launch=True),
        samples.pdf_obfuscated_javascript(),
        samples.pdf_javascript_in_object_stream(),
        samples.pdf_with_html_appended(),
        samples.svg(),
        samples.html(),
    ],
    ids=[
        "exe",
        "pdf-js",
        "pdf-encrypted",
        "pdf-embedded",
        "pixel-bomb",
        "broken-pdf",
        "gif",
        "elf",
        "pdf-launch",
        "pdf-js-hex-escaped-names",
        "pdf-js-in-object-stream",
        "pdf-html-polyglot",
        "svg",
        "html",
    ],
)
def test_bad_files_are_refused(content: bytes) -> None:
    with pytest.raises(errors.ValidationFailed) as caught:
        UploadSanitizer(UploadPolicy(max_pixels=20_000_000)).sanitise([IncomingFile("proof.pdf", content)])
    assert caught.value.code == "UPLOAD_REJECTED"


def test_one_bad_file_refuses_the_whole_upload() -> None:
    with pytest.raises(errors.ValidationFailed):
        UploadSanitizer().sanitise(
            [IncomingFile("a.pdf", samples.pdf()), IncomingFile("b.pdf", samples.executable())]
        )


def test_scanner_hook_runs_and_can_refuse() -> None:
    class Infected:
        def scan(self, content: bytes) -> str:
            raise rules.upload_rejected("文件含有病毒")

    with pytest.raises(errors.ValidationFailed):
        UploadSanitizer(scanner=Infected()).sanitise([IncomingFile("a.pdf", samples.pdf())])


def test_a_jpeg_zip_polyglot_loses_its_archive_in_the_re_encoding() -> None:
    polyglot = samples.jpeg_zip_polyglot()
    assert b"PK\x03\x04" in polyglot and b"index.html" in polyglot
    clean = UploadSanitizer().sanitise([IncomingFile("photo.jpg", polyglot)])[0]
    assert clean.content_type == "image/jpeg" and clean.content.startswith(b"\xff\xd8")
    assert b"PK\x03\x04" not in clean.content and b"<script>" not in clean.content


def test_only_scanned_files_open_once_a_scanner_is_configured() -> None:
    class Clean:
        def scan(self, content: bytes) -> str:
            return "CLEAN"

    scanning, development = UploadSanitizer(scanner=Clean()), UploadSanitizer()
    assert scanning.openable("CLEAN") and not scanning.openable("NOT_SCANNED")
    assert development.openable("NOT_SCANNED") and development.openable("CLEAN")
    for sanitizer in (scanning, development):
        assert not sanitizer.openable("INFECTED") and not sanitizer.openable("")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("unix:/run/clamav/clamd.sock", ClamdAddress(path="/run/clamav/clamd.sock")),
        ("tcp:clamd.maintfund.svc:3310", ClamdAddress(host="clamd.maintfund.svc", port=3310)),
        ("tcp://127.0.0.1:3310", ClamdAddress(host="127.0.0.1", port=3310)),
        ("tcp:[::1]:3310", ClamdAddress(host="::1", port=3310)),
    ],
)
def test_clamd_addresses(raw: str, expected: ClamdAddress) -> None:
    assert ClamdAddress.parse(raw) == expected


@pytest.mark.parametrize(
    "raw", ["clamd:3310", "unix:relative.sock", "tcp:host", "tcp:host:99999", "tcp::3310"]
)
def test_malformed_clamd_addresses_are_refused(raw: str) -> None:
    with pytest.raises(ValueError, match="unix:/path or tcp:host:port"):
        ClamdAddress.parse(raw)


PRODUCTION = {
    "MAINTFUND_ENV": "production",
    "DATABASE_URL": "postgresql+psycopg://registry@db/registry",
    "GRPC_CLIENT_TOKEN": "t",
    "GRPC_CALLER_TOKENS": "gateway=t",
    "HOUSE_GRANT_KEY": "k",
}


def test_production_refuses_to_run_without_a_virus_scanner(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("CLAMD_ADDRESS", raising=False)
    with pytest.raises(ConfigError, match="CLAMD_ADDRESS"):
        Config.from_env()
    monkeypatch.setenv("CLAMD_ADDRESS", "clamd:3310")
    with pytest.raises(ConfigError, match="CLAMD_ADDRESS"):
        Config.from_env()
    monkeypatch.setenv("CLAMD_ADDRESS", "tcp:clamd:3310")
    assert Config.from_env().clamd_address == ClamdAddress(host="clamd", port=3310)


def test_development_may_run_without_a_virus_scanner(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAINTFUND_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.delenv("CLAMD_ADDRESS", raising=False)
    assert Config.from_env().clamd_address is None
