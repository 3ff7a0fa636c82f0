"""The request id and the end user's IP reach the services: ServiceClient sends them as gRPC metadata and
the shared server interceptor binds them for the handler (and so for the audit trail). A real server and
channel on a loopback port, in process."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import grpc
import pytest

from maintfund_common.grpc_client import ChannelPool, ServiceClient, Target
from maintfund_common.grpc_server import GrpcServerConfig, GrpcService, current_caller
from maintfund_common.logging_setup import (
    get_client_ip,
    get_request_id,
    reset_client_ip,
    reset_request_id,
    set_client_ip,
    set_request_id,
)

pytestmark = pytest.mark.integration


def _context(request: bytes, context: grpc.ServicerContext) -> bytes:
    return f"{get_request_id()}|{get_client_ip()}|{current_caller()}".encode()


@pytest.fixture(scope="module")
def address() -> Iterator[str]:
    config = GrpcServerConfig("ctx", 0, 0, 2, 1.0, 0.0, {"gw-token": "gateway"})
    handler = grpc.method_handlers_generic_handler(
        "test.Context", {"Echo": grpc.unary_unary_rpc_method_handler(_context)}
    )

    def register(server: grpc.Server) -> list[str]:
        server.add_generic_rpc_handlers((handler,))
        return ["test.Context"]

    service = GrpcService(config, register, readiness=lambda: True)
    service.server.start()
    yield f"127.0.0.1:{service.port}"
    service.server.stop(0).wait()


@pytest.fixture()
def client(address: str) -> Iterator[ServiceClient]:
    pool = ChannelPool()
    yield ServiceClient(
        Target("ctx", address, 5.0),
        lambda channel: SimpleNamespace(Echo=channel.unary_unary("/test.Context/Echo")),
        "gw-token",
        pool,
    )
    pool.close()


@pytest.mark.parametrize(
    ("client_ip", "seen"),
    [("203.0.113.7", "203.0.113.7"), ("2001:db8::1", "2001:db8::1"), ("", ""), ("1.2.3.4, evil", "")],
)
def test_the_handler_sees_the_callers_request_id_and_client_ip(
    client: ServiceClient, client_ip: str, seen: str
) -> None:
    rid_token, ip_token = set_request_id("req0123456789abcdef"), set_client_ip(client_ip)
    try:
        answer = client.call("Echo", b"").decode()
    finally:
        reset_client_ip(ip_token)
        reset_request_id(rid_token)
    assert answer == f"req0123456789abcdef|{seen}|gateway"


def test_metadata_with_a_forged_address_is_not_trusted_as_one(address: str) -> None:
    with grpc.insecure_channel(address) as channel:
        echo = channel.unary_unary("/test.Context/Echo")
        answer = echo(
            b"",
            timeout=5,
            metadata=(
                ("authorization", "Bearer gw-token"),
                ("x-client-ip", "<script>"),
                ("x-request-id", "r1"),
            ),
        )
    assert answer.decode() == "r1||gateway"


def test_the_server_measures_how_long_a_call_queued_for_a_thread() -> None:
    """The bench's queue time at the gRPC hop: with one handler thread, the second of two concurrent calls
    waits for the first (0.3 s) before its handler starts, and the histogram shows that wait."""
    import threading
    import time

    from prometheus_client import REGISTRY

    def slow(request: bytes, context: grpc.ServicerContext) -> bytes:
        time.sleep(0.3)
        return b""

    config = GrpcServerConfig("queue", 0, 0, 1, 1.0, 0.0, {"gw-token": "gateway"})
    handler = grpc.method_handlers_generic_handler(
        "test.Queue", {"Slow": grpc.unary_unary_rpc_method_handler(slow)}
    )

    def register(server: grpc.Server) -> list[str]:
        server.add_generic_rpc_handlers((handler,))
        return ["test.Queue"]

    service = GrpcService(config, register, readiness=lambda: True)
    service.server.start()
    pool = ChannelPool()
    client = ServiceClient(
        Target("queue", f"127.0.0.1:{service.port}", 5.0),
        lambda channel: SimpleNamespace(Slow=channel.unary_unary("/test.Queue/Slow")),
        "gw-token",
        pool,
    )

    def observed() -> tuple[float, float]:
        name = "maintfund_grpc_server_queue_seconds"
        return REGISTRY.get_sample_value(f"{name}_sum") or 0.0, REGISTRY.get_sample_value(
            f"{name}_count"
        ) or 0.0

    try:
        client.call("Slow", b"")  # the channel is connected before the measured pair
        total_before, count_before = observed()
        calls = [threading.Thread(target=client.call, args=("Slow", b"")) for _ in range(2)]
        for call in calls:
            call.start()
        for call in calls:
            call.join()
        total, count = observed()
    finally:
        pool.close()
        service.server.stop(0).wait()
    assert count - count_before == 2
    assert 0.25 <= total - total_before < 1.0
