"""The gateway's own CPU per request, in process, against the suite that ``make bench-hold`` holds up.

    .venv/bin/python bench/gateway_cpu.py [--rounds 8] [--requests 300] [--waits 0.3,1,4]

It builds the gateway app as gunicorn's workers run it (same environment and factory, Prometheus in
multi-process mode, the heap frozen after the build), logs one bench account in, and times three owner
reads and /healthz with ``time.thread_time`` (the CPU of the thread that serves the request, as a sync
worker's; grpc's own threads are not counted), alternated round by round:

- *calling*: the real gRPC call to the held suite;
- *from memory*: the service's answer, recorded once, returned at once: the gateway's own work back to
  back (every request, /healthz too, still reads its session from Redis, as in the workers);
- *after a wait*: the same answer returned after sleeping as long as the real call takes (its median wall
  time): the same work after the pause that every request in the suite meets.

*after a wait* minus *from memory* is what the wait costs the code that runs after it; *calling* minus
*after a wait* is the client's own work (grpc's and ServiceClient's). /healthz makes no gRPC call: its
first three modes are the same request, and their spread is the noise. ``--waits`` adds modes that answer
at once but sleep a fixed number of ms before each request, as a sync worker idles between connections
(how that cost grows with the wait). Figures are per request, in ms, min / median over the rounds; a
sleep's own system call (about 0.04 ms here) counts in the modes that sleep.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import requests
from werkzeug.test import EnvironBuilder

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import run  # noqa: E402 - the bench's environment and the suite's wiring

CALLING, FROM_MEMORY, AFTER_THE_CALLS_WAIT = "calling", "from memory", "after a wait"


class RecordedClient:
    """Stands in for one ServiceClient: the real call, its recorded answer, or the answer after a wait."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.mode = CALLING
        self.answers: dict[tuple[str, bytes], Any] = {}
        self.call_seconds: dict[str, list[float]] = {}
        self.waits: dict[str, float] = {}

    def fix_waits(self) -> None:
        """From here on *after a wait* sleeps each method's median wall time of the calls so far."""
        self.waits = {method: statistics.median(s) for method, s in self.call_seconds.items()}

    def record(self, method: str, request: Any, timeout: float | None) -> Any:
        started = time.perf_counter()
        answer = self.real.call(method, request, timeout)
        self.call_seconds.setdefault(method, []).append(time.perf_counter() - started)
        self.answers[(method, request.SerializeToString())] = answer
        return answer

    def call(self, method: str, request: Any, timeout: float | None = None) -> Any:
        if self.mode == CALLING:
            return self.record(method, request, timeout)
        if self.mode == AFTER_THE_CALLS_WAIT:
            time.sleep(self.waits[method])
        return self.answers[(method, request.SerializeToString())]

    def __getattr__(self, method: str) -> Any:
        """``client.GetAccount(request)`` → ``call("GetAccount", request)``, as on a ServiceClient."""
        # imported here: grpc must not be imported before held_plan() sets its environment
        from maintfund_common.grpc_client import ServiceClient

        return ServiceClient.__getattr__(self, method)  # type: ignore[arg-type]


def held_plan() -> dict[str, Any]:
    plan_path = run.ROOT / "var" / "bench" / "plan.json"
    if not plan_path.exists():
        raise SystemExit("no held suite: start `make bench-hold` first")
    plan: dict[str, Any] = json.loads(plan_path.read_text())
    # make bench and make bench-probe write the same file: measure only an idle suite that is still up
    if not plan.get("held") or not all(_alive(pid) for pid in plan["cpu_roots"].values()):
        raise SystemExit("the suite of var/bench/plan.json is not held up: start `make bench-hold` first")
    run.configure_environment(int(plan.get("houses", 20000)))
    os.environ.update(run.devctl.service_env())  # as the gateway's processes get it
    # as gateway/gunicorn.conf.py sets it for the workers: metrics in multi-process mode
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="maintfund-prom-")
    return plan


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def login_cookie(plan: dict[str, Any]) -> str:
    owner = plan["owner_sessions"][0]
    http = requests.Session()
    run.log_in(http, plan["gateway_url"], owner["username"], owner["password"])
    return str(http.cookies["mf_session"])


def gateway_app() -> tuple[Any, dict[str, RecordedClient]]:
    """The gateway app as a worker builds it, its identity and deposit clients recorded."""
    # imported once the environment is set: grpc reads GRPC_EXPERIMENTS, prometheus_client its
    # multi-process directory, when first imported
    from gateway.app import create_app

    app = create_app()
    gc.freeze()  # as gunicorn.conf.py's when_ready does before the workers fork
    clients = app.extensions["maintfund_clients"]
    recorded = {name: RecordedClient(getattr(clients, name)) for name in ("identity", "deposit")}
    app.extensions["maintfund_clients"] = replace(clients, **recorded)
    return app, recorded


def main() -> int:
    parser = argparse.ArgumentParser(prog="gateway_cpu")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--requests", type=int, default=300, help="requests per route, mode and round")
    parser.add_argument("--waits", default="", metavar="MS,...", help="also idle MS before each request")
    args = parser.parse_args()
    idle_first = {f"{float(ms):g} ms idle first": float(ms) / 1000 for ms in args.waits.split(",") if ms}
    modes = [CALLING, FROM_MEMORY, AFTER_THE_CALLS_WAIT, *idle_first]
    plan = held_plan()
    cookie = login_cookie(plan)
    app, recorded = gateway_app()
    house = plan["owner_sessions"][0]["house_id"]
    paths = {
        "healthz": "/healthz",
        "home_me": "/api/v1/me",
        "house_detail": f"/api/v1/houses/{house}",
        "ledger_page1": f"/api/v1/houses/{house}/ledger",
    }
    environs = {
        name: EnvironBuilder(path=path, headers={"Cookie": f"mf_session={cookie}"}).get_environ()
        for name, path in paths.items()
    }

    def serve(environ: dict[str, Any]) -> None:
        status: list[str] = []
        body = app.wsgi_app(dict(environ), lambda s, _h, _e=None: status.append(s))
        b"".join(body)
        getattr(body, "close", lambda: None)()
        if not status[0].startswith("200"):
            raise SystemExit(f"the gateway answered {status[0]}")

    for environ in environs.values():  # warm up, and record every answer and the calls' wall times
        for _ in range(100):
            serve(environ)
    for client in recorded.values():
        client.fix_waits()
    cpu: dict[tuple[str, str], list[float]] = {(r, m): [] for r in paths for m in modes}
    for _ in range(args.rounds):
        for mode in modes:
            for client in recorded.values():
                client.mode = FROM_MEMORY if mode in idle_first else mode
            idle = idle_first.get(mode, 0.0)
            for name, environ in environs.items():
                started = time.thread_time()
                for _ in range(args.requests):
                    if idle:
                        time.sleep(idle)
                    serve(environ)
                cpu[(name, mode)].append((time.thread_time() - started) / args.requests * 1000)

    print(f"gateway CPU per request, ms (min / median of {args.rounds} rounds of {args.requests})\n")
    print("| route | " + " | ".join(modes) + " | the wait's cost | the client's work |")
    print("|---|" + "---|" * (len(modes) + 2))
    for name in paths:
        med = {m: statistics.median(cpu[(name, m)]) for m in modes}
        cells = [f"{min(cpu[(name, m)]):.2f} / {med[m]:.2f}" for m in modes]
        wait = med[AFTER_THE_CALLS_WAIT] - med[FROM_MEMORY]
        client = med[CALLING] - med[AFTER_THE_CALLS_WAIT]
        print(f"| {name} | " + " | ".join(cells) + f" | {wait:.2f} | {client:.2f} |")
    waits = {m: round(w * 1000, 2) for c in recorded.values() for m, w in c.waits.items()}
    print(f"\nthe waits (median wall time of each call while warming up), ms: {waits}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
