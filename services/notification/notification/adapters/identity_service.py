"""Identity, asked for an account's phone when its SMS is about to go (GetSmsContact), and for a payer's
masked name when a deposit paid for someone else's house is told to its owners (GetAccount)."""

from __future__ import annotations

from maintfund.identity.v1 import identity_pb2
from maintfund_common.errors import NotFound
from maintfund_common.grpc_client import ServiceClient
from notification.service_layer.ports import MaskedNameLookup, PhoneLookup


def phone_lookup(identity: ServiceClient) -> PhoneLookup:
    """account_id -> its phone now, None when the account has none or is gone. Unavailable propagates
    (the SMS waits for a retry, it is not dropped)."""

    def phone_of(account_id: str) -> str | None:
        try:
            answer = identity.GetSmsContact(identity_pb2.GetSmsContactRequest(account_id=account_id))
        except NotFound:
            return None
        return answer.phone or None

    return phone_of


def masked_name_lookup(identity: ServiceClient) -> MaskedNameLookup:
    """account_id -> identity's masked name (张*); only the masked field is read, the account's other
    fields are dropped here. NotFound and Unavailable propagate: the use case decides what they mean."""

    def masked_name_of(account_id: str) -> str:
        answer = identity.GetAccount(identity_pb2.GetAccountRequest(account_id=account_id))
        return answer.account.name_masked

    return masked_name_of
