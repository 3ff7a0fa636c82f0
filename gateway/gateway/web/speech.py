"""Text that reads well aloud, for screen readers (issue 19): amounts and masked numbers.

``¥4,896.58`` read digit by digit, or ``110105********1238`` read as eight stars, helps nobody. The pages
give such values an accessible name instead: 人民币四千八百九十六元五角八分, 身份证号末四位1238.
The amount's words come from :func:`maintfund_common.money.to_chinese_capitals` (the one place that spells
amounts, with its rules for 零), written in everyday numerals rather than the receipts' capitals.
"""

from __future__ import annotations

from maintfund_common.money import MAX_CAPITALS_FEN, format_yuan, to_chinese_capitals

_EVERYDAY = str.maketrans("零壹贰叁肆伍陆柒捌玖拾佰仟", "零一二三四五六七八九十百千")

#: what a masked value is, as said before its visible last digits
KINDS = {"id_number": "身份证号", "phone": "手机号", "card": "卡号", "account": "账号"}


def spoken_yuan(fen: int) -> str:
    """``489658`` → 人民币四千八百九十六元五角八分; ``120000`` → 人民币一千二百元; ``-100`` → 人民币负一元.

    Amounts beyond what the capitals cover are read from their figures (``¥…`` as shown)."""
    fen = int(fen)
    if abs(fen) > MAX_CAPITALS_FEN:
        return format_yuan(fen)
    words = to_chinese_capitals(fen).translate(_EVERYDAY).removesuffix("整")
    # spoken Chinese says 十二, 十万 for a leading 一十 (the capitals keep 壹拾 for accounting)
    for head in ("人民币负一十", "人民币一十"):
        if words.startswith(head):
            words = head.removesuffix("一十") + "十" + words[len(head) :]
    return words


def spoken_masked(masked: str | None, kind: str) -> str:
    """``110105********1238``, ``id_number`` → 身份证号末四位1238 (the shown tail only, never more)."""
    value = (masked or "").strip()
    tail = ""
    for char in reversed(value):
        if not char.isalnum():
            break
        tail = char + tail
    label = KINDS.get(kind, "号码")
    if not tail or "*" not in value:
        return f"{label}已隐藏" if not tail else f"{label}{tail}"
    return f"{label}末{_COUNT.get(len(tail), str(len(tail)))}位{tail}"


_COUNT = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六"}
