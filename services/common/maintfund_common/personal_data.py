"""Personal data rules: normalising, validating, matching and masking ID numbers, names and phones.

DESIGN §3/§8: normalised values are what we compare, index (blind index) and encrypt; masked values are
the only form an owner sees for someone else and the only form a log line may carry.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from stdnum.cn import ric

from maintfund_common.errors import ValidationFailed

ID_NUMBER_MESSAGE = "身份证号码格式不正确"
NAME_MESSAGE = "姓名格式不正确"
PHONE_MESSAGE = "手机号码格式不正确"

NAME_MAX_LENGTH = 50
# Nobody alive was born earlier; a year like 0001 or 1000 is a typo, not a person.
EARLIEST_BIRTH_YEAR = 1900

_ID18 = re.compile(r"[0-9]{17}[0-9X]")
_ID15 = re.compile(r"[0-9]{15}")

# Middle-dot look-alikes people type in minority names (阿卜杜·热合曼). NFKC has already turned
# "．" and "﹒" into "." and "･" into "・"; a period never belongs in a Chinese name, so it is one too.
_MIDDLE_DOTS = "\u00b7\u0387\u2022\u2027\u2219\u22c5\u2e31\u30fb\uff65\u318d\ua78f\u16eb."
_MIDDLE_DOT = "\u00b7"
_DOT_RUN = re.compile(rf"\s*[{re.escape(_MIDDLE_DOTS)}]\s*")
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A space next to a Chinese character is a typing slip ("张 伟" is 张伟); between Latin words it is not.
_SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")

_PHONE_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015()]")
_PHONE_PREFIX = re.compile(r"^(?:\+86|0086|86)(?=1[3-9][0-9]{9}$)")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def _id_error() -> ValidationFailed:
    return ValidationFailed(ID_NUMBER_MESSAGE, code="VALIDATION_FAILED", field="id_number")


def id_check_char(first17: str) -> str:
    # stdnum computes the MOD 11-2 character from the 17 body digits (the 18th is ignored).
    return ric.calc_check_digit(first17 + "0")


def _upgrade_legacy(id15: str) -> str:
    """15-digit numbers (issued before 1999) had a 2-digit year of the 1900s and no check char."""
    body = id15[:6] + "19" + id15[6:]
    return body + id_check_char(body)


def _valid_birth_date(id18: str, today: datetime.date) -> bool:
    try:
        born = ric.get_birth_date(id18)
    except ric.ValidationError:
        return False
    return EARLIEST_BIRTH_YEAR <= born.year and born <= today


def normalize_id_number(raw: str, *, today: datetime.date | None = None) -> str:
    """The canonical 18-character form of a resident ID number, or ValidationFailed.

    The area code is deliberately not checked: retired codes (e.g. 崇文区 110103) are still on valid
    cards, which is why stdnum's ``validate`` (it checks the birth place) is not used.
    """
    if not isinstance(raw, str):
        raise _id_error()
    value = unicodedata.normalize("NFKC", raw).strip().upper()
    if _ID15.fullmatch(value):
        value = _upgrade_legacy(value)
    if not _ID18.fullmatch(value):
        raise _id_error()
    if value[17] != id_check_char(value[:17]):
        raise _id_error()
    if not _valid_birth_date(value, today or datetime.date.today()):
        raise _id_error()
    return value


def is_valid_id_number(raw: str) -> bool:
    try:
        normalize_id_number(raw)
    except ValidationFailed:
        return False
    return True


def _name_error() -> ValidationFailed:
    return ValidationFailed(NAME_MESSAGE, code="VALIDATION_FAILED", field="name")


def normalize_name(raw: str) -> str:
    """Trimmed, full-width folded name with one canonical middle dot "·" (U+00B7)."""
    if not isinstance(raw, str):
        raise _name_error()
    value = unicodedata.normalize("NFKC", raw).strip()
    # Tabs, newlines, zero-width and other format characters inside a name are corruption, not typing.
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        raise _name_error()
    value = _DOT_RUN.sub(_MIDDLE_DOT, value)
    value = _SPACE_NEXT_TO_CJK.sub("", value)
    value = " ".join(value.split())
    if not value or len(value) > NAME_MAX_LENGTH:
        raise _name_error()
    # isdigit, not isnumeric: 一/二 are numeric yet common in names (王一博).
    if any(ch.isdigit() for ch in value):
        raise _name_error()
    if value[0] == _MIDDLE_DOT or value[-1] == _MIDDLE_DOT or _MIDDLE_DOT * 2 in value:
        raise _name_error()
    return value


def normalize_phone(raw: str) -> str:
    """An 11-digit mainland mobile number without country prefix or separators."""
    error = ValidationFailed(PHONE_MESSAGE, code="VALIDATION_FAILED", field="phone")
    if not isinstance(raw, str):
        raise error
    value = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", raw))
    value = _PHONE_PREFIX.sub("", value)
    if not _MOBILE.fullmatch(value):
        raise error
    return value


def _mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


def mask_id_number(value: str) -> str:
    """110105198001011238 → 110105********1238 (area code and last four only)."""
    return _mask_middle(value.strip(), 6, 4)


def mask_phone(value: str) -> str:
    """13800000001 → 138****0001."""
    return _mask_middle(value.strip(), 3, 4)


def mask_name(value: str) -> str:
    """张 → *, 张伟 → 张*, 欧阳娜娜 → 欧**娜 (one star per hidden character, dots included)."""
    value = value.strip()
    if len(value) <= 1:
        return "*" * len(value)
    if len(value) == 2:
        return value[0] + "*"
    return _mask_middle(value, 1, 1)


def identity_matches(name_a: str, id_a: str, name_b: str, id_b: str) -> bool:
    """Same person = normalised name AND normalised ID equal; anything unparsable never matches."""
    try:
        return normalize_id_number(id_a) == normalize_id_number(id_b) and normalize_name(
            name_a
        ) == normalize_name(name_b)
    except ValidationFailed:
        return False
