"""gunicorn configuration of the gateway: ``gunicorn -c gateway/gunicorn.conf.py 'gateway.app:create_app()'``.

Sync workers (2 x cores + 1 by default; DESIGN §7), each creating its gRPC channels after the fork.
GUNICORN_WORKER_CLASS / GUNICORN_THREADS choose another model (e.g. gthread) for measuring one against it.
"""

import multiprocessing
import os
import tempfile

bind = os.environ.get("GATEWAY_BIND", "127.0.0.1:8080")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
accesslog = None  # the app logs requests as JSON with the request id
max_requests = 5000
max_requests_jitter = 500

# Prometheus metrics from every worker, aggregated on /metrics.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="maintfund-prom-"))


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
