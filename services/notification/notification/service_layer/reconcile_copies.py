"""reconcile-copies: the copy of the register's bindings checked against registry's ListBindings
(maintfund_common.copies); bindings are only added (registry never unbinds)."""

from __future__ import annotations

from collections.abc import Callable

from maintfund.events.v1 import events_pb2
from maintfund_common.copies import Copy, SourcePage
from notification.service_layer import bindings

BindingPages = Callable[[str], SourcePage[events_pb2.HouseBound]]


def bindings_copy(pages: BindingPages) -> Copy[events_pb2.HouseBound]:
    return Copy(
        name="account_houses",
        pages=pages,
        key=lambda event: (event.account_id, event.house_id),
        local=lambda repo, pairs: dict.fromkeys(repo.bindings_among(pairs)),
        same=lambda _row, _event: True,  # a binding has no facts but itself
        repair=bindings.record_binding,
    )
