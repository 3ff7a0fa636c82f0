"""gRPC client factory: one channel per target per process, a deadline and metadata on every call.

Channels are created lazily and re-created after a fork (gRPC objects must not cross a fork, and
gunicorn forks its workers after importing the app). Every call goes through ``ServiceClient``, which
sets the deadline, the request id and the caller token, and turns failures into domain errors.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import grpc

from maintfund_common.grpc_errors import from_rpc_error
from maintfund_common.logging_setup import (
    CLIENT_IP_HEADER,
    REQUEST_ID_HEADER,
    get_client_ip,
    get_request_id,
    new_request_id,
)
from maintfund_common.metrics import GRPC_CLIENT_HANDLED, SENT_AT_HEADER

# Retry only UNAVAILABLE (the request never reached a handler, or the server is restarting).
_SERVICE_CONFIG = json.dumps(
    {
        "methodConfig": [
            {
                "name": [{}],
                "retryPolicy": {
                    "maxAttempts": 3,
                    "initialBackoff": "0.05s",
                    "maxBackoff": "0.5s",
                    "backoffMultiplier": 2,
                    "retryableStatusCodes": ["UNAVAILABLE"],
                },
            }
        ]
    }
)


@dataclass(frozen=True)
class Target:
    name: str
    address: str
    default_timeout: float = 2.0


class ChannelPool:
    """One channel per target per process, shared by the process's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._channels: dict[str, grpc.Channel] = {}

    def get(self, address: str) -> grpc.Channel:
        with self._lock:
            if self._pid != os.getpid():  # forked: the parent's channels are unusable here
                self._channels = {}
                self._pid = os.getpid()
            channel = self._channels.get(address)
            if channel is None:
                channel = grpc.insecure_channel(
                    address,
                    options=[
                        ("grpc.enable_retries", 1),
                        ("grpc.service_config", _SERVICE_CONFIG),
                        ("grpc.keepalive_time_ms", 30000),
                        # responses may carry a proof file of up to 10 MB (registry GetRegistrationFile)
                        ("grpc.max_receive_message_length", 16 * 1024 * 1024),
                    ],
                )
                self._channels[address] = channel
            return channel

    def channel_count(self) -> int:
        with self._lock:
            return len(self._channels)

    def close(self) -> None:
        with self._lock:
            for channel in self._channels.values():
                channel.close()
            self._channels = {}


DEFAULT_POOL = ChannelPool()


class ServiceClient:
    """Calls one service: ``client.call("GetAccount", request)`` or ``client.GetAccount(request)``."""

    def __init__(
        self,
        target: Target,
        stub_factory: Callable[[grpc.Channel], Any],
        token: str,
        pool: ChannelPool = DEFAULT_POOL,
    ) -> None:
        self.target = target
        self._stub_factory = stub_factory
        self._token = token
        self._pool = pool
        self._stub: Any = None
        self._stub_pid = -1

    def _current_stub(self) -> Any:
        if self._stub is None or self._stub_pid != os.getpid():
            self._stub = self._stub_factory(self._pool.get(self.target.address))
            self._stub_pid = os.getpid()
        return self._stub

    def call(self, method: str, request: Any, timeout: float | None = None) -> Any:
        metadata: tuple[tuple[str, str], ...] = (
            (REQUEST_ID_HEADER, get_request_id() or new_request_id()),
            ("authorization", f"Bearer {self._token}"),
            # wall-clock send time: the server measures how long the call queued before its handler ran
            (SENT_AT_HEADER, f"{time.time():.6f}"),
        )
        client_ip = get_client_ip()
        if client_ip:  # the end user's address, for the callee's audit trail
            metadata += ((CLIENT_IP_HEADER, client_ip),)
        rpc = getattr(self._current_stub(), method)
        try:
            response = rpc(request, timeout=timeout or self.target.default_timeout, metadata=metadata)
        except grpc.RpcError as exc:
            code = exc.code().name if isinstance(exc, grpc.Call) else "UNKNOWN"
            GRPC_CLIENT_HANDLED.labels(f"{self.target.name}/{method}", code).inc()
            raise from_rpc_error(f"{self.target.name}/{method}", exc) from exc
        GRPC_CLIENT_HANDLED.labels(f"{self.target.name}/{method}", "OK").inc()
        return response

    def __getattr__(self, method: str) -> Callable[..., Any]:
        if method.startswith("_") or not method[:1].isupper():
            raise AttributeError(method)
        return lambda request, timeout=None: self.call(method, request, timeout)
