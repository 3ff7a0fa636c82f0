"""SIGTERM to a service in the middle of a request lets the request finish (DESIGN §8 gRPC)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_serving(address: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    with grpc.insecure_channel(address) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        while time.monotonic() < deadline:
            try:
                if stub.Check(health_pb2.HealthCheckRequest(), timeout=1).status == 1:
                    return
            except grpc.RpcError:
                pass
            time.sleep(0.1)
    raise AssertionError(f"{address} never became SERVING")


def test_sigterm_drains_the_in_flight_request() -> None:
    port = _free_port()
    env = {
        **os.environ,
        "GRPC_BIND": "127.0.0.1",
        "GRPC_GRACE_SECONDS": "10",
        "GRPC_DRAIN_DELAY_SECONDS": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests/integration/support/slow_grpc_service.py"), str(port)],
        env=env,
        cwd=ROOT,
    )
    address = f"127.0.0.1:{port}"
    try:
        _wait_serving(address)
        outcome: dict[str, object] = {}
        channel = grpc.insecure_channel(address)
        wait = channel.unary_unary("/test.Slow/Wait")

        def call() -> None:
            try:
                token = (("authorization", "Bearer dev-gateway-token"),)
                outcome["reply"] = wait(b"2", timeout=15, metadata=token)
            except grpc.RpcError as exc:
                outcome["error"] = exc.code()

        caller = threading.Thread(target=call)
        caller.start()
        time.sleep(0.5)  # the request is being handled now
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        with grpc.insecure_channel(address) as probe:
            # readiness flips at once so that load balancers stop sending new work
            health = health_pb2_grpc.HealthStub(probe)
            status = health.Check(health_pb2.HealthCheckRequest(), timeout=2).status
        caller.join(15)
        channel.close()
        assert outcome.get("reply") == b"done", outcome
        assert status == health_pb2.HealthCheckResponse.NOT_SERVING
        assert proc.wait(15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_background_process_serves_metrics_and_finishes_its_item_on_sigterm() -> None:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "tests/integration/support/idle_worker.py"), str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "working"
        # the runner serves /metrics on config.<process>_metrics_port before the work starts
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
            assert answer.status == 200
            assert b"python_info" in answer.read()
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=15)
        assert out.strip() == "item finished"
        assert proc.returncode == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
