"""protos/ is the public API: generated code is committed and must match `make proto` exactly."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROTOS = sorted((ROOT / "protos").glob("maintfund/**/*.proto"))


def test_generated_code_is_fresh(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "grpc_tools.protoc",
            f"-I{ROOT / 'protos'}",
            f"--python_out={tmp_path}",
            f"--pyi_out={tmp_path}",
            f"--grpc_python_out={tmp_path}",
            *map(str, PROTOS),
        ],
        check=True,
    )
    committed = ROOT / "protos" / "gen" / "python"
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    stored = sorted(
        p.relative_to(committed) for p in committed.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )
    assert fresh == stored, "generated files differ from the committed ones: run `make proto`"
    stale = [str(p) for p in fresh if not filecmp.cmp(tmp_path / p, committed / p, shallow=False)]
    assert not stale, f"stale generated code (run `make proto`): {stale}"


@pytest.mark.parametrize("proto", PROTOS, ids=lambda p: p.name)
def test_buf_style(proto: Path) -> None:
    """package maintfund.<svc>.v1, enums start with <ENUM>_UNSPECIFIED = 0, every field commented."""
    text = proto.read_text(encoding="utf-8")
    service = proto.parent.parent.name
    assert f"package maintfund.{service}.v1;" in text
    lines = text.splitlines()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("enum "):
            name = stripped.split()[1]
            first_value = (
                lines[i + 2].strip() if lines[i + 1].strip().startswith("//") else lines[i + 1].strip()
            )
            snake = "".join(f"_{c}" if c.isupper() else c for c in name).lstrip("_").upper()
            assert first_value.startswith(f"{snake}_UNSPECIFIED = 0;"), f"{proto.name}: {name}"
        is_field = (
            stripped.endswith(";")
            and "=" in stripped
            and not stripped.startswith(("option", "//", "syntax", "package", "import", "reserved"))
        )
        if is_field or stripped.startswith(("message ", "enum ", "rpc ", "service ")):
            assert lines[i - 1].strip().startswith("//"), f"{proto.name}:{i + 1} needs a comment: {stripped}"
    for line in lines:
        if "int64" in line and "_fen" not in line and "entry_id" not in line:
            assert "amount" not in line and "balance" not in line, f"money must be int64 *_fen: {line}"
