"""Money at the edges: integer fen in, yuan strings and Chinese capitals (大写) out.

Inside the system money is always ``int`` fen. These helpers are the only place that converts:

- :func:`fen_to_yuan` / :func:`yuan_to_fen` for protocols that want yuan strings with two decimals
  (Alipay, the e-receipt platform's display fields);
- :func:`format_yuan` for display (``¥1,234.50``);
- :func:`to_chinese_capitals` for receipts (``人民币壹仟贰佰元整``).

All arithmetic is integer arithmetic; no ``float`` ever touches an amount.

Chinese capitals follow 《会计基础工作规范》第五十二条:

- 整 (or 正) is written after 元 when there is no 角 or 分, and after 角 when there is no 分;
  nothing follows 分.
- A zero (or a run of zeros) between non-zero digits is written as one 零; zeros at the end of a
  four-digit section (个/万/亿) are silent (``10,0100`` → 壹拾万零壹佰, ``2000,1000`` → 贰仟万壹仟).
- Where the regulation leaves a choice (元位 is 0 and 角 is not), we take the first form of its own
  examples and write 零 after 元: ``1680.32`` → 壹仟陆佰捌拾元零叁角贰分,
  ``107000.53`` → 壹拾万柒仟元零伍角叁分. A zero 角 before a non-zero 分 is always 零
  (``1000.05`` → 壹仟元零伍分).
- Amounts below one yuan start at 角 or 分 (``0.50`` → 伍角整); zero is 零元整.
- Ten is 壹拾 (never bare 拾), as accounting practice requires.
"""

from __future__ import annotations

import re

__all__ = [
    "MAX_CAPITALS_FEN",
    "fen_to_yuan",
    "format_yuan",
    "to_chinese_capitals",
    "yuan_to_fen",
]

#: The largest amount :func:`to_chinese_capitals` writes: 9999亿 9999万 9999 元 9 角 9 分.
MAX_CAPITALS_FEN = 999_999_999_999_99

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_IN_SECTION = ("", "拾", "佰", "仟")  # units inside a four-digit section, lowest first
_SECTIONS = ("", "万", "亿")  # section units, lowest first

_YUAN_RE = re.compile(r"(?P<int>[0-9]+)(?:\.(?P<frac>[0-9]{1,2}))?", re.ASCII)
_MAX_YUAN_TEXT = 24  # generous; keeps absurd inputs from turning into huge integers


def _check_int(fen: object) -> int:
    # bool is an int subclass, and a float would silently round: refuse both.
    if not isinstance(fen, int) or isinstance(fen, bool):
        raise TypeError(f"amount must be int fen, got {type(fen).__name__}")
    return fen


def fen_to_yuan(fen: int) -> str:
    """``123450`` → ``"1234.50"``; ``-5`` → ``"-0.05"``. Exact, always two decimals."""
    fen = _check_int(fen)
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan}.{cents:02d}"


def yuan_to_fen(text: str, *, signed: bool = False) -> int:
    """``"12"`` → 1200, ``"12.3"`` → 1230, ``"12.34"`` → 1234.

    Only ASCII digits with at most two decimals are accepted; no spaces, grouping commas, exponents,
    full-width digits or a bare ``"."``. A leading ``+`` or ``-`` is accepted only when ``signed``.
    Anything else raises :class:`ValueError`.
    """
    if not isinstance(text, str):
        raise TypeError(f"yuan amount must be str, got {type(text).__name__}")
    if len(text) > _MAX_YUAN_TEXT:
        raise ValueError("yuan amount too long")
    negative = False
    body = text
    if body[:1] in ("+", "-"):
        if not signed:
            raise ValueError(f"sign not allowed in yuan amount {text!r}")
        negative = body[0] == "-"
        body = body[1:]
    match = _YUAN_RE.fullmatch(body)
    if match is None:
        raise ValueError(f"not a yuan amount with at most two decimals: {text!r}")
    frac = (match.group("frac") or "").ljust(2, "0")
    fen = int(match.group("int")) * 100 + int(frac)
    return -fen if negative else fen


def format_yuan(fen: int) -> str:
    """Display form: ``123450`` → ``"¥1,234.50"``; negatives as ``"-¥1,234.50"``."""
    fen = _check_int(fen)
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}¥{yuan:,}.{cents:02d}"


def _section_capitals(value: int) -> str:
    """One four-digit section (1..9999) without its section unit; inner zeros as one 零,
    trailing zeros silent, leading zeros dropped (the caller decides about a leading 零)."""
    out: list[str] = []
    pending_zero = False
    for pos in range(3, -1, -1):
        digit = value // 10**pos % 10
        if digit == 0:
            pending_zero = bool(out)  # only a zero after a written digit may need a 零
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_DIGITS[digit] + _IN_SECTION[pos])
    return "".join(out)


def _integer_capitals(yuan: int) -> str:
    """1 ≤ yuan ≤ 9999,9999,9999 → e.g. ``壹拾万零壹佰``."""
    sections = [yuan // 10_000**i % 10_000 for i in range(3)]  # lowest first
    out: list[str] = []
    need_zero = False  # zeros were skipped since the last written digit
    for idx in range(2, -1, -1):
        section = sections[idx]
        if section == 0:
            need_zero = need_zero or bool(out)
            continue
        if out and (need_zero or section < 1000):
            out.append("零")
        out.append(_section_capitals(section) + _SECTIONS[idx])
        need_zero = False
    # need_zero after the loop means only trailing zeros: silent.
    return "".join(out)


def to_chinese_capitals(fen: int, *, prefix: bool = True, whole: str = "整") -> str:
    """Chinese capitals of an amount in fen, e.g. ``120000`` → ``"人民币壹仟贰佰元整"``.

    ``prefix`` puts 人民币 in front; ``whole`` is the word after 元 or 角 (``"整"`` or ``"正"``).
    Supports 0 … 9999亿9999万9999元9角9分; negative amounts (red-flush receipts) get 负
    after the prefix. Larger amounts raise :class:`ValueError`.
    """
    fen = _check_int(fen)
    if whole not in ("整", "正"):
        raise ValueError("whole must be 整 or 正")
    if abs(fen) > MAX_CAPITALS_FEN:
        raise ValueError("amount exceeds 9999亿")
    head = "人民币" if prefix else ""
    if fen < 0:
        head += "负"
    yuan, cents = divmod(abs(fen), 100)
    jiao, fen_digit = divmod(cents, 10)

    if yuan == 0 and cents == 0:
        return f"{head}零元{whole}"

    parts: list[str] = []
    if yuan:
        parts.append(_integer_capitals(yuan) + "元")
    if jiao:
        if yuan and yuan % 10 == 0:
            parts.append("零")  # 元位 is 0, 角 is not: the regulation's first form
        parts.append(_DIGITS[jiao] + "角")
    elif fen_digit and yuan:
        parts.append("零")  # 角 is 0 between 元 and 分
    if fen_digit:
        parts.append(_DIGITS[fen_digit] + "分")
    else:
        parts.append(whole)
    return head + "".join(parts)
