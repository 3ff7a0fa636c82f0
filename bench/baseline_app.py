"""Bench-only baselines, served under the gateway's own gunicorn configuration (never in production).

(a) ``GET /trivial``: a trivial Flask route. (c) ``GET /grpc``: one trivial gRPC call (grpc.health
Check on the registry) through maintfund_common's ServiceClient, the same client the gateway uses.

    gunicorn -c gateway/gunicorn.conf.py --pythonpath bench 'baseline_app:create_app()'
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, jsonify
from grpc_health.v1 import health_pb2, health_pb2_grpc

from maintfund_common.grpc_client import ServiceClient, Target


def create_app() -> Flask:
    app = Flask(__name__)
    health = ServiceClient(
        Target("registry", os.environ.get("REGISTRY_ADDR", "127.0.0.1:50052"), 3.0),
        health_pb2_grpc.HealthStub,
        os.environ.get("GRPC_CLIENT_TOKEN", "dev-gateway-token"),
    )

    @app.get("/trivial")
    def trivial() -> Any:
        return jsonify(status="ok")

    @app.get("/grpc")
    def one_grpc_call() -> Any:
        status = health.Check(health_pb2.HealthCheckRequest()).status
        return jsonify(status=health_pb2.HealthCheckResponse.ServingStatus.Name(status))

    return app
