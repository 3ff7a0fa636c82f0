"""Proof uploads scanned by a real clamd (DESIGN §8 Uploads): infected files are refused and nothing is
stored; clean ones are stored CLEAN; a scanner that is down or silent fails closed.

clamd runs privately under a temporary directory with one locally made signature (tests/clamd_support).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from maintfund_common import errors
from maintfund_common.db import Database
from maintfund_dev.registry_seed import demo_records
from registry.adapters.clamav import _CHUNK, ClamdAddress, ClamdScanner
from registry.adapters.orm import registration_files, registrations
from registry.adapters.uploads import IncomingFile, UploadSanitizer
from registry.bootstrap import database as registry_database
from registry.service_layer import registrations as reg
from registry.service_layer.importing import import_records, wipe
from tests import upload_samples as samples
from tests.clamd_support import CLAMD, NOT_INSTALLED, SIGNATURE_NAME, running_clamd
from tests.integration.test_registrations import CHAOYANG, KEYRING, LINA_ACCOUNT, PEOPLE, _count

pytestmark = [pytest.mark.integration, pytest.mark.skipif(CLAMD is None, reason=NOT_INSTALLED)]


@pytest.fixture()
def db(migrated_databases: dict[str, str]) -> Iterator[Database]:
    database = registry_database(migrated_databases["registry"])
    wipe(database)
    with database.unit_of_work() as uow:
        import_records(uow, KEYRING, demo_records())
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ClamdAddress]:
    with running_clamd(tmp_path_factory.mktemp("clamd")) as address:
        yield ClamdAddress.parse(address)


def _deps(scanner: object) -> reg.RegistrationDeps:
    return reg.RegistrationDeps(
        KEYRING, lambda account_id: PEOPLE[account_id], UploadSanitizer(scanner=scanner)
    )


def _proof(*files: IncomingFile) -> reg.SubmitCommand:
    return reg.SubmitCommand(
        LINA_ACCOUNT,
        reg.Method.PROOF,
        district_code="110105",
        phone="13800000002",
        address="朝阳区某路1号",
        files=files,
    )


def test_the_scanner_finds_the_test_signature_and_passes_clean_content(clamd: ClamdAddress) -> None:
    scanner = ClamdScanner(clamd, timeout=5)
    assert scanner.ping()
    assert scanner.scan(samples.pdf()) == "CLEAN"
    assert scanner.scan(b"") == "CLEAN"
    big = samples.pdf() + b"\0" * (9 * 1024 * 1024)  # many INSTREAM chunks
    assert scanner.scan(big) == "CLEAN"
    with pytest.raises(errors.ValidationFailed) as caught:
        # the marker straddles two INSTREAM chunks: clamd scans the reassembled stream
        scanner.scan(b"x" * (_CHUNK - 10) + samples.TEST_VIRUS_MARKER + b"y" * 100)
    assert caught.value.code == "UPLOAD_REJECTED" and "病毒" in caught.value.message
    log, deadline = Path(clamd.path).parent / "clamd.log", time.monotonic() + 5
    while f"{SIGNATURE_NAME}.UNOFFICIAL FOUND" not in log.read_text():  # clamd logs after it answers
        assert time.monotonic() < deadline, "clamd logged no detection of the test signature"
        time.sleep(0.05)


def test_an_infected_proof_is_refused_and_nothing_is_stored(db: Database, clamd: ClamdAddress) -> None:
    deps = _deps(ClamdScanner(clamd, timeout=5))
    infected = samples.pdf(marker=samples.TEST_VIRUS_MARKER)
    with pytest.raises(errors.ValidationFailed) as caught:
        reg.submit_registration(
            db, deps, _proof(IncomingFile("合同.pdf", samples.pdf()), IncomingFile("扫描件.pdf", infected))
        )
    assert caught.value.code == "UPLOAD_REJECTED"
    assert _count(db, registrations) == 0 and _count(db, registration_files) == 0


def test_a_clean_proof_is_stored_clean_and_the_reviewer_opens_it(db: Database, clamd: ClamdAddress) -> None:
    deps = _deps(ClamdScanner(clamd, timeout=5))
    result = reg.submit_registration(
        db,
        deps,
        _proof(IncomingFile("合同.pdf", samples.pdf()), IncomingFile("p.png", samples.png_with_exif())),
    )
    assert [f.scan_status for f in result.files] == ["CLEAN", "CLEAN"]
    info, content = reg.get_registration_file(
        db,
        KEYRING,
        result.registration_id,
        result.files[0].file_id,
        CHAOYANG,
        openable=deps.sanitizer.openable,
    )
    assert info.scan_status == "CLEAN" and content.startswith(b"%PDF")


def test_a_file_stored_unscanned_is_not_opened_once_scanning_is_on(db: Database, clamd: ClamdAddress) -> None:
    unscanned = reg.submit_registration(db, _deps(None), _proof(IncomingFile("a.pdf", samples.pdf())))
    assert unscanned.files[0].scan_status == "NOT_SCANNED"
    scanning = _deps(ClamdScanner(clamd, timeout=5)).sanitizer
    with pytest.raises(errors.Conflict) as caught:
        reg.get_registration_file(
            db,
            KEYRING,
            unscanned.registration_id,
            unscanned.files[0].file_id,
            CHAOYANG,
            openable=scanning.openable,
        )
    assert caught.value.code == "FILE_QUARANTINED"


@pytest.fixture()
def silent_clamd(tmp_path: Path) -> Iterator[ClamdAddress]:
    """Accepts connections and never answers (a hung clamd)."""
    path = tmp_path / "silent.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield ClamdAddress.parse(f"unix:{path}")
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def _free_tcp_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("where", ["missing-socket", "closed-tcp-port", "silent"])
def test_an_unreachable_scanner_fails_closed(db: Database, tmp_path: Path, where: str, request) -> None:
    address = {
        "missing-socket": lambda: ClamdAddress.parse(f"unix:{tmp_path / 'none.sock'}"),
        "closed-tcp-port": lambda: ClamdAddress.parse(f"tcp:127.0.0.1:{_free_tcp_port()}"),
        "silent": lambda: request.getfixturevalue("silent_clamd"),
    }[where]()
    deps = _deps(ClamdScanner(address, timeout=0.5))
    started = time.monotonic()
    with pytest.raises(errors.Unavailable) as caught:
        reg.submit_registration(db, deps, _proof(IncomingFile("a.pdf", samples.pdf())))
    assert caught.value.code == "VIRUS_SCAN_UNAVAILABLE"
    assert time.monotonic() - started < 3  # bounded by the scanner's timeout, not hanging
    assert _count(db, registrations) == 0 and _count(db, registration_files) == 0
