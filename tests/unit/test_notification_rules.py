"""The notification service's rules without I/O: who is told what about each event (masked, amounts in
yuan from fen, the right link), and when an SMS may go (quiet hours in Beijing time, backoff, the cap)."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, time, timedelta

import pytest

from notification.domain import deciding
from notification.domain.messages import Kind, Preferences
from notification.domain.sms_rules import SmsPolicy, cap_day, in_quiet_hours, not_before, retry_at, under_cap

ADDRESS = "北京市朝阳区建国路88号院3号楼2单元1201"
ID_NUMBER = re.compile(r"\d{17}[\dX]")
PHONE = re.compile(r"1[3-9]\d{9}")


def _clean(*texts: str) -> None:
    for text in texts:
        assert not ID_NUMBER.search(text) and not PHONE.search(text), text
        assert "建国路88号院3号楼2单元" not in text  # the full address never appears


def test_the_address_is_shortened_to_district_start_and_door() -> None:
    assert deciding.shorten_address(ADDRESS) == "朝阳区建国路…1201"
    assert deciding.shorten_address("北京市东城区和平里") == "东城区和平里"  # short: kept
    assert deciding.shorten_address("  ") == ""


def test_amounts_are_yuan_from_integer_fen() -> None:
    assert deciding.yuan(123_450) == "1,234.50元"
    assert deciding.yuan(5) == "0.05元"
    with pytest.raises(TypeError):
        deciding.yuan(12.5)  # type: ignore[arg-type]


def _deposit(payer: str) -> deciding.DepositFacts:
    return deciding.DepositFacts("d1", "h1", ADDRESS, 1_790_000, payer, "首次交存")


def test_a_deposit_by_the_owner_tells_the_owners_only() -> None:
    drafts = deciding.deposit_posted(_deposit("owner"), ["owner", "co-owner"])
    assert [(d.account_id, d.kind) for d in drafts] == [
        ("co-owner", Kind.DEPOSIT_POSTED),
        ("owner", Kind.DEPOSIT_POSTED),
    ]
    mine = drafts[1]
    assert mine.body == "您的房屋朝阳区建国路…1201的维修资金账户已入账17,900.00元。"
    assert mine.link == "/houses/h1/ledger"
    assert mine.sms is not None and mine.sms.template == "SMS_MF_DEPOSIT_POSTED"
    assert mine.sms.params == {"house": "朝阳区建国路…1201", "amount": "17900.00", "payer": "本人交存"}
    assert drafts[0].sms is not None and drafts[0].sms.params["payer"] == "共有人交存"
    _clean(*(d.body for d in drafts))


def test_a_deposit_by_someone_else_tells_the_owners_that_and_the_payer_it_was_booked() -> None:
    drafts = deciding.deposit_posted(_deposit("stranger"), ["owner"])
    owner, payer = drafts
    assert owner.account_id == "owner" and "由他人代为交存" in owner.body
    assert payer.account_id == "stranger" and payer.link == "/deposit-records"
    assert payer.title == "代交款项已入账" and "17,900.00元" in payer.body
    anonymous = deciding.deposit_posted(_deposit(""), ["owner"])  # quick pay: no account
    assert [d.account_id for d in anonymous] == ["owner"] and "由他人代为交存" in anonymous[0].body


def test_a_deposit_by_another_account_names_the_payer_masked_to_the_owners_only() -> None:
    facts = dataclasses.replace(_deposit("stranger"), payer_name_masked="李*")
    owner, co_owner, payer = deciding.deposit_posted(facts, ["owner", "co-owner"])
    for told in (owner, co_owner):
        assert told.body == "您的房屋朝阳区建国路…1201的维修资金账户已入账17,900.00元（由李*代为交存）。"
        assert told.sms is not None and told.sms.params["payer"] == "李*代交"
    # the payer is told the payment was booked, not their own name
    assert payer.account_id == "stranger" and "李*" not in payer.body
    assert payer.sms is not None and payer.sms.params["payer"] == "您代交"
    long_name = dataclasses.replace(facts, payer_name_masked="阿******提")  # 阿依古丽·买买提, masked
    (told, _) = deciding.deposit_posted(long_name, ["owner"])
    assert "（由阿******提代为交存）" in told.body
    assert told.sms is not None and len(told.sms.params["payer"]) <= deciding.MAX_PARAM


def test_a_name_that_is_not_masked_never_reaches_a_message() -> None:
    for unsafe in ("李娜", "欧阳娜娜", "*", "**", "李" + "*" * 20, "  "):
        facts = dataclasses.replace(_deposit("stranger"), payer_name_masked=unsafe)
        owner, _payer = deciding.deposit_posted(facts, ["owner"])
        assert "（由他人代为交存）" in owner.body, unsafe
        assert owner.sms is not None and owner.sms.params["payer"] == "他人代交"
        if unsafe.strip("* "):
            assert unsafe.strip() not in owner.body


def test_a_name_is_told_only_of_a_payer_who_is_not_an_owner() -> None:
    # an owner paying: 本人/共有人 wording, whatever name came along
    own = dataclasses.replace(_deposit("owner"), payer_name_masked="张*")
    assert all("张*" not in d.body for d in deciding.deposit_posted(own, ["owner", "co-owner"]))
    # quick pay has no payer account: 他人代交 stays
    quick = dataclasses.replace(_deposit(""), payer_name_masked="张*")
    (told,) = deciding.deposit_posted(quick, ["owner"])
    assert "由他人代为交存" in told.body and told.sms is not None and told.sms.params["payer"] == "他人代交"


def test_a_house_with_no_bound_account_tells_nobody_but_a_payer() -> None:
    assert deciding.deposit_posted(_deposit(""), []) == []
    assert [d.account_id for d in deciding.deposit_posted(_deposit("payer"), [])] == ["payer"]
    assert deciding.interest_posted(deciding.InterestFacts("h1", ADDRESS, 626, 1_790_626), []) == []


def test_interest_apportionment_and_low_balance_wording_and_links() -> None:
    (interest,) = deciding.interest_posted(deciding.InterestFacts("h1", ADDRESS, 6_265, 1_796_265), ["a"])
    assert (
        interest.kind is Kind.INTEREST_POSTED
        and "62.65元" in interest.body
        and "17,962.65元" in interest.body
    )
    (share,) = deciding.apportionment_posted(
        deciding.ApportionmentFacts("h1", ADDRESS, "3号楼电梯更新", 251_234, 1_538_766), ["a"]
    )
    assert share.link == "/houses/h1/projects"
    assert "「3号楼电梯更新」" in share.body and "2,512.34元" in share.body
    (low,) = deciding.low_balance(
        deciding.LowBalanceFacts("h1", ADDRESS, 500_000, 1_790_000, 30, "b9"), ["a"]
    )
    assert low.kind is Kind.LOW_BALANCE and low.link == "/bills/b9"
    assert "5,000.00元" in low.body and "30%" in low.body and "续筹" in low.body
    (no_bill,) = deciding.low_balance(deciding.LowBalanceFacts("h1", ADDRESS, 1, 2, 30, ""), ["a"])
    assert no_bill.link == "/houses/h1"
    _clean(interest.body, share.body, low.body)


def test_a_bill_states_its_amount_or_the_bounds_to_enter() -> None:
    (fixed,) = deciding.bill_raised(deciding.BillFacts("b1", "h1", ADDRESS, "补交", 12_300, 0, 0), ["a"])
    assert fixed.title == "待交存：补交" and "应交123.00元" in fixed.body and fixed.link == "/bills/b1"
    (entered,) = deciding.bill_raised(
        deciding.BillFacts("b2", "h1", ADDRESS, "续筹", 0, 37_000, 1_790_000), ["a"]
    )
    assert "可交370.00元至17,900.00元" in entered.body


def test_a_receipt_tells_the_payer_and_the_owners_once_each() -> None:
    facts = deciding.ReceiptFacts("i1", "d1", "h1", ADDRESS, 1_790_000, "owner", issued=False)
    drafts = deciding.receipt_changed(facts, ["owner", "co-owner"])
    assert sorted(d.account_id for d in drafts) == ["co-owner", "owner"]
    assert all(d.kind is Kind.RECEIPT_FAILED and "重新开票" in d.body for d in drafts)
    assert drafts[0].link == "/deposits/d1/receipt"
    issued = deciding.receipt_changed(
        deciding.ReceiptFacts("i1", "d1", "h1", ADDRESS, 1_790_000, "payer", issued=True), ["owner"]
    )
    assert {d.account_id for d in issued} == {"owner", "payer"}
    assert all(d.kind is Kind.RECEIPT_ISSUED for d in issued)


def test_a_registration_decision_tells_the_applicant_with_the_reason() -> None:
    (rejected,) = deciding.registration_decided(
        deciding.RegistrationFacts("r1", "a1", False, "  产权证明\n不清晰  ")
    )
    assert rejected.title == "个人造册申请未通过" and rejected.body.endswith("审核意见：产权证明 不清晰")
    assert rejected.sms is not None and rejected.sms.params == {"result": "未通过"}
    (approved,) = deciding.registration_decided(deciding.RegistrationFacts("r1", "a1", True, ""))
    assert approved.body == "您提交的个人造册申请已通过。"
    assert deciding.registration_decided(deciding.RegistrationFacts("r1", "", True, "")) == []


def test_sms_parameters_fit_the_providers_variable_limit() -> None:
    long_name = "小区" * 30
    (share,) = deciding.apportionment_posted(
        deciding.ApportionmentFacts("h1", ADDRESS, long_name, 1, 0), ["a"]
    )
    assert share.sms is not None and all(len(v) <= deciding.MAX_PARAM for v in share.sms.params.values())
    assert set(deciding.TEMPLATES) == set(Kind)


def test_preferences_default_on_in_the_enums_order() -> None:
    prefs = Preferences(frozenset({Kind.INTEREST_POSTED}))
    assert [k for k, _ in prefs.as_list()] == list(Kind)
    assert not prefs.sms(Kind.INTEREST_POSTED) and prefs.sms(Kind.DEPOSIT_POSTED)


def _beijing(hour: int, minute: int = 0, day: int = 7) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


@pytest.mark.parametrize(
    ("hour", "minute", "quiet"),
    [
        (21, 59, False),
        (22, 0, True),
        (23, 30, True),
        (0, 0, True),
        (7, 59, True),
        (8, 0, False),
        (12, 0, False),
    ],
)
def test_quiet_hours_are_22_to_8_beijing_time(hour: int, minute: int, quiet: bool) -> None:
    assert in_quiet_hours(_beijing(hour, minute), SmsPolicy()) is quiet


def test_an_sms_made_in_the_quiet_hours_waits_for_eight_not_dropped() -> None:
    policy = SmsPolicy()
    assert not_before(_beijing(23, 10), policy) == _beijing(8, 0, day=8)
    assert not_before(_beijing(3, 0), policy) == _beijing(8, 0)
    assert not_before(_beijing(9, 0), policy) == _beijing(9, 0)
    daytime_window = SmsPolicy(quiet_start=time(12, 0), quiet_end=time(13, 0))
    assert not_before(_beijing(12, 30), daytime_window) == _beijing(13, 0)


def test_retries_back_off_exponentially_skip_the_quiet_hours_and_end() -> None:
    policy = SmsPolicy(backoff_base_s=30, backoff_max_s=600, max_attempts=6)
    now = _beijing(10)
    assert [retry_at(now, n, policy) - now for n in (1, 2, 3, 5)] == [  # type: ignore[operator]
        timedelta(seconds=30),
        timedelta(seconds=60),
        timedelta(seconds=120),
        timedelta(seconds=480),
    ]
    assert retry_at(now, 5, SmsPolicy(backoff_base_s=60, backoff_max_s=600)) == now + timedelta(seconds=600)
    assert retry_at(_beijing(21, 59) + timedelta(seconds=45), 1, policy) == _beijing(8, 0, day=8)
    assert retry_at(now, 6, policy) is None


def test_the_cap_counts_per_beijing_day() -> None:
    assert cap_day(_beijing(23, 59)) == "2026-12-07" and cap_day(_beijing(0, 1, day=8)) == "2026-12-08"
    assert under_cap(9, SmsPolicy(daily_cap=10)) and not under_cap(10, SmsPolicy(daily_cap=10))
