"""rpc_pages: a source's keyset-paged List RPC as a copy's pages (the one pager every copy uses)."""

from __future__ import annotations

from typing import Any

from maintfund.events.v1 import events_pb2
from maintfund.registry.v1 import registry_pb2
from maintfund_common.copies import SOURCE_PAGE_TIMEOUT_S, rpc_pages


class Registry:
    """Answers ListBindings from a list, three bindings per page whatever is asked, like a capped source."""

    def __init__(self, bindings: list[tuple[str, str]]) -> None:
        self.bindings = bindings
        self.calls: list[tuple[str, Any, float | None]] = []

    def call(self, method: str, request: Any, timeout: float | None = None) -> Any:
        self.calls.append((method, request, timeout))
        start = int(request.page_token or 0)
        rows = self.bindings[start : start + 3]
        more = start + 3 < len(self.bindings)
        return registry_pb2.ListBindingsResponse(
            bindings=[registry_pb2.Binding(account_id=a, house_id=h) for a, h in rows],
            next_page_token=str(start + 3) if more else "",
        )


def house_bound(binding: registry_pb2.Binding) -> events_pb2.HouseBound:
    return events_pb2.HouseBound(account_id=binding.account_id, house_id=binding.house_id)


def test_pages_follow_the_token_to_the_end_shaped_as_events() -> None:
    registry = Registry([(f"A{i}", f"H{i}") for i in range(7)])
    pages = rpc_pages(registry, "ListBindings", registry_pb2.ListBindingsRequest, "bindings", house_bound)
    seen, token = [], ""
    while True:
        page = pages(token)
        seen += [(e.account_id, e.house_id) for e in page.items]
        assert all(isinstance(e, events_pb2.HouseBound) for e in page.items)
        token = page.next_token
        if not token:
            break
    assert seen == registry.bindings
    assert [request.page_token for _, request, _ in registry.calls] == ["", "3", "6"]
    # every page asks the default size with the page timeout, not a user's request deadline
    assert {(m, r.page_size, t) for m, r, t in registry.calls} == {
        ("ListBindings", 500, SOURCE_PAGE_TIMEOUT_S)
    }


def test_page_size_and_timeout_are_passed_on() -> None:
    registry = Registry([("A", "H")])
    page = rpc_pages(
        registry,
        "ListBindings",
        registry_pb2.ListBindingsRequest,
        "bindings",
        house_bound,
        page_size=2,
        timeout_s=1.5,
    )("")
    assert [e.house_id for e in page.items] == ["H"] and page.next_token == ""
    assert (registry.calls[0][1].page_size, registry.calls[0][2]) == (2, 1.5)
