"""The gateway's shape (DESIGN §2, §5): it authenticates, translates and renders.

- ``gateway.ops``: one module per feature, plus ``views`` (protobuf → JSON dicts) and ``labels`` (the
  manual's words); free of Flask, and below the blueprints (it imports neither them nor the request-side
  helpers ``gateway.http`` and ``gateway.auth``).
- ``gateway.api`` and ``gateway.web`` are siblings on top of ``ops``: neither imports the other.
- ``flask.session`` is touched by ``gateway/auth.py`` alone.
- Every label mapping is defined once, in ``ops/labels.py`` (not again in a module or a template).

Read from the source with ``ast``: nothing is imported or run.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "gateway" / "gateway"
FEATURES = {"accounts", "houses", "payments", "receipts", "registrations", "quickpay", "review"}
FLASK_MODULES = ("flask", "flask_", "werkzeug")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources(folder: Path = PACKAGE) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def _imports(path: Path) -> Iterator[tuple[int, str, list[str]]]:
    """(line, absolute module, names imported from it) for each import statement of a file."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, module] if module else base)
            yield node.lineno, module, [alias.name for alias in node.names]


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT)}:{line}"


def _is_under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_ops_has_a_module_per_feature_and_one_for_views_and_labels() -> None:
    modules = {p.stem for p in (PACKAGE / "ops").glob("*.py")}
    assert modules >= FEATURES | {"__init__", "views", "labels"}
    assert not list(PACKAGE.glob("ops_*.py")) and not (PACKAGE / "operations.py").exists()


def test_ops_imports_no_flask_and_nothing_above_it() -> None:
    offenders = []
    for path in _sources(PACKAGE / "ops"):
        for line, module, _ in _imports(path):
            above = _is_under(module, "gateway") and not (
                _is_under(module, "gateway.ops") or module == "gateway.clients"
            )
            if module.startswith(FLASK_MODULES) or above:
                offenders.append(f"{_where(path, line)} imports {module}")
    assert not offenders


def test_api_and_web_never_import_each_other() -> None:
    offenders = []
    for side, other in (("api", "gateway.web"), ("web", "gateway.api")):
        for path in _sources(PACKAGE / side):
            for line, module, names in _imports(path):
                targets = [module] + [f"{module}.{name}" for name in names]
                if any(_is_under(target, other) for target in targets):
                    offenders.append(f"{_where(path, line)} imports {module}")
    assert not offenders


def _session_uses(path: Path) -> Iterator[int]:
    """Lines that import ``flask.session`` or read it as ``flask.session``."""
    for line, module, names in _imports(path):
        if module in ("flask", "flask.globals") and "session" in names:
            yield line
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "session"
            and isinstance(node.value, ast.Name)
            and node.value.id == "flask"
        ):
            yield node.lineno


def test_only_auth_touches_the_flask_session() -> None:
    users = {
        _where(path, line)
        for path in _sources()
        for line in _session_uses(path)
        if path != PACKAGE / "auth.py"
    }
    assert not users
    assert list(_session_uses(PACKAGE / "auth.py")), "auth.py is where the session is kept"


LABEL_NAME = re.compile(r"_(NAMES|TEXTS|LABELS)$")
CJK = re.compile(r"[\u4e00-\u9fff]")
# a code-to-words literal in a template, e.g. {'ISSUING': '开票中', ...}
TEMPLATE_LABELS = re.compile(r"\{\s*['\"][A-Z_]+['\"]\s*:\s*['\"][^'\"]*[\u4e00-\u9fff]")


def _label_constants(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        value = getattr(node, "value", None)
        for target in targets:
            if not isinstance(target, ast.Name) or value is None:
                continue
            words = [c for c in ast.walk(value) if isinstance(c, ast.Constant) and isinstance(c.value, str)]
            if LABEL_NAME.search(target.id) and any(CJK.search(w.value) for w in words):
                yield node.lineno, target.id


def test_labels_are_defined_once_in_ops_labels() -> None:
    labels = PACKAGE / "ops" / "labels.py"
    elsewhere = [
        f"{_where(path, line)} {name}"
        for path in _sources()
        if path != labels
        for line, name in _label_constants(path)
    ]
    assert not elsewhere, "label mappings belong in gateway/ops/labels.py"
    names = [name for _, name in _label_constants(labels)]
    assert len(names) == len(set(names)) and "NOTICE_TEXTS" in names
    in_templates = [
        str(path.relative_to(ROOT))
        for path in sorted((PACKAGE / "templates").rglob("*.html"))
        if TEMPLATE_LABELS.search(path.read_text(encoding="utf-8"))
    ]
    assert not in_templates, "templates take labels from the views or the template globals"
