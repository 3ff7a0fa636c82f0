# ruff: noqa: E501 - report-formatting lines read better whole
"""``make bench`` / ``make bench-quick``: seed (or reuse) a synthetic register, start the suite the production
way, drive it from a separate locust process (bench/load.py), print and save the figures.

    python bench/run.py [--houses N] [--quick] [--readme]

Isolation from `make run` and the tests: PostgreSQL databases ``mfbench_h<N>_<service>``, Redis database 9,
RabbitMQ vhost ``maintfund_bench``, ports shifted by 5000 (gateway 13080, baselines 13081, sandbox 14100,
gRPC 55051-55055, /metrics 14300+).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
sys.path[:0] = [str(ROOT / "scripts"), str(BENCH)]
import devctl  # noqa: E402 - the same wiring `make run` uses

sys.path[:0] = devctl.PYTHONPATH.split(os.pathsep)
from routes import BASELINE_GRPC, BASELINE_TRIVIAL, ROUTES  # noqa: E402

PG_BASE = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432")
PORT_OFFSET = 5000
VHOST = "maintfund_bench"
SEED = 1
PY = sys.executable
SERVICES = devctl.SERVICES


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def configure_environment(houses: int) -> None:
    os.environ.update(
        MAINTFUND_DB="postgres",
        PG_URL=PG_BASE,
        PG_DB_PREFIX=f"mfbench_h{houses}_",
        MAINTFUND_PORT_OFFSET=str(PORT_OFFSET),
        AMQP_URL=f"amqp://guest:guest@127.0.0.1:5672/{VHOST}",
        REDIS_URL="redis://127.0.0.1:6379/9",
        PYTHONPATH=devctl.PYTHONPATH,
        # the load comes from one address: the per-address login limit would refuse it
        LOGIN_RATE_LIMIT="1000000/minute",
    )


def ensure_vhost() -> None:
    existing = subprocess.run(
        ["rabbitmqctl", "-q", "list_vhosts"], capture_output=True, text=True, check=True
    )
    if VHOST not in existing.stdout.split():
        subprocess.run(["rabbitmqctl", "-q", "add_vhost", VHOST], check=True, capture_output=True)
    subprocess.run(
        ["rabbitmqctl", "-q", "set_permissions", "-p", VHOST, "guest", ".*", ".*", ".*"],
        check=True,
        capture_output=True,
    )


def _scalar(service: str, sql: str, **params: Any) -> Any:
    from sqlalchemy import create_engine, text

    engine = create_engine(devctl.database_url(service))
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()
    except Exception:
        return None
    finally:
        engine.dispose()


def register_is_complete(houses: int, long_ledger: int) -> bool:
    from maintfund_common.synthetic import house_id

    if _scalar("registry", "SELECT count(*) FROM houses") != houses:
        return False
    if _scalar("deposit", "SELECT count(*) FROM house_accounts") != houses:
        return False
    deep = _scalar("deposit", "SELECT count(*) FROM ledger_entries WHERE house_id = :h", h=house_id(SEED, 0))
    return deep is not None and deep > long_ledger


def recreate_databases() -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(f"{PG_BASE}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for service in SERVICES:
            name = devctl.database_url(service).rpartition("/")[2]
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def seed_register(houses: int, entries: int, long_ledger: int, accounts: int) -> dict[str, Any]:
    """Create or reuse the synthetic register; returns the load timings."""
    timings: dict[str, Any] = {"reused": register_is_complete(houses, long_ledger)}
    if not timings["reused"]:
        log(f"seeding a synthetic register of {houses} houses (~{entries} ledger entries each)")
        recreate_databases()
        devctl.migrate()
        started = time.monotonic()
        commands = {
            "registry": ["seed-synthetic", "--houses", str(houses), "--seed", str(SEED)],
            "deposit": [
                *("seed-synthetic", "--houses", str(houses), "--seed", str(SEED), "--entries", str(entries)),
                *("--long-ledger", str(long_ledger)),
            ],
        }
        procs = {
            s: subprocess.Popen(
                [PY, "-m", f"{s}.entrypoints.cli", *args], env=devctl.service_env(s), cwd=ROOT
            )
            for s, args in commands.items()
        }
        for service, proc in procs.items():
            if proc.wait() != 0:
                raise SystemExit(f"seeding {service} failed")
        timings["seed_seconds"] = round(time.monotonic() - started, 1)
        log(f"register loaded in {timings['seed_seconds']} s (registry and deposit in parallel)")
    else:
        log(f"reusing the synthetic register of {houses} houses")
        devctl.migrate()
    started = time.monotonic()
    subprocess.run(
        [PY, "-m", "identity.entrypoints.cli", "seed-synthetic-accounts", "--count", str(accounts)],
        env=devctl.service_env("identity"),
        cwd=ROOT,
        check=True,
    )
    timings["accounts_seconds"] = round(time.monotonic() - started, 1)
    return timings


def baseline_url() -> str:
    return f"http://127.0.0.1:{8081 + PORT_OFFSET}"


def start_baseline(log_dir: Path) -> subprocess.Popen[bytes]:
    env = devctl.service_env(None, GATEWAY_BIND=baseline_url().removeprefix("http://"))
    with (log_dir / "baseline.log").open("ab") as out:
        return subprocess.Popen(
            [
                *(PY, "-m", "gunicorn", "-c", str(ROOT / "gateway/gunicorn.conf.py")),
                *("--pythonpath", str(BENCH), "baseline_app:create_app()"),
            ],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def wait_grpc_serving(timeout: float = 60) -> None:
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    deadline = time.monotonic() + timeout
    for port in devctl.GRPC_PORTS.values():
        with grpc.insecure_channel(f"127.0.0.1:{port + PORT_OFFSET}") as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            while True:
                try:
                    if stub.Check(health_pb2.HealthCheckRequest(), timeout=1).status == 1:
                        break
                except grpc.RpcError:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(f"gRPC port {port + PORT_OFFSET} is not SERVING")
                time.sleep(0.3)


def prepare_sessions(accounts: int, long_ledger: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Log every bench account in (login binds its house) and collect what the routes' templates need."""
    import requests

    from identity.entrypoints.cli import SYNTHETIC_PASSWORD, synthetic_username
    from maintfund_common.synthetic import house_id

    gateway = devctl.gateway_url()
    sessions = []
    for index in range(accounts):
        http = requests.Session()
        username = synthetic_username(index)
        response = http.post(
            f"{gateway}/api/v1/session",
            json={"username": username, "password": SYNTHETIC_PASSWORD},
            timeout=30,
        )
        response.raise_for_status()
        if not response.json()["user"]["has_houses"]:
            raise SystemExit(f"{username} was not bound to its synthetic house")
        house = house_id(SEED, index)
        page = http.get(f"{gateway}/api/v1/houses/{house}/ledger", timeout=30)
        page.raise_for_status()
        sessions.append(
            {
                "cookie": http.cookies["mf_session"],
                "username": username,
                "password": SYNTHETIC_PASSWORD,
                "house_id": house,
                "entry_id": page.json()["items"][0]["entry_id"],
            }
        )
    deep = dict(sessions[0])
    from sqlalchemy import create_engine, text

    engine = create_engine(devctl.database_url("deposit"))
    with engine.connect() as conn:  # the cursor of page 1000 (20 a page): the id of the 19,980th newest entry
        ids = conn.execute(
            text(
                "SELECT entry_id FROM ledger_entries WHERE house_id = :h ORDER BY entry_id DESC LIMIT 19980"
            ),
            {"h": deep["house_id"]},
        ).scalars()
        deep["deep_cursor"] = str(list(ids)[-1])
    engine.dispose()
    return sessions, deep


def metrics_urls() -> list[str]:
    names = [name for name, _, _ in devctl.PROCESS_TABLE]
    return [f"http://127.0.0.1:{9300 + PORT_OFFSET + names.index(f'{s}-grpc')}/metrics" for s in SERVICES]


def phases(quick: bool) -> list[dict[str, Any]]:
    warm, capacity, sustained, burst, step = (1, 4, 15, 5, 5) if quick else (2, 8, 60, 15, 10)
    out: list[dict[str, Any]] = [
        {"name": f"capacity:{r.name}", "kind": "closed", "route": r.name, "users": 8, "warmup": warm, "duration": capacity}
        for r in ROUTES
    ]  # fmt: skip
    out += [  # the step-up first, from a quiet suite; a pause lets each phase's backlog drain
        {"name": "step", "kind": "step", "start": 100, "step": 50, "max": 2000, "p95_ms": 50, "warmup": 1,
         "duration": step},
        {"name": "mixed400", "kind": "rate", "rate": 400, "warmup": 2, "duration": sustained},
        {"name": "burst800", "kind": "rate", "rate": 800, "warmup": 1, "duration": burst},
    ]  # fmt: skip
    return out


def _hwm_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_memory(procs: list[tuple[str, subprocess.Popen[bytes]]]) -> dict[str, float]:
    """Peak resident memory (VmHWM) per process in MiB; gunicorn's workers are reported as their maximum."""
    import psutil

    out: dict[str, float] = {}
    for name, proc in procs:
        out[name] = round(_hwm_kib(proc.pid) / 1024, 1)
        try:
            children = psutil.Process(proc.pid).children(recursive=True)
        except psutil.Error:
            children = []
        if children:
            out[f"{name} worker (max of {len(children)})"] = round(
                max(_hwm_kib(c.pid) for c in children) / 1024, 1
            )
    return out


def _fmt(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}"


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}" if base else "n/a"


def report(result: dict[str, Any], meta: dict[str, Any]) -> tuple[str, bool]:
    """The markdown report and whether any measured phase had errors."""
    load = result["load"]
    cap = {r.name: load[f"capacity:{r.name}"] for r in ROUTES}

    def cap_stats(name: str) -> dict[str, Any]:
        return cap[name]["routes"].get(
            name, {"throughput_rps": 0, "p50_ms": 0, "p95_ms": 0, "p99_ms": 0, "errors": 0}
        )

    a, c = cap_stats(BASELINE_TRIVIAL), cap_stats(BASELINE_GRPC)
    lines = [
        f"Command: `{meta['command']}` — {meta['houses']:,} houses, {meta['ledger_rows']:,} ledger rows, "
        f"machine: {meta['nproc']} cores, {meta['mem_gib']} GiB, {meta['cpu']}; {meta['date']}.",
        "",
        f"Register: {'reused' if meta['seed'].get('reused') else 'loaded in ' + str(meta['seed'].get('seed_seconds')) + ' s'}"
        f" (PostgreSQL COPY); {meta['accounts']} bench accounts.",
        "",
        f"**Capacity per route** (closed loop, 8 concurrent users, {load['capacity:home_me']['phase']['duration']} s "
        "each; (a) = trivial Flask route, (c) = one trivial gRPC call, both under the gateway's gunicorn config):",
        "",
        "| route | gRPC calls | req/s | × (a) | × (c) | p50 ms | p95 ms | p99 ms | p50 × (a) | p50 × (c) | SQL/req | RPC/req | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]  # fmt: skip
    errors = 0
    for route in ROUTES:
        s = cap_stats(route.name)
        errors += s["errors"]
        phase = cap[route.name]
        lines.append(
            f"| {route.name} | {route.backend_calls} | {_fmt(s['throughput_rps'], 0)} | "
            f"{_ratio(s['throughput_rps'], a['throughput_rps'])} | {_ratio(s['throughput_rps'], c['throughput_rps'])} | "
            f"{_fmt(s['p50_ms'])} | {_fmt(s['p95_ms'])} | {_fmt(s['p99_ms'])} | {_ratio(s['p50_ms'], a['p50_ms'])} | "
            f"{_ratio(s['p50_ms'], c['p50_ms'])} | {_fmt(phase['sql_per_request'], 2)} | "
            f"{_fmt(phase['rpc_per_request'], 2)} | {s['errors']} |"
        )  # fmt: skip
    for key, title in (
        ("mixed400", "Mixed load, 400 req/s offered"),
        ("burst800", "Burst, 800 req/s offered"),
    ):
        phase = load[key]
        ma, mc = phase["routes"].get(BASELINE_TRIVIAL, {}), phase["routes"].get(BASELINE_GRPC, {})
        errors += phase["errors"]
        lines += [
            "",
            f"**{title}** ({_fmt(phase['duration_s'], 0)} s; achieved {_fmt(phase['achieved_rps'], 0)} req/s, "
            f"p95 of all {_fmt(phase['p95_ms_all'])} ms, {phase['errors']} errors):",
            "",
            "| route | req/s | p50 ms | p95 ms | p99 ms | p95 × (a) | p95 × (c) | errors |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for route in ROUTES:
            s = phase["routes"].get(route.name)
            if s is None:
                continue
            lines.append(
                f"| {route.name} | {_fmt(s['throughput_rps'])} | {_fmt(s['p50_ms'])} | {_fmt(s['p95_ms'])} | "
                f"{_fmt(s['p99_ms'])} | {_ratio(s['p95_ms'], ma.get('p95_ms', 0))} | "
                f"{_ratio(s['p95_ms'], mc.get('p95_ms', 0))} | {s['errors']} |"
            )
    step = load["step"]
    steps = ", ".join(
        f"{s['offered_rps']}→{_fmt(s['achieved_rps'], 0)} req/s p95 {_fmt(s['p95_ms'])} ms"
        + (f" {s['errors']} errors" if s["errors"] else "")
        for s in step["steps"]
    )
    lines += [
        "",
        f"**Highest sustainable mixed rate** (p95 ≤ 50 ms, no errors, ≥ 95 % of offered achieved): "
        f"{step['highest_sustainable_rps']} req/s (steps: {steps}).",
    ]
    deep_cap = cap_stats("long_ledger_page1000")["p50_ms"] / max(
        cap_stats("long_ledger_page1")["p50_ms"], 1e-9
    )
    m = load["mixed400"]["routes"]
    deep_mixed = m.get("long_ledger_page1000", {}).get("p50_ms", 0) / max(
        m.get("long_ledger_page1", {}).get("p50_ms", 0), 1e-9
    )
    owner = [m[r.name] for r in ROUTES if r.owner_read and r.name in m]
    owner_p95 = max((s["p95_ms"] for s in owner), default=0)
    owner_errors = sum(s["errors"] for s in owner)
    one_call = [r for r in ROUTES if r.owner_read and r.backend_calls == 1]
    lines += [
        "",
        f"**Fund details deep page** (page 1000 of a {meta['long_ledger']:,}-entry ledger) / page 1, p50: "
        f"{deep_cap:.2f} (capacity run), {deep_mixed:.2f} (mixed 400 req/s).",
        "",
        "**Peak memory (VmHWM, MiB)**: "
        + ", ".join(f"{name} {mib}" for name, mib in result["memory_mib"].items())
        + ".",
        "",
        "**Targets (issue 8)**:",
        f"- owner p95 ≤ 50 ms and 0 errors at 400 req/s mixed: worst owner-route p95 {owner_p95:.1f} ms, "
        f"{owner_errors} errors → {'MET' if owner_p95 <= 50 and owner_errors == 0 else 'MISSED'}",
        f"- page 1000 / page 1 ≤ 1.5: {deep_cap:.2f} → {'MET' if deep_cap <= 1.5 else 'MISSED'}",
        "- owner read routes with one backend call ≥ 0.8 × (c): "
        + (
            ", ".join(
                f"{r.name} {_ratio(cap_stats(r.name)['throughput_rps'], c['throughput_rps'])}"
                for r in one_call
            )
            if one_call
            else "no current owner route makes a single call (each makes two: the registry's ownership check, "
            "then the data); see the × (c) column"
        ),
    ]
    return "\n".join(lines), errors > 0


def update_readme(table: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + start + "\n" + table + "\n" + end + rest.split(end, 1)[1]
        readme.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench")
    parser.add_argument("--houses", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=20, help="ledger entries per house")
    parser.add_argument(
        "--long-ledger", type=int, default=25_000, help="extra entries of house 0 (deep pages)"
    )
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="short phases (bench-quick)")
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    args = parser.parse_args()

    configure_environment(args.houses)
    ensure_vhost()
    seed = seed_register(args.houses, args.entries, args.long_ledger, args.accounts)
    log_dir = ROOT / "var" / "bench" / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    procs = devctl.start_all(log_dir)
    procs.append(("baseline", start_baseline(log_dir)))
    try:
        if not devctl.wait_ready(devctl.gateway_url() + "/readyz", timeout=90):
            raise SystemExit(f"the gateway did not become ready; see {log_dir}")
        if not devctl.wait_ready(baseline_url() + "/trivial", timeout=60):
            raise SystemExit(f"the baseline app did not start; see {log_dir}/baseline.log")
        wait_grpc_serving()
        log(f"suite up; logging in {args.accounts} bench accounts")
        sessions, deep = prepare_sessions(args.accounts, args.long_ledger)
        plan = {
            "gateway_url": devctl.gateway_url(),
            "baseline_url": baseline_url(),
            "owner_sessions": sessions,
            "deep_session": deep,
            "metrics_urls": metrics_urls(),
            "phases": phases(args.quick),
        }
        work = ROOT / "var" / "bench"
        (work / "plan.json").write_text(json.dumps(plan, ensure_ascii=False))
        log("load generator starting (locust, a separate process)")
        subprocess.run(
            [PY, str(BENCH / "load.py"), str(work / "plan.json"), str(work / "load.json")], check=True
        )
        load = json.loads((work / "load.json").read_text())
        memory = peak_memory(procs)
    finally:
        devctl.stop_all(procs)
    meta = {
        "command": "make bench-quick" if args.quick else f"make bench (bench/run.py --houses {args.houses})",
        "houses": args.houses,
        "ledger_rows": args.houses * args.entries + args.long_ledger,
        "long_ledger": args.long_ledger,
        "accounts": args.accounts,
        "nproc": os.cpu_count(),
        "mem_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
        "cpu": platform.processor() or platform.machine(),
        "date": time.strftime("%Y-%m-%d"),
        "seed": seed,
    }
    result = {"meta": meta, "load": load, "memory_mib": memory}
    table, had_errors = report(result, meta)
    out_dir = BENCH / "results"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "latest.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    (out_dir / "latest.md").write_text(table + "\n", encoding="utf-8")
    print("\n" + table, flush=True)
    if args.readme:
        update_readme(table)
    if had_errors:
        print("\nbench: some requests failed (see the errors columns and var/bench/log/)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
