"""The registry, asked whether it binds a house to an account when this service's copy lacks it."""

from __future__ import annotations

from collections.abc import Callable

from maintfund.registry.v1 import registry_pb2
from maintfund_common.errors import NotFound
from maintfund_common.grpc_client import ServiceClient

BindingLookup = Callable[[str, str], bool]


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
