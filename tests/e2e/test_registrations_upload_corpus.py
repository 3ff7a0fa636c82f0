"""Bad proof files through the gateway (DESIGN §8 Uploads): each is refused with problem+json
``UPLOAD_REJECTED``, nothing is stored, and so nothing can be downloaded; what is accepted is neutralised
(re-encoded images) and, with clamd running, scanned CLEAN before a reviewer opens it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import upload_samples as samples
from tests.e2e.helpers import ApiClient
from tests.e2e.registry_helpers import new_account
from tests.e2e.test_registrations_f4 import registry_counts

pytestmark = pytest.mark.e2e

FORM = {"method": "proof", "district": "110105", "phone": "13800000002", "address": "朝阳区某路9号"}

# (id, file name, content, words the detail must contain)
CORPUS = [
    ("pe-named-pdf", "房产证.pdf", samples.executable(), "不是 PDF、JPG 或 PNG"),
    ("elf-named-jpg", "photo.jpg", samples.elf(), "不是 PDF、JPG 或 PNG"),
    ("svg", "scan.svg", samples.svg(), "不是 PDF、JPG 或 PNG"),
    ("html-named-png", "scan.png", samples.html(), "不是 PDF、JPG 或 PNG"),
    ("pdf-html-polyglot", "合同.pdf", samples.pdf_with_html_appended(), "多余内容"),
    ("oversized", "big.pdf", samples.oversized(), "10 MB"),
    ("pixel-bomb", "bomb.png", samples.pixel_bomb(), "像素过大"),
    ("pdf-javascript", "js.pdf", samples.pdf(javascript=True), "脚本"),
    ("pdf-js-hex-escaped", "js2.pdf", samples.pdf_obfuscated_javascript(), "脚本"),
    ("pdf-js-object-stream", "js3.pdf", samples.pdf_javascript_in_object_stream(), "脚本"),
    ("pdf-launch", "launch.pdf", samples.pdf(launch=True), "脚本"),
    ("pdf-embedded-file", "att.pdf", samples.pdf(attachment=True), "嵌入文件"),
    ("pdf-encrypted", "enc.pdf", samples.pdf(encrypted=True), "加密"),
    ("test-virus", "扫描件.pdf", samples.pdf(marker=samples.TEST_VIRUS_MARKER), "病毒"),
]


@pytest.fixture(scope="module")
def applicant(suite: str) -> ApiClient:
    return new_account(suite)[0]


@pytest.mark.parametrize(
    ("filename", "content", "words"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS]
)
def test_a_bad_file_is_refused_and_nothing_is_stored(
    applicant: ApiClient, suite_clamd: str, filename: str, content: bytes, words: str
) -> None:
    if words == "病毒" and not suite_clamd:
        pytest.skip("clamd is not installed (clamav-daemon): the suite runs without a virus scanner")
    before = registry_counts()
    # with a good file beside it: one bad file refuses the whole upload
    files = [("files", ("ok.pdf", samples.pdf())), ("files", (filename, content))]
    response = applicant.send("POST", "/api/v1/registrations", data=FORM, files=files)
    assert response.status_code == 400, response.text[:300]
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "UPLOAD_REJECTED" and words in response.json()["detail"]
    assert registry_counts() == before  # no registration, no file row: nothing to download
    assert applicant.get("/api/v1/registrations").json()["items"] == []


def test_accepted_files_are_neutralised_scanned_and_downloaded_as_attachments(
    suite: str, suite_clamd: str
) -> None:
    api = new_account(suite)[0]
    files = [("files", ("合同.pdf", samples.pdf())), ("files", ("photo.jpg", samples.jpeg_zip_polyglot()))]
    created = api.send("POST", "/api/v1/registrations", data=FORM, files=files)
    assert created.status_code == 201, created.text
    reviewer = ApiClient(suite)
    reviewer.login("reviewer_chaoyang")
    detail = reviewer.get(f"/api/v1/admin/registrations/{created.json()['registration_id']}").json()
    assert [f["scan_status"] for f in detail["files"]] == ["CLEAN" if suite_clamd else "NOT_SCANNED"] * 2
    photo = detail["files"][1]
    download = reviewer.get(
        f"/api/v1/admin/registrations/{detail['registration_id']}/files/{photo['file_id']}"
    )
    assert download.status_code == 200 and download.content.startswith(b"\xff\xd8")
    assert b"PK\x03\x04" not in download.content and b"<script>" not in download.content  # the ZIP is gone
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Security-Policy"].startswith("sandbox")


def test_with_the_scanner_down_uploads_fail_closed(suite: str, suite_clamd: str) -> None:
    """clamd unreachable: 503 VIRUS_SCAN_UNAVAILABLE through the API, nothing stored, and fine again after."""
    if not suite_clamd:
        pytest.skip("clamd is not installed (clamav-daemon): the suite runs without a virus scanner")
    api = new_account(suite)[0]
    socket_path = Path(suite_clamd.removeprefix("unix:"))
    before = registry_counts()
    files = [("files", ("合同.pdf", samples.pdf()))]
    socket_path.rename(socket_path.with_suffix(".off"))  # the registry connects anew for every scan
    try:
        down = api.send("POST", "/api/v1/registrations", data=FORM, files=files)
    finally:
        socket_path.with_suffix(".off").rename(socket_path)
    assert down.status_code == 503, down.text[:300]
    assert down.headers["Content-Type"].startswith("application/problem+json")
    assert down.json()["code"] == "VIRUS_SCAN_UNAVAILABLE"
    assert registry_counts() == before and api.get("/api/v1/registrations").json()["items"] == []
    again = api.send("POST", "/api/v1/registrations", data=FORM, files=files)
    assert again.status_code == 201, again.text[:300]
