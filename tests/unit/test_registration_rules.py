"""Personal registration (个人造册) rules and proof-upload sanitising, without I/O."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from maintfund_common import errors
from registry.adapters.uploads import IncomingFile, UploadSanitizer
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
    ],
    ids=["exe", "pdf-js", "pdf-encrypted", "pdf-embedded", "pixel-bomb", "broken-pdf", "gif"],
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
