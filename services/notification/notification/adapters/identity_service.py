"""Identity, asked for an account's phone when its SMS is about to go (GetSmsContact)."""

from __future__ import annotations

from maintfund.identity.v1 import identity_pb2
from maintfund_common.errors import NotFound
from maintfund_common.grpc_client import ServiceClient
from notification.service_layer.ports import PhoneLookup


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
