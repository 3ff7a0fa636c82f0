"""Which callers each public RPC accepts, read from the servicers' ``require_caller`` calls (AST).

The credential is metadata ``authorization: Bearer <token>``; the token names a caller
(``GRPC_CALLER_TOKENS``). An RPC without ``require_caller`` takes every caller with a token; one that
calls ``require_caller`` through a helper (deposit's ``asker``, invoice's ``caller_of``) takes any caller
on behalf of an account and only the named callers otherwise; so does one whose ``require_caller`` sits
in a branch (deposit's CreateOrder: quick pay's orders have no account).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("identity", "registry", "deposit", "invoice", "quickpay", "notification")


@dataclass(frozen=True)
class Callers:
    names: frozenset[str]  # callers named by require_caller (empty: none named)
    conditional: bool = False  # required only when the request names no account (helper or branch)
    on_behalf: bool = False  # every caller, always for one account the request names (``on_behalf_of``)

    def comment(self) -> str:
        names = ", ".join(sorted(self.names))
        if not self.names:
            if self.on_behalf:
                return "Callers: any caller with a token, on behalf of an account."
            return "Callers: any caller with a token."
        if self.conditional:
            return f"Callers: any caller with a token, on behalf of an account; without one only {names}."
        return f"Callers: {names}."


def rpc_callers(service: str) -> dict[str, Callers]:
    """RPC name -> the callers its servicer method accepts."""
    path = ROOT / "services" / service / service / "entrypoints" / "grpc_server.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    constants = {
        node.targets[0].id: [element.value for element in node.value.elts]
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Tuple)
        and isinstance(node.targets[0], ast.Name)
    }
    helpers = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}

    def required(function: ast.FunctionDef) -> tuple[set[str], bool]:
        unconditional = {
            id(statement.value) for statement in function.body if isinstance(statement, ast.Expr)
        }
        names: set[str] = set()
        conditional = False
        for node in ast.walk(function):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id == "require_caller":
                for arg in node.args:
                    if isinstance(arg, ast.Starred) and isinstance(arg.value, ast.Name):
                        names.update(constants[arg.value.id])
                    elif isinstance(arg, ast.Constant):
                        names.add(arg.value)
                conditional = conditional or id(node) not in unconditional
            elif node.func.id in helpers:
                inner, _ = required(helpers[node.func.id])
                if inner:
                    names.update(inner)
                    conditional = True
        return names, conditional

    result: dict[str, Callers] = {}
    for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
        for method in cls.body:
            if isinstance(method, ast.FunctionDef) and method.name[:1].isupper():
                names, conditional = required(method)
                on_behalf = any(
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "on_behalf_of"
                    for node in ast.walk(method)
                )
                result[method.name] = Callers(frozenset(names), conditional, on_behalf)
    return result


def proto_path(service: str) -> Path:
    return ROOT / "protos" / "maintfund" / service / "v1" / f"{service}.proto"
