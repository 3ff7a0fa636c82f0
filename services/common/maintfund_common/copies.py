"""reconcile-copies: event-fed copies checked against their source services and repaired.

An event that was dead-lettered, or a row lost or edited by hand, leaves a copy different from its source
for ever; nothing else would notice. A service pages through the source (keyset pages over gRPC, each item
shaped as the event that would have brought it), compares each page with its copy and repairs every
difference through the event's own handler in a unit of work, so the copy's rules hold exactly as for an
event. Each service says what its copies are (``Copy``); this module knows none of them. The source side's
paging (page size, opaque cursor) is here too, so every source pages alike.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from maintfund_common import errors
from maintfund_common.db import Database, UnitOfWork

T = TypeVar("T")

MAX_SOURCE_PAGE = 1000
DEFAULT_SOURCE_PAGE = 500
SOURCE_PAGE_TIMEOUT_S = 10.0  # a page of 500 rows, not a user's request


@dataclass(frozen=True)
class SourcePage(Generic[T]):
    items: list[T]
    next_token: str  # empty after the last page


@dataclass(frozen=True)
class Copy(Generic[T]):
    """One copy: where its source pages come from, how an item is found in the copy, how it is repaired."""

    name: str
    pages: Callable[[str], SourcePage[T]]  # page token -> one page of the source, as events
    key: Callable[[T], Hashable]
    # the copy's rows for a page's keys, read through ``db.reading()`` (a key without a row is missing)
    local: Callable[[Any, list[Hashable]], dict[Hashable, Any]]
    same: Callable[[Any, T], bool]  # the copy's row agrees with the source's item
    repair: Callable[[UnitOfWork, T], None]  # the event's own handler
    # items to repair -> the same with what a page leaves out (remote calls, outside any transaction)
    complete: Callable[[list[T]], list[T]] | None = None


@dataclass
class CopyReport:
    copy: str
    checked: int = 0
    missing: int = 0
    different: int = 0

    @property
    def repaired(self) -> int:
        return self.missing + self.different

    def line(self) -> str:
        return (
            f"{self.copy}: checked {self.checked}, repaired {self.repaired} "
            f"(missing {self.missing}, different {self.different})"
        )


class PagingClient(Protocol):
    """A gRPC client of the source service (maintfund_common.grpc_client.ServiceClient)."""

    def call(self, method: str, request: Any, timeout: float | None = None) -> Any: ...


def rpc_pages(
    client: PagingClient,
    method: str,
    request_type: Callable[..., Any],
    items: str,
    item: Callable[[Any], T],
    *,
    page_size: int = DEFAULT_SOURCE_PAGE,
    timeout_s: float = SOURCE_PAGE_TIMEOUT_S,
) -> Callable[[str], SourcePage[T]]:
    """A source's keyset-paged List RPC (``page_size``, ``page_token`` in; the repeated field ``items``
    and ``next_page_token`` out) as a copy's pages, each item shaped by ``item`` as the copy's event:
    ``rpc_pages(registry, "ListBindings", ListBindingsRequest, "bindings", house_bound)``."""

    def pages(token: str) -> SourcePage[T]:
        page = client.call(method, request_type(page_size=page_size, page_token=token), timeout=timeout_s)
        return SourcePage([item(found) for found in getattr(page, items)], page.next_page_token)

    return pages


def reconcile(db: Database, copy: Copy[T]) -> CopyReport:
    report = CopyReport(copy.name)
    token = ""
    while True:
        page = copy.pages(token)
        keys = [copy.key(item) for item in page.items]
        with db.reading() as reader:
            local = copy.local(reader, keys)
        repairs = []
        for key, item in zip(keys, page.items, strict=True):
            report.checked += 1
            if key not in local:
                report.missing += 1
            elif not copy.same(local[key], item):
                report.different += 1
            else:
                continue
            repairs.append(item)
        if repairs and copy.complete:
            repairs = copy.complete(repairs)
        _repair(db, copy.repair, repairs)
        token = page.next_token
        if not token:
            return report


def _repair(db: Database, handler: Callable[[UnitOfWork, Any], None], items: list) -> None:
    """One transaction per page, through the consumer's handler (no inbox row: these are not events)."""
    if not items:
        return
    with db.unit_of_work() as uow:
        for item in items:
            handler(uow, item)
        uow.commit()


def reconcile_all(
    db: Database, copies: Sequence[Copy], out: Callable[[str], None] = print
) -> list[CopyReport]:
    """Every copy of a service, one line each; a repair is the command's purpose, not a failure."""
    reports = []
    for copy in copies:
        report = reconcile(db, copy)
        out(report.line())
        reports.append(report)
    return reports


# --- the source side ------------------------------------------------------------------------------------


def source_page_size(requested: int) -> int:
    if requested < 0 or requested > MAX_SOURCE_PAGE:
        raise errors.ValidationFailed(f"每页条数应在 1 到 {MAX_SOURCE_PAGE} 之间", field="page_size")
    return requested or DEFAULT_SOURCE_PAGE


def encode_token(after: str) -> str:
    return base64.urlsafe_b64encode(after.encode()).decode().rstrip("=")


def decode_token(token: str) -> str:
    """The last key of the previous page; empty for the first page."""
    if not token:
        return ""
    try:
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (ValueError, UnicodeDecodeError):
        raise errors.ValidationFailed("分页游标无效", field="page_token") from None


def source_page(rows: list[T], size: int, last_key: Callable[[T], str]) -> SourcePage[T]:
    """Rows fetched with limit size + 1 -> one page and the token of the next (empty at the end)."""
    more = len(rows) > size
    rows = rows[:size]
    return SourcePage(rows, encode_token(last_key(rows[-1])) if more else "")
