"""Generic runners: every process of every service starts here from its ``ServiceApp``.

- ``runners.server``: ``serve_grpc(app, build_server)`` the gRPC server (interceptor, caller tokens,
  health, reflection, /metrics); on SIGTERM health turns NOT_SERVING at once, in-flight RPCs get the
  grace period, then the database pool is released.
- ``runners.processes``: ``run_relay(app)`` the outbox relay; ``run_consumer(app, consumer)`` an event
  consumer or a work-queue worker (``--declare-queues`` only declares its queue and bindings and exits,
  a release step run before any relay publishes); ``run_worker(app, process, work)`` any other loop (a
  poller). Each serves /metrics on ``config.<process>_metrics_port`` and, on SIGTERM or SIGINT, finishes
  the item in hand and returns.

Two modules, so that a service without a database or broker (quickpay) imports neither library.
"""
