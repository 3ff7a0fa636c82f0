"""The OpenAPI 3 description of /api/v1, served at ``GET /api/v1/openapi.json`` (DESIGN §4.3).

Built with apispec and its Flask plugin from the live URL map: every /api/v1 rule the app serves must
have an entry in OPERATIONS (keyed by endpoint and method), or building the document fails — so a new
route cannot ship undescribed. The schemas are the real response shapes of the ``gateway.ops`` modules and
are checked against the running suite by Schemathesis (tests/e2e/test_openapi_schemathesis.py).
"""

from __future__ import annotations

import copy
from typing import Any

from apispec import APISpec
from apispec_webframeworks.flask import FlaskPlugin
from flask import Blueprint, Flask, current_app, jsonify

API_PREFIX = "/api/v1/"
IGNORED_METHODS = {"HEAD", "OPTIONS"}
PROBLEM = "application/problem+json"

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")


class UndescribedRoute(LookupError):
    """An /api/v1 route without an OpenAPI description."""


# --- schema helpers ----------------------------------------------------------------------------------


def ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
    """An object with these required and optional properties; extra properties stay allowed."""
    properties = {**required, **(optional or {})}
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` or null, as OpenAPI 3.0.3 says it: ``nullable: true``, and ``null`` among an enum's values
    (an enum restricts null like any value). Not for a ``$ref`` (its siblings are ignored): inline it."""
    if "$ref" in schema:
        raise ValueError("nullable() of a $ref: use the schema itself")
    if "enum" in schema:
        return {**schema, "nullable": True, "enum": [*schema["enum"], None]}
    return {**schema, "nullable": True}


def page_of(item: str, **extra: Any) -> dict[str, Any]:
    """A cursor page (DESIGN §4.3): ``{"items": [...], "next_cursor": ...}``."""
    return obj({"items": {"type": "array", "items": ref(item)}, "next_cursor": NULLABLE_STR, **extra})


def enum(*values: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


STR = {"type": "string"}
NULLABLE_STR = nullable(STR)
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
FEN = {"type": "integer", "description": "an amount in fen (1/100 yuan)"}
FEN_NONNEG = {**FEN, "minimum": 0}
AREA = {"type": "number", "minimum": 0, "description": "建筑面积, m²"}
RECEIPT_KIND = enum("NONE", "PAPER", "ELECTRONIC")
INVOICE_STATUS = enum("ISSUING", "ISSUED", "FAILED", "RED_FLUSHED")
RECEIPT_REF = obj({"kind": RECEIPT_KIND, "invoice_id": NULLABLE_STR, "status": nullable(INVOICE_STATUS)})
NOTICE = enum("REFUND_REQUIRED", "UNIT_MUST_PAY", "NOT_OWNER")
CHANNEL = enum("WECHAT", "ALIPAY")
NOTIFICATION_KIND = enum(
    "DEPOSIT_POSTED",
    "INTEREST_POSTED",
    "APPORTIONMENT_POSTED",
    "LOW_BALANCE",
    "BILL_RAISED",
    "RECEIPT_ISSUED",
    "RECEIPT_FAILED",
    "REGISTRATION_DECIDED",
)
NOTIFICATION_PREFERENCE = obj(
    {"kind": NOTIFICATION_KIND, "sms": {**BOOL, "description": "true: an SMS for this kind of message"}}
)

HOUSE_FIELDS = {
    "house_id": STR,
    "address": STR,
    "district": STR,
    "district_name": STR,
    "area_m2": AREA,
    "property_kind": STR,
}
ENTRY_FIELDS = {
    "entry_id": {"type": "string", "pattern": "^[0-9]+$"},
    "kind": enum("FIRST_DEPOSIT", "TOP_UP", "REPLENISHMENT", "INTEREST", "APPORTIONMENT", "REFUND"),
    "kind_name": STR,
    "amount_fen": FEN,
    "principal_delta_fen": FEN,
    "interest_delta_fen": FEN,
    "balance_after_fen": FEN,
    "business_no": STR,
    "booked_at": STR,
    "deposit_id": NULLABLE_STR,
    "summary": STR,
}
BILL_FIELDS = {
    "bill_id": STR,
    "business_no": STR,
    "address": STR,
    "area_m2": nullable(AREA),
    "payment_type": enum("FIRST_DEPOSIT", "TOP_UP", "REPLENISHMENT"),
    "payment_type_name": STR,
    "amount_rule": enum("FIXED", "ENTERED"),
    "amount_fen": nullable(FEN_NONNEG),
    "min_fen": nullable(FEN_NONNEG),
    "max_fen": nullable(FEN_NONNEG),
    "status": STR,
    "fund_type": STR,
    "standard_fen_per_m2": nullable(FEN_NONNEG),
    "created_at": STR,
}
PROJECT_FIELDS = {
    "project_id": STR,
    "project_no": STR,
    "name": STR,
    "reason": STR,
    "scope": enum("BUILDING", "COMMUNITY"),
    "scope_name": STR,
    "total_cost_fen": FEN_NONNEG,
    "households": {**INT, "minimum": 1},
    "share_basis": enum("BY_AREA", "EQUAL"),
    "share_basis_name": STR,
    "your_share_fen": {**FEN_NONNEG, "description": "this house's share, fen (the entry's amount, positive)"},
    "approved_at": {"type": "string", "format": "date", "description": "approval date (Beijing)"},
    "documents": {
        "type": "array",
        "items": obj({"kind": STR, "kind_name": STR, "title": STR, "reference": STR}),
    },
}
REGISTRATION_FIELDS = {
    "registration_id": STR,
    "method": enum("contract", "certificate", "proof"),
    "method_name": STR,
    "status": enum("BOUND", "PENDING_REVIEW", "APPROVED", "REJECTED"),
    "status_name": STR,
    "submitted_at": STR,
    "decided_at": NULLABLE_STR,
    "reason": STR,
    "address": STR,
    "district": STR,
    "house_id": NULLABLE_STR,
    "contract_no": STR,
    "house_type": STR,
    "cert_no": STR,
    "phone_masked": STR,
}

ORDER = obj(
    {
        "order_id": STR,
        "out_trade_no": STR,
        "bill_id": STR,
        "house_id": STR,
        "business_no": STR,
        "channel": CHANNEL,
        "channel_name": STR,
        "amount_fen": FEN_NONNEG,
        "status": enum("PENDING", "PAID", "CLOSED", "FAILED", "SUSPECT"),
        "status_name": STR,
        "qr_content": NULLABLE_STR,
        "expires_at": STR,
        "deposit_id": NULLABLE_STR,
        "paid_at": NULLABLE_STR,
    }
)

SCHEMAS: dict[str, dict[str, Any]] = {
    "Problem": {
        **obj(
            {
                "type": {"type": "string", "format": "uri"},
                "title": STR,
                "status": {"type": "integer", "minimum": 400, "maximum": 599},
                "detail": STR,
                "code": {"type": "string", "pattern": "^[A-Z][A-Z0-9_]*$"},
            },
            {
                "field": {"type": "string", "description": "the request field at fault"},
                "retry_after": {"type": "integer", "minimum": 0},
                "challenge": obj({"id": STR, "question": STR}),
                "remaining_attempts": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "log-in tries left before the username is locked (INVALID_CREDENTIALS)",
                },
            },
        ),
        "description": "RFC 9457 problem details with a stable code",
    },
    "AccountCreated": obj({"account_id": STR, "username": STR}),
    "SessionStarted": obj(
        {
            "csrf_token": {"type": "string", "minLength": 1},
            "user": obj({"name_masked": STR, "has_houses": BOOL, "house_count": {**INT, "minimum": 0}}),
        }
    ),
    "SmsCodeSent": obj(
        {"resend_after_seconds": {**INT, "minimum": 0}, "code_valid_seconds": {**INT, "minimum": 0}}
    ),
    "Me": obj(
        {
            "username": STR,
            "name_masked": STR,
            "id_number_masked": STR,
            "phone_masked": STR,
            "roles": {"type": "array", "items": enum("OWNER", "REVIEWER")},
            "district_code": STR,
            "has_houses": BOOL,
            "house_count": {**INT, "minimum": 0},
        }
    ),
    "House": obj({**HOUSE_FIELDS, "storey_class": STR}, {"balance_fen": FEN_NONNEG}),
    "HousePage": page_of("House", total_bound={**INT, "minimum": 0}),
    "HouseDetail": obj(
        {
            **HOUSE_FIELDS,
            "storey_class": STR,
            "contract_no": STR,
            "cert_no": STR,
            "principal_fen": FEN_NONNEG,
            "interest_fen": FEN_NONNEG,
            "balance_fen": FEN_NONNEG,
            "first_deposit_fen": FEN_NONNEG,
            "needs_refund": BOOL,
        }
    ),
    "LedgerEntry": obj(ENTRY_FIELDS),
    "LedgerPage": page_of("LedgerEntry"),
    "LedgerEntryDetail": obj(
        {**ENTRY_FIELDS, "receipt": RECEIPT_REF},
        {"project": {**obj(PROJECT_FIELDS), "description": "the repair an apportionment paid for"}},
    ),
    "AnnualStatement": obj(
        {
            "year": {**INT, "minimum": 1990, "maximum": 9998},
            "first_year": {
                **INT,
                "minimum": 1990,
                "maximum": 9998,
                "description": "the house's first statement year; the last is this Beijing year",
            },
            "opening_balance_fen": FEN_NONNEG,
            "deposits_fen": FEN_NONNEG,
            "interest_fen": FEN_NONNEG,
            "apportionments_fen": {**FEN, "maximum": 0},
            "refunds_fen": {**FEN, "maximum": 0},
            "closing_balance_fen": FEN_NONNEG,
            "principal_fen": FEN_NONNEG,
            "interest_balance_fen": FEN_NONNEG,
            "entries": {"type": "array", "items": ref("LedgerEntry")},
        }
    ),
    "DepositCertificate": obj(
        {
            "certificate_id": STR,
            "verification_code": {"type": "string", "pattern": "^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$"},
            "fully_paid": BOOL,
            "shortfall_fen": FEN_NONNEG,
            "issued_at": STR,
        }
    ),
    "CertificateVerification": obj(
        {
            "valid": BOOL,
            "address_masked": NULLABLE_STR,
            "fully_paid": BOOL,
            "issued_at": NULLABLE_STR,
        }
    ),
    "BuildingProjects": obj(
        {
            "building": STR,
            "items": {
                "type": "array",
                "items": obj(
                    {
                        **PROJECT_FIELDS,
                        "houses_in_building": {**INT, "minimum": 0},
                        "building_paid_fen": FEN_NONNEG,
                    }
                ),
            },
        }
    ),
    "InvoiceAccepted": obj({"invoice_id": STR, "status": INVOICE_STATUS}),
    "Invoice": obj(
        {
            "invoice_id": STR,
            "deposit_id": STR,
            "status": INVOICE_STATUS,
            "bill_code": NULLABLE_STR,
            "bill_no": NULLABLE_STR,
            "check_code": NULLABLE_STR,
            "amount_fen": FEN_NONNEG,
            "issued_at": NULLABLE_STR,
            "business_no": STR,
            "failure_reason": NULLABLE_STR,
            "replaces_invoice_id": NULLABLE_STR,
        }
    ),
    "RegistrationPreview": obj(
        {
            **{k: v for k, v in HOUSE_FIELDS.items() if k != "property_kind"},
            "owner_masked": STR,
            "contract_no": STR,
            "cert_no": STR,
        }
    ),
    "Registration": obj(REGISTRATION_FIELDS),
    "RegistrationPage": page_of("Registration"),
    "ReviewQueue": page_of("Registration", district=STR),
    "RegistrationReview": obj(
        {
            **REGISTRATION_FIELDS,
            "applicant_name_masked": STR,
            "applicant_phone_masked": STR,
            "applicant_name": {**NULLABLE_STR, "description": "in clear only from POST …/applicant"},
            "applicant_phone": {**NULLABLE_STR, "description": "in clear only from POST …/applicant"},
            "applicant_is_owner": {**BOOL, "description": "the applicant is one of the registered owners"},
            "owner_masked": STR,
            "files": {
                "type": "array",
                "items": obj(
                    {
                        "file_id": STR,
                        "filename": STR,
                        "content_type": STR,
                        "size_bytes": {**INT, "minimum": 0},
                        "scan_status": STR,
                    }
                ),
            },
        }
    ),
    "Bill": obj(
        {**BILL_FIELDS, "house_id": STR, "notices": {"type": "array", "items": NOTICE}, "can_pay": BOOL},
        {"grant": NULLABLE_STR},
    ),
    "BillPage": page_of("Bill"),
    "Order": ORDER,
    "HouseQueryResult": obj(
        {
            "house": obj(HOUSE_FIELDS),
            "owned": BOOL,
            "notices": {"type": "array", "items": NOTICE},
            "notice_texts": {"type": "array", "items": STR},
            "bills": {
                "type": "array",
                "items": obj(
                    {
                        **BILL_FIELDS,
                        "house_id": STR,
                        "notices": {"type": "array", "items": NOTICE},
                        "can_pay": BOOL,
                    }
                ),
            },
            "can_pay": BOOL,
            "grant": {
                "type": "string",
                "description": "我要查询 grant: send it back as ?grant= (bill, fund details) or in the order "
                "body to pay this house's bills and read its fund details until grant_expires_at",
            },
            "grant_expires_at": STR,
        }
    ),
    "DepositRecord": obj(
        {
            "deposit_id": STR,
            "house_id": STR,
            "address": STR,
            "business_no": STR,
            "amount_fen": FEN_NONNEG,
            "paid_at": STR,
            "channel": STR,
            "channel_name": STR,
            "receipt": RECEIPT_REF,
        }
    ),
    "DepositRecordPage": page_of("DepositRecord"),
    "QuickpayState": obj(
        {
            "bill": obj({**BILL_FIELDS, "owner_name_masked": STR}),
            "deposit": nullable(
                obj(
                    {
                        "deposit_id": STR,
                        "amount_fen": FEN_NONNEG,
                        "paid_at": STR,
                        "channel": STR,
                        "channel_name": STR,
                        "receipt": obj(
                            {
                                "kind": enum("", "PAPER", "ELECTRONIC"),
                                "invoice_id": NULLABLE_STR,
                                "status": nullable(INVOICE_STATUS),
                                "status_name": STR,
                            }
                        ),
                    }
                )
            ),
            "order": nullable(ORDER),
            "next_action": enum(
                "PAY", "NONE", "PAPER", "DOWNLOAD", "RETRY_INVOICE", "ISSUING", "REQUEST_INVOICE"
            ),
        }
    ),
    "QuickpayLookup": {
        "allOf": [ref("QuickpayState"), obj({"token": {"type": "string", "minLength": 1}, "expires_at": STR})]
    },
    "WechatPayAck": obj({"code": enum("FAIL"), "message": STR}),
    "Notification": obj(
        {
            "notification_id": STR,
            "kind": NOTIFICATION_KIND,
            "title": STR,
            "body": {**STR, "description": "Chinese; personal data masked, amounts in yuan"},
            "link": {**NULLABLE_STR, "description": "the portal path the message leads to; null when none"},
            "created_at": {"type": "string", "format": "date-time", "description": "RFC 3339, UTC"},
            "read": BOOL,
        }
    ),
    "NotificationPage": page_of(
        "Notification",
        unread_count={
            **INT,
            "minimum": 0,
            "description": "how many of all my messages are unread (not only this page's): the badge",
        },
    ),
    "UnreadCount": obj({"count": {**INT, "minimum": 0}}),
    "NotificationPreferences": obj(
        {"items": {"type": "array", "items": NOTIFICATION_PREFERENCE, "description": "one per kind"}}
    ),
}

# --- request bodies ------------------------------------------------------------------------------------

PHONE = {"type": "string", "maxLength": 20}
BODIES: dict[str, dict[str, Any]] = {
    "register": obj(
        {
            "username": {"type": "string", "maxLength": 64},
            "password": {"type": "string", "maxLength": 128},
            "name": {"type": "string", "maxLength": 64},
            "id_number": {"type": "string", "maxLength": 18},
            "phone": PHONE,
            "sms_code": {
                "type": "string",
                "maxLength": 8,
                "description": "the code POST /sms-codes {purpose: register} sent to the phone",
            },
            "accepted_terms": {**BOOL, "description": "agrees to the 用户协议 (/terms); must be true"},
            "accepted_privacy": {
                **BOOL,
                "description": "agrees, separately, to the 隐私政策 (/privacy) and the use of the ID number",
            },
        }
    ),
    "login": {
        "anyOf": [
            obj({"username": STR, "password": STR}),
            obj({"phone": PHONE, "sms_code": {"type": "string", "maxLength": 8}}),
        ]
    },
    "sms_code": obj(
        {"phone": PHONE},
        {"purpose": {**enum("login", "register"), "description": "login (the default) or register"}},
    ),
    "invoice": obj({"deposit_id": {"type": "string", "maxLength": 64}}),
    "order": obj(
        {"channel": CHANNEL},
        {
            "amount_fen": {
                "type": "integer",
                "minimum": 1,
                "maximum": 2**63 - 1,
                "description": "for ENTERED bills (续筹), within the bill's min_fen..max_fen",
            },
            "grant": {"type": "string", "maxLength": 200, "description": "我要查询 grant (another's house)"},
        },
    ),
    "house_query": obj(
        {"by": enum("address", "contract", "certificate")},
        {"address": STR, "contract_no": STR, "house_type": STR, "cert_no": STR},
    ),
    "registration": obj(
        {"method": enum("contract", "certificate", "proof")},
        {
            "contract_no": STR,
            "house_type": STR,
            "cert_no": STR,
            "district": {"type": "string", "pattern": "^[0-9]{6}$"},
            "phone": PHONE,
            "address": STR,
        },
    ),
    "decision": obj({"approve": BOOL}, {"reason": {"type": "string", "maxLength": 300}, "house_id": STR}),
    "notification_preferences": obj(
        {
            "items": {
                "type": "array",
                "items": NOTIFICATION_PREFERENCE,
                "description": "the kinds to change (each at most once); kinds not given stay as they are",
            }
        }
    ),
    "quickpay_lookup": obj(
        {
            "business_no": {"type": "string", "maxLength": 64},
            "owner_name": {"type": "string", "maxLength": 64},
        },
        {"challenge": obj({"id": STR, "answer": STR})},
    ),
}

# --- operations ------------------------------------------------------------------------------------------

ERROR_TEXT = {
    400: "invalid request (VALIDATION_FAILED and friends; `field` names the culprit)",
    401: "no session, or it expired (UNAUTHENTICATED)",
    403: "CSRF_FAILED, ORIGIN_REJECTED or PERMISSION_DENIED",
    404: "not found, or not yours (the same answer)",
    409: "the current state forbids this (e.g. PAPER_RECEIPT_ISSUED)",
    413: "request body too large",
    422: "Idempotency-Key reused with a different request (IDEMPOTENCY_KEY_REUSED), or a well-formed body "
    "naming what does not exist (VALIDATION_FAILED; `field` names it)",
    428: "answer the challenge first (CHALLENGE_REQUIRED)",
    429: "rate limited (RATE_LIMITED); see Retry-After",
    503: "a backend service is unavailable",
}
SESSION = [{"session": []}]
SESSION_CSRF = [{"session": [], "csrf": []}]
PUBLIC: list[dict[str, list[str]]] = []


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def op(
    summary: str,
    tag: str,
    ok: tuple[int, str, dict[str, Any] | None],
    errors: tuple[int, ...],
    *,
    security: list[dict[str, list[str]]],
    body: str | None = None,
    parameters: list[dict[str, Any]] | None = None,
    idempotent_key: bool = False,
    multipart: bool = False,
    other_responses: dict[str, Any] | None = None,
    raw_body: dict[str, Any] | None = None,
) -> dict[str, Any]:
    status, description, content = ok
    responses: dict[str, Any] = {str(status): {"description": description}, **(other_responses or {})}
    if content is not None:
        responses[str(status)]["content"] = content
    for code in sorted({*errors, 413} if body or raw_body else errors):
        responses[str(code)] = f"Problem{code}"
    operation: dict[str, Any] = {
        "summary": summary,
        "tags": [tag],
        "responses": responses,
        "security": security,
    }
    params: list[Any] = list(parameters or [])
    if idempotent_key:
        params.append("IdempotencyKey")  # apispec turns a component's name into its $ref
    if params:
        operation["parameters"] = params
    if raw_body:
        operation["requestBody"] = {"required": True, "content": raw_body}
    if body:
        content = json_content(ref(f"{body}Request"))
        if multipart:
            content["multipart/form-data"] = {
                "schema": {
                    "allOf": [
                        ref(f"{body}Request"),
                        obj(
                            {}, {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}}
                        ),
                    ]
                }
            }
        operation["requestBody"] = {"required": True, "content": content}
    return operation


def path_param(name: str, description: str = "") -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": STR, "description": description}


def query(name: str, schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


GRANT = query("grant", STR, "我要查询 grant (house-queries' grant) for someone else's house")
PAGE_PARAMS = [
    query("limit", {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
    query("cursor", STR, "next_cursor of the previous page"),
]
HOUSE_ID = path_param("house_id")
YEAR = path_param("year", "Beijing calendar year, four digits")
INVOICE_ID = path_param("invoice_id")
REGISTRATION_ID = path_param("registration_id")
TOKEN = path_param("token", "the signed quick-pay token from the lookup")
JSON_OF = {name: json_content(ref(name)) for name in SCHEMAS}
PDF = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
READ = (400, 401, 404, 503)  # a logged-in read that reaches the backends
WRITE = (400, 401, 403, 404, 409, 503)  # the same for a state change (CSRF)

OPERATIONS: dict[tuple[str, str], dict[str, Any]] = {
    ("openapi.spec", "get"): op(
        "this document",
        "meta",
        (200, "the OpenAPI description of /api/v1", json_content({"type": "object"})),
        (),
        security=PUBLIC,
    ),
    ("api.register", "post"): op(
        "register an account (立即注册)",
        "accounts",
        (201, "created", JSON_OF["AccountCreated"]),
        (400, 403, 409, 429, 503),
        security=PUBLIC,
        body="Register",
    ),
    ("api.login", "post"): op(
        "log in with a password or an SMS code; sets the session cookie",
        "accounts",
        (200, "logged in; send csrf_token as X-CSRF-Token from now on", JSON_OF["SessionStarted"]),
        (400, 401, 403, 429, 503),
        security=PUBLIC,
        body="Login",
    ),
    ("api.sms_codes", "post"): op(
        "send a login code, or a registration's phone-verification code, by SMS",
        "accounts",
        (202, "sent", JSON_OF["SmsCodeSent"]),
        (400, 403, 429, 503),
        security=PUBLIC,
        body="SmsCode",
    ),
    ("api.logout", "delete"): op(
        "log out (ends the session server-side)",
        "accounts",
        (204, "logged out", None),
        (403,),
        security=SESSION_CSRF,
    ),
    ("api.me", "get"): op(
        "personal information (个人信息), masked",
        "accounts",
        (200, "the account", JSON_OF["Me"]),
        (401, 404, 503),
        security=SESSION,
    ),
    ("api.houses", "get"): op(
        "my houses with their balances",
        "houses",
        (200, "a page of houses", JSON_OF["HousePage"]),
        READ,
        security=SESSION,
        parameters=[query("address", STR, "part of the address"), *PAGE_PARAMS],
    ),
    ("api.house", "get"): op(
        "one of my houses",
        "houses",
        (200, "the house and its fund account", JSON_OF["HouseDetail"]),
        READ,
        security=SESSION,
        parameters=[HOUSE_ID],
    ),
    ("api.ledger", "get"): op(
        "fund details (资金明细) of one of my houses",
        "houses",
        (200, "a page of ledger entries, newest first", JSON_OF["LedgerPage"]),
        READ,
        security=SESSION,
        parameters=[HOUSE_ID, *PAGE_PARAMS, GRANT],
    ),
    ("api.ledger_entry", "get"): op(
        "one ledger entry and its receipt",
        "houses",
        (200, "the entry", JSON_OF["LedgerEntryDetail"]),
        READ,
        security=SESSION,
        parameters=[HOUSE_ID, path_param("entry_id"), GRANT],
    ),
    ("api_documents.statement", "get"): op(
        "年度结存单: one Beijing year of one of my houses (opening + movements = closing)",
        "documents",
        (200, "the statement", JSON_OF["AnnualStatement"]),
        READ,
        security=SESSION,
        parameters=[HOUSE_ID, YEAR],
    ),
    ("api_documents.statement_pdf", "get"): op(
        "download the annual statement (PDF)",
        "documents",
        (200, "the PDF", PDF),
        READ,
        security=SESSION,
        parameters=[HOUSE_ID, YEAR],
    ),
    ("api_documents.issue_certificate", "post"): op(
        "交存证明: state today whether the fund of one of my houses is fully paid",
        "documents",
        (201, "issued", JSON_OF["DepositCertificate"]),
        WRITE,
        security=SESSION_CSRF,
        parameters=[HOUSE_ID],
    ),
    ("api_documents.certificate_pdf", "get"): op(
        "download a deposit certificate (PDF, carries its verification code)",
        "documents",
        (200, "the PDF", PDF),
        READ,
        security=SESSION,
        parameters=[path_param("certificate_id")],
    ),
    ("api_documents.verify_certificate", "get"): op(
        "check a deposit certificate's code, anonymously (a wrong code: the same shape, valid false; "
        "limited per client address with the page, CERTIFICATE_VERIFY_RATE_LIMIT: 429 RATE_LIMITED)",
        "documents",
        (200, "the check; no owner name or ID number", JSON_OF["CertificateVerification"]),
        (400, 429, 503),
        security=PUBLIC,
        parameters=[query("code", STR, "the verification code as printed, e.g. 7KQ2-M9XD-4TPR-B3HW")],
    ),
    ("api_documents.building_projects", "get"): op(
        "repair projects paid from the houses of my house's building",
        "documents",
        (200, "newest approval first", JSON_OF["BuildingProjects"]),
        READ,
        security=SESSION,
        parameters=[HOUSE_ID],
    ),
    ("api_invoices.create_invoice", "post"): op(
        "我要开票: request the e-receipt of a deposit",
        "receipts",
        (202, "accepted; poll the invoice", JSON_OF["InvoiceAccepted"]),
        WRITE,
        security=SESSION_CSRF,
        body="Invoice",
    ),
    ("api_invoices.get_invoice", "get"): op(
        "e-receipt status",
        "receipts",
        (200, "the receipt", JSON_OF["Invoice"]),
        READ,
        security=SESSION,
        parameters=[INVOICE_ID],
    ),
    ("api_invoices.invoice_pdf", "get"): op(
        "download the e-receipt",
        "receipts",
        (200, "the PDF", PDF),
        (*READ, 409),
        security=SESSION,
        parameters=[INVOICE_ID],
    ),
    ("api_invoices.retry_invoice", "post"): op(
        "重新开票 after FAILED",
        "receipts",
        (202, "accepted", JSON_OF["InvoiceAccepted"]),
        WRITE,
        security=SESSION_CSRF,
        parameters=[INVOICE_ID],
    ),
    ("api_registrations.lookup", "get"): op(
        "preview the house before 造册 (owner masked)",
        "registrations",
        (200, "the house", JSON_OF["RegistrationPreview"]),
        READ,
        security=SESSION,
        parameters=[
            {**query("method", enum("contract", "certificate")), "required": True},
            query("contract_no", STR),
            query("house_type", STR),
            query("cert_no", STR),
        ],
    ),
    ("api_registrations.submit", "post"): op(
        "submit 个人造册 (JSON, or multipart with files for method=proof)",
        "registrations",
        (201, "BOUND at once, or PENDING_REVIEW", JSON_OF["Registration"]),
        WRITE,
        security=SESSION_CSRF,
        body="Registration",
        multipart=True,
    ),
    ("api_registrations.history", "get"): op(
        "my 造册 history",
        "registrations",
        (200, "a page of registrations", JSON_OF["RegistrationPage"]),
        READ,
        security=SESSION,
        parameters=PAGE_PARAMS,
    ),
    ("api_registrations.admin_queue", "get"): op(
        "管理部: the district's pending registrations (reviewer role)",
        "review",
        (200, "a page of registrations", JSON_OF["ReviewQueue"]),
        (*READ, 403),
        security=SESSION,
        parameters=[query("status", enum("PENDING_REVIEW")), *PAGE_PARAMS],
    ),
    ("api_registrations.admin_detail", "get"): op(
        "管理部: one registration with its files",
        "review",
        (200, "the registration", JSON_OF["RegistrationReview"]),
        (*READ, 403),
        security=SESSION,
        parameters=[REGISTRATION_ID],
    ),
    ("api_registrations.admin_reveal_applicant", "post"): op(
        "管理部: the applicant's name and phone in clear (an explicit request; audited REVEAL_APPLICANT)",
        "review",
        (200, "the registration with the applicant in clear", JSON_OF["RegistrationReview"]),
        WRITE,
        security=SESSION_CSRF,
        parameters=[REGISTRATION_ID],
    ),
    ("api_registrations.admin_file", "get"): op(
        "管理部: download an uploaded file (attachment, sandboxed)",
        "review",
        (
            200,
            "the file as uploaded (sanitised)",
            {
                mime: {"schema": {"type": "string", "format": "binary"}}
                for mime in ("application/pdf", "image/jpeg", "image/png")
            },
        ),
        (*READ, 403),
        security=SESSION,
        parameters=[REGISTRATION_ID, path_param("file_id")],
    ),
    ("api_registrations.admin_decide", "post"): op(
        "管理部: approve or reject",
        "review",
        (200, "the decided registration", JSON_OF["Registration"]),
        WRITE,
        security=SESSION_CSRF,
        body="Decision",
        parameters=[REGISTRATION_ID],
    ),
    ("api_payments.bills", "get"): op(
        "我要交款: pending bills of my houses",
        "payments",
        (200, "the bills (one page)", JSON_OF["BillPage"]),
        READ,
        security=SESSION,
        parameters=[query("status", enum("pending"))],
    ),
    ("api_payments.bill", "get"): op(
        "one bill with its notices",
        "payments",
        (200, "the bill", JSON_OF["Bill"]),
        READ,
        security=SESSION,
        parameters=[path_param("bill_id"), GRANT],
    ),
    ("api_payments.create_order", "post"): op(
        "立即付款: open a payment order (QR code)",
        "payments",
        (201, "the order; Idempotent-Replayed: true when replayed", JSON_OF["Order"]),
        (*WRITE, 422),
        security=SESSION_CSRF,
        body="Order",
        parameters=[path_param("bill_id")],
        idempotent_key=True,
    ),
    ("api_payments.order", "get"): op(
        "order status",
        "payments",
        (200, "the order", JSON_OF["Order"]),
        READ,
        security=SESSION,
        parameters=[path_param("order_id")],
    ),
    ("api_payments.confirm", "post"): op(
        "已支付: ask the provider now",
        "payments",
        (200, "the order", JSON_OF["Order"]),
        WRITE,
        security=SESSION_CSRF,
        parameters=[path_param("order_id")],
    ),
    ("api_payments.house_query", "post"): op(
        "我要查询: find a house by address, contract or certificate",
        "payments",
        (200, "the house, its notices and pending bills", JSON_OF["HouseQueryResult"]),
        WRITE,
        security=SESSION_CSRF,
        body="HouseQuery",
    ),
    ("api_payments.deposit_records", "get"): op(
        "我的交存记录: deposits the account paid and deposits on its houses (quick pay, the counter)",
        "payments",
        (200, "a page of deposits, newest first", JSON_OF["DepositRecordPage"]),
        READ,
        security=SESSION,
        parameters=PAGE_PARAMS,
    ),
    ("payment_notify.notify_wechat", "post"): op(
        "WeChat Pay APIv3 payment notification (verified by the deposit service)",
        "provider notifications",
        (204, "applied or already applied", None),
        (403, 404),
        security=PUBLIC,
        parameters=[
            *(
                {"name": f"Wechatpay-{h}", "in": "header", "required": True, "schema": STR}
                for h in ("Timestamp", "Nonce", "Signature", "Serial")
            ),
            {
                "name": "Wechatpay-Signature-Type",
                "in": "header",
                "required": False,
                "schema": enum("WECHATPAY2-SHA256-RSA2048"),
                "description": "Serial: a platform certificate's serial or a 微信支付公钥 id (PUB_KEY_ID_…)",
            },
        ],
        raw_body=json_content(
            obj(
                {"id": STR, "event_type": STR, "resource_type": STR},
                {
                    "create_time": STR,
                    "summary": STR,
                    "resource": obj(
                        {"algorithm": STR, "ciphertext": STR, "nonce": STR},
                        {"associated_data": STR, "original_type": STR},
                    ),
                },
            )
        ),
        other_responses={
            "401": {
                "description": "refused: bad signature or a replay (its protocol's FAIL answer)",
                "content": json_content(ref("WechatPayAck")),
            },
            "500": {
                "description": "refused or not applied: WeChat Pay retries (its protocol's FAIL answer)",
                "content": json_content(ref("WechatPayAck")),
            },
        },
    ),
    ("payment_notify.notify_alipay", "post"): op(
        "Alipay asynchronous notification (form POST, verified by the deposit service)",
        "provider notifications",
        (
            200,
            "`success` or `failure`, as Alipay expects",
            {"text/plain": {"schema": enum("success", "failure")}},
        ),
        (403,),
        security=PUBLIC,
        raw_body={
            "application/x-www-form-urlencoded": {
                "schema": obj(
                    {"notify_id": STR, "out_trade_no": STR, "trade_status": STR, "sign": STR},
                    {
                        "notify_time": STR,
                        "app_id": STR,
                        "sign_type": enum("RSA2"),
                        "trade_no": STR,
                        "total_amount": STR,
                        "seller_id": STR,
                        "gmt_payment": STR,
                    },
                )
            }
        },
    ),
    ("api_quickpay.lookup", "post"): op(
        "quick pay: look up a bill by business number and owner name",
        "quick pay",
        (200, "a token and the bill's state", JSON_OF["QuickpayLookup"]),
        (400, 403, 404, 428, 429, 503),
        security=PUBLIC,
        body="QuickpayLookup",
    ),
    ("api_quickpay.state", "get"): op(
        "quick pay: bill, order and receipt state",
        "quick pay",
        (200, "the state", JSON_OF["QuickpayState"]),
        (400, 404, 503),
        security=PUBLIC,
        parameters=[TOKEN],
    ),
    ("api_quickpay.create_order", "post"): op(
        "quick pay: open a payment order",
        "quick pay",
        (201, "the order; Idempotent-Replayed: true when replayed", JSON_OF["Order"]),
        (400, 403, 404, 409, 422, 503),
        security=PUBLIC,
        body="Order",
        parameters=[TOKEN],
        idempotent_key=True,
    ),
    ("api_quickpay.request_invoice", "post"): op(
        "quick pay: 我要开票 / 重新开票",
        "quick pay",
        (202, "accepted", JSON_OF["InvoiceAccepted"]),
        (400, 403, 404, 409, 503),
        security=PUBLIC,
        parameters=[TOKEN],
    ),
    ("api_quickpay.invoice_pdf", "get"): op(
        "quick pay: download the e-receipt",
        "quick pay",
        (200, "the PDF", PDF),
        (400, 404, 409, 503),
        security=PUBLIC,
        parameters=[TOKEN],
    ),
    ("api_notifications.list_notifications", "get"): op(
        "消息: my messages, newest first",
        "messages",
        (200, "a page of messages", JSON_OF["NotificationPage"]),
        (400, 401, 503),
        security=SESSION,
        parameters=PAGE_PARAMS,
    ),
    ("api_notifications.unread_count", "get"): op(
        "how many of my messages are unread (the badge)",
        "messages",
        (200, "the count", JSON_OF["UnreadCount"]),
        (401, 503),
        security=SESSION,
    ),
    ("api_notifications.mark_read", "post"): op(
        "mark one of my messages read (idempotent)",
        "messages",
        (204, "read", None),
        (401, 403, 404, 503),
        security=SESSION_CSRF,
        parameters=[path_param("notification_id")],
    ),
    ("api_notifications.mark_all_read", "post"): op(
        "全部已读: mark every message of mine read",
        "messages",
        (204, "all read", None),
        (401, 403, 503),
        security=SESSION_CSRF,
    ),
    ("api_notifications.get_preferences", "get"): op(
        "my SMS choice for every kind of message (a kind never set is on)",
        "messages",
        (200, "one per kind, in a fixed order", JSON_OF["NotificationPreferences"]),
        (401, 503),
        security=SESSION,
    ),
    ("api_notifications.put_preferences", "put"): op(
        "set my SMS choice for the kinds given; answers every kind",
        "messages",
        (200, "one per kind after the change", JSON_OF["NotificationPreferences"]),
        (400, 401, 403, 422, 503),
        security=SESSION_CSRF,
        body="NotificationPreferences",
    ),
}


# operationId of each operation: the method names of generated clients (stable: renaming one breaks them)
OPERATION_IDS: dict[tuple[str, str], str] = {
    ("openapi.spec", "get"): "getOpenApiDocument",
    ("api.register", "post"): "registerAccount",
    ("api.login", "post"): "logIn",
    ("api.sms_codes", "post"): "sendSmsCode",
    ("api.logout", "delete"): "logOut",
    ("api.me", "get"): "getMe",
    ("api.houses", "get"): "listHouses",
    ("api.house", "get"): "getHouse",
    ("api.ledger", "get"): "listLedgerEntries",
    ("api.ledger_entry", "get"): "getLedgerEntry",
    ("api_invoices.create_invoice", "post"): "requestInvoice",
    ("api_invoices.get_invoice", "get"): "getInvoice",
    ("api_invoices.invoice_pdf", "get"): "downloadInvoicePdf",
    ("api_invoices.retry_invoice", "post"): "retryInvoice",
    ("api_registrations.lookup", "get"): "previewRegistration",
    ("api_registrations.submit", "post"): "submitRegistration",
    ("api_registrations.history", "get"): "listRegistrations",
    ("api_registrations.admin_queue", "get"): "listReviewQueue",
    ("api_registrations.admin_detail", "get"): "getRegistrationForReview",
    ("api_registrations.admin_file", "get"): "downloadRegistrationFile",
    ("api_registrations.admin_decide", "post"): "decideRegistration",
    ("api_registrations.admin_reveal_applicant", "post"): "revealRegistrationApplicant",
    ("api_payments.bills", "get"): "listBills",
    ("api_payments.bill", "get"): "getBill",
    ("api_payments.create_order", "post"): "createOrder",
    ("api_payments.order", "get"): "getOrder",
    ("api_payments.confirm", "post"): "confirmOrder",
    ("api_payments.house_query", "post"): "queryHouse",
    ("api_payments.deposit_records", "get"): "listDepositRecords",
    ("payment_notify.notify_wechat", "post"): "notifyWechatPay",
    ("payment_notify.notify_alipay", "post"): "notifyAlipay",
    ("api_quickpay.lookup", "post"): "quickpayLookup",
    ("api_quickpay.state", "get"): "getQuickpayState",
    ("api_quickpay.create_order", "post"): "createQuickpayOrder",
    ("api_quickpay.request_invoice", "post"): "requestQuickpayInvoice",
    ("api_quickpay.invoice_pdf", "get"): "downloadQuickpayInvoicePdf",
    ("api_documents.statement", "get"): "getAnnualStatement",
    ("api_documents.statement_pdf", "get"): "downloadAnnualStatementPdf",
    ("api_documents.issue_certificate", "post"): "issueDepositCertificate",
    ("api_documents.certificate_pdf", "get"): "downloadDepositCertificatePdf",
    ("api_documents.verify_certificate", "get"): "verifyDepositCertificate",
    ("api_documents.building_projects", "get"): "listBuildingProjects",
    ("api_notifications.list_notifications", "get"): "listNotifications",
    ("api_notifications.unread_count", "get"): "countUnreadNotifications",
    ("api_notifications.mark_read", "post"): "markNotificationRead",
    ("api_notifications.mark_all_read", "post"): "markAllNotificationsRead",
    ("api_notifications.get_preferences", "get"): "getNotificationPreferences",
    ("api_notifications.put_preferences", "put"): "setNotificationPreferences",
}


def _components(spec: APISpec) -> None:
    for name, schema in SCHEMAS.items():
        spec.components.schema(name, schema)
    for name, schema in BODIES.items():
        spec.components.schema("".join(p.capitalize() for p in name.split("_")) + "Request", schema)
    for code, text in ERROR_TEXT.items():
        response: dict[str, Any] = {"description": text, "content": {PROBLEM: {"schema": ref("Problem")}}}
        if code == 429:
            response["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
        spec.components.response(f"Problem{code}", response)
    spec.components.parameter(
        "IdempotencyKey",
        "header",
        {
            "name": "Idempotency-Key",
            "required": False,
            "schema": {"type": "string", "maxLength": 255},
            "description": "the same key and body within 24 h replays the first answer",
        },
    )
    spec.components.security_scheme(
        "session", {"type": "apiKey", "in": "cookie", "name": "mf_session", "description": "HttpOnly"}
    )
    spec.components.security_scheme(
        "csrf",
        {"type": "apiKey", "in": "header", "name": "X-CSRF-Token", "description": "csrf_token from login"},
    )


def api_rules(app: Flask) -> list[tuple[str, str, str]]:
    """(path rule, method, endpoint) for every /api/v1 route the app serves."""
    return sorted(
        (rule.rule, method.lower(), rule.endpoint)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(API_PREFIX)
        for method in (rule.methods or set()) - IGNORED_METHODS
    )


def build_spec(app: Flask) -> dict[str, Any]:
    spec = APISpec(
        title="北京市住宅专项维修资金 个人业务 API",
        version="1",
        openapi_version="3.0.3",
        plugins=[FlaskPlugin()],
        info={"description": "JSON API v1 of the personal portal (DESIGN §4.3). Errors: problem+json."},
    )
    _components(spec)
    by_endpoint: dict[str, dict[str, Any]] = {}
    for _rule, method, endpoint in api_rules(app):
        operation = OPERATIONS.get((endpoint, method))
        if operation is None:
            raise UndescribedRoute(f"{method.upper()} {_rule} ({endpoint}) has no OpenAPI description")
        by_endpoint.setdefault(endpoint, {})[method] = {
            **operation,
            "operationId": OPERATION_IDS[(endpoint, method)],
        }
    for endpoint, operations in by_endpoint.items():
        # apispec edits what it is given: hand it copies, OPERATIONS stays as written
        spec.path(view=app.view_functions[endpoint], app=app, operations=copy.deepcopy(operations))
    return spec.to_dict()


@bp.get("/openapi.json")
def spec() -> Any:
    document = current_app.extensions.get("maintfund_openapi")
    if document is None:
        document = current_app.extensions["maintfund_openapi"] = build_spec(current_app)
    return jsonify(document)
