"""ClamAV virus scanning of proof uploads over clamd's socket protocol (INSTREAM).

The protocol (``man clamd``): a command starts with ``z`` and ends with NUL; after ``zINSTREAM`` the
client sends chunks, each a 4-byte big-endian length and that many bytes, then a zero-length chunk;
clamd answers one NUL-ended line: ``stream: OK``, ``stream: <signature> FOUND`` or ``<message> ERROR``.

Written here rather than pinning the ``clamd`` package: its last release (1.0.2, 2014) imports
``pkg_resources``, which current setuptools no longer ships, and its maintained forks set the socket
timeout only after connecting (a blackholed clamd would hang the request). This is the whole protocol.

Fail closed: an unreachable or erroring clamd refuses the upload (nothing is stored), it never lets a
file through unscanned.
"""

from __future__ import annotations

import logging
import socket
import struct
from dataclasses import dataclass

from maintfund_common import errors
from maintfund_common.text import ascii_digits
from registry.domain.registrations import upload_rejected

log = logging.getLogger(__name__)

CLEAN = "CLEAN"
_CHUNK = 64 * 1024  # well under clamd's StreamMaxLength; fewer syscalls than the usual 1 KiB
_MAX_REPLY = 4096


def scanner_unavailable() -> errors.Unavailable:
    return errors.Unavailable("病毒扫描服务暂时不可用，文件未保存，请稍后再试", code="VIRUS_SCAN_UNAVAILABLE")


def infected() -> errors.ValidationFailed:
    return upload_rejected("文件未通过病毒扫描，不予接收")


@dataclass(frozen=True)
class ClamdAddress:
    """Where clamd listens: ``unix:/run/clamav/clamd.sock`` or ``tcp:clamd:3310``."""

    path: str = ""
    host: str = ""
    port: int = 0

    @classmethod
    def parse(cls, raw: str) -> ClamdAddress:
        scheme, _, rest = raw.strip().partition(":")
        rest = rest.removeprefix("//")
        if scheme == "unix" and rest.startswith("/"):
            return cls(path=rest)
        if scheme == "tcp":
            host, _, port = rest.rpartition(":")
            host = host.strip("[]")
            if host and ascii_digits(port) and 0 < int(port) < 65536:
                return cls(host=host, port=int(port))
        raise ValueError(f"clamd address must be unix:/path or tcp:host:port, got {raw!r}")

    def __str__(self) -> str:
        return f"unix:{self.path}" if self.path else f"tcp:{self.host}:{self.port}"


class ClamdScanner:
    """A ``VirusScanner`` backed by clamd: CLEAN, or the upload is refused."""

    def __init__(self, address: ClamdAddress, timeout: float = 10.0) -> None:
        self.address = address
        self.timeout = timeout

    def _connect(self) -> socket.socket:
        # The timeout is set before connecting, so a silent host fails in `timeout`, not never.
        if self.address.path:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(self.timeout)
            try:
                sock.connect(self.address.path)
            except OSError:
                sock.close()
                raise
            return sock
        return socket.create_connection((self.address.host, self.address.port), timeout=self.timeout)

    @staticmethod
    def _read_reply(sock: socket.socket) -> str:
        reply = b""
        while not reply.endswith(b"\0") and len(reply) < _MAX_REPLY:
            data = sock.recv(_MAX_REPLY)
            if not data:
                break
            reply += data
        return reply.rstrip(b"\0").decode("utf-8", "replace").strip()

    def ping(self) -> bool:
        try:
            with self._connect() as sock:
                sock.sendall(b"zPING\0")
                return self._read_reply(sock) == "PONG"
        except OSError:
            return False

    def _instream(self, content: bytes) -> str:
        with self._connect() as sock:
            sock.sendall(b"zINSTREAM\0")
            try:
                view = memoryview(content)
                for start in range(0, len(view), _CHUNK):
                    chunk = view[start : start + _CHUNK]
                    sock.sendall(struct.pack("!L", len(chunk)) + chunk)
                sock.sendall(struct.pack("!L", 0))
            except (BrokenPipeError, ConnectionResetError):
                pass  # clamd stopped reading (e.g. size limit): its reply says why
            return self._read_reply(sock)

    def scan(self, content: bytes) -> str:
        try:
            reply = self._instream(content)
        except OSError as exc:
            log.error("virus scanner unreachable", extra={"clamd": str(self.address), "error": repr(exc)})
            raise scanner_unavailable() from None
        if reply == "stream: OK":
            return CLEAN
        if reply.startswith("stream: ") and reply.endswith(" FOUND"):
            signature = reply.removeprefix("stream: ").removesuffix(" FOUND")
            log.warning("infected upload refused", extra={"signature": signature[:120]})
            raise infected()
        log.error("virus scan failed", extra={"clamd": str(self.address), "reply": reply[:200]})
        raise scanner_unavailable()
