"""Prometheus metrics shared by every process; each process exposes them on its own HTTP port."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, start_http_server

GRPC_SERVER_HANDLED = Counter(
    "maintfund_grpc_server_handled_total", "RPCs handled, by method and status code", ["method", "code"]
)
GRPC_SERVER_LATENCY = Histogram(
    "maintfund_grpc_server_handling_seconds",
    "RPC handling time",
    ["method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
# Queue time per hop (the bench reads these to say where a request waits before any work is done on it).
SENT_AT_HEADER = "x-sent-at"  # gRPC metadata: the caller's wall-clock time of sending, Unix seconds
QUEUE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
GRPC_SERVER_QUEUE = Histogram(
    "maintfund_grpc_server_queue_seconds",
    "Time from the client sending an RPC (its x-sent-at metadata) to the handler starting: the network,"
    " the server's completion queue, a free thread of its pool and the GIL",
    buckets=QUEUE_BUCKETS,
)
DB_POOL_WAIT = Histogram(
    "maintfund_db_pool_wait_seconds",
    "Time a request waited for a connection from the process's database pool",
    buckets=QUEUE_BUCKETS,
)
GRPC_CLIENT_HANDLED = Counter(
    "maintfund_grpc_client_handled_total", "RPCs made, by target method and status code", ["method", "code"]
)
DB_STATEMENTS = Counter(
    "maintfund_db_statements_total", "SQL statements sent to the database (benchmarks divide it by requests)"
)
OUTBOX_BACKLOG = Gauge("maintfund_outbox_backlog", "Events in the outbox not yet published")
OUTBOX_PUBLISHED = Counter("maintfund_outbox_published_total", "Events published with a broker confirm")
CONSUMER_EVENTS = Counter(
    "maintfund_consumer_events_total",
    "Events received by a consumer, by outcome (applied, duplicate, retried, dead_lettered, ignored)",
    ["queue", "outcome"],
)
CONSUMER_QUEUE_DEPTH = Gauge(
    "maintfund_consumer_queue_depth", "Messages ready in the consumer's queue", ["queue"]
)


def serve_metrics(port: int) -> None:
    """Start the /metrics HTTP endpoint on a daemon thread; port 0 disables it."""
    if port:
        start_http_server(port, addr="0.0.0.0")  # noqa: S104 - scraped from inside the cluster


OBJECTS_BY_STATE = Gauge(
    "maintfund_objects_by_state", "Business objects by state (payment orders, receipts)", ["kind", "state"]
)
