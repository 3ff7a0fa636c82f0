"""Every service starts from one common app object: its bootstrap() returns a ServiceApp, and the
settings the generic runners read for each of its processes exist in its Config."""

from __future__ import annotations

import dataclasses
import importlib
import typing
from pathlib import Path

import pytest

from maintfund_common.app import ServiceApp

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("identity", "registry", "deposit", "invoice", "quickpay")
BACKGROUND = ("relay", "consumer", "poller", "worker")  # entrypoint modules run by runners.processes


@pytest.mark.parametrize("service", SERVICES)
def test_bootstrap_returns_a_service_app_named_after_the_service(service: str) -> None:
    bootstrap = importlib.import_module(f"{service}.bootstrap").bootstrap
    app_type = typing.get_type_hints(bootstrap)["return"]
    assert issubclass(app_type, ServiceApp)
    fields = {f.name: f for f in dataclasses.fields(app_type)}
    assert fields["name"].default == service  # processes are named "<service>-relay", ...
    assert fields["readiness"].default is dataclasses.MISSING  # each service says when it is ready


@pytest.mark.parametrize("service", SERVICES)
def test_each_background_process_has_its_metrics_port_and_broker(service: str) -> None:
    config = importlib.import_module(f"{service}.config").Config
    names = {f.name for f in dataclasses.fields(config)}
    assert "grpc" in names
    entrypoints = ROOT / "services" / service / service / "entrypoints"
    for process in BACKGROUND:
        if (entrypoints / f"{process}.py").exists():
            assert f"{process}_metrics_port" in names, f"{service}.entrypoints.{process}"
            assert "amqp_url" in names, f"{service}.entrypoints.{process}"


@pytest.mark.parametrize("service", SERVICES)
def test_entrypoints_start_through_the_generic_runners(service: str) -> None:
    # a process started its own way would skip the drain, the metrics port or --declare-queues
    entrypoints = ROOT / "services" / service / service / "entrypoints"
    for path in sorted(entrypoints.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "def main(" not in text or path.name == "cli.py":
            continue
        assert "maintfund_common.runners" in text, path.relative_to(ROOT)
        for own_way in ("run_until_signalled", "signal.signal", "serve_metrics", "OutboxRelay("):
            assert own_way not in text, f"{path.relative_to(ROOT)} uses {own_way}"


def test_no_module_is_called_handlers() -> None:
    # "handlers" is the consumer's handler map only; a use-case module is named after its feature
    found = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "services").glob("*/*/**/handlers.py"))
    assert found == []
