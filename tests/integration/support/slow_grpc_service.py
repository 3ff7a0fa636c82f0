"""A gRPC process started by the generic runner (serve_grpc) whose one method takes a while (for
shutdown tests)."""

from __future__ import annotations

import sys
import time
from types import SimpleNamespace

import grpc

from maintfund_common.app import ServiceApp
from maintfund_common.grpc_server import GrpcServerConfig, GrpcService
from maintfund_common.logging_setup import configure_logging
from maintfund_common.runners.server import serve_grpc


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

    app = ServiceApp(name="slow", config=SimpleNamespace(grpc=config), readiness=lambda: True)
    serve_grpc(app, lambda app: GrpcService(app.config.grpc, register, app.readiness))


if __name__ == "__main__":
    main()
