"""The consumer's use cases: each event -> the messages it makes (domain/deciding.py), stored once.

Each handler runs in the inbox's unit of work (the event id recorded with the messages), and each message
carries a source key naming the business fact (the deposit, the bill, the posting, the receipt's state
change, the registration): a redelivered event finds its inbox row, and the same fact published again
under a new event id finds its messages, so neither makes a second message or SMS. A message's SMS intent
is stored with it (PENDING, not before the end of the quiet hours) unless the account opted out of the
kind; the worker sends it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from maintfund.events.v1 import events_pb2
from maintfund_common.db import utcnow
from maintfund_common.errors import NotFound, Unavailable
from notification.domain import deciding
from notification.domain.messages import Draft
from notification.domain.records import StoredDeposit
from notification.domain.sms_rules import SmsPolicy, not_before
from notification.service_layer.metrics import MESSAGES
from notification.service_layer.ports import MaskedNameLookup

if TYPE_CHECKING:
    from maintfund_common.db import UnitOfWork
    from notification.adapters.repository import NotificationRepository

log = logging.getLogger(__name__)

PAYMENT_TYPE_LABELS = {"FIRST_DEPOSIT": "首次交存", "TOP_UP": "补交", "REPLENISHMENT": "续筹"}


class DepositNotYetKnown(Exception):
    """A receipt's deposit is not in the copy yet (its DepositPaid still on the way): the event is
    retried through the retry queue rather than told to nobody."""


def store(
    uow: UnitOfWork[NotificationRepository],
    drafts: list[Draft],
    source_key: str,
    policy: SmsPolicy,
    now: datetime | None = None,
) -> list[str]:
    """Store each draft once, with its SMS intent where the account wants one; the new messages' ids."""
    now = now or utcnow()
    prefs = uow.repo.preferences_of(sorted({d.account_id for d in drafts}))
    stored = []
    for draft in drafts:
        notification_id = uow.repo.add_notification(draft, source_key, now)
        if notification_id is None:
            continue  # this fact already made this account's message of this kind
        stored.append(notification_id)
        MESSAGES.labels(draft.kind.value, "inbox").inc()
        if draft.sms is not None and prefs[draft.account_id].sms(draft.kind):
            uow.repo.add_sms(notification_id, draft, not_before(now, policy), now)
    return stored


@dataclass(frozen=True)
class EventHandlers:
    policy: SmsPolicy
    masked_name_of: MaskedNameLookup  # identity's GetAccount: a payer's masked name for the owners

    def handlers(self) -> dict[str, Callable]:
        """The consumer's handler map: the message types this service subscribes to."""
        from notification.service_layer import bindings

        return {
            "maintfund.events.v1.HouseBound": bindings.record_binding,
            "maintfund.events.v1.DepositPaid": self.deposit_paid,
            "maintfund.events.v1.InterestPosted": self.interest_posted,
            "maintfund.events.v1.ApportionmentPosted": self.apportionment_posted,
            "maintfund.events.v1.BalanceLow": self.balance_low,
            "maintfund.events.v1.BillRaised": self.bill_raised,
            "maintfund.events.v1.InvoiceStatusChanged": self.invoice_status_changed,
            "maintfund.events.v1.RegistrationDecided": self.registration_decided,
        }

    def payer_name(self, payer_account_id: str, owners: list[str]) -> str:
        """The masked name of a payer with an account who is not bound to the house; "" otherwise.

        Identity not answering (UNAVAILABLE, a timeout) or not knowing the account (NOT_FOUND) does not
        fail the event: the owners are still told of the money, in the wording without a name (由他人代为
        交存), rather than the event going round the retry queue and the deposit being told late or never."""
        if not payer_account_id or payer_account_id in owners:
            return ""
        try:
            return self.masked_name_of(payer_account_id)
        except (Unavailable, NotFound) as exc:
            log.warning(
                "payer's masked name unavailable; telling the owners without it",
                extra={"account_id": payer_account_id, "error": type(exc).__name__},
            )
            return ""

    def deposit_paid(self, uow: UnitOfWork[NotificationRepository], event: events_pb2.DepositPaid) -> None:
        owners = uow.repo.accounts_of(event.house_id)
        # identity is asked before this handler writes anything, and nothing is locked for update (the
        # bindings are a plain read): a slow identity (bounded by REMOTE_TIMEOUT_SECONDS) holds back only a
        # redelivery of this same event, which waits on the inbox row the consumer inserted for it
        name = self.payer_name(event.payer_account_id, owners)
        uow.repo.add_deposit(
            StoredDeposit(
                event.deposit_id,
                event.house_id,
                event.house_address,
                event.amount_fen,
                event.payer_account_id,
            ),
            utcnow(),
        )
        facts = deciding.DepositFacts(
            deposit_id=event.deposit_id,
            house_id=event.house_id,
            house_address=event.house_address,
            amount_fen=event.amount_fen,
            payer_account_id=event.payer_account_id,
            payment_type=PAYMENT_TYPE_LABELS.get(event.payment_type, ""),
            payer_name_masked=name,
        )
        drafts = deciding.deposit_posted(facts, owners)
        store(uow, drafts, f"deposit:{event.deposit_id}", self.policy)

    def interest_posted(
        self, uow: UnitOfWork[NotificationRepository], event: events_pb2.InterestPosted
    ) -> None:
        facts = deciding.InterestFacts(
            event.house_id, event.house_address, event.amount_fen, event.balance_fen
        )
        drafts = deciding.interest_posted(facts, uow.repo.accounts_of(event.house_id))
        store(uow, drafts, f"posting:{event.business_no}", self.policy)

    def apportionment_posted(
        self, uow: UnitOfWork[NotificationRepository], event: events_pb2.ApportionmentPosted
    ) -> None:
        facts = deciding.ApportionmentFacts(
            event.house_id, event.house_address, event.project_name, event.share_fen, event.balance_fen
        )
        drafts = deciding.apportionment_posted(facts, uow.repo.accounts_of(event.house_id))
        store(uow, drafts, f"posting:{event.business_no}", self.policy)

    def balance_low(self, uow: UnitOfWork[NotificationRepository], event: events_pb2.BalanceLow) -> None:
        facts = deciding.LowBalanceFacts(
            event.house_id,
            event.house_address,
            event.balance_fen,
            event.first_deposit_fen,
            event.threshold_percent,
            event.bill_id,
        )
        drafts = deciding.low_balance(facts, uow.repo.accounts_of(event.house_id))
        store(uow, drafts, f"low:{event.house_id}:{event.business_no}", self.policy)

    def bill_raised(self, uow: UnitOfWork[NotificationRepository], event: events_pb2.BillRaised) -> None:
        facts = deciding.BillFacts(
            event.bill_id,
            event.house_id,
            event.house_address,
            PAYMENT_TYPE_LABELS.get(event.payment_type, ""),
            event.amount_fen,
            event.min_fen,
            event.max_fen,
        )
        drafts = deciding.bill_raised(facts, uow.repo.accounts_of(event.house_id))
        store(uow, drafts, f"bill:{event.bill_id}", self.policy)

    def invoice_status_changed(
        self, uow: UnitOfWork[NotificationRepository], event: events_pb2.InvoiceStatusChanged
    ) -> None:
        if event.status not in ("ISSUED", "FAILED"):
            return  # ISSUING and RED_FLUSHED tell the owner nothing new
        if event.house_id:  # the facts travel with the event (invoice fills them in)
            deposit = StoredDeposit(
                event.deposit_id,
                event.house_id,
                event.house_address,
                event.amount_fen,
                event.payer_account_id,
            )
        else:  # an event published before invoice filled them: the copy from DepositPaid
            deposit = uow.repo.get_deposit(event.deposit_id)
        if deposit is None:
            raise DepositNotYetKnown(event.deposit_id)
        facts = deciding.ReceiptFacts(
            invoice_id=event.invoice_id,
            deposit_id=deposit.deposit_id,
            house_id=deposit.house_id,
            house_address=deposit.house_address,
            amount_fen=deposit.amount_fen,
            payer_account_id=deposit.payer_account_id,
            issued=event.status == "ISSUED",
        )
        drafts = deciding.receipt_changed(facts, uow.repo.accounts_of(deposit.house_id))
        # each failure of a retried receipt is news; the same state change published twice is not
        store(uow, drafts, f"receipt:{event.event_id}", self.policy)

    def registration_decided(
        self, uow: UnitOfWork[NotificationRepository], event: events_pb2.RegistrationDecided
    ) -> None:
        facts = deciding.RegistrationFacts(
            event.registration_id, event.account_id, event.decision.upper() == "APPROVED", event.reason
        )
        store(uow, deciding.registration_decided(facts), f"registration:{event.registration_id}", self.policy)
