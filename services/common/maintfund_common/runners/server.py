"""The gRPC server of a service, started from its ``ServiceApp`` (see the package docstring)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from maintfund_common.app import ServiceApp
from maintfund_common.grpc_server import GrpcService, run_until_signalled, service_for


def grpc_service(
    app: ServiceApp,
    add_servicer: Callable[[Any, Any], None],
    servicer: Any,
    service_descriptor: Any,
    **options: Any,
) -> GrpcService:
    """The service's gRPC server: one servicer (``add_XServicer_to_server`` and its proto descriptor),
    ready by ``app.readiness``; ``options`` as GrpcService takes them (``max_message_bytes``)."""
    return service_for(app.config.grpc, add_servicer, servicer, service_descriptor, app.readiness, **options)


def serve_grpc(app: ServiceApp, build_server: Callable[[Any], GrpcService]) -> None:
    """Start ``build_server(app)``, serve until SIGTERM/SIGINT, drain, then release the database pool."""
    run_until_signalled(build_server(app), on_stop=app.close)
