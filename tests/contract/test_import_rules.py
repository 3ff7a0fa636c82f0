"""The import rules of the service skeleton (pyproject's [tool.importlinter], run by `make lint`) fail a
bad import: a probe module with one forbidden import is dropped into the tree and lint-imports refuses it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

PROBES = [
    # (where the probe goes, its forbidden import, the contract that must refuse it)
    (
        "services/invoice/invoice/service_layer",
        "from deposit.domain import billing",
        "never import one another",
    ),
    ("services/common/maintfund_common", "from registry.domain import model", "knows no service"),
    ("gateway/gateway/ops", "from sandbox import app", "never import one another"),
    ("services/registry/registry/domain", "from registry.service_layer import register", "Inside a service"),
    (
        "services/quickpay/quickpay/service_layer",
        "from quickpay.entrypoints import grpc_server",
        "Inside a service",
    ),
    ("services/identity/identity/service_layer", "import sqlalchemy", "No SQLAlchemy"),
    # invoice has no debt left: its service layer reaches its SQL only through uow.repo / db.reading()
    (
        "services/invoice/invoice/service_layer",
        "from invoice.adapters.repository import InvoiceRepository",
        "Inside a service",
    ),
    ("services/invoice/invoice/domain", "from sqlalchemy import select", "No SQLAlchemy"),
    # notification was born on the skeleton: the same walls
    (
        "services/notification/notification/service_layer",
        "from notification.adapters.repository import NotificationRepository",
        "Inside a service",
    ),
    ("services/notification/notification/domain", "from sqlalchemy import select", "No SQLAlchemy"),
    (
        "services/notification/notification/service_layer",
        "from invoice.domain import receipts",
        "never import one another",
    ),
    # identity has no debt left either: uow.repo / db.reading() give its service layer IdentityRepository
    (
        "services/identity/identity/service_layer",
        "from identity.adapters.repository import IdentityRepository",
        "Inside a service",
    ),
    # registry has no debt left either: one RegistryRepository behind uow.repo / db.reading()
    (
        "services/registry/registry/service_layer",
        "from registry.adapters.repository import RegistryRepository",
        "Inside a service",
    ),
    (
        "services/registry/registry/service_layer",
        "from sqlalchemy.exc import IntegrityError",
        "No SQLAlchemy",
    ),
    # demo and synthetic seeding is development-only (dev/maintfund_dev), never imported by production code
    ("services/registry/registry/entrypoints", "from maintfund_dev import demo", "development package"),
    ("services/common/maintfund_common", "from maintfund_dev.synthetic import house_id", "development"),
    ("gateway/gateway", "import maintfund_dev", "development package"),
    # deposit has no debt left either: uow.repo / db.reading() (DepositRepository), providers as ports
    (
        "services/deposit/deposit/service_layer",
        "from deposit.adapters.bills_repository import BillsRepository",
        "Inside a service",
    ),
    (
        "services/deposit/deposit/service_layer",
        "from deposit.adapters.payments import alipay",
        "Inside a service",
    ),
    ("services/deposit/deposit/service_layer", "from sqlalchemy.orm import Session", "No SQLAlchemy"),
]


def _lint_imports() -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=ROOT,
        env=os.environ,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_tree_keeps_every_contract() -> None:
    result = _lint_imports()
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize(("folder", "statement", "contract"), PROBES)
def test_a_forbidden_import_is_refused(folder: str, statement: str, contract: str) -> None:
    probe = ROOT / folder / "zz_import_rule_probe.py"
    probe.write_text(
        f'"""A forbidden import (tests/contract/test_import_rules.py)."""\n\n{statement}  # noqa\n'
    )
    try:
        result = _lint_imports()
    finally:
        probe.unlink()
    assert result.returncode == 1
    broken = [line for line in result.stdout.splitlines() if "BROKEN" in line]
    assert any(contract in line for line in broken) or contract in result.stdout.split("Broken contracts")[-1]
    assert "zz_import_rule_probe" in result.stdout


SERVICES = ("identity", "registry", "deposit", "invoice", "quickpay")


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), i.e. import circles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle_inside_a_service() -> None:
    import grimp

    graph = grimp.build_graph(*SERVICES)  # imports inside functions count too
    for service in SERVICES:
        modules = {m for m in graph.modules if m.startswith(f"{service}.")}
        edges = {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}
        assert _cycles(edges) == [], service


def test_the_circle_finder_finds_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
