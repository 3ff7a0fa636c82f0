"""/api/v1/openapi.json: valid OpenAPI 3, and it describes every /api/v1 route the gateway serves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from openapi_spec_validator import validate

from gateway import openapi
from gateway.app import create_app

PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def app() -> Flask:
    return create_app()  # builds clients and the Redis client lazily: no I/O here


@pytest.fixture(scope="module")
def document(app: Flask) -> dict[str, Any]:
    with app.test_request_context("/api/v1/openapi.json"):
        response = openapi.spec()
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def test_is_valid_openapi_3(document: dict[str, Any]) -> None:
    validate(document)
    assert document["openapi"].startswith("3.")


def test_every_api_route_in_the_url_map_is_described(app: Flask, document: dict[str, Any]) -> None:
    served = {
        (openapi.FlaskPlugin.flaskpath2openapi(rule), method) for rule, method, _ in openapi.api_rules(app)
    }
    described = {(path, method) for path, method, _ in operations(document)}
    assert len(served) >= 35
    assert served == described


def test_no_description_outlives_its_route(app: Flask) -> None:
    endpoints = {(endpoint, method) for _, method, endpoint in openapi.api_rules(app)}
    assert set(openapi.OPERATIONS) == endpoints


def test_a_new_undescribed_route_fails_the_build() -> None:
    app = create_app()

    @app.get("/api/v1/something-new")
    def something_new() -> str:
        return "{}"

    with pytest.raises(openapi.UndescribedRoute, match="GET /api/v1/something-new"):
        openapi.build_spec(app)


def test_errors_are_problem_json_with_a_stable_code(document: dict[str, Any]) -> None:
    problem = document["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "code"}
    for name, response in document["components"]["responses"].items():
        assert name.startswith("Problem")
        assert response["content"][PROBLEM]["schema"] == {"$ref": "#/components/schemas/Problem"}
    for path, method, operation in operations(document):
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")) and not path.startswith("/api/v1/payments/notify/"):
                assert response["$ref"] == f"#/components/responses/Problem{status}", (path, method)


def test_money_fields_are_integer_fen(document: dict[str, Any]) -> None:
    seen = 0

    def walk(node: Any) -> None:
        nonlocal seen
        if isinstance(node, dict):
            for key, value in node.get("properties", {}).items():
                if key.endswith("_fen"):
                    seen += 1
                    assert value["type"] == "integer", key
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document["components"]["schemas"])
    assert seen > 20


def test_security_csrf_and_idempotency(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["session"] == {
        **schemes["session"],
        "type": "apiKey",
        "in": "cookie",
        "name": "mf_session",
    }
    assert schemes["csrf"] == {**schemes["csrf"], "type": "apiKey", "in": "header", "name": "X-CSRF-Token"}
    idempotency = document["components"]["parameters"]["IdempotencyKey"]
    assert (idempotency["in"], idempotency["name"]) == ("header", "Idempotency-Key")
    public = (
        "/api/v1/session",
        "/api/v1/accounts",
        "/api/v1/sms-codes",
        "/api/v1/quickpay",
        "/api/v1/payments/notify/",
    )
    for path, method, operation in operations(document):
        if method != "get" and not path.startswith(public):
            assert operation["security"] == [{"session": [], "csrf": []}], (path, method)
            assert "401" in operation["responses"] and "403" in operation["responses"], (path, method)
        if path.endswith("/orders") and method == "post":
            assert {"$ref": "#/components/parameters/IdempotencyKey"} in operation["parameters"], path
            assert "422" in operation["responses"], path  # IDEMPOTENCY_KEY_REUSED


def test_every_operation_has_a_unique_operation_id(document: dict[str, Any]) -> None:
    ids = [operation.get("operationId") for _path, _method, operation in operations(document)]
    assert all(isinstance(i, str) and i[:1].islower() and i.isalnum() for i in ids), ids
    assert len(set(ids)) == len(ids)
    assert set(ids) == set(openapi.OPERATION_IDS.values())  # no stale names left in the table


def _schemas_in(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _schemas_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schemas_in(value)


def test_nullable_enums_list_null_and_no_ref_has_siblings(document: dict[str, Any]) -> None:
    """OpenAPI 3.0.3: ``nullable: true`` does not let null past an ``enum`` that lacks it, and keywords
    beside a ``$ref`` are ignored (a 'nullable $ref' is not nullable)."""
    nodes = list(_schemas_in(document))
    nullable_enums = [n for n in nodes if n.get("nullable") is True and "enum" in n]
    assert nullable_enums, "the receipt status is a nullable enum"
    assert all(None in n["enum"] for n in nullable_enums)
    assert not [n for n in nodes if "$ref" in n and len(n) > 1]
    receipt = document["components"]["schemas"]["DepositRecord"]["properties"]["receipt"]
    assert receipt["properties"]["status"]["enum"][-1] is None


def test_every_operation_describes_its_errors(document: dict[str, Any]) -> None:
    for path, method, operation in operations(document):
        if path.endswith("/openapi.json"):
            continue
        errors = [code for code in operation["responses"] if code[0] in "45"]
        assert errors, f"{method.upper()} {path} describes no error response"
