"""The benchmark's route table: one entry per route; the mixed load draws routes by weight.

A route's path and JSON body are templates filled from the context of the request: the session's
``house_id``, ``entry_id`` (an entry of that house), ``username``, for the long-ledger house ``deep_cursor``
(the cursor of fund-details page 1000), and the per-request samples ``query_address`` (an address of the
register, for 我要查询) and ``qp_business_no`` / ``qp_owner_name`` (a pending bill's number and its owner,
for quick pay). Routes with a ``flow`` carry state from one request to the next (bench/load.py runs them):
``pay`` lists the session's pending bills, creates an order on one (Idempotency-Key) and pays it in the
sandbox, then polls the order as the browser does until it is PAID; ``receipt`` asks for the e-receipt of
a paid deposit that has none. Fill new keys in ``run.py``'s ``prepare_sessions``.

``kind``: ``owner_read`` (an owner's read: the targets of issue 8 apply), ``read`` (a read with no owner
session, e.g. quick pay's lookup), ``write`` (changes state), ``baseline``, ``login``, ``probe``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    path: str
    weight: int  # share of the mixed load (0 = measured only on its own)
    backend_calls: int  # synchronous gRPC calls the route makes (DESIGN §7: at most two)
    target: str = "gateway"  # or "baseline" (bench/baseline_app.py under the same gunicorn configuration)
    sessions: str = "owner"  # runs as: owner (any bench account), deep (the long-ledger house), none
    body: dict[str, Any] | None = field(default=None)
    kind: str = "owner_read"
    flow: str = ""  # a stateful flow of bench/load.py ("pay", "receipt"); "" = one templated request
    capacity: bool = True  # measured alone in a closed loop (flows that consume bills or deposits: no)

    @property
    def owner_read(self) -> bool:  # the targets of issue 8 apply
        return self.kind == "owner_read"

    def url_path(self, ctx: dict[str, Any]) -> str:
        return self.path.format(**ctx)

    def json_body(self, ctx: dict[str, Any]) -> dict[str, Any] | None:
        if self.body is None:
            return None
        return {k: v.format(**ctx) if isinstance(v, str) else v for k, v in self.body.items()}


BASELINE_TRIVIAL = "baseline_a_trivial"
BASELINE_GRPC = "baseline_c_one_grpc"

ROUTES: list[Route] = [
    Route(BASELINE_TRIVIAL, "GET", "/trivial", 2, 0, target="baseline", sessions="none", kind="baseline"),
    Route(BASELINE_GRPC, "GET", "/grpc", 2, 1, target="baseline", sessions="none", kind="baseline"),
    Route("gateway_healthz", "GET", "/healthz", 0, 0, sessions="none", kind="probe"),
    Route(
        "login",
        "POST",
        "/api/v1/session",
        1,
        2,
        sessions="none",
        body={"username": "{username}", "password": "{password}"},
        kind="login",
    ),
    Route("home_me", "GET", "/api/v1/me", 15, 1),
    Route("my_houses", "GET", "/api/v1/houses", 20, 1),
    Route("house_detail", "GET", "/api/v1/houses/{house_id}", 15, 1),
    Route("ledger_page1", "GET", "/api/v1/houses/{house_id}/ledger", 20, 1),
    Route("ledger_entry", "GET", "/api/v1/houses/{house_id}/ledger/{entry_id}", 13, 1),
    Route("long_ledger_page1", "GET", "/api/v1/houses/{house_id}/ledger", 5, 1, sessions="deep"),
    Route(
        "long_ledger_page1000",
        "GET",
        "/api/v1/houses/{house_id}/ledger?cursor={deep_cursor}",
        5,
        1,
        sessions="deep",
    ),
    # 我要交款 list: deposit answers from its copy of the bindings
    Route("bills_pending", "GET", "/api/v1/bills?status=pending", 6, 1),
    # 我要查询 by address: a POST that only reads (the register's house, its pending bills)
    Route(
        "house_query",
        "POST",
        "/api/v1/house-queries",
        4,
        2,
        body={"by": "address", "address": "{query_address}"},
    ),
    # quick pay (快捷交存) lookup: no session; business number + owner name
    Route(
        "quickpay_lookup",
        "POST",
        "/api/v1/quickpay/lookups",
        2,
        2,
        sessions="none",
        body={"business_no": "{qp_business_no}", "owner_name": "{qp_owner_name}"},
        kind="read",
    ),
    # the order status the browser polls after showing the QR code (part of the pay flow: weight 0)
    Route("order_status", "GET", "/api/v1/orders/{order_id}", 0, 1),
    # 立即付款 (Idempotency-Key), then the payer pays in the sandbox; the flow also runs bills_pending first
    Route(
        "bill_order",
        "POST",
        "/api/v1/bills/{bill_id}/orders",
        1,
        2,
        body={"channel": "WECHAT"},
        kind="write",
        flow="pay",
        capacity=False,
    ),
    # 我要开票 for a paid deposit without a receipt (the worker then calls the e-receipt platform)
    Route(
        "invoice_request",
        "POST",
        "/api/v1/invoices",
        1,
        2,
        body={"deposit_id": "{deposit_id}"},
        kind="write",
        flow="receipt",
        capacity=False,
    ),
]

SANDBOX_PAY = "sandbox_pay"  # the payer's side (the sandbox, not the suite): kept out of the suite's figures


def by_name(name: str) -> Route:
    return next(r for r in ROUTES if r.name == name)
