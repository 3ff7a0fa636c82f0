"""The registry: asked whether it binds a house to an account when this service's copy lacks it, and paged
through to check the copy (reconcile-copies)."""

from __future__ import annotations

from collections.abc import Callable

from invoice.service_layer.ports import BindingLookup
from maintfund.events.v1 import events_pb2
from maintfund.registry.v1 import registry_pb2
from maintfund_common.copies import DEFAULT_SOURCE_PAGE, SourcePage, rpc_pages
from maintfund_common.errors import NotFound
from maintfund_common.grpc_client import ServiceClient


def binding_lookup(registry: ServiceClient) -> BindingLookup:
    """(account_id, house_id) -> the registry binds the house to the account."""

    def is_bound(account_id: str, house_id: str) -> bool:
        try:
            registry.GetAccountHouse(
                registry_pb2.GetAccountHouseRequest(account_id=account_id, house_id=house_id)
            )
        except NotFound:
            return False
        return True

    return is_bound


def binding_pages(
    registry: ServiceClient, page_size: int = DEFAULT_SOURCE_PAGE
) -> Callable[[str], SourcePage[events_pb2.HouseBound]]:
    """The registry's ListBindings, page by page, as the HouseBound events the copy is kept from."""
    return rpc_pages(
        registry,
        "ListBindings",
        registry_pb2.ListBindingsRequest,
        "bindings",
        house_bound,
        page_size=page_size,
    )


def house_bound(binding: registry_pb2.Binding) -> events_pb2.HouseBound:
    return events_pb2.HouseBound(account_id=binding.account_id, house_id=binding.house_id)
