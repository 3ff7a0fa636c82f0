"""gunicorn configuration of the gateway: ``gunicorn -c gateway/gunicorn.conf.py 'gateway.app:create_app()'``.

Sync workers (2 x cores + 1 by default; DESIGN §7), each creating its gRPC channels after the fork; they
close a connection without waiting for the client when the request was read whole, and a new connection
wakes one idle worker, not all of them (gateway/sync_worker.py).
The app is loaded once in the arbiter (``preload_app``) and the workers are forked from it: a worker
recycled after ``max_requests`` is a fork (milliseconds) instead of a fresh import and app build (0.3-0.4 s
of CPU during which the worker serves nothing; under the bench's load several workers reached their
count in the same second). Nothing that must not cross a fork is made before it: the gRPC channels are
made lazily per process (maintfund_common.grpc_client), redis-py's pools reconnect in a new process,
and Prometheus' multi-process files are per pid.
GUNICORN_WORKER_CLASS / GUNICORN_THREADS choose another model (e.g. gthread) for measuring one against it.
"""

import multiprocessing
import os
import tempfile

bind = os.environ.get("GATEWAY_BIND", "127.0.0.1:8080")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# gunicorn's sync worker, closing at once after a request read whole (gateway/sync_worker.py); with
# GUNICORN_THREADS > 1 gunicorn runs gthread instead, as it does for its own sync class
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gateway.sync_worker.SyncWorker")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
accesslog = None  # the app logs requests as JSON with the request id
preload_app = True
# recycled against slow leaks; the jitter spreads the workers' recycling over time
max_requests = 5000
max_requests_jitter = 2500

# Prometheus metrics from every worker, aggregated on /metrics.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="maintfund-prom-"))


def when_ready(server):
    # After the preload, before the first fork: the app's objects go to a generation that no garbage
    # collection traverses, so a worker's collections do not write to (and copy) the pages it shares.
    import gc

    gc.freeze()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
