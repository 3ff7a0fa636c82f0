"""The load-generating process of ``make bench``: locust (FastHttpUser, gevent) driven as a library.

    python bench/load.py PLAN.json OUT.json

Phases (run in order, in this one process):
- ``closed``: one route, N users with no think time: the route's capacity (closed loop).
- ``rate``: the mixed load (routes drawn by weight) at a fixed offered rate. Each user paces itself at
  one request a second from its own random start offset, so the requests spread evenly over each second
  and the offered rate holds as long as a response takes less than a second (an open model in practice;
  achieved rates are reported beside the offered one). Not locust's ``constant_pacing``: it counts from
  the user's creation, so a random sleep in ``on_start`` is undone and every user, all spawned in the same
  instant, fires in the same millisecond each second (a burst of the whole rate at once).
- ``step``: ``rate`` phases from ``start`` up by ``step`` until p95 > ``p95_ms`` or an error.
Latencies are recorded from locust's request event as exact floats (its own stats round to whole ms).
Around ``closed`` phases the services' /metrics are read to count SQL statements and gRPC calls per
request, and every suite process's CPU time (its whole process tree, gunicorn's workers included; the
servers PostgreSQL, Redis and RabbitMQ by process name; the machine's busy time from /proc/stat) to give
CPU milliseconds per request by process: the profile that says where a route's cost goes. Each phase also
records this process's CPU time (user + system, every thread: locust runs as one process, its users are
greenlets), so the load generator's share of the machine is reported.

The ``pay`` and ``receipt`` flows (bench/routes.py) keep state across requests: a session is in at most
one payment at a time (its bill is consumed; bench/run.py's back office raises the next one), and a
deposit whose order turned PAID joins the pool of deposits a receipt can be asked for. Every payment
(out_trade_no, wall-clock time of the sandbox payment) and every receipt request (invoice_id, time) is
written out, so bench/run.py can measure notification → ledger and request → ISSUED from the databases.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import string
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any, ClassVar

import gevent
import psutil
from locust import FastHttpUser, constant, events, task
from locust.env import Environment

sys.path.insert(0, str(Path(__file__).resolve().parent))
from routes import ROUTES, SANDBOX_PAY, Route, by_name

PLAN: dict[str, Any] = {}
SAMPLES: dict[str, list[float]] = {}
ERRORS: dict[str, int] = {}
ERROR_EXAMPLES: dict[str, str] = {}
RECORDING = [False]
COMPLETED = [0]  # every request of the current phase, warm-up included
PHASE = [""]
IDLE: set[int] = set()  # owner sessions not in a payment
RECEIPT_POOL: list[tuple[int, str]] = []  # (session index, deposit_id) paid, no receipt asked yet
PAYMENTS: list[dict[str, Any]] = []
RECEIPTS: list[dict[str, Any]] = []
SKIPPED: dict[str, int] = {}  # flows that found nothing to act on (no pending bill, no deposit)
ORDER_PAID_TIMEOUT_S = 15.0


def _on_request(name: str, response_time: float, exception: Exception | None, **kwargs: Any) -> None:
    COMPLETED[0] += 1
    if not RECORDING[0]:
        return
    if exception is not None:
        ERRORS[name] = ERRORS.get(name, 0) + 1
        ERROR_EXAMPLES.setdefault(name, repr(exception)[:200])
    else:
        SAMPLES.setdefault(name, []).append(response_time)


def _keys(route: Route) -> set[str]:
    texts = [route.path, *(v for v in (route.body or {}).values() if isinstance(v, str))]
    return {name for t in texts for _, name, _, _ in string.Formatter().parse(t) if name}


def _context(route: Route) -> dict[str, Any]:
    if route.sessions == "deep":
        ctx = dict(PLAN["deep_session"])
    elif route.sessions == "owner" or route.name == "login":
        sessions = PLAN["owner_sessions"]
        if "order_id" in _keys(route):  # only sessions that have paid an order
            sessions = [s for s in sessions if "order_id" in s]
        ctx = dict(random.choice(sessions))
    else:
        ctx = {}
    ctx["query_address"] = random.choice(PLAN["query_addresses"])
    qp = random.choice(PLAN["quickpay_bills"])
    ctx["qp_business_no"], ctx["qp_owner_name"] = qp["business_no"], qp["owner_name"]
    return ctx


def _headers(route: Route, ctx: dict[str, Any], **extra: str) -> dict[str, str]:
    # when the request left the load generator: the gateway measures its queue time from it
    headers = {"X-Request-Start": f"t={time.time():.6f}", **extra}
    if route.sessions != "none":
        headers["Cookie"] = f"mf_session={ctx['cookie']}"
        if route.method != "GET":
            headers["X-CSRF-Token"] = ctx["csrf_token"]
    return headers


def _request(user: FastHttpUser, route: Route, ctx: dict[str, Any], **headers: str) -> Any:
    base = PLAN["baseline_url"] if route.target == "baseline" else PLAN["gateway_url"]
    # No cookie jar: a login would otherwise rotate (delete) whichever session the jar last saw.
    user.client.cookiejar.clear()
    return user.client.request(
        route.method,
        base + route.url_path(ctx),
        name=route.name,
        headers=_headers(route, ctx, **headers),
        json=route.json_body(ctx),
    )


def _ok(response: Any) -> bool:
    return response is not None and 200 <= (response.status_code or 0) < 300


def _fail(name: str, message: str) -> None:
    events.request.fire(
        request_type="FLOW", name=name, response_time=0.0, response_length=0, exception=RuntimeError(message)
    )


def _skip(name: str) -> None:
    if RECORDING[0]:
        SKIPPED[name] = SKIPPED.get(name, 0) + 1


def _pay(user: FastHttpUser) -> None:
    """我要交款: the pending list, 立即付款 on the house's bill, the payer pays, the browser polls."""
    if not IDLE:
        _skip("bill_order")
        return
    index = random.choice(tuple(IDLE))
    IDLE.discard(index)
    ctx = dict(PLAN["owner_sessions"][index])
    # a payment belongs to the phase (and its measured window) in which the user started it
    phase, recorded = PHASE[0], RECORDING[0]
    try:
        listing = _request(user, by_name("bills_pending"), ctx)
        items = listing.json()["items"] if _ok(listing) else []
        mine = [b for b in items if b["house_id"] == ctx["house_id"] and b["amount_rule"] == "FIXED"]
        bill = mine[0] if mine else None
        if bill is None:
            _skip("bill_order")  # the back office has not raised this house's next bill yet
            return
        ctx["bill_id"] = bill["bill_id"]
        created = _request(user, by_name("bill_order"), ctx, **{"Idempotency-Key": str(uuid.uuid4())})
        if not _ok(created):
            return
        order = created.json()
        user.client.cookiejar.clear()
        paid_at = time.time()
        paid = user.client.request(
            "POST",
            PLAN["sandbox_url"] + "/sandbox/pay",
            name=SANDBOX_PAY,
            json={"out_trade_no": order["out_trade_no"], "channel": "WECHAT"},
        )
        if not _ok(paid):
            return
        PAYMENTS.append(
            {"out_trade_no": order["out_trade_no"], "order_id": order["order_id"], "paid_wall": paid_at,
             "phase": phase, "recorded": recorded}
        )  # fmt: skip
        ctx["order_id"] = order["order_id"]
        deadline = time.monotonic() + ORDER_PAID_TIMEOUT_S
        while time.monotonic() < deadline:
            gevent.sleep(0.5)  # the browser's polling interval
            state = _request(user, by_name("order_status"), ctx)
            if _ok(state) and state.json()["status"] == "PAID":
                RECEIPT_POOL.append((index, state.json()["deposit_id"]))
                PLAN["owner_sessions"][index]["order_id"] = order["order_id"]
                return
        _fail("order_status", f"order not PAID {ORDER_PAID_TIMEOUT_S:.0f} s after the payment")
    finally:
        IDLE.add(index)


def _receipt(user: FastHttpUser) -> None:
    """我要开票 for a paid deposit without a receipt."""
    if not RECEIPT_POOL:
        _skip("invoice_request")
        return
    index, deposit_id = RECEIPT_POOL.pop(random.randrange(len(RECEIPT_POOL)))
    ctx = {**PLAN["owner_sessions"][index], "deposit_id": deposit_id}
    phase, recorded, asked = PHASE[0], RECORDING[0], time.time()
    response = _request(user, by_name("invoice_request"), ctx)
    if _ok(response):
        body = response.json()
        RECEIPTS.append(
            {"invoice_id": body["invoice_id"], "deposit_id": deposit_id, "requested_wall": asked,
             "status": body["status"], "phase": phase, "recorded": recorded}
        )  # fmt: skip


FLOWS = {"pay": _pay, "receipt": _receipt}


def _fire(user: FastHttpUser, route: Route) -> None:
    if route.flow:
        FLOWS[route.flow](user)
        return
    _request(user, route, _context(route))


def _paced(user: MixedUser) -> float:
    """Seconds until the user's next slot: one a second from its own start. A user that fell behind (a
    response over a second) fires at once and counts its slots from then, rather than catching up in a
    burst."""
    now = time.monotonic()
    user.next_slot = max(user.next_slot + 1.0, now)
    return user.next_slot - now


class MixedUser(FastHttpUser):
    host = "http://127.0.0.1"
    wait_time = _paced
    network_timeout = 10.0
    connection_timeout = 5.0
    routes: ClassVar[list[Route]] = []
    weights: ClassVar[list[int]] = []
    next_slot = 0.0  # monotonic time of this user's next request

    def on_start(self) -> None:
        gevent.sleep(random.random())  # spread the users' slots over the second
        self.next_slot = time.monotonic()

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


_METRIC = re.compile(r"^(maintfund_[a-z_]+?)(_bucket|_sum|_count|_total)?(\{[^}]*\})? ([0-9.e+-]+)$")
_LE = re.compile(r'le="([^"]+)"')
# Time spent waiting at each hop, before any work is done on the request, and the work itself.
HOPS = {
    "maintfund_http_queue_seconds": "gateway: backlog + free worker",
    "maintfund_http_request_seconds": "gateway: handling",
    "maintfund_grpc_server_queue_seconds": "gRPC: network + server queue + thread + GIL",
    "maintfund_grpc_server_handling_seconds": "gRPC: handling",
    "maintfund_db_pool_wait_seconds": "database pool: free connection",
}


def _scrape() -> dict[str, Any]:
    """SQL statements and handled RPCs summed over every service's /metrics, and the hop histograms
    (sum, count, cumulative buckets) summed over every process and label."""
    totals: dict[str, Any] = {"sql": 0.0, "rpc": 0.0, "hops": {}, "missed": []}
    for url in PLAN.get("metrics_urls", []):
        try:  # the gateway's /metrics queues behind the load it is under: a miss drops that hop, not the run
            with urllib.request.urlopen(url, timeout=10) as response:
                text = response.read().decode()
        except OSError:
            totals["missed"].append(url)
            continue
        for line in text.splitlines():
            match = _METRIC.match(line)
            if not match:
                continue
            name, suffix, labels, raw = match.groups()
            value = float(raw)
            if name == "maintfund_db_statements" and suffix == "_total":
                totals["sql"] += value
            elif name == "maintfund_grpc_server_handled" and suffix == "_total":
                totals["rpc"] += value
            elif name in HOPS and suffix:
                hop = totals["hops"].setdefault(name, {"sum": 0.0, "count": 0.0, "buckets": {}})
                if suffix == "_bucket":
                    le = float(_LE.search(labels or "").group(1))  # type: ignore[union-attr]
                    hop["buckets"][le] = hop["buckets"].get(le, 0.0) + value
                elif suffix in ("_sum", "_count"):
                    hop[suffix[1:]] += value
    return totals


def _hop_times(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Per hop over a phase: observations, mean and p95 (the upper bound of the p95's bucket), ms."""
    out = {}
    missed = set(before.get("missed", [])) | set(after.get("missed", []))
    gateway_missed = any(url.startswith(PLAN.get("gateway_url", "-")) for url in missed)
    for name, label in HOPS.items():
        if (gateway_missed and "_http_" in name) or (missed and not gateway_missed and "_http_" not in name):
            continue  # a process's histograms unread at one end: its hops would be partial sums
        a, b = after["hops"].get(name), before["hops"].get(name, {"sum": 0.0, "count": 0.0, "buckets": {}})
        if not a:
            continue
        count = a["count"] - b["count"]
        if count <= 0:
            continue
        buckets = sorted((le, a["buckets"][le] - b["buckets"].get(le, 0.0)) for le in a["buckets"])
        p95 = next((le for le, n in buckets if n >= 0.95 * count), float("inf"))
        out[label] = {
            "count": count,
            "mean_ms": 1000 * (a["sum"] - b["sum"]) / count,
            "p95_le_ms": 1000 * p95,
        }
    return out


HOST_LOOP = 500_000


def host_loop_ms(runs: int = 5) -> float:
    """CPU milliseconds this process spends on a fixed pure-Python loop (median of ``runs``), taken before a
    phase's users start: this machine's cores (a VM's, shared with other tenants) run the same work up to
    twice as slowly at times, which moves every CPU-per-request and latency figure of the phase with it."""
    times = []
    for _ in range(runs):
        started, total = time.process_time(), 0
        for i in range(HOST_LOOP):
            total += i
        times.append(1000 * (time.process_time() - started))
    return statistics.median(times)


def _run(user_class: type[FastHttpUser], users: int, warmup: float, duration: float) -> dict[str, Any]:
    host_ms = host_loop_ms()
    env = Environment(user_classes=[user_class], events=events)
    runner = env.create_local_runner()
    SAMPLES.clear(), ERRORS.clear(), ERROR_EXAMPLES.clear()
    COMPLETED[0] = 0
    SKIPPED.clear()
    runner.start(users, spawn_rate=users)
    gevent.sleep(warmup)
    hops_before, machine_before = _scrape(), _cpu_snapshot()
    RECORDING[0] = True
    started, cpu_started = time.monotonic(), time.process_time()
    gevent.sleep(duration)
    RECORDING[0] = False
    measured = time.monotonic() - started
    cpu = time.process_time() - cpu_started
    hops, machine_after = _hop_times(hops_before, _scrape()), _cpu_snapshot()
    # cores busy while measuring, by process: is the machine itself the bottleneck?
    cores = {k: (machine_after[k] - machine_before.get(k, 0.0)) / measured for k in machine_after}
    steal_cores = cores.pop(STEAL)
    runner.quit()
    gevent.sleep(3)  # requests still queued in the servers finish before the next phase
    return {
        "duration_s": measured,
        "routes": _summary(measured),
        # this process's CPU seconds per wall second while measuring (1.0 = one core busy)
        "loadgen_cpu_cores": cpu / measured if measured else 0.0,
        "skipped": dict(SKIPPED),
        "hops": hops,
        "busy_cores": cores,
        "host_loop_ms": host_ms,
        # cores' worth of time the hypervisor took from this VM while measuring
        "steal_cores": steal_cores,
    }


STEAL = "steal"  # the _cpu_snapshot key of the hypervisor's steal time, reported apart from busy cores

# the shared servers, found by process name: their CPU is spent on the suite's behalf
SERVER_PROCESSES = {"postgres": "postgresql", "redis-server": "redis", "beam.smp": "rabbitmq"}


def _tree_cpu(pid: int) -> float:
    """CPU seconds of a process and its descendants, the exited ones included (reaped by their parent)."""
    try:
        root = psutil.Process(pid)
        t = root.cpu_times()
        total = t.user + t.system + t.children_user + t.children_system
        for child in root.children(recursive=True):
            try:
                c = child.cpu_times()
                total += c.user + c.system
            except psutil.Error:
                pass
        return total
    except psutil.Error:
        return 0.0


def _cpu_snapshot() -> dict[str, float]:
    """CPU seconds so far: each suite process (tree), each server, this load generator, the whole machine."""
    out = {name: _tree_cpu(pid) for name, pid in PLAN.get("cpu_roots", {}).items()}
    for proc in psutil.process_iter(["name", "cpu_times"]):
        server = SERVER_PROCESSES.get(proc.info["name"] or "")
        if server and proc.info["cpu_times"]:
            out[server] = out.get(server, 0.0) + proc.info["cpu_times"].user + proc.info["cpu_times"].system
    mine = psutil.Process().cpu_times()
    out["load generator"] = mine.user + mine.system
    machine = psutil.cpu_times()
    out["machine"] = machine.user + machine.system + machine.nice + machine.irq + machine.softirq
    # time the hypervisor gave this VM's cores to other guests: the machine was that much smaller
    out[STEAL] = getattr(machine, "steal", 0.0)
    return out


def run_closed(phase: dict[str, Any]) -> dict[str, Any]:
    ClosedUser.route = by_name(phase["route"])
    before, cpu_before, started = _scrape(), _cpu_snapshot(), time.monotonic()
    result = _run(ClosedUser, phase["users"], phase["warmup"], phase["duration"])
    gevent.sleep(0.5)  # let in-flight requests finish before reading the counters
    after, cpu_after, elapsed = _scrape(), _cpu_snapshot(), time.monotonic() - started
    total = max(1, COMPLETED[0])  # the counters saw every request of the phase, warm-up included
    result["sql_per_request"] = (after["sql"] - before["sql"]) / total
    result["rpc_per_request"] = (after["rpc"] - before["rpc"]) / total
    spent = {name: cpu_after[name] - cpu_before.get(name, 0.0) for name in cpu_after}
    machine = spent.pop("machine")
    spent.pop(STEAL)
    result["cpu_ms_per_request"] = {name: 1000 * s / total for name, s in spent.items()}
    # what the machine spent that no listed process did: other work on a shared machine
    result["cpu_ms_per_request"]["other"] = 1000 * max(0.0, machine - sum(spent.values())) / total
    result["machine_busy_cores"] = machine / elapsed
    return result


def run_rate(phase: dict[str, Any]) -> dict[str, Any]:
    MixedUser.routes = [r for r in ROUTES if r.weight > 0]
    MixedUser.weights = [r.weight for r in MixedUser.routes]
    result = _run(MixedUser, int(phase["rate"]), phase["warmup"], phase["duration"])
    # the payer's side (the sandbox) is not the suite: its requests are kept out of the totals
    values = [v for name, v in result["routes"].items() if name != SANDBOX_PAY]
    result["offered_rps"] = phase["rate"]
    result["achieved_rps"] = sum(v["requests"] for v in values) / result["duration_s"]
    result["errors"] = sum(v["errors"] for name, v in result["routes"].items())
    all_samples = sorted(s for name, samples in SAMPLES.items() if name != SANDBOX_PAY for s in samples)
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
                "loadgen_cpu_cores": result["loadgen_cpu_cores"],
                "host_loop_ms": result["host_loop_ms"],
                "steal_cores": result["steal_cores"],
                "hops": result.get("hops", {}),
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
    IDLE.update(i for i, s in enumerate(PLAN["owner_sessions"]) if s["payable"])
    RECEIPT_POOL.extend((int(i), d) for i, d in PLAN["receipt_deposits"])
    results: dict[str, Any] = {}
    for phase in PLAN["phases"]:
        print(f"load: {phase['name']}", flush=True)
        PHASE[0] = phase["name"]
        runner = {"closed": run_closed, "rate": run_rate, "step": run_step}[phase["kind"]]
        results[phase["name"]] = {"phase": phase, **runner(phase)}
    results["flows"] = {"payments": PAYMENTS, "receipts": RECEIPTS, "receipt_pool_left": len(RECEIPT_POOL)}
    out_path.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
