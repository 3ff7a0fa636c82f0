"""The registry: binds an account's own houses at registration, and is paged through to check this
service's copy of the bindings (reconcile-copies)."""

from __future__ import annotations

from collections.abc import Callable

from maintfund.events.v1 import events_pb2
from maintfund.registry.v1 import registry_pb2
from maintfund_common.copies import DEFAULT_SOURCE_PAGE, SourcePage, rpc_pages
from maintfund_common.grpc_client import ServiceClient

BindHouses = Callable[[str, str, str], list[str]]  # (account id, name, ID number) -> house ids bound


def bind_owned_houses(registry: ServiceClient) -> BindHouses:
    def bind_houses(account_id: str, name: str, id_number: str) -> list[str]:
        request = registry_pb2.BindOwnedHousesRequest(account_id=account_id, name=name, id_number=id_number)
        return list(registry.BindOwnedHouses(request).house_ids)

    return bind_houses


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
