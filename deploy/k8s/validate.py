#!/usr/bin/env python3
"""Build every kustomize overlay, validate it against the Kubernetes schemas, and check the workload rules.

    python deploy/k8s/validate.py              # build + schema + rules (seconds; part of `make test`)
    python deploy/k8s/validate.py --checkov    # ... and the checkov scan of the manifests and Dockerfiles

The workloads are discovered from the code, not from the manifests: every ``services/<name>/<name>/``
package and the gateway must have a complete set of manifests in every overlay (Deployment with probes,
resources, a locked-down security context and graceful termination; Service, PodDisruptionBudget and
HorizontalPodAutoscaler for whatever serves; a Deployment for each further process type the code has
(``entrypoints/relay.py``, ``entrypoints/consumer.py``); a migration Job per service with Alembic; a
NetworkPolicy letting it in and out; default deny), so a new service or process type cannot be added
without them. tests/contract/test_k8s_manifests.py runs the same checks under pytest.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
K8S_DIR = ROOT / "deploy" / "k8s"
OVERLAYS = ("dev", "production")
#: The Kubernetes version every resource is validated against (kubernetes-validate, strict schemas).
KUBERNETES_VERSION = "1.32.0"
NAMESPACE = "maintfund"
GATEWAY = "gateway"
RUN_AS_USER = 10001
DEFAULT_GRACE_SECONDS = 20.0
INGRESS_CONTROLLER_NAMESPACE = "ingress-nginx"
CHECKOV_REQUIREMENTS = ROOT / "deploy" / "requirements-checkov.txt"
CHECKOV_VENV = ROOT / ".venv" / "tools" / "checkov"

NAME = "app.kubernetes.io/name"
COMPONENT = "app.kubernetes.io/component"


class ValidationFailed(RuntimeError):
    """The overlay could not be built (kustomize error) or a tool is missing."""


# --------------------------------------------------------------------------------------- discovery


@dataclass(frozen=True)
class Workload:
    """A deployable as the code defines it."""

    name: str
    is_gateway: bool
    process_types: tuple[str, ...]  # besides the server: "relay", "consumer"
    has_migrations: bool


def discover_workloads(root: Path = ROOT) -> list[Workload]:
    """Every service package under services/ (not common) plus the gateway."""
    found: list[Workload] = []
    for service_dir in sorted((root / "services").iterdir()):
        name = service_dir.name
        package = service_dir / name
        if name == "common" or not (package / "__init__.py").is_file():
            continue
        entrypoints = package / "entrypoints"
        types = tuple(
            t for t in ("relay", "consumer", "worker", "poller") if (entrypoints / f"{t}.py").is_file()
        )
        found.append(Workload(name, False, types, (service_dir / "alembic.ini").is_file()))
    if (root / "gateway" / "gateway" / "__init__.py").is_file():
        found.append(Workload(GATEWAY, True, (), False))
    return found


# ------------------------------------------------------------------------------------------ build


def kubectl() -> str:
    path = shutil.which("kubectl")
    if path is None:
        raise ValidationFailed("kubectl is not installed: `kubectl kustomize` builds the overlays")
    return path


def build_overlay(overlay: str) -> list[dict[str, Any]]:
    """`kubectl kustomize deploy/k8s/overlays/<overlay>` as a list of resources."""
    directory = K8S_DIR / "overlays" / overlay
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [kubectl(), "kustomize", str(directory)], capture_output=True, text=True, timeout=120, check=False
    )
    if result.returncode != 0:
        raise ValidationFailed(f"kustomize build of {directory.relative_to(ROOT)} failed:\n{result.stderr}")
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


# ----------------------------------------------------------------------------------------- schema


def schema_errors(docs: Iterable[dict[str, Any]], version: str = KUBERNETES_VERSION) -> list[str]:
    """Strict schema validation of every resource (unknown fields are errors)."""
    import kubernetes_validate

    errors = []
    for doc in docs:
        where = f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            path = "/".join(str(p) for p in exc.path) if getattr(exc, "path", None) else ""
            errors.append(f"{where}: schema (Kubernetes {version}): {exc.message} at {path or '/'}")
        except kubernetes_validate.SchemaNotFoundError as exc:
            errors.append(f"{where}: no schema for {doc.get('apiVersion')} {doc.get('kind')} ({exc})")
    return errors


# ------------------------------------------------------------------------------------------ rules


class Resources:
    def __init__(self, docs: list[dict[str, Any]]) -> None:
        self.docs = docs

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [d for d in self.docs if d.get("kind") == kind]

    def get(self, kind: str, name: str) -> dict[str, Any] | None:
        return next((d for d in self.of(kind) if d["metadata"]["name"] == name), None)

    def configmap_data(self, pod_spec: dict[str, Any], container: dict[str, Any]) -> dict[str, str]:
        data: dict[str, str] = {}
        for source in container.get("envFrom", []):
            ref = source.get("configMapRef")
            if ref:
                cm = self.get("ConfigMap", ref["name"])
                data.update((cm or {}).get("data", {}))
        for env in container.get("env", []):
            if "value" in env:
                data[env["name"]] = env["value"]
        return data


def _labels_match(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


def _selector_matches(selector: dict[str, Any] | None, labels: dict[str, str]) -> bool:
    """matchLabels + matchExpressions (In, NotIn, Exists, DoesNotExist) of a LabelSelector."""
    if selector is None:
        return False
    if not _labels_match(selector.get("matchLabels", {}), labels):
        return False
    for expr in selector.get("matchExpressions", []):
        key, op, values = expr["key"], expr["operator"], expr.get("values", [])
        ok = {
            "In": key in labels and labels[key] in values,
            "NotIn": key not in labels or labels[key] not in values,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }[op]
        if not ok:
            return False
    return True


def _pod_templates(res: Resources) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for kind in ("Deployment", "Job", "StatefulSet", "DaemonSet"):
        for doc in res.of(kind):
            yield doc, doc["spec"]["template"]
    for doc in res.of("CronJob"):  # the same pod rules for scheduled work
        yield doc, doc["spec"]["jobTemplate"]["spec"]["template"]


def _where(doc: dict[str, Any]) -> str:
    return f"{doc['kind']}/{doc['metadata']['name']}"


def _sleep_seconds(container: dict[str, Any]) -> float:
    pre_stop = container.get("lifecycle", {}).get("preStop", {})
    if "sleep" in pre_stop:
        return float(pre_stop["sleep"].get("seconds", 0))
    command = pre_stop.get("exec", {}).get("command", [])
    if len(command) == 2 and command[0] == "sleep":
        return float(command[1])
    return 0.0


def _check_pod(  # noqa: PLR0912, PLR0915 - one flat list of rules reads best
    doc: dict[str, Any], template: dict[str, Any], res: Resources, *, long_running: bool
) -> list[str]:
    """Security context, resources, /tmp, secrets and configuration for any pod we run."""
    where = _where(doc)
    problems: list[str] = []
    spec = template["spec"]
    pod_sc = spec.get("securityContext", {})
    if spec.get("automountServiceAccountToken") is not False:
        problems.append(f"{where}: automountServiceAccountToken must be false (no API access needed)")
    if spec.get("hostNetwork") or spec.get("hostPID") or spec.get("hostIPC"):
        problems.append(f"{where}: host namespaces are not allowed")
    volumes = {v["name"]: v for v in spec.get("volumes", [])}
    for container in spec.get("initContainers", []) + spec["containers"]:
        c = f"{where} container {container['name']}"
        sc = container.get("securityContext", {})

        def effective(key: str, sc: dict[str, Any] = sc) -> Any:
            return sc.get(key, pod_sc.get(key))

        if effective("runAsNonRoot") is not True:
            problems.append(f"{c}: securityContext.runAsNonRoot must be true")
        uid = effective("runAsUser")
        if uid is not None and uid < RUN_AS_USER:
            problems.append(f"{c}: runAsUser {uid} is below {RUN_AS_USER} (the image's user)")
        if sc.get("allowPrivilegeEscalation") is not False:
            problems.append(f"{c}: securityContext.allowPrivilegeEscalation must be false")
        if sc.get("readOnlyRootFilesystem") is not True:
            problems.append(f"{c}: securityContext.readOnlyRootFilesystem must be true")
        if sc.get("privileged"):
            problems.append(f"{c}: must not be privileged")
        if "ALL" not in sc.get("capabilities", {}).get("drop", []) or sc.get("capabilities", {}).get("add"):
            problems.append(f"{c}: securityContext.capabilities must drop ALL and add nothing")
        if (effective("seccompProfile") or {}).get("type") not in ("RuntimeDefault", "Localhost"):
            problems.append(f"{c}: seccompProfile must be RuntimeDefault")
        resources = container.get("resources", {})
        for part in ("requests", "limits"):
            for key in ("cpu", "memory"):
                if key not in resources.get(part, {}):
                    problems.append(f"{c}: resources.{part}.{key} is missing")
        mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
        if "emptyDir" not in volumes.get(mounts.get("/tmp", ""), {}):  # noqa: S108 - a mount path
            problems.append(f"{c}: needs an emptyDir mounted at /tmp (the root filesystem is read-only)")
        image = container.get("image", "")
        tag = image.rsplit(":", 1)[1] if ":" in image.rsplit("/", 1)[-1] else ""
        if "@sha256:" not in image and (not tag or tag == "latest"):
            problems.append(f"{c}: image {image!r} needs a fixed tag or digest (not latest)")
        refs = {k for source in container.get("envFrom", []) for k in source}
        if not {"configMapRef", "secretRef"} <= refs:
            problems.append(f"{c}: needs envFrom with its ConfigMap and its Secret (secretRef)")
        for env in container.get("env", []):
            if re.search(r"(KEY|TOKEN|PASSWORD|SECRET|_URL)$", env["name"]) and "value" in env:
                problems.append(f"{c}: {env['name']} must come from a Secret, not a literal value")
        if long_running:
            for probe in ("livenessProbe", "readinessProbe"):
                if probe not in container:
                    problems.append(f"{c}: {probe} is missing")
    if long_running:
        grace = spec.get("terminationGracePeriodSeconds")
        if grace is None:
            problems.append(f"{where}: terminationGracePeriodSeconds must be set")
        else:
            for container in spec["containers"]:
                data = res.configmap_data(spec, container)
                drain = float(
                    data.get(
                        "GRPC_GRACE_SECONDS", data.get("GUNICORN_GRACEFUL_TIMEOUT", DEFAULT_GRACE_SECONDS)
                    )
                )
                needed = drain + _sleep_seconds(container)
                if grace <= needed:
                    problems.append(
                        f"{where}: terminationGracePeriodSeconds {grace} must exceed the preStop sleep plus "
                        "the "
                        f"drain time ({needed:g}s)"
                    )
    return problems


def _check_server_probes(doc: dict[str, Any], workload: Workload, res: Resources) -> list[str]:
    where = _where(doc)
    container = doc["spec"]["template"]["spec"]["containers"][0]
    ports = {p.get("name"): p["containerPort"] for p in container.get("ports", [])}
    problems = []
    if workload.is_gateway:
        for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
            get = container.get(probe, {}).get("httpGet")
            if not get or get.get("path") != path or get.get("port") not in ("http", ports.get("http")):
                problems.append(f"{where}: {probe} must be httpGet {path} on the http port")
        return problems
    grpc_port = ports.get("grpc")
    if grpc_port is None:
        return [f"{where}: the gRPC server container needs a port named grpc"]
    configured = res.configmap_data(doc["spec"]["template"]["spec"], container).get("GRPC_PORT")
    if configured is not None and int(configured) != grpc_port:
        problems.append(f"{where}: GRPC_PORT={configured} differs from the container port {grpc_port}")
    expected = {"livenessProbe": "liveness", "readinessProbe": ""}
    for probe, service in expected.items():
        grpc = container.get(probe, {}).get("grpc")
        if not grpc or grpc.get("port") != grpc_port or (grpc.get("service") or "") != service:
            problems.append(
                f"{where}: {probe} must be the native gRPC probe on port {grpc_port} with service {service!r}"
            )
    return problems


def _serving_port_names(doc: dict[str, Any]) -> set[str]:
    return {
        p.get("name", "")
        for c in doc["spec"]["template"]["spec"]["containers"]
        for p in c.get("ports", [])
        if p.get("name") in ("grpc", "http")
    }


def _check_serving(doc: dict[str, Any], res: Resources) -> list[str]:
    """Service + PDB + HPA (autoscaling/v2) + scrape annotations for a Deployment that takes requests."""
    where = _where(doc)
    name = doc["metadata"]["name"]
    labels = doc["spec"]["template"]["metadata"].get("labels", {})
    problems = []
    ports = {
        p.get("name"): p["containerPort"]
        for c in doc["spec"]["template"]["spec"]["containers"]
        for p in c.get("ports", [])
    }
    services = [
        s
        for s in res.of("Service")
        if s["spec"].get("selector") and _labels_match(s["spec"]["selector"], labels)
    ]
    if not services:
        problems.append(f"{where}: serves requests but no Service selects its pods")
    for service in services:
        for port in service["spec"].get("ports", []):
            target = port.get("targetPort", port["port"])
            if target not in ports and target not in ports.values():
                problems.append(f"{_where(service)}: targetPort {target!r} is not a port of {where}")
    if not any(_selector_matches(p["spec"].get("selector"), labels) for p in res.of("PodDisruptionBudget")):
        problems.append(f"{where}: serves requests but no PodDisruptionBudget covers its pods")
    hpas = [
        h
        for h in res.of("HorizontalPodAutoscaler")
        if h["spec"]["scaleTargetRef"].get("kind") == "Deployment"
        and h["spec"]["scaleTargetRef"]["name"] == name
    ]
    if not hpas:
        problems.append(f"{where}: serves requests but has no HorizontalPodAutoscaler")
    for hpa in hpas:
        if hpa["apiVersion"] != "autoscaling/v2":
            problems.append(f"{_where(hpa)}: use autoscaling/v2")
        if hpa["spec"].get("minReplicas", 1) > hpa["spec"]["maxReplicas"]:
            problems.append(f"{_where(hpa)}: minReplicas exceeds maxReplicas")
    if hpas and "replicas" in doc["spec"]:
        problems.append(
            f"{where}: spec.replicas must be left to the HorizontalPodAutoscaler (every apply resets it)"
        )
    annotations = doc["spec"]["template"]["metadata"].get("annotations", {})
    if (
        annotations.get("prometheus.io/scrape") != "true"
        or not str(annotations.get("prometheus.io/port", "")).isdigit()
    ):
        problems.append(
            f"{where}: pod template needs prometheus.io/scrape and prometheus.io/port annotations"
        )
    elif int(annotations["prometheus.io/port"]) not in ports.values():
        problems.append(
            f"{where}: prometheus.io/port {annotations['prometheus.io/port']} is not a container port"
        )
    return problems


def _policies_for(labels: dict[str, str], res: Resources) -> list[dict[str, Any]]:
    return [
        np
        for np in res.of("NetworkPolicy")
        if np["spec"].get("podSelector") and _selector_matches(np["spec"]["podSelector"], labels)
    ]


def _check_network(res: Resources, serving: list[dict[str, Any]]) -> list[str]:
    problems = []
    policies = res.of("NetworkPolicy")
    default_deny = [
        np
        for np in policies
        if np["spec"].get("podSelector") == {}
        and {"Ingress", "Egress"} <= set(np["spec"].get("policyTypes", []))
        and not np["spec"].get("ingress")
        and not np["spec"].get("egress")
    ]
    if not default_deny:
        problems.append(
            "NetworkPolicy: a default deny (podSelector {}, Ingress and Egress, no rules) is missing"
        )
    for np in policies:
        for rule in np["spec"].get("ingress", []):
            if not rule.get("from"):
                problems.append(f"{_where(np)}: an ingress rule without `from` admits every source")
            for peer in rule.get("from", []):
                ns = peer.get("namespaceSelector", {}).get("matchLabels", {})
                if ns.get("kubernetes.io/metadata.name") == INGRESS_CONTROLLER_NAMESPACE and (
                    np["spec"].get("podSelector", {}).get("matchLabels", {}).get(NAME) != GATEWAY
                ):
                    problems.append(
                        f"{_where(np)}: only the gateway may take traffic from the ingress controller"
                    )
                if peer.get("ipBlock", {}).get("cidr") in ("0.0.0.0/0", "::/0"):
                    problems.append(f"{_where(np)}: ingress from anywhere is not allowed")
    for doc, template in _pod_templates(res):
        labels = template["metadata"].get("labels", {})
        own = _policies_for(labels, res)
        if not any("Egress" in np["spec"].get("policyTypes", []) and np["spec"].get("egress") for np in own):
            problems.append(f"{_where(doc)}: no NetworkPolicy opens egress for its pods (database, broker)")
        if doc in serving:
            ports = {
                p["containerPort"]
                for c in template["spec"]["containers"]
                for p in c.get("ports", [])
                if p.get("name") in ("grpc", "http")
            }
            allowed = {
                port.get("port")
                for np in own
                for rule in np["spec"].get("ingress", [])
                for port in rule.get("ports", [])
            }
            for port in sorted(ports - allowed):
                problems.append(f"{_where(doc)}: no NetworkPolicy admits its callers on port {port}")
    return problems


def _check_ingress(res: Resources) -> list[str]:
    problems = []
    ingresses = res.of("Ingress")
    if not ingresses:
        problems.append(f"Ingress: the {GATEWAY} needs an Ingress")
    for ing in ingresses:
        hosts = {rule.get("host") for rule in ing["spec"].get("rules", [])}
        tls_hosts = {h for tls in ing["spec"].get("tls", []) for h in tls.get("hosts", [])}
        if not hosts or not hosts <= tls_hosts:
            problems.append(
                f"{_where(ing)}: every host needs TLS "
                f"(hosts {sorted(map(str, hosts))}, TLS {sorted(tls_hosts)})"
            )
        for rule in ing["spec"].get("rules", []):
            for path in rule.get("http", {}).get("paths", []):
                backend = path["backend"].get("service", {}).get("name")
                service = res.get("Service", backend) if backend else None
                selects = (service or {}).get("spec", {}).get("selector", {})
                # the gateway's pods only (the owners' and the payment-notification Deployments)
                if selects.get("app.kubernetes.io/name") != GATEWAY:
                    problems.append(f"{_where(ing)}: routes to {backend!r}; only the gateway is exposed")
    return problems


def rule_errors(  # noqa: PLR0912, PLR0915 - one flat list of rules reads best
    docs: list[dict[str, Any]], overlay: str, workloads: list[Workload] | None = None
) -> list[str]:
    """Every rule of the issue for every workload the code defines; an empty list when all hold."""
    workloads = discover_workloads() if workloads is None else workloads
    res = Resources(docs)
    problems: list[str] = []

    for doc in docs:
        namespaced = doc["kind"] not in ("Namespace", "ClusterRole", "ClusterRoleBinding", "PriorityClass")
        if namespaced and doc["metadata"].get("namespace") != NAMESPACE:
            problems.append(f"{_where(doc)}: must be in namespace {NAMESPACE}")
    if overlay == "production":
        for secret in res.of("Secret"):
            problems.append(
                f"{_where(secret)}: production Secrets are created out of band, never built from the repo"
            )
    else:
        for doc, template in _pod_templates(res):
            for container in template["spec"]["containers"]:
                for source in container.get("envFrom", []):
                    ref = source.get("secretRef")
                    if ref and not ref.get("optional") and res.get("Secret", ref["name"]) is None:
                        problems.append(
                            f"{_where(doc)}: Secret {ref['name']} is referenced but not generated"
                        )

    serving: list[dict[str, Any]] = []
    for doc, template in _pod_templates(res):
        long_running = doc["kind"] not in ("Job", "CronJob")
        problems += _check_pod(doc, template, res, long_running=long_running)
        if doc["kind"] == "Deployment" and _serving_port_names(doc):
            serving.append(doc)
            problems += _check_serving(doc, res)

    for workload in workloads:
        server = res.get("Deployment", workload.name)
        if server is None:
            problems.append(f"{workload.name}: no Deployment named {workload.name} in overlay {overlay}")
            continue
        if server not in serving:
            problems.append(
                f"{_where(server)}: the server needs a container port named grpc (services) or http (gateway)"
            )
        problems += _check_server_probes(server, workload, res)
        image = server["spec"]["template"]["spec"]["containers"][0]["image"]
        for process in workload.process_types:
            name = f"{workload.name}-{process}"
            worker = res.get("Deployment", name)
            if worker is None:
                problems.append(
                    f"{workload.name}: the code has entrypoints/{process}.py "
                    f"but there is no Deployment {name}"
                )
                continue
            command = " ".join(worker["spec"]["template"]["spec"]["containers"][0].get("command", []))
            if f"{workload.name}.entrypoints.{process}" not in command:
                problems.append(f"{_where(worker)}: must run python -m {workload.name}.entrypoints.{process}")
            if worker["spec"]["template"]["spec"]["containers"][0]["image"] != image:
                problems.append(f"{_where(worker)}: must run the same image as Deployment/{workload.name}")
        if workload.has_migrations:
            jobs = [
                j
                for j in res.of("Job")
                if f"-c services/{workload.name}/alembic.ini upgrade head"
                in " ".join(j["spec"]["template"]["spec"]["containers"][0].get("command", []))
            ]
            if not jobs:
                problems.append(
                    f"{workload.name}: no migration Job runs "
                    f"alembic -c services/{workload.name}/alembic.ini upgrade head"
                )
            for job in jobs:
                if job["spec"]["template"]["spec"]["containers"][0]["image"] != image:
                    problems.append(f"{_where(job)}: must run the same image as Deployment/{workload.name}")
                if job["spec"]["template"]["spec"].get("restartPolicy") not in ("Never", "OnFailure"):
                    problems.append(f"{_where(job)}: restartPolicy must be Never or OnFailure")
                if "backoffLimit" not in job["spec"] or "activeDeadlineSeconds" not in job["spec"]:
                    problems.append(f"{_where(job)}: set backoffLimit and activeDeadlineSeconds")
        if not res.get("ConfigMap", f"{workload.name}-config"):
            problems.append(f"{workload.name}: ConfigMap {workload.name}-config is missing")

    problems += _check_network(res, serving)
    problems += _check_ingress(res)
    if overlay == "production":
        for doc, template in _pod_templates(res):
            for container in template["spec"]["containers"]:
                if container["image"].startswith(("localhost", "127.0.0.1", "maintfund/")):
                    problems.append(
                        f"{_where(doc)}: production image {container['image']!r} is not from the registry"
                    )
    return problems


# ---------------------------------------------------------------------------------------- checkov


def dockerfiles(root: Path = ROOT) -> list[Path]:
    return [w for w in (root / "services").glob("*/Dockerfile")] + [root / "gateway" / "Dockerfile"]


def checkov_command() -> list[str]:
    """checkov from $CHECKOV, PATH, or its own virtualenv (installed on first use from the pinned file).

    checkov pins packaging<24 while pytest needs packaging>=24, so it cannot share the project's venv.
    """
    if os.environ.get("CHECKOV"):
        return [os.environ["CHECKOV"]]
    found = shutil.which("checkov")
    if found:
        return [found]
    binary = CHECKOV_VENV / "bin" / "checkov"
    if not binary.exists():
        print(
            f"installing checkov into {CHECKOV_VENV.relative_to(ROOT)} "
            f"from {CHECKOV_REQUIREMENTS.relative_to(ROOT)}"
        )
        subprocess.run([sys.executable, "-m", "venv", str(CHECKOV_VENV)], check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [str(CHECKOV_VENV / "bin" / "pip"), "install", "--quiet", "-r", str(CHECKOV_REQUIREMENTS)],
            check=True,
        )
    return [str(binary)]


def run_checkov(overlays: Iterable[str] = OVERLAYS) -> tuple[int, str]:
    """checkov over the built overlays (kubernetes), the Dockerfiles (dockerfile) and deploy/ plus the
    Dockerfiles (secrets: nothing secret is committed). Returns (exit code, report)."""
    base = [*checkov_command(), "--quiet", "--compact", "--skip-download"]
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE"}
    reports, worst = [], 0
    with tempfile.TemporaryDirectory(prefix="maintfund-checkov-") as tmp:
        for overlay in overlays:
            text = yaml.safe_dump_all(build_overlay(overlay), sort_keys=False, allow_unicode=True)
            (Path(tmp) / f"{overlay}.yaml").write_text(text, encoding="utf-8")
        files = [arg for dockerfile in dockerfiles() for arg in ("-f", str(dockerfile.relative_to(ROOT)))]
        runs = {
            "kubernetes (built overlays)": ["--framework", "kubernetes", "-d", tmp],
            "dockerfile": ["--framework", "dockerfile", *files],
            "secrets (deploy/ and Dockerfiles)": ["--framework", "secrets", "-d", "deploy", *files],
        }
        for title, args in runs.items():
            result = subprocess.run(  # noqa: S603 - fixed arguments
                [*base, *args], capture_output=True, text=True, timeout=900, env=env, cwd=ROOT, check=False
            )
            worst = max(worst, result.returncode)
            output = (result.stdout + result.stderr).replace(tmp, "<built overlays>").strip()
            reports.append(
                f"== checkov {title}: {'ok' if result.returncode == 0 else 'FAILED'}\n"
                f"{output or 'no findings'}"
            )
    return worst, "\n".join(reports)


# ------------------------------------------------------------------------------------------- main


def validate(overlays: Iterable[str] = OVERLAYS) -> list[str]:
    problems: list[str] = []
    workloads = discover_workloads()
    for overlay in overlays:
        try:
            docs = build_overlay(overlay)
        except ValidationFailed as exc:
            problems.append(f"[{overlay}] {exc}")
            continue
        problems += [f"[{overlay}] {p}" for p in schema_errors(docs)]
        problems += [f"[{overlay}] {p}" for p in rule_errors(docs, overlay, workloads)]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--overlay", action="append", choices=OVERLAYS, help="only this overlay (repeatable)")
    parser.add_argument(
        "--checkov", action="store_true", help="also scan manifests and Dockerfiles with checkov"
    )
    args = parser.parse_args(argv)
    overlays = tuple(args.overlay or OVERLAYS)
    started = time.monotonic()
    try:
        problems = validate(overlays)
    except ValidationFailed as exc:
        print(f"k8s-validate: {exc}", file=sys.stderr)
        return 2
    names = ", ".join(w.name for w in discover_workloads())
    if problems:
        print(f"k8s-validate: {len(problems)} problem(s) in overlays {', '.join(overlays)}:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(
        f"k8s-validate: overlays {', '.join(overlays)} build, pass Kubernetes {KUBERNETES_VERSION} schema "
        f"validation and the workload rules ({names}) in {time.monotonic() - started:.1f}s"
    )
    if args.checkov:
        started = time.monotonic()
        code, report = run_checkov(overlays)
        elapsed = time.monotonic() - started
        print(report)
        print(f"k8s-validate: checkov {'passed' if code == 0 else 'FAILED'} in {elapsed:.1f}s")
        return 0 if code == 0 else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
