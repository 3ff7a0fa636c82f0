"""Request ids, access metrics and /metrics for the gateway (multi-process aware under gunicorn)."""

from __future__ import annotations

import os
import time

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from maintfund_common.logging_setup import (
    REQUEST_ID_HEADER,
    new_request_id,
    reset_client_ip,
    reset_request_id,
    set_client_ip,
    set_request_id,
)
from maintfund_common.metrics import QUEUE_BUCKETS

HTTP_REQUESTS = Counter(
    "maintfund_http_requests_total", "HTTP requests by route and status", ["route", "status"]
)
HTTP_LATENCY = Histogram(
    "maintfund_http_request_seconds",
    "HTTP request time by route",
    ["route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)


HTTP_QUEUE = Histogram(
    "maintfund_http_queue_seconds",
    "Time from X-Request-Start (stamped by the ingress or the load generator) to a gateway worker"
    " starting on the request: the listen backlog and waiting for a free worker",
    buckets=QUEUE_BUCKETS,
)


def _observe_queue_time(stamp: str | None) -> None:
    # nginx's convention, "t=<Unix seconds>"; clocks of other hosts may be off, so only measured
    if not stamp:
        return
    try:
        waited = time.time() - float(stamp.removeprefix("t="))
    except ValueError:
        return
    if 0 <= waited < 60:
        HTTP_QUEUE.observe(waited)


def init_observability(app: Flask) -> None:
    @app.before_request
    def _start() -> None:
        _observe_queue_time(request.headers.get("X-Request-Start"))
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        # Echoed in a response header and logged: ASCII letters and digits only (str.isalnum alone takes
        # any script's letters and digits).
        rid = (
            incoming
            if incoming.isascii() and incoming.isalnum() and len(incoming) <= 64
            else new_request_id()
        )
        g.request_id_token = set_request_id(rid)
        g.request_id = rid
        # request.remote_addr is the client as ProxyFix resolved it; the services audit it.
        g.client_ip_token = set_client_ip(request.remote_addr or "")
        g.started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        route = request.url_rule.rule if request.url_rule else "unmatched"
        if "started" in g:
            HTTP_LATENCY.labels(route).observe(time.perf_counter() - g.started)
        HTTP_REQUESTS.labels(route, str(response.status_code)).inc()
        if "request_id" in g:
            response.headers["X-Request-Id"] = g.request_id
        return response

    @app.teardown_request
    def _reset(_exc: BaseException | None) -> None:
        token = g.pop("request_id_token", None)
        if token is not None:
            reset_request_id(token)
        ip_token = g.pop("client_ip_token", None)
        if ip_token is not None:
            reset_client_ip(ip_token)

    @app.get("/metrics")
    def metrics() -> Response:
        # Scraped inside the cluster; anything that came through the ingress carries X-Forwarded-For.
        if request.headers.get("X-Forwarded-For"):
            return Response("not found", status=404)
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)
        return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)
