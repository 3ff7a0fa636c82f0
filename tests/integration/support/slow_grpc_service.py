"""A gRPC process built with the shared bootstrap whose one method takes a while (for shutdown tests)."""

from __future__ import annotations

import sys
import time

import grpc

from maintfund_common.grpc_server import GrpcServerConfig, GrpcService, run_until_signalled
from maintfund_common.logging_setup import configure_logging


def _wait(request: bytes, context: grpc.ServicerContext) -> bytes:
    time.sleep(float(request.decode() or "1"))
    return b"done"


def main() -> None:
    configure_logging("slow-test")
    config = GrpcServerConfig.from_env("slow", int(sys.argv[1]), 0, dev_callers=("gateway",))
    handler = grpc.method_handlers_generic_handler(
        "test.Slow", {"Wait": grpc.unary_unary_rpc_method_handler(_wait)}
    )

    def register(server: grpc.Server) -> list[str]:
        server.add_generic_rpc_handlers((handler,))
        return ["test.Slow"]

    run_until_signalled(GrpcService(config, register, readiness=lambda: True))


if __name__ == "__main__":
    main()
