"""The benchmark's route table: one entry per route; the mixed load draws routes by weight.

A route's path and JSON body are templates filled from the session context of the request: ``house_id``,
``entry_id`` (an entry of that house), ``username``, and for the long-ledger house ``deep_cursor`` (the
cursor of fund-details page 1000). When a flow lands (bills, orders, receipts, quick pay), add its route
here with the keys it needs and fill those keys in ``run.py``'s ``prepare_sessions``.
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
    owner_read: bool = False  # an owner read route: the targets of issue 8 apply

    def url_path(self, ctx: dict[str, Any]) -> str:
        return self.path.format(**ctx)

    def json_body(self, ctx: dict[str, Any]) -> dict[str, Any] | None:
        if self.body is None:
            return None
        return {k: v.format(**ctx) if isinstance(v, str) else v for k, v in self.body.items()}


BASELINE_TRIVIAL = "baseline_a_trivial"
BASELINE_GRPC = "baseline_c_one_grpc"

ROUTES: list[Route] = [
    Route(BASELINE_TRIVIAL, "GET", "/trivial", 2, 0, target="baseline", sessions="none"),
    Route(BASELINE_GRPC, "GET", "/grpc", 2, 1, target="baseline", sessions="none"),
    Route("gateway_healthz", "GET", "/healthz", 0, 0, sessions="none"),
    Route(
        "login",
        "POST",
        "/api/v1/session",
        1,
        2,
        sessions="none",
        body={"username": "{username}", "password": "{password}"},
    ),
    Route("home_me", "GET", "/api/v1/me", 15, 2, owner_read=True),
    Route("my_houses", "GET", "/api/v1/houses", 20, 2, owner_read=True),
    Route("house_detail", "GET", "/api/v1/houses/{house_id}", 15, 2, owner_read=True),
    Route("ledger_page1", "GET", "/api/v1/houses/{house_id}/ledger", 20, 2, owner_read=True),
    Route("ledger_entry", "GET", "/api/v1/houses/{house_id}/ledger/{entry_id}", 13, 2, owner_read=True),
    Route(
        "long_ledger_page1", "GET", "/api/v1/houses/{house_id}/ledger", 5, 2, sessions="deep", owner_read=True
    ),
    Route(
        "long_ledger_page1000",
        "GET",
        "/api/v1/houses/{house_id}/ledger?cursor={deep_cursor}",
        5,
        2,
        sessions="deep",
        owner_read=True,
    ),
]


def by_name(name: str) -> Route:
    return next(r for r in ROUTES if r.name == name)
