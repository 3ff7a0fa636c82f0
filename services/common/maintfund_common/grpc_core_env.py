"""Settings of gRPC's C core, the same for every process of the suite.

The core reads them from the environment once, when grpc is first imported, so Python code that runs
later cannot set them: every image carries them as ENV (``scripts/dockerfiles.py``) and the local suite's
processes get them from ``scripts/devctl.py``. An environment that sets a key itself keeps its own value
(an empty ``GRPC_EXPERIMENTS`` runs grpcio's defaults).

``GRPC_EXPERIMENTS``: grpcio 1.85 runs channels and servers on its EventEngine, where one of the
engine's own threads reads a socket and then wakes the thread that waits for the call; with the engine's
client and listener experiments switched off, the waiting thread polls the socket itself. The suite
calls and serves only synchronously (gunicorn's sync workers, the servers' thread pools), and there the
hand-off is pure overhead: one unary call between two processes cost 150-195 µs of the caller's CPU and
320-404 µs of the server's against 228-303 and 381-542 µs with the defaults (nine runs alternated; README,
"gRPC's own threads"). A grpcio that no longer knows an experiment logs it and goes on.
"""

GRPC_CORE_ENV: dict[str, str] = {"GRPC_EXPERIMENTS": "-event_engine_client,-event_engine_listener"}
