"""The registry, paged through to check the copy of bindings (reconcile-copies)."""

from __future__ import annotations

from collections.abc import Callable

from maintfund.events.v1 import events_pb2
from maintfund.registry.v1 import registry_pb2
from maintfund_common.copies import SourcePage
from maintfund_common.grpc_client import ServiceClient


def binding_pages(
    registry: ServiceClient, page_size: int, timeout_s: float
) -> Callable[[str], SourcePage[events_pb2.HouseBound]]:
    """The registry's ListBindings, page by page, as the HouseBound events the copy is kept from."""

    def pages(token: str) -> SourcePage[events_pb2.HouseBound]:
        request = registry_pb2.ListBindingsRequest(page_size=page_size, page_token=token)
        page = registry.call("ListBindings", request, timeout=timeout_s)
        items = [events_pb2.HouseBound(account_id=b.account_id, house_id=b.house_id) for b in page.bindings]
        return SourcePage(items, page.next_page_token)

    return pages
