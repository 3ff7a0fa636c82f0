"""The app object every service's ``bootstrap()`` returns and every generic runner starts from.

A service's app is a ``ServiceApp`` (its own dataclass adds the ports its use cases need: providers,
remote lookups, copies); ``maintfund_common.runners`` starts its gRPC server, outbox relay, consumers
and workers from it, so a service's entrypoints only say what is theirs (the servicer, the handler map,
the work loop).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

# No database or broker import here: a service without either (quickpay) ships neither library.


class ServiceDatabase(Protocol):
    """A maintfund_common.db.Database, as far as the runners need it."""

    @property
    def engine(self) -> Any: ...

    def dispose(self) -> None: ...


@dataclass(kw_only=True)
class ServiceApp:
    """What ``bootstrap()`` returns. The runners read ``config.grpc`` (a GrpcServerConfig) and, for every
    background process the service runs, ``config.amqp_url`` and ``config.<process>_metrics_port``."""

    name: str  # the service ("deposit"): its processes are "<name>-relay", "<name>-consumer", ...
    config: Any  # the service's Config
    # whether the gRPC server may take traffic (maintfund_common.audit.database_readiness(db) for a
    # service with a database); polled in the background, NOT_SERVING from the first failure
    readiness: Callable[[], bool]
    db: ServiceDatabase | None = None  # None: the service keeps no database (its README says why)

    def metrics_port(self, process: str) -> int:
        """The /metrics port of a background process: ``config.<process>_metrics_port``."""
        port = getattr(self.config, f"{process}_metrics_port", None)
        if port is None:
            raise LookupError(f"{self.name}: Config has no {process}_metrics_port")
        return int(port)

    def database(self) -> Any:
        if self.db is None:
            raise LookupError(f"{self.name} keeps no database")
        return self.db

    def close(self) -> None:
        """Release pooled connections after the last request (graceful stop)."""
        if self.db is not None:
            self.db.dispose()
