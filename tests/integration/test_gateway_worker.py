"""The gateway's gunicorn worker (gateway/sync_worker.py): free for the next request as soon as a request
read whole is answered, gunicorn's graceful close when request bytes are left unread, and one idle worker
woken per connection."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import pytest

from gateway.sync_worker import bytes_queued
from tests.integration.support.tiny_wsgi import BODY

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
GET = b"GET / HTTP/1.1\r\nHost: t\r\n\r\n"


@contextmanager
def _gunicorn(log_path: Path, workers: int) -> Iterator[tuple[tuple[str, int], int]]:
    """gunicorn with workers of the gateway's class serving the tiny app on a socket made here: its address
    and the arbiter's pid, once it answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "gateway"), os.environ.get("PYTHONPATH", "")]),
    }
    with log_path.open("wb") as log_file:  # the child keeps its own descriptor
        proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "--workers", str(workers)),
                *("--worker-class", "gateway.sync_worker.SyncWorker"),
                *("--bind", f"fd://{listener.fileno()}", "tests.integration.support.tiny_wsgi:app"),
            ],
            env=env,
            cwd=ROOT,
            pass_fds=(listener.fileno(),),
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
    address = listener.getsockname()
    try:
        try:
            _answer(address, GET, timeout=60)
        except OSError as exc:
            log = log_path.read_text(errors="replace")
            raise AssertionError(f"gunicorn did not answer ({exc}; exit {proc.poll()}):\n{log}") from exc
        yield address, proc.pid
    finally:
        proc.terminate()
        proc.wait(20)
        listener.close()


@pytest.fixture
def one_worker(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """gunicorn with one worker of the gateway's class."""
    with _gunicorn(tmp_path / "gunicorn.log", 1) as (address, _pid):
        yield address


def _read_to_close(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _answer(address: tuple[str, int], request: bytes, timeout: float = 10) -> tuple[bytes, float]:
    started = time.monotonic()
    with socket.create_connection(address, timeout=timeout) as sock:
        sock.sendall(request)
        return _read_to_close(sock), time.monotonic() - started


def test_a_client_that_keeps_its_connection_open_does_not_hold_the_worker(
    one_worker: tuple[str, int],
) -> None:
    # The first client reads the whole answer (the server closed its side) and then keeps its socket open:
    # gunicorn's graceful close would wait 2 s for this client before the one worker took the next request.
    with socket.create_connection(one_worker, timeout=10) as lingering:
        lingering.sendall(GET)
        first = _read_to_close(lingering)
        second, took = _answer(one_worker, GET)
        assert first.endswith(BODY) and second.endswith(BODY)
        assert took < 1.5, f"the next request waited {took:.2f} s for the worker"


def test_unread_request_bytes_still_get_the_graceful_close(one_worker: tuple[str, int]) -> None:
    # The app answers without reading the body: closing with it queued would reset the connection, and
    # the client, reading only after the reset arrived, would end in ConnectionResetError.
    body = b"y" * 30_000
    request = b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    with socket.create_connection(one_worker, timeout=10) as sock:
        sock.sendall(request)
        time.sleep(0.3)  # the answer and whatever follows it are here before the client reads
        answer = _read_to_close(sock)
    assert answer.startswith(b"HTTP/1.1 200 OK") and answer.endswith(BODY)


def test_bytes_queued_counts_what_the_kernel_holds_unread() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        client = socket.create_connection(server.getsockname())
        accepted, _ = server.accept()
        with client, accepted:
            assert bytes_queued(accepted) == 0
            client.sendall(b"abc")
            deadline = time.monotonic() + 5
            while not bytes_queued(accepted) and time.monotonic() < deadline:
                time.sleep(0.01)
            assert bytes_queued(accepted) == 3
            accepted.recv(3)
            assert bytes_queued(accepted) == 0


def test_pipelined_bytes_left_in_the_kernel_get_the_graceful_close(one_worker: tuple[str, int]) -> None:
    # The next request arrives while the app is still answering: gunicorn has not read it, it is queued in
    # the kernel, and closing with it queued would reset the connection.
    with socket.create_connection(one_worker, timeout=10) as sock:
        sock.sendall(b"GET /slow HTTP/1.1\r\nHost: t\r\n\r\n")
        time.sleep(0.2)
        sock.sendall(GET)
        time.sleep(0.6)  # the answer and whatever follows it are here before the client reads
        answer = _read_to_close(sock)
    assert answer.startswith(b"HTTP/1.1 200 OK") and answer.endswith(BODY)


def _next_request_waits(one_worker: tuple[str, int], first_request: bytes) -> None:
    """The worker took gunicorn's graceful close after ``first_request``: while that client keeps its
    connection open, the one worker waits (2 s) before it takes the next request."""
    with socket.create_connection(one_worker, timeout=10) as lingering:
        lingering.sendall(first_request)
        first = _read_to_close(lingering)
        second, took = _answer(one_worker, GET)
        assert first.endswith(BODY) and second.endswith(BODY)
        assert took > 1.0, f"the worker closed at once ({took:.2f} s) with request bytes unread"


def test_a_body_still_to_come_gets_the_graceful_close(one_worker: tuple[str, int]) -> None:
    # The app answers before the body has arrived (none of it queued yet): the body arriving later would
    # meet a closed socket and a reset.
    _next_request_waits(one_worker, b"POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n")


def test_pipelined_bytes_read_ahead_get_the_graceful_close(one_worker: tuple[str, int]) -> None:
    # The start of a second request arrives with the first and sits in gunicorn's read-ahead buffer,
    # not in the kernel: its rest, sent later, would meet a closed socket and a reset.
    _next_request_waits(one_worker, GET + b"GET / HTTP/1.1\r\n")


def _voluntary_switches(workers: list[psutil.Process]) -> int:
    return sum(worker.num_ctx_switches().voluntary for worker in workers)


def _idle(workers: list[psutil.Process]) -> None:
    """Until every worker sleeps where it waits for connections (booted, nothing left to do)."""
    deadline, last = time.monotonic() + 30, -1
    while (now := _voluntary_switches(workers)) != last and time.monotonic() < deadline:
        last = now
        time.sleep(0.5)


def test_a_connection_wakes_one_idle_worker(tmp_path: Path) -> None:
    # gunicorn's sync worker waits in select(): every idle worker woke for each connection and all but one
    # found nothing to accept (5.6 wake-ups per request with four idle workers, against 1.0-1.1 here).
    with _gunicorn(tmp_path / "gunicorn.log", 4) as (address, arbiter):
        deadline = time.monotonic() + 30
        while len(workers := psutil.Process(arbiter).children()) < 4 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(workers) == 4
        _idle(workers)
        before = _voluntary_switches(workers)
        for _ in range(200):
            _answer(address, GET)
            time.sleep(0.002)  # every worker is idle again when the next connection comes
        per_request = (_voluntary_switches(workers) - before) / 200
    assert per_request < 3, f"{per_request:.1f} worker wake-ups per request"
