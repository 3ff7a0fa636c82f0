"""Kubernetes manifests (issue 7): every overlay builds, passes strict schema validation, and every workload
the code defines has its probes, resources, security context, PDB + HPA + Service, NetworkPolicies and
migration Job. The checks live in deploy/k8s/validate.py (`make k8s-validate`); these tests run them and
prove that they catch what they are meant to catch.
"""

from __future__ import annotations

import copy
import importlib.util
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("k8s_validate", ROOT / "deploy/k8s/validate.py")
assert _spec and _spec.loader
validate = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = validate  # dataclasses look their module up there
_spec.loader.exec_module(validate)

pytestmark = pytest.mark.skipif(
    shutil.which("kubectl") is None, reason="kubectl is not installed (kubectl kustomize builds the overlays)"
)

_built: dict[str, list[dict[str, Any]]] = {}


def built(overlay: str) -> list[dict[str, Any]]:
    if overlay not in _built:
        _built[overlay] = validate.build_overlay(overlay)
    return copy.deepcopy(_built[overlay])


def find(docs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    return next(d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name)


def test_every_workload_of_the_code_is_known() -> None:
    names = {w.name for w in validate.discover_workloads()}
    assert {"identity", "registry", "deposit", "invoice", "quickpay", "gateway"} <= names


@pytest.mark.parametrize("overlay", validate.OVERLAYS)
def test_overlay_passes_schema_validation(overlay: str) -> None:
    errors = validate.schema_errors(built(overlay))
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("overlay", validate.OVERLAYS)
def test_overlay_follows_the_workload_rules(overlay: str) -> None:
    errors = validate.rule_errors(built(overlay), overlay)
    assert not errors, "\n".join(errors)


@pytest.mark.parametrize("overlay", validate.OVERLAYS)
def test_each_workload_has_all_its_pieces(overlay: str) -> None:
    docs = built(overlay)
    kinds = {(d["kind"], d["metadata"]["name"]) for d in docs}
    for workload in validate.discover_workloads():
        n = workload.name
        for kind in (
            "Deployment",
            "Service",
            "PodDisruptionBudget",
            "HorizontalPodAutoscaler",
            "NetworkPolicy",
            "ServiceAccount",
            "ConfigMap",
        ):
            name = f"{n}-config" if kind == "ConfigMap" else n
            assert (kind, name) in kinds, f"{overlay}: {kind}/{name} is missing"
        if workload.has_migrations:
            assert ("Job", f"{n}-migrate") in kinds


def test_strict_schema_rejects_an_unknown_field() -> None:
    docs = built("production")
    find(docs, "Deployment", "identity")["spec"]["template"]["spec"]["containers"][0]["livenessprobe"] = {}
    assert any("livenessprobe" in e for e in validate.schema_errors(docs))


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: find(d, "Deployment", "deposit")["spec"]["template"]["spec"]["containers"][0].pop(
                "readinessProbe"
            ),
            "Deployment/deposit container deposit: readinessProbe is missing",
        ),
        (
            lambda d: find(d, "Deployment", "invoice")["spec"]["template"]["spec"]["containers"][0][
                "livenessProbe"
            ]["grpc"].update(service=""),
            "livenessProbe must be the native gRPC probe",
        ),
        (
            lambda d: find(d, "Deployment", "gateway")["spec"]["template"]["spec"]["containers"][0][
                "resources"
            ].pop("limits"),
            "resources.limits.cpu is missing",
        ),
        (
            lambda d: find(d, "Deployment", "registry")["spec"]["template"]["spec"]["containers"][0][
                "securityContext"
            ].update(readOnlyRootFilesystem=False),
            "readOnlyRootFilesystem must be true",
        ),
        (
            lambda d: find(d, "Deployment", "quickpay")["spec"]["template"]["spec"].update(
                terminationGracePeriodSeconds=20
            ),
            "terminationGracePeriodSeconds 20 must exceed",
        ),
        (
            lambda d: d.remove(find(d, "HorizontalPodAutoscaler", "identity")),
            "Deployment/identity: serves requests but has no HorizontalPodAutoscaler",
        ),
        (
            lambda d: d.remove(find(d, "PodDisruptionBudget", "gateway")),
            "no PodDisruptionBudget covers its pods",
        ),
        (
            lambda d: d.remove(find(d, "Service", "deposit")),
            "Deployment/deposit: serves requests but no Service",
        ),
        (lambda d: d.remove(find(d, "Job", "registry-migrate")), "registry: no migration Job"),
        (
            lambda d: d.remove(find(d, "Deployment", "deposit-consumer")),
            "entrypoints/consumer.py but there is no Deployment deposit-consumer",
        ),
        (
            lambda d: d.remove(find(d, "NetworkPolicy", "invoice")),
            "Deployment/invoice: no NetworkPolicy opens egress",
        ),
        (lambda d: d.remove(find(d, "NetworkPolicy", "default-deny")), "default deny"),
        (
            lambda d: find(d, "NetworkPolicy", "deposit")["spec"]["ingress"].append(
                {"ports": [{"port": 50053}]}
            ),
            "an ingress rule without `from` admits every source",
        ),
        (lambda d: find(d, "Ingress", "gateway")["spec"].pop("tls"), "every host needs TLS"),
        (
            lambda d: find(d, "Ingress", "gateway")["spec"]["rules"][0]["http"]["paths"][0]["backend"][
                "service"
            ].update(name="deposit"),
            "only the gateway is exposed",
        ),
        (
            lambda d: find(d, "Deployment", "identity")["spec"].update(replicas=3),
            "spec.replicas must be left to the HorizontalPodAutoscaler",
        ),
    ],
    ids=[
        "readiness",
        "liveness-service",
        "limits",
        "read-only-root",
        "grace",
        "hpa",
        "pdb",
        "service",
        "migration-job",
        "consumer",
        "networkpolicy",
        "default-deny",
        "open-ingress",
        "tls",
        "ingress-to-a-service",
        "replicas-vs-hpa",
    ],
)
def test_rules_catch_a_broken_manifest(mutate: Any, expected: str) -> None:
    docs = built("production")
    mutate(docs)
    errors = validate.rule_errors(docs, "production")
    assert any(expected in e for e in errors), f"expected {expected!r} among:\n" + "\n".join(errors)


def test_a_new_service_cannot_be_added_without_manifests(tmp_path: Path) -> None:
    workloads = [*validate.discover_workloads(), validate.Workload("archive", False, ("relay",), True)]
    errors = validate.rule_errors(built("dev"), "dev", workloads)
    assert "archive: no Deployment named archive in overlay dev" in errors


def test_production_builds_no_secret_and_dev_generates_every_referenced_one() -> None:
    assert not [d for d in built("production") if d["kind"] == "Secret"]
    docs = built("dev")
    docs.remove(
        next(
            d for d in docs if d["kind"] == "Secret" and d["metadata"]["name"].startswith("identity-secrets")
        )
    )
    assert any("Secret identity-secrets" in e for e in validate.rule_errors(docs, "dev"))


_CHECKOV_READY = bool(
    os.environ.get("MAINTFUND_CHECKOV")
    or shutil.which("checkov")
    or (validate.CHECKOV_VENV / "bin/checkov").exists()
)


@pytest.mark.skipif(
    not _CHECKOV_READY,
    reason="checkov is not installed: `python deploy/k8s/validate.py --checkov` installs it into "
    ".venv/tools/checkov "
    "(or set MAINTFUND_CHECKOV=1 to let this test install it)",
)
def test_checkov_passes() -> None:
    code, report = validate.run_checkov()
    assert code == 0, report


def test_alert_rules_use_real_metrics_and_have_a_runbook_entry() -> None:
    import re

    import yaml

    rules = [
        r for g in yaml.safe_load((ROOT / "deploy/alerts.yaml").read_text())["groups"] for r in g["rules"]
    ]
    runbook = (ROOT / "deploy/RUNBOOK.md").read_text().lower()
    code = "".join(
        p.read_text()
        for p in [
            ROOT / "services/common/maintfund_common/metrics.py",
            ROOT / "gateway/gateway/observability.py",
            ROOT / "services/notification/notification/service_layer/metrics.py",
        ]
    )
    defined = set(re.findall(r'"(maintfund_[a-z_]+)"', code))
    assert rules
    for rule in rules:
        assert {"alert", "expr", "labels", "annotations"} <= set(rule), rule
        assert rule["labels"].get("severity") in ("page", "ticket"), rule["alert"]
        assert f"### {rule['alert'].lower()}" in runbook or rule["alert"].lower() in runbook, rule["alert"]
        for metric in re.findall(r"\b(maintfund_[a-z_]+)", rule["expr"]):
            base = re.sub(r"_(bucket|sum|count)$", "", metric)
            assert base in defined or metric in defined, (
                f"{rule['alert']}: {metric} is not defined in the code"
            )
