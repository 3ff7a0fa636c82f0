"""The figures `make reliability` prints: one line per scenario or probe run in summary.txt, and its counts
in figures.jsonl for the totals (tests.reliability.figures). Written only by the long runs."""

from __future__ import annotations

import json
import os

from tests.conftest import ROOT, SLOT

LONG = os.environ.get("MAINTFUND_RELIABILITY") == "long"
SUMMARY = ROOT / "var" / f"reliability{SLOT}" / "summary.txt"


def publish_figures(line: str, **figures: int) -> None:
    """One line in summary.txt, and its figures in figures.jsonl for the totals."""
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    with open(SUMMARY, "a") as out:
        out.write(line + "\n")
    with open(SUMMARY.with_name("figures.jsonl"), "a") as out:
        out.write(json.dumps(figures) + "\n")
    print(line)
