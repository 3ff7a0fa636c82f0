"""Structural rules of gRPC use (DESIGN §7, §8): every call has a deadline, one channel per target."""

from __future__ import annotations

import ast
from pathlib import Path

from maintfund_common.grpc_client import ChannelPool, ServiceClient, Target

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = [ROOT / "services", ROOT / "gateway"]


def _python_files() -> list[Path]:
    return [p for d in CODE_DIRS for p in d.rglob("*.py") if "migrations" not in p.parts]


def test_stubs_are_only_called_through_service_client() -> None:
    """A stub method called directly could omit the deadline; ServiceClient always sets one."""
    offenders = []
    for path in _python_files():
        if path.name == "grpc_client.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr.endswith("Stub"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id.endswith("Stub")
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, f"stubs created outside ServiceClient: {offenders}"


def test_insecure_channels_are_only_made_by_the_pool() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in _python_files()
        if "insecure_channel(" in p.read_text(encoding="utf-8") and p.name != "grpc_client.py"
    ]
    assert not offenders


class _RecordingStub:
    def __init__(self, channel) -> None:
        self.channel = channel
        self.timeouts: list[float | None] = []

    def Ping(self, request, timeout=None, metadata=None):
        self.timeouts.append(timeout)
        return request


def test_service_client_sets_a_deadline_and_shares_one_channel_per_target() -> None:
    pool = ChannelPool()
    stubs: list[_RecordingStub] = []

    def factory(channel):
        stubs.append(_RecordingStub(channel))
        return stubs[-1]

    a = ServiceClient(Target("x", "127.0.0.1:1", default_timeout=1.5), factory, "t", pool)
    b = ServiceClient(Target("x", "127.0.0.1:1", default_timeout=1.5), factory, "t", pool)
    a.Ping("req")
    b.Ping("req", timeout=0.2)
    assert stubs[0].timeouts == [1.5] and stubs[1].timeouts == [0.2]
    assert stubs[0].channel is stubs[1].channel
    assert pool.channel_count() == 1
    pool.close()
