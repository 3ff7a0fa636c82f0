"""A private clamd (Debian's clamav-daemon) for tests: its own config, socket and signature database.

Signature updates need the internet, so the database holds one locally made signature: an .ndb body
signature for ``upload_samples.TEST_VIRUS_MARKER``. Any file containing those bytes is "infected".
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.upload_samples import TEST_VIRUS_MARKER

SIGNATURE_NAME = "MaintFund.Test.Signature-1"
CLAMD = shutil.which("clamd") or ("/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None)
NOT_INSTALLED = "clamd is not installed (Debian package clamav-daemon; .ci/run installs it)"


def _pong(path: Path) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(1)
            sock.connect(str(path))
            sock.sendall(b"zPING\0")
            return sock.recv(16).startswith(b"PONG")
    except OSError:
        return False


@contextmanager
def running_clamd(workdir: Path) -> Iterator[str]:
    """Starts clamd in the foreground under ``workdir``; yields its address (``unix:/…/clamd.sock``)."""
    assert CLAMD, NOT_INSTALLED
    database = workdir / "db"
    database.mkdir(parents=True, exist_ok=True)
    (database / "maintfund-test.ndb").write_text(f"{SIGNATURE_NAME}:0:*:{TEST_VIRUS_MARKER.hex()}\n")
    sock = workdir / "clamd.sock"
    config = workdir / "clamd.conf"
    config.write_text(
        "\n".join(
            [
                f"LocalSocket {sock}",
                f"DatabaseDirectory {database}",
                f"TemporaryDirectory {workdir}",
                f"LogFile {workdir / 'clamd.log'}",
                "Foreground yes",
                "StreamMaxLength 12M",  # the registry's 10 MB file limit plus headroom
                "MaxThreads 4",
                "SelfCheck 0",
                "",
            ]
        )
    )
    log = (workdir / "clamd.out").open("wb")
    proc = subprocess.Popen([CLAMD, "-c", str(config)], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while not _pong(sock):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"clamd did not start; see {workdir / 'clamd.log'}")
            time.sleep(0.05)
        yield f"unix:{sock}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
