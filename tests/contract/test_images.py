"""Each image's dependency set, proven without a container engine (issue 7).

For every Dockerfile: it copies only common, the generated protos and its own code; it installs exactly its
own requirements file; that file is a subset of the root requirements.txt with identical pins; every
third-party module its code can import is covered by it (imports found with ast, following first-party
imports from the image's own package into services/common and protos/gen, mapped to distributions with
importlib.metadata); and nothing in it is unused. The integration test builds the image's file system
layout in a temporary directory, installs the requirements file into a clean virtualenv, runs the
Dockerfile's command and its HEALTHCHECK, and asks grpc.health.v1 for "liveness".
"""

from __future__ import annotations

import ast
import importlib.metadata as md
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("identity", "registry", "deposit", "invoice", "quickpay", "notification")
IMAGES = (*SERVICES, "gateway")
BASE_IMAGE = re.compile(r"^python:3\.11\.\d+-slim(-[a-z]+)?$")
#: Distributions an image needs although no module imports them, and why.
RUNTIME_ONLY = {
    "psycopg": "the PostgreSQL driver SQLAlchemy loads for postgresql+psycopg:// URLs",
    "gunicorn": "the gateway's container command",
    "pyyaml": "apispec's Flask plugin imports it (apispec.yaml_utils) without declaring it",
    "hiredis": "redis-py's C reply parser, loaded by redis-py when installed",
}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Requirement:
    name: str  # canonical
    extras: tuple[str, ...]
    version: str
    line: str


def parse_requirements(path: Path) -> dict[str, Requirement]:
    reqs: dict[str, Requirement] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[([^\]]+)\])?==([^\s;]+)", line)
        assert match, f"{path.relative_to(ROOT)}: {line!r} is not pinned as name==version"
        name = canonical(match[1])
        assert name not in reqs, f"{path.relative_to(ROOT)}: {name} appears twice"
        extras = tuple(sorted(e.strip() for e in (match[2] or "").split(",") if e.strip()))
        reqs[name] = Requirement(name, extras, match[3], line)
    return reqs


# ------------------------------------------------------------------------------------ Dockerfiles


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str


def dockerfile_path(image: str) -> Path:
    return ROOT / ("gateway" if image == "gateway" else f"services/{image}") / "Dockerfile"


def parse_dockerfile(path: Path) -> list[Instruction]:
    """Instructions with continuation lines joined and comments dropped."""
    instructions, pending = [], ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        line = (pending + stripped).strip()
        pending = ""
        keyword, _, args = line.partition(" ")
        instructions.append(Instruction(keyword.upper(), args.strip()))
    return instructions


def runtime_stage(instructions: list[Instruction]) -> list[Instruction]:
    """The instructions of the last stage (the image that ships)."""
    starts = [i for i, ins in enumerate(instructions) if ins.keyword == "FROM"]
    return instructions[starts[-1] :]


def dockerfile_env(stage: list[Instruction]) -> dict[str, str]:
    env: dict[str, str] = {}
    for ins in stage:
        if ins.keyword == "ENV":
            for token in shlex.split(ins.args):
                key, sep, value = token.partition("=")
                if sep:
                    env[key] = value
    return env


def exec_form(args: str) -> list[str]:
    value = json.loads(args)
    assert isinstance(value, list), f"use the exec (JSON) form: {args}"
    return value


def expected_sources(image: str) -> set[str]:
    own = {"gateway/gateway", "gateway/gunicorn.conf.py"} if image == "gateway" else {f"services/{image}"}
    return {"services/common/maintfund_common", "protos/gen/python"} | own


def requirements_path(image: str) -> Path:
    return ROOT / ("gateway" if image == "gateway" else f"services/{image}") / "requirements.txt"


@pytest.mark.parametrize("image", IMAGES)
def test_dockerfile_shape(image: str) -> None:
    path = dockerfile_path(image)
    instructions = parse_dockerfile(path)
    froms = [ins.args.split()[0] for ins in instructions if ins.keyword == "FROM"]
    assert len(froms) >= 2, f"{path}: multi-stage (build wheels, then a slim runtime)"
    for base in froms:
        assert BASE_IMAGE.match(base), f"{path}: base {base!r} must be python:3.11.<patch>-slim pinned by tag"
    assert len(set(froms)) == 1, f"{path}: every stage uses the same base"

    stage = runtime_stage(instructions)
    own_requirements = str(requirements_path(image).relative_to(ROOT))
    copies = [ins.args.split() for ins in stage if ins.keyword == "COPY"]
    sources = {args[0] for args in copies if not args[0].startswith("--")}
    assert sources - {own_requirements} == expected_sources(image), (
        f"{path}: the runtime stage copies {sorted(sources)}; "
        "expected only common, protos/gen and its own code"
    )
    for ins in instructions:
        if ins.keyword == "COPY" and "requirements" in ins.args:
            assert ins.args.split()[0] == own_requirements, (
                f"{path}: installs another image's requirements: {ins.args}"
            )
    installs = [ins.args for ins in stage if ins.keyword == "RUN" and "pip install" in ins.args]
    assert installs and all("-r /tmp/requirements.txt" in cmd and "--no-index" in cmd for cmd in installs), (
        f"{path}: the runtime stage installs exactly its requirements file from the built wheels"
    )
    users = [ins.args for ins in stage if ins.keyword == "USER"]
    assert users and users[-1].split(":")[0] == "10001", f"{path}: runs as uid 10001"
    assert any(ins.keyword == "HEALTHCHECK" for ins in stage), f"{path}: needs a HEALTHCHECK"
    cmd = exec_form(next(ins.args for ins in reversed(stage) if ins.keyword == "CMD"))
    if image == "gateway":
        assert cmd == ["gunicorn", "-c", "gateway/gunicorn.conf.py", "gateway.app:create_app()"]
    else:
        assert cmd == ["python", "-m", f"{image}.entrypoints.grpc_server"]
        env = dockerfile_env(stage)
        assert env["PYTHONPATH"] == f"/app/services/common:/app/services/{image}:/app/protos/gen/python"


def _generator():  # scripts/dockerfiles.py, the one template every Dockerfile is written from
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import dockerfiles
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return dockerfiles


def test_dockerfiles_are_written_from_one_template() -> None:
    """Every image's Dockerfile is what `make dockerfiles` writes (a hand edit or a copy fails here)."""
    generator = _generator()
    assert set(generator.IMAGES) == set(IMAGES)
    stale = [i for i in IMAGES if dockerfile_path(i).read_text(encoding="utf-8") != generator.render(i)]
    assert not stale, f"Dockerfiles differ from scripts/dockerfiles.py's template: {stale} (make dockerfiles)"


def test_every_image_and_the_local_suite_start_grpc_core_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """gRPC's core reads its settings once, at import: every image's ENV and every process of the local
    suite carry maintfund_common.grpc_core_env's, and an environment that sets one keeps its own."""
    import devctl

    from maintfund_common.grpc_core_env import GRPC_CORE_ENV

    assert GRPC_CORE_ENV
    for image in IMAGES:
        env = dockerfile_env(runtime_stage(parse_dockerfile(dockerfile_path(image))))
        assert {key: env.get(key) for key in GRPC_CORE_ENV} == GRPC_CORE_ENV, image
    for key in GRPC_CORE_ENV:
        monkeypatch.delenv(key, raising=False)
    for service in (None, "deposit"):
        assert {key: devctl.service_env(service)[key] for key in GRPC_CORE_ENV} == GRPC_CORE_ENV
    monkeypatch.setenv("GRPC_EXPERIMENTS", "")  # grpcio's own defaults, e.g. to compare
    assert devctl.service_env("deposit")["GRPC_EXPERIMENTS"] == ""


def test_a_new_service_is_one_row_of_the_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A service the template has never seen gets a Dockerfile of the same shape from its name and ports."""
    generator = _generator()
    monkeypatch.setitem(generator.IMAGES, "ledgerx", generator.Image(50099, 9299))
    path = tmp_path / "Dockerfile"
    path.write_text(generator.render("ledgerx"), encoding="utf-8")
    stage = runtime_stage(parse_dockerfile(path))
    copies = [ins.args for ins in stage if ins.keyword == "COPY" and not ins.args.startswith("--")]
    assert {args.split()[0] for args in copies} == {
        "services/common/maintfund_common", "protos/gen/python", "services/ledgerx",
        "services/ledgerx/requirements.txt",
    }  # fmt: skip
    env = dockerfile_env(stage)
    assert (env["GRPC_PORT"], env["METRICS_PORT"], env["MAINTFUND_ENV"]) == ("50099", "9299", "production")
    assert env["PYTHONPATH"] == "/app/services/common:/app/services/ledgerx:/app/protos/gen/python"
    cmd = exec_form(next(ins.args for ins in reversed(stage) if ins.keyword == "CMD"))
    assert cmd == ["python", "-m", "ledgerx.entrypoints.grpc_server"]
    assert "fonts-wqy-zenhei" not in path.read_text() and "fonts-wqy-zenhei" in generator.render("deposit")


def test_dockerignore_keeps_local_state_out() -> None:
    patterns = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    for needed in (".venv", "var", ".git", "**/__pycache__", "tests", "dev"):
        assert needed in patterns, f".dockerignore must exclude {needed}"


#: Development-only code (issue 16): the demo data, the synthetic register and their seeders.
DEV_PACKAGE = "dev/maintfund_dev"
DEV_MODULE = re.compile(r"(^|_)(demo|synthetic)(_|$)")


def _shipped_python(image: str) -> list[Path]:
    """Every Python file the image's runtime stage copies in (directories walked)."""
    files: list[Path] = []
    for ins in runtime_stage(parse_dockerfile(dockerfile_path(image))):
        if ins.keyword != "COPY" or ins.args.startswith("--"):
            continue
        source = ROOT / ins.args.split()[0]
        files += sorted(source.rglob("*.py")) if source.is_dir() else [source]
    return [f for f in files if f.suffix == ".py"]


@pytest.mark.parametrize("image", IMAGES)
def test_images_contain_no_demo_or_synthetic_seeding(image: str) -> None:
    """The image copies nothing of the development package and no module named demo/synthetic, and no
    shipped file imports the development package (import-linter says the same for the whole tree)."""
    stage = runtime_stage(parse_dockerfile(dockerfile_path(image)))
    copies = [ins.args for ins in stage if ins.keyword == "COPY" and not ins.args.startswith("--")]
    sources = [args.split()[0] for args in copies]
    assert not [s for s in sources if s == "dev" or s.startswith("dev/")], f"{image} copies {sources}"
    shipped = _shipped_python(image)
    assert len(shipped) > 10, f"{image}: the walk found too little to prove anything: {shipped}"
    named = [str(f.relative_to(ROOT)) for f in shipped if DEV_MODULE.search(f.stem)]
    assert not named, f"{image} ships demo/synthetic modules: {named}"
    importing = [
        str(f.relative_to(ROOT))
        for f in shipped
        if re.search(r"^\s*(from|import)\s+maintfund_dev\b", f.read_text(encoding="utf-8"), re.M)
    ]
    assert not importing, f"{image} ships code importing maintfund_dev: {importing}"


def test_no_demo_or_synthetic_module_in_any_production_package() -> None:
    """No module or package named demo/synthetic under services/*/ or gateway/; they live in dev/."""
    production = [*sorted((ROOT / "services").glob("*/")), ROOT / "gateway"]
    found = [
        str(path.relative_to(ROOT))
        for folder in production
        for path in folder.rglob("*")
        if "__pycache__" not in path.parts
        and (path.suffix == ".py" or path.is_dir())
        and DEV_MODULE.search(path.stem)
    ]
    assert not found, f"demo/synthetic code in production packages: {found}"
    for name in ("demo.py", "synthetic.py", "cli.py"):
        assert (ROOT / DEV_PACKAGE / name).is_file(), f"{DEV_PACKAGE}/{name} is where it lives"


def test_the_dev_module_check_recognises_seeding_names() -> None:
    """The name rule above catches what it must and lets ordinary modules through."""
    for bad in ("demo", "synthetic", "seed_demo", "demo_data", "synthetic_register"):
        assert DEV_MODULE.search(bad), bad
    for fine in ("grpc_server", "democracy", "deposits", "cli"):
        assert not DEV_MODULE.search(fine), fine


# --------------------------------------------------------------------------------- requirements


@pytest.mark.parametrize("image", IMAGES)
def test_requirements_are_a_subset_of_the_root_pins(image: str) -> None:
    root = parse_requirements(ROOT / "requirements.txt")
    own = parse_requirements(requirements_path(image))
    for name, req in own.items():
        assert name in root, (
            f"{requirements_path(image).relative_to(ROOT)}: {req.line} is not in requirements.txt"
        )
        assert (req.version, req.extras) == (root[name].version, root[name].extras), (
            f"{requirements_path(image).relative_to(ROOT)}: {req.line} "
            f"differs from requirements.txt ({root[name].line})"
        )


@cache
def _distributions_of_module() -> dict[str, list[str]]:
    return {k: [canonical(d) for d in v] for k, v in md.packages_distributions().items()}


def _dependencies(dist: str, extras: tuple[str, ...] = ()) -> set[str]:
    """Direct requirements of an installed distribution (with the given extras), markers evaluated."""
    from packaging.requirements import Requirement as PkgRequirement

    try:
        requires = md.requires(dist) or []
    except md.PackageNotFoundError:
        return set()
    found = set()
    for spec in requires:
        req = PkgRequirement(spec)
        if req.marker is None or any(req.marker.evaluate({"extra": e}) for e in (*extras, "")):
            found.add(canonical(req.name))
    return found


def closure(reqs: dict[str, Requirement]) -> dict[str, str]:
    """Every distribution pip installs for these requirements -> the requirement that brings it."""
    brought: dict[str, str] = {}
    queue = [(name, req.extras, name) for name, req in reqs.items()]
    while queue:
        dist, extras, via = queue.pop()
        if dist in brought:
            continue
        brought[dist] = via
        queue += [(dep, (), via) for dep in _dependencies(dist, extras)]
    return brought


def _module_file(module: str, roots: list[Path]) -> Path | None:
    parts = module.split(".")
    for root in roots:
        candidate = root.joinpath(*parts)
        if candidate.with_suffix(".py").is_file():
            return candidate.with_suffix(".py")
        if (candidate / "__init__.py").is_file():
            return candidate / "__init__.py"
        if candidate.is_dir():  # a namespace package (protos/gen/python/maintfund)
            return candidate
    return None


def image_code(image: str) -> tuple[list[Path], list[Path]]:
    """(source roots on the image's PYTHONPATH, the files its processes start from)."""
    if image == "gateway":
        roots = [ROOT / "services/common", ROOT / "gateway", ROOT / "protos/gen/python"]
        starts = [*sorted((ROOT / "gateway/gateway").rglob("*.py")), ROOT / "gateway/gunicorn.conf.py"]
    else:
        svc = ROOT / "services" / image
        roots = [ROOT / "services/common", svc, ROOT / "protos/gen/python"]
        starts = sorted((svc / image).rglob("*.py")) + sorted((svc / "migrations").rglob("*.py"))
    return roots, starts


def third_party_imports(image: str) -> dict[str, str]:
    """Top-level third-party modules reachable from the image's own code -> one file importing it.

    First-party imports are followed into services/common and protos/gen (whatever those files import,
    even inside functions, counts), so the result is what this image can import, not all of common.
    """
    roots, starts = image_code(image)
    seen: set[Path] = set()
    queue = list(starts)
    found: dict[str, str] = {}
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        package = path.parent
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            modules: list[str] = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: resolve against the file's package
                    base = package
                    for _ in range(node.level - 1):
                        base = base.parent
                    target = base.joinpath(*(node.module or "").split(".")) if node.module else base
                    for name in [None, *(a.name for a in node.names)]:
                        candidate = target / name if name else target
                        for file in (candidate.with_suffix(".py"), candidate / "__init__.py"):
                            if file.is_file():
                                queue.append(file)
                    continue
                modules = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            for module in modules:
                top = module.split(".")[0]
                if not top or top in sys.stdlib_module_names or top == "__future__":
                    continue
                parts = module.split(".")
                local = [
                    f for i in range(1, len(parts) + 1) if (f := _module_file(".".join(parts[:i]), roots))
                ]
                if local:
                    queue.extend(f for f in local if f.is_file())
                elif _module_file(top, roots) is None:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("image", IMAGES)
def test_every_imported_module_is_covered(image: str) -> None:
    own = parse_requirements(requirements_path(image))
    installed = closure(own)
    dists = _distributions_of_module()
    missing = []
    for module, where in sorted(third_party_imports(image).items()):
        candidates = dists.get(module)
        if not candidates:
            missing.append(f"{module} (imported by {where}) is not installed in the dev venv at all")
        elif not set(candidates) & set(installed):
            missing.append(f"{module} (imported by {where}; distribution {'/'.join(candidates)})")
    assert not missing, f"{requirements_path(image).relative_to(ROOT)} lacks: " + "; ".join(missing)


@pytest.mark.parametrize("image", IMAGES)
def test_nothing_unused_and_transitive_root_pins_are_explicit(image: str) -> None:
    root = parse_requirements(ROOT / "requirements.txt")
    own = parse_requirements(requirements_path(image))
    dists = _distributions_of_module()
    imported = {d for module in third_party_imports(image) for d in dists.get(module, [])}
    used = closure({name: req for name, req in own.items() if name in imported or name in RUNTIME_ONLY})
    unused = sorted(set(own) - set(used))
    assert not unused, f"{requirements_path(image).relative_to(ROOT)}: nothing imports {unused}"
    # A dependency of a listed package that the root file pins must be pinned here too (same version).
    implicit = sorted(d for d in closure(own) if d in root and d not in own)
    assert not implicit, f"{requirements_path(image).relative_to(ROOT)}: add the root pins of {implicit}"


# ---------------------------------------------------------------------------- the real install


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _layout_image(image: str, app: Path) -> list[Instruction]:
    """Copy what the runtime stage COPYs to the same places under ``app`` (standing in for /app)."""
    stage = runtime_stage(parse_dockerfile(dockerfile_path(image)))
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for ins in stage:
        if ins.keyword != "COPY" or ins.args.startswith("--"):
            continue
        source, dest = ins.args.split()
        if not dest.startswith("/app/"):
            continue
        target = app / dest.removeprefix("/app/")
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / source).is_dir():
            shutil.copytree(ROOT / source, target, ignore=ignore)
        else:
            shutil.copy2(ROOT / source, target)
    return stage


@pytest.mark.integration
@pytest.mark.timeout(600)
def test_identity_image_dependencies_start_the_container_command(tmp_path: Path) -> None:
    """Install exactly what the identity Dockerfile installs into a clean venv and start its CMD."""
    image = "identity"
    app = tmp_path / "app"
    stage = _layout_image(image, app)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run(
        [
            str(venv / "bin/python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            str(requirements_path(image)),
        ],
        capture_output=True,
        text=True,
        timeout=480,
        check=False,
    )
    assert pip.returncode == 0, (
        f"pip install -r {requirements_path(image)} failed:\n{pip.stdout}\n{pip.stderr}"
    )

    image_env = dockerfile_env(stage)
    port, metrics = _free_port(), _free_port()
    keys = ",".join(f"k{i}:" + __import__("base64").b64encode(os.urandom(32)).decode() for i in (1, 2))
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        **image_env,
        "PYTHONPATH": image_env["PYTHONPATH"].replace("/app", str(app)),
        "GRPC_PORT": str(port),
        "METRICS_PORT": str(metrics),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'identity.db'}",
        "AMQP_URL": "amqp://guest:guest@127.0.0.1:1/%2F",
        "PII_KEYS": keys,
        "PII_ACTIVE_KEY_ID": "k2",
        "PII_INDEX_KEY": __import__("base64").b64encode(os.urandom(32)).decode(),
        "GRPC_CALLER_TOKENS": "gateway=test-gateway-token",
        "GRPC_CLIENT_TOKEN": "test-identity-token",
        "SMS_API_KEY": "test",
        "IDP_API_KEY": "test",
        "GRPC_GRACE_SECONDS": "2",
    }
    assert env["MAINTFUND_ENV"] == "production"
    cmd = exec_form(next(ins.args for ins in reversed(stage) if ins.keyword == "CMD"))
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(cmd, cwd=app, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        status = None
        deadline = time.monotonic() + 60
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    status = stub.Check(health_pb2.HealthCheckRequest(service="liveness"), timeout=2).status
                    break
                except grpc.RpcError:
                    time.sleep(0.3)
        output = (tmp_path / "server.log").read_text()
        assert status == health_pb2.HealthCheckResponse.SERVING, (
            f"liveness is {status}; server said:\n{output}"
        )
        # The image's own HEALTHCHECK command, run with the image's interpreter and packages.
        health = next(ins.args for ins in stage if ins.keyword == "HEALTHCHECK")
        check = exec_form(health.split(" CMD ", 1)[1])
        result = subprocess.run(
            check, cwd=app, env=env, capture_output=True, text=True, timeout=30, check=False
        )
        assert result.returncode == 0, f"HEALTHCHECK failed: {result.stdout}{result.stderr}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
