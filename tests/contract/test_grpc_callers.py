"""The gRPC credential and each RPC's accepted callers are documented where municipal systems read them.

Each ``rpc`` of a public service carries a ``// Callers:`` comment that says what its servicer enforces
(read from the ``require_caller`` calls); every caller any RPC accepts has a token in its service's
development default (``<service>.config.DEV_CALLERS``), in every example Secret and in protos/README.md;
the README shows the credential with grpcurl.
"""

from __future__ import annotations

import importlib
import re

import pytest

from maintfund_common.grpc_server import dev_caller_tokens, parse_tokens
from tests.contract.grpc_callers import ROOT, SERVICES, proto_path, rpc_callers

README = ROOT / "protos" / "README.md"


def _documented(service: str) -> dict[str, str]:
    """rpc name -> its ``Callers:`` comment line."""
    lines = proto_path(service).read_text(encoding="utf-8").splitlines()
    found = {}
    for i, line in enumerate(lines):
        if match := re.match(r"\s*rpc (\w+)\(", line):
            comment = lines[i - 1].strip()
            found[match.group(1)] = comment.removeprefix("// ") if "Callers:" in comment else ""
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_every_rpc_documents_the_callers_it_accepts(service: str) -> None:
    enforced = rpc_callers(service)
    documented = _documented(service)
    assert set(documented) == set(enforced), "servicer methods and rpcs differ"
    for rpc, callers in enforced.items():
        assert documented[rpc] == callers.comment(), f"{service}.{rpc}: put `// {callers.comment()}`"
    text = proto_path(service).read_text(encoding="utf-8")
    assert "`authorization: Bearer <token>`" in text and "CALLER_UNAUTHENTICATED" in text


def test_every_accepted_caller_has_a_token_everywhere() -> None:
    named = {name for service in SERVICES for c in rpc_callers(service).values() for name in c.names}
    assert "registration_centre" in named  # IsFundFullyPaid, for the title registration centre
    for service in SERVICES:  # each service's development default names the callers it accepts
        accepted = {name for c in rpc_callers(service).values() for name in c.names}
        dev_callers = importlib.import_module(f"{service}.config").DEV_CALLERS
        assert accepted <= set(parse_tokens(dev_caller_tokens(dev_callers)).values()), service
    examples = sorted((ROOT / "deploy" / "k8s" / "secrets.example").glob("*.env"))
    lists = [
        line.partition("=")[2]
        for path in examples
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("GRPC_CALLER_TOKENS=")
    ]
    assert len(lists) == len(SERVICES)
    for raw in lists:  # the examples share one placeholder token: read the names
        assert named <= {part.partition("=")[0] for part in raw.split(",")}, raw
    readme = README.read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in named)


def test_readme_shows_the_credential_with_grpcurl() -> None:
    readme = README.read_text(encoding="utf-8")
    assert re.search(r"grpcurl [^`]*-H ['\"]authorization: Bearer dev-registration-centre-token", readme)
    assert "IsFundFullyPaid" in readme and "CALLER_UNAUTHENTICATED" in readme
