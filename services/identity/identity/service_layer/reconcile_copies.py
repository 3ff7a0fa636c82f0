"""reconcile-copies: identity's copy of registry's bindings (HouseBound) checked against registry and
repaired (maintfund_common.copies); bindings are only added: registry never unbinds."""

from __future__ import annotations

from collections.abc import Callable

from identity.service_layer.bindings import record_binding
from maintfund.events.v1 import events_pb2
from maintfund_common.copies import Copy, SourcePage


def bindings_copy(pages: Callable[[str], SourcePage[events_pb2.HouseBound]]) -> Copy[events_pb2.HouseBound]:
    return Copy(
        name="account_houses",
        pages=pages,
        key=lambda event: (event.account_id, event.house_id),
        local=lambda repo, pairs: dict.fromkeys(repo.bindings_among(pairs)),  # repo: db.reading()'s
        same=lambda _row, _event: True,  # a binding has no facts but itself
        repair=record_binding,
    )
