"""消息 at the gateway (F9): how the notification service's answers become JSON and pages, and how the SMS
choices a person sends are read. The service decides everything else; these are the translations."""

from __future__ import annotations

from typing import Any

import pytest

from gateway import openapi
from gateway.ops import notifications
from gateway.ops.labels import NOTIFICATION_KIND_NAMES
from gateway.ops.views import notification_dict, preference_dict
from maintfund.notification.v1 import notification_pb2 as pb
from maintfund_common import errors


def test_every_kind_of_the_proto_has_a_name_a_label_and_a_place_in_the_document() -> None:
    names = [n.removeprefix("NOTIFICATION_KIND_") for n in pb.NotificationKind.keys()][1:]
    assert list(notifications.KINDS) == names  # the enum's order: the settings page lists them so
    assert list(NOTIFICATION_KIND_NAMES) == names
    assert openapi.NOTIFICATION_KIND["enum"] == names
    assert all(NOTIFICATION_KIND_NAMES.values())


def test_a_message_is_shown_with_its_kind_by_name_and_no_empty_link() -> None:
    message = pb.Notification(
        notification_id="0b9f4c1e-6c1a-4d43-9b1e-1f0f3c9a2b10",
        kind=pb.NOTIFICATION_KIND_DEPOSIT_POSTED,
        title="维修资金已入账",
        body="朝阳区…1单元1201 交存 ¥4,896.58 已入账",
        link="",
        created_at="2026-12-06T04:30:00Z",
        read=False,
    )
    view = notification_dict(message)
    assert view == {
        "notification_id": "0b9f4c1e-6c1a-4d43-9b1e-1f0f3c9a2b10",
        "kind": "DEPOSIT_POSTED",
        "kind_name": "交存入账",
        "title": "维修资金已入账",
        "body": "朝阳区…1单元1201 交存 ¥4,896.58 已入账",
        "link": None,
        "created_at": "2026-12-06T04:30:00Z",
        "read": False,
    }
    with_link = notification_dict(pb.Notification(kind=pb.NOTIFICATION_KIND_LOW_BALANCE, link="/bills/b-1"))
    assert with_link["link"] == "/bills/b-1" and with_link["kind"] == "LOW_BALANCE"
    assert preference_dict(pb.Preference(kind=pb.NOTIFICATION_KIND_RECEIPT_FAILED, sms=True)) == {
        "kind": "RECEIPT_FAILED",
        "kind_name": "电子票据开具失败",
        "sms": True,
    }


def test_sms_choices_are_read_kind_by_kind() -> None:
    items = [{"kind": "DEPOSIT_POSTED", "sms": False}, {"kind": "LOW_BALANCE", "sms": True}]
    assert notifications.parse_preferences(items) == {"DEPOSIT_POSTED": False, "LOW_BALANCE": True}
    assert notifications.parse_preferences([]) == {}


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ("DEPOSIT_POSTED", "items"),
        (None, "items"),
        (["DEPOSIT_POSTED"], "items[0]"),
        ([{"kind": "NOPE", "sms": True}], "items[0].kind"),
        ([{"kind": "UNSPECIFIED", "sms": True}], "items[0].kind"),
        ([{"kind": "NOTIFICATION_KIND_DEPOSIT_POSTED", "sms": True}], "items[0].kind"),
        ([{"kind": "deposit_posted", "sms": True}], "items[0].kind"),
        ([{"sms": True}], "items[0].kind"),
        ([{"kind": "BILL_RAISED", "sms": 1}], "items[0].sms"),
        ([{"kind": "BILL_RAISED", "sms": "false"}], "items[0].sms"),
        ([{"kind": "BILL_RAISED"}], "items[0].sms"),
        ([{"kind": "BILL_RAISED", "sms": True}, {"kind": "BILL_RAISED", "sms": False}], "items[1].kind"),
    ],
)
def test_a_choice_that_names_no_kind_or_no_yes_or_no_is_refused_at_its_field(items: Any, field: str) -> None:
    with pytest.raises(errors.ValidationFailed) as refused:
        notifications.parse_preferences(items)
    assert refused.value.code == "VALIDATION_FAILED" and refused.value.details["field"] == field


def test_the_settings_form_sets_every_kind_ticked_or_not() -> None:
    choices = notifications.form_preferences(["LOW_BALANCE", "RECEIPT_FAILED", "NOT_A_KIND"])
    assert set(choices) == set(notifications.KINDS)
    assert {k for k, sms in choices.items() if sms} == {"LOW_BALANCE", "RECEIPT_FAILED"}


@pytest.mark.parametrize("notification_id", ["", "x", "not-a-message-id", "1" * 65, "0b9f4c1e\x00"])
def test_an_id_that_is_no_uuid_is_not_found_without_asking(notification_id: str) -> None:
    # clients=None: any call to the service would fail with AttributeError, not NotFound
    with pytest.raises(errors.NotFound) as missing:
        notifications.mark_read(None, "acc-1", notification_id)  # type: ignore[arg-type]
    assert (missing.value.code, missing.value.message) == ("NOT_FOUND", notifications.NOT_FOUND)
