"""gRPC server bootstrap shared by every service.

Gives each service: the interceptor (request id, caller authentication, structured logging, metrics,
domain-error mapping), grpc.health.v1 with readiness checked in the background, server reflection,
a /metrics port, and graceful shutdown: on SIGTERM health turns NOT_SERVING at once, in-flight RPCs get
the grace period to finish, then the process exits.
"""

from __future__ import annotations

import contextvars
import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent import futures
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf.message import Message
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from maintfund_common import errors
from maintfund_common.config import env_dev_default, env_float, env_int, env_str
from maintfund_common.grpc_errors import to_status
from maintfund_common.logging_setup import (
    CLIENT_IP_HEADER,
    REQUEST_ID_HEADER,
    new_request_id,
    reset_client_ip,
    reset_request_id,
    set_client_ip,
    set_request_id,
)
from maintfund_common.metrics import (
    GRPC_SERVER_HANDLED,
    GRPC_SERVER_LATENCY,
    GRPC_SERVER_QUEUE,
    SENT_AT_HEADER,
    serve_metrics,
)

log = logging.getLogger(__name__)

_caller: contextvars.ContextVar[str] = contextvars.ContextVar("grpc_caller", default="")


def dev_caller_tokens(callers: Iterable[str]) -> str:
    """Outside production, the tokens a service accepts by default: ``dev-<caller>-token`` for each caller
    its configuration names (``_`` as ``-``). Production reads GRPC_CALLER_TOKENS only."""
    return ",".join(f"{name}=dev-{name.replace('_', '-')}-token" for name in callers)


LIVENESS_SERVICE = "liveness"
# metadata `authorization: Bearer <token>` missing or naming no caller (protos/README.md)
UNAUTHENTICATED_CALLER = errors.Unauthenticated(
    "caller token missing or unknown", code="CALLER_UNAUTHENTICATED"
)


def current_caller() -> str:
    """Name of the authenticated calling system (gateway, registry, backoffice, ...)."""
    return _caller.get()


def require_caller(*allowed: str) -> None:
    """For RPCs only some systems may call (e.g. real names for identity matching)."""
    if _caller.get() not in allowed:
        raise errors.PermissionDenied("caller not allowed", code="CALLER_NOT_ALLOWED")


def parse_tokens(raw: str) -> dict[str, str]:
    """``name=token,name=token`` -> {token: name}."""
    tokens: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in raw.split(","))):
        name, _, token = part.partition("=")
        if not name or not token:
            raise ValueError(f"malformed caller token entry {part!r}")
        tokens[token] = name
    return tokens


@dataclass(frozen=True)
class GrpcServerConfig:
    service: str
    port: int
    metrics_port: int
    max_workers: int
    grace_seconds: float
    drain_delay_seconds: float
    caller_tokens: Mapping[str, str]

    @classmethod
    def from_env(
        cls, service: str, default_port: int, default_metrics_port: int, dev_callers: Iterable[str] = ()
    ) -> GrpcServerConfig:
        return cls(
            service=service,
            port=env_int("GRPC_PORT", default_port),
            metrics_port=env_int("METRICS_PORT", default_metrics_port),
            max_workers=env_int("GRPC_MAX_WORKERS", 16),
            grace_seconds=env_float("GRPC_GRACE_SECONDS", 20.0),
            # NOT_SERVING is announced this long before the listener closes, so balancers can react
            drain_delay_seconds=env_float("GRPC_DRAIN_DELAY_SECONDS", 0.0),
            caller_tokens=parse_tokens(env_dev_default("GRPC_CALLER_TOKENS", dev_caller_tokens(dev_callers))),
        )


class ServiceInterceptor(grpc.ServerInterceptor):
    """Wraps every unary handler: authenticate, bind the request id, time, log, map domain errors."""

    def __init__(self, caller_tokens: Mapping[str, str]) -> None:
        self._tokens = dict(caller_tokens)

    def intercept_service(self, continuation: Callable[..., Any], details: grpc.HandlerCallDetails) -> Any:
        handler = continuation(details)
        if handler is None or handler.unary_unary is None or details.method.startswith("/grpc."):
            return handler  # health, reflection: unauthenticated by design (probes use them)
        inner = handler.unary_unary
        method = details.method

        def wrapped(request: Any, context: grpc.ServicerContext) -> Any:
            return self._handle(method, inner, request, context)

        return grpc.unary_unary_rpc_method_handler(
            wrapped,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )

    def _handle(
        self, method: str, inner: Callable[..., Any], request: Any, context: grpc.ServicerContext
    ) -> Any:
        metadata = dict(context.invocation_metadata())
        _observe_queue_time(metadata.get(SENT_AT_HEADER))
        rid_token = set_request_id(str(metadata.get(REQUEST_ID_HEADER) or new_request_id()))
        ip_token = set_client_ip(str(metadata.get(CLIENT_IP_HEADER, "")))
        started = time.perf_counter()
        code = grpc.StatusCode.OK
        try:
            bearer = str(metadata.get("authorization", ""))
            caller = self._tokens.get(bearer.removeprefix("Bearer ").strip()) if bearer else None
            if caller is None:
                code = grpc.StatusCode.UNAUTHENTICATED
                log.warning("rpc refused: unknown caller", extra={"method": method})
                # with google.rpc.ErrorInfo like every other refusal (reason CALLER_UNAUTHENTICATED)
                context.abort_with_status(to_status(UNAUTHENTICATED_CALLER))
            caller_token = _caller.set(caller)
            try:
                if has_nul_text(request):
                    raise errors.ValidationFailed("请求中含有无效字符")
                return inner(request, context)
            except errors.DomainError as exc:
                code = grpc.StatusCode[exc.grpc_code_name]
                log.info("rpc domain error", extra={"method": method, "code": exc.code})
                context.abort_with_status(to_status(exc))
            except Exception:
                if context.code() is None:  # an abort() inside the handler is not a crash
                    code = grpc.StatusCode.INTERNAL
                    log.exception("rpc failed", extra={"method": method})
                    context.abort(code, "internal error")
                raise
            finally:
                _caller.reset(caller_token)
        finally:
            elapsed = time.perf_counter() - started
            GRPC_SERVER_LATENCY.labels(method).observe(elapsed)
            GRPC_SERVER_HANDLED.labels(method, code.name).inc()
            if code is not grpc.StatusCode.OK or elapsed > 0.5:
                log.info("rpc", extra={"method": method, "code": code.name, "ms": round(elapsed * 1000, 1)})
            reset_client_ip(ip_token)
            reset_request_id(rid_token)


def _observe_queue_time(sent_at: Any) -> None:
    """How long the call waited between its caller and this handler (same-host clocks in the bench;
    across hosts, clock skew shows up here too, so it is a measurement, never a decision)."""
    try:
        waited = time.time() - float(sent_at)
    except (TypeError, ValueError):
        return
    if 0 <= waited < 60:
        GRPC_SERVER_QUEUE.observe(waited)


def has_nul_text(message: Any) -> bool:
    """Whether any text field (nested, repeated or in a map) holds U+0000, which PostgreSQL cannot
    store: refused here, at every service's edge, instead of failing deep in a query as a crash.
    Handlers registered without protobuf (de)serialisers receive raw bytes: nothing to check."""
    if not isinstance(message, Message):
        return False
    for field, value in message.ListFields():
        if field.type == field.TYPE_STRING:
            if any("\x00" in v for v in (value if field.is_repeated else [value])):
                return True
        elif field.type == field.TYPE_MESSAGE:
            if field.message_type.GetOptions().map_entry:
                entries = value.items()
                if any("\x00" in k for k, _ in entries if isinstance(k, str)):
                    return True
                items = [v for _, v in entries]
                if any("\x00" in v for v in items if isinstance(v, str)):
                    return True
                nested = [v for v in items if not isinstance(v, (str, bytes, int, float, bool))]
            else:
                nested = list(value) if field.is_repeated else [value]
            if any(has_nul_text(v) for v in nested):
                return True
    return False


class GrpcService:
    """A running gRPC server with health, reflection, readiness polling and graceful stop."""

    def __init__(
        self,
        config: GrpcServerConfig,
        register: Callable[[grpc.Server], Iterable[str]],
        readiness: Callable[[], bool],
        readiness_interval: float = 2.0,
        max_message_bytes: int = 16 * 1024 * 1024,
    ) -> None:
        self.config = config
        self._readiness = readiness
        self._interval = readiness_interval
        self._stopping = threading.Event()
        self.server = grpc.server(
            futures.ThreadPoolExecutor(max_workers=config.max_workers, thread_name_prefix="rpc"),
            interceptors=[ServiceInterceptor(config.caller_tokens)],
            options=[
                ("grpc.so_reuseport", 0),
                ("grpc.max_receive_message_length", max_message_bytes),
                # Clients reconnect every few minutes, so new replicas behind a ClusterIP get traffic.
                ("grpc.max_connection_age_ms", 300_000),
                ("grpc.max_connection_age_grace_ms", 30_000),
            ],
        )
        self.service_names = list(register(self.server))
        self.health = health.HealthServicer(experimental_non_blocking=True)
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.server)
        reflection.enable_server_reflection(
            [
                *self.service_names,
                health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
                reflection.SERVICE_NAME,
            ],
            self.server,
        )
        bind = env_str("GRPC_BIND", "0.0.0.0")  # noqa: S104 - pods listen on all interfaces
        self.port = self.server.add_insecure_port(f"{bind}:{config.port}")

    def _set_ready(self, ready: bool) -> None:
        status = (
            health_pb2.HealthCheckResponse.SERVING if ready else health_pb2.HealthCheckResponse.NOT_SERVING
        )
        for name in ["", *self.service_names]:
            self.health.set(name, status)

    def _watch_readiness(self) -> None:
        was_ready: bool | None = None
        while not self._stopping.wait(0 if was_ready is None else self._interval):
            ready = bool(self._readiness())
            if ready != was_ready:
                log.info("readiness changed", extra={"ready": ready})
                self._set_ready(ready)
                was_ready = ready

    def start(self) -> None:
        self.health.set(LIVENESS_SERVICE, health_pb2.HealthCheckResponse.SERVING)
        self._set_ready(False)
        self.server.start()
        threading.Thread(target=self._watch_readiness, name="readiness", daemon=True).start()
        log.info("grpc server started", extra={"port": self.port, "services": self.service_names})

    def stop(self) -> None:
        """Drain: NOT_SERVING first so balancers stop sending, then let in-flight RPCs finish."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._set_ready(False)
        time.sleep(self.config.drain_delay_seconds)
        self.health.enter_graceful_shutdown()
        log.info("draining", extra={"grace_seconds": self.config.grace_seconds})
        self.server.stop(self.config.grace_seconds).wait()
        log.info("grpc server stopped")


def service_for(
    config: GrpcServerConfig,
    add_servicer: Callable[[Any, grpc.Server], None],
    servicer: Any,
    service_descriptor: Any,
    readiness: Callable[[], bool],
    **options: Any,
) -> GrpcService:
    """A GrpcService serving one servicer: ``add_XServicer_to_server`` and its proto ``ServiceDescriptor``."""

    def register(server: grpc.Server) -> Iterable[str]:
        add_servicer(servicer, server)
        return [service_descriptor.full_name]

    return GrpcService(config, register, readiness, **options)


def run_until_signalled(service: GrpcService, on_stop: Callable[[], None] | None = None) -> None:
    """Entrypoint helper: start, serve metrics, block until SIGTERM/SIGINT, then drain and stop."""
    serve_metrics(service.config.metrics_port)
    stop_requested = threading.Event()

    def _on_signal(signum: int, _frame: object) -> None:
        log.info("signal received", extra={"signal": signum})
        stop_requested.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    service.start()
    stop_requested.wait()
    service.stop()
    if on_stop is not None:
        on_stop()
