"""Daily reconciliation of local paid orders against a provider's statement: pure, no I/O."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    out_trade_no: str
    amount_fen: int


@dataclass
class Report:
    provider_only: list[str] = field(default_factory=list)  # paid at the provider, not PAID here
    local_only: list[str] = field(default_factory=list)  # PAID here, absent from the statement
    amount_mismatch: list[tuple[str, int, int]] = field(default_factory=list)  # (no, provider, local)
    duplicates: list[str] = field(default_factory=list)  # listed more than once on either side
    matched: int = 0

    @property
    def clean(self) -> bool:
        return not (self.provider_only or self.local_only or self.amount_mismatch or self.duplicates)


def reconcile(statement: list[Line], local: list[Line]) -> Report:
    report = Report()
    counts = Counter(line.out_trade_no for line in statement) + Counter(line.out_trade_no for line in local)
    per_side = Counter(line.out_trade_no for line in statement)
    per_side_local = Counter(line.out_trade_no for line in local)
    report.duplicates = sorted(n for n in counts if per_side.get(n, 0) > 1 or per_side_local.get(n, 0) > 1)
    provider = {line.out_trade_no: line.amount_fen for line in statement}
    mine = {line.out_trade_no: line.amount_fen for line in local}
    report.provider_only = sorted(set(provider) - set(mine))
    report.local_only = sorted(set(mine) - set(provider))
    for no in sorted(set(provider) & set(mine)):
        if provider[no] != mine[no]:
            report.amount_mismatch.append((no, provider[no], mine[no]))
        else:
            report.matched += 1
    return report
