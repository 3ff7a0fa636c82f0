"""The load-generating process of ``make bench``: locust (FastHttpUser, gevent) driven as a library.

    python bench/load.py PLAN.json OUT.json

Phases (run in order, in this one process):
- ``closed``: one route, N users with no think time: the route's capacity (closed loop).
- ``rate``: the mixed load (routes drawn by weight) at a fixed offered rate. Each user paces itself at
  one request a second (locust's ``constant_pacing``) with a random start offset, so the offered rate
  holds as long as a response takes less than a second (an open model in practice; achieved rates are
  reported beside the offered one).
- ``step``: ``rate`` phases from ``start`` up by ``step`` until p95 > ``p95_ms`` or an error.
Latencies are recorded from locust's request event as exact floats (its own stats round to whole ms).
Around ``closed`` phases the services' /metrics are read to count SQL statements and gRPC calls per
request.
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, ClassVar

import gevent
from locust import FastHttpUser, constant, constant_pacing, events, task
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).resolve().parent))
from routes import ROUTES, Route, by_name

PLAN: dict[str, Any] = {}
SAMPLES: dict[str, list[float]] = {}
ERRORS: dict[str, int] = {}
ERROR_EXAMPLES: dict[str, str] = {}
RECORDING = [False]
COMPLETED = [0]  # every request of the current phase, warm-up included


def _on_request(name: str, response_time: float, exception: Exception | None, **kwargs: Any) -> None:
    COMPLETED[0] += 1
    if not RECORDING[0]:
        return
    if exception is not None:
        ERRORS[name] = ERRORS.get(name, 0) + 1
        ERROR_EXAMPLES.setdefault(name, repr(exception)[:200])
    else:
        SAMPLES.setdefault(name, []).append(response_time)


def _context(route: Route) -> dict[str, Any]:
    if route.sessions == "deep":
        return PLAN["deep_session"]
    if route.sessions == "owner" or route.name == "login":
        return random.choice(PLAN["owner_sessions"])
    return {}


def _fire(user: FastHttpUser, route: Route) -> None:
    ctx = _context(route)
    base = PLAN["baseline_url"] if route.target == "baseline" else PLAN["gateway_url"]
    headers = {"Cookie": f"mf_session={ctx['cookie']}"} if route.sessions != "none" else {}
    # No cookie jar: a login would otherwise rotate (delete) whichever session the jar last saw.
    user.client.cookiejar.clear()
    user.client.request(
        route.method, base + route.url_path(ctx), name=route.name, headers=headers, json=route.json_body(ctx)
    )


class MixedUser(FastHttpUser):
    host = "http://127.0.0.1"
    wait_time = constant_pacing(1.0)
    network_timeout = 10.0
    connection_timeout = 5.0
    routes: ClassVar[list[Route]] = []
    weights: ClassVar[list[int]] = []

    def on_start(self) -> None:
        gevent.sleep(random.random())  # spread the users' pacing over the second

    @task
    def one(self) -> None:
        _fire(self, random.choices(self.routes, self.weights)[0])


class ClosedUser(FastHttpUser):
    host = "http://127.0.0.1"
    wait_time = constant(0)
    network_timeout = 10.0
    connection_timeout = 5.0
    route: Route

    @task
    def one(self) -> None:
        _fire(self, self.route)


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


def _summary(duration: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in sorted(set(SAMPLES) | set(ERRORS)):
        values = sorted(SAMPLES.get(name, []))
        out[name] = {
            "requests": len(values),
            "errors": ERRORS.get(name, 0),
            "error_example": ERROR_EXAMPLES.get(name),
            "throughput_rps": len(values) / duration if duration else 0.0,
            "p50_ms": _percentile(values, 0.50),
            "p95_ms": _percentile(values, 0.95),
            "p99_ms": _percentile(values, 0.99),
            "max_ms": values[-1] if values else 0.0,
        }
    return out


_METRIC = re.compile(
    r"^(maintfund_db_statements_total|maintfund_grpc_server_handled_total)(\{[^}]*\})? ([0-9.e+]+)$"
)


def _scrape() -> dict[str, float]:
    """Sum of SQL statements and of handled RPCs over every service's /metrics."""
    totals = {"sql": 0.0, "rpc": 0.0}
    for url in PLAN.get("metrics_urls", []):
        with urllib.request.urlopen(url, timeout=5) as response:
            for line in response.read().decode().splitlines():
                match = _METRIC.match(line)
                if match:
                    totals["sql" if "db_statements" in match.group(1) else "rpc"] += float(match.group(3))
    return totals


def _run(user_class: type[FastHttpUser], users: int, warmup: float, duration: float) -> dict[str, Any]:
    env = Environment(user_classes=[user_class], events=events)
    runner = env.create_local_runner()
    SAMPLES.clear(), ERRORS.clear(), ERROR_EXAMPLES.clear()
    COMPLETED[0] = 0
    runner.start(users, spawn_rate=users)
    gevent.sleep(warmup)
    RECORDING[0] = True
    started = time.monotonic()
    gevent.sleep(duration)
    RECORDING[0] = False
    measured = time.monotonic() - started
    runner.quit()
    gevent.sleep(3)  # requests still queued in the servers finish before the next phase
    return {"duration_s": measured, "routes": _summary(measured)}


def run_closed(phase: dict[str, Any]) -> dict[str, Any]:
    ClosedUser.route = by_name(phase["route"])
    before = _scrape()
    result = _run(ClosedUser, phase["users"], phase["warmup"], phase["duration"])
    gevent.sleep(0.5)  # let in-flight requests finish before reading the counters
    after = _scrape()
    total = max(1, COMPLETED[0])  # the counters saw every request of the phase, warm-up included
    result["sql_per_request"] = (after["sql"] - before["sql"]) / total
    result["rpc_per_request"] = (after["rpc"] - before["rpc"]) / total
    return result


def run_rate(phase: dict[str, Any]) -> dict[str, Any]:
    MixedUser.routes = [r for r in ROUTES if r.weight > 0]
    MixedUser.weights = [r.weight for r in MixedUser.routes]
    result = _run(MixedUser, int(phase["rate"]), phase["warmup"], phase["duration"])
    values = list(result["routes"].values())
    result["offered_rps"] = phase["rate"]
    result["achieved_rps"] = sum(v["requests"] for v in values) / result["duration_s"]
    result["errors"] = sum(v["errors"] for v in values)
    all_samples = sorted(s for samples in SAMPLES.values() for s in samples)
    result["p95_ms_all"] = _percentile(all_samples, 0.95)
    return result


def run_step(phase: dict[str, Any]) -> dict[str, Any]:
    steps, highest = [], 0
    rate = phase["start"]
    while rate <= phase["max"]:
        result = run_rate({"rate": rate, "warmup": phase["warmup"], "duration": phase["duration"]})
        ok = result["errors"] == 0 and result["p95_ms_all"] <= phase["p95_ms"]
        ok = ok and result["achieved_rps"] >= 0.95 * rate
        steps.append(
            {
                "offered_rps": rate,
                "achieved_rps": result["achieved_rps"],
                "p95_ms": result["p95_ms_all"],
                "errors": result["errors"],
                "ok": ok,
            }
        )
        print(
            f"  step {rate} req/s: p95 {result['p95_ms_all']:.1f} ms, errors {result['errors']}", flush=True
        )
        if not ok:
            break
        highest = rate
        rate += phase["step"]
    return {"steps": steps, "highest_sustainable_rps": highest}


def main() -> int:
    plan_path, out_path = Path(sys.argv[1]), Path(sys.argv[2])
    PLAN.update(json.loads(plan_path.read_text()))
    events.request.add_listener(_on_request)
    results = {}
    for phase in PLAN["phases"]:
        print(f"load: {phase['name']}", flush=True)
        runner = {"closed": run_closed, "rate": run_rate, "step": run_step}[phase["kind"]]
        results[phase["name"]] = {"phase": phase, **runner(phase)}
    out_path.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
