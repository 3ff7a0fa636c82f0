"""The providers' daily statements (对账单) of paid trades, read whole or not at all.

The statement is CSV: a header, one row per paid trade, then a summary of two lines, as WeChat Pay's
trade bill and Alipay's statement end with totals (here the count of trades and their total in fen):

    out_trade_no,provider_trade_id,amount_fen,paid_at
    MF2026…,4200…,762000,2026-12-03T15:20:01+08:00
    total_count,total_amount_fen
    1,762000

A statement that is cut short, has a garbled row or whose rows disagree with its summary is refused with
``StatementUnusable``: reconciling part of a day would report trades as missing that are not.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import requests

from deposit.domain.reconciliation import Line

HEADER = ["out_trade_no", "provider_trade_id", "amount_fen", "paid_at"]
SUMMARY_HEADER = ["total_count", "total_amount_fen"]
_OUT_TRADE_NO = re.compile(r"^[0-9A-Za-z_\-|*]{1,64}$")
_FEN = re.compile(r"^[0-9]{1,15}$")


class StatementUnusable(Exception):
    """The statement cannot be trusted as a whole; the message says why (no personal data in it)."""


def parse_statement(text: str) -> list[Line]:
    """Every trade of a complete, self-consistent statement, or ``StatementUnusable``."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise StatementUnusable(f"not CSV: {exc}") from exc
    if not rows or rows[0] != HEADER:
        raise StatementUnusable("missing or unexpected header line")
    if len(rows) < 3 or rows[-2] != SUMMARY_HEADER:
        raise StatementUnusable("no summary at the end (statement cut short?)")
    count, total = rows[-1] if len(rows[-1]) == 2 else ("", "")
    if not (_FEN.fullmatch(count) and _FEN.fullmatch(total)):
        raise StatementUnusable("summary line is not two whole numbers")
    lines = []
    for number, row in enumerate(rows[1:-2], start=2):
        if len(row) != len(HEADER):
            raise StatementUnusable(f"line {number}: {len(row)} fields, expected {len(HEADER)}")
        out_trade_no, _trade_id, amount, _paid_at = row
        if not _OUT_TRADE_NO.fullmatch(out_trade_no) or not _FEN.fullmatch(amount):
            raise StatementUnusable(f"line {number}: garbled out_trade_no or amount")
        lines.append(Line(out_trade_no, int(amount)))
    if len(lines) != int(count):
        raise StatementUnusable(f"summary says {int(count)} trades, statement lists {len(lines)}")
    if sum(line.amount_fen for line in lines) != int(total):
        raise StatementUnusable("summary total differs from the sum of the rows")
    return lines


def fetch_statement(
    url: str, channel: str, day: date, session: requests.Session | None = None, timeout_s: float = 10.0
) -> list[Line]:
    """Download and check one channel's statement for a Beijing day."""
    http = session or requests
    try:
        resp = http.get(url, params={"date": day.isoformat(), "channel": channel}, timeout=timeout_s)
    except requests.RequestException as exc:
        raise StatementUnusable(f"{channel} statement not downloaded: {type(exc).__name__}") from exc
    if resp.status_code != 200:
        raise StatementUnusable(f"{channel} statement not downloaded: HTTP {resp.status_code}")
    try:
        return parse_statement(resp.content.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise StatementUnusable(f"{channel} statement is not UTF-8") from exc
    except StatementUnusable as exc:
        raise StatementUnusable(f"{channel} statement: {exc}") from exc
