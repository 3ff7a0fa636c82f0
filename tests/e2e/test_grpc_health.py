"""Every service answers grpc.health.v1 and lists its services by reflection; callers must authenticate."""

from __future__ import annotations

import grpc
import pytest
from google.rpc import error_details_pb2
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc
from grpc_status import rpc_status

from maintfund.deposit.v1 import deposit_pb2, deposit_pb2_grpc
from maintfund_common.grpc_errors import ERROR_DOMAIN
from maintfund_dev import demo

pytestmark = pytest.mark.e2e

EXPECTED = {
    "identity": "maintfund.identity.v1.IdentityService",
    "registry": "maintfund.registry.v1.RegistryService",
    "deposit": "maintfund.deposit.v1.DepositService",
    "invoice": "maintfund.invoice.v1.InvoiceService",
    "quickpay": "maintfund.quickpay.v1.QuickpayService",
    "notification": "maintfund.notification.v1.NotificationService",
}


@pytest.mark.parametrize("service", sorted(EXPECTED))
def test_health_and_reflection(grpc_addresses: dict[str, str], service: str) -> None:
    with grpc.insecure_channel(grpc_addresses[service]) as channel:
        health = health_pb2_grpc.HealthStub(channel)
        for name in ("", EXPECTED[service], "liveness"):
            status = health.Check(health_pb2.HealthCheckRequest(service=name), timeout=2).status
            assert status == health_pb2.HealthCheckResponse.SERVING, name
        stub = reflection_pb2_grpc.ServerReflectionStub(channel)
        answers = stub.ServerReflectionInfo(
            iter([reflection_pb2.ServerReflectionRequest(list_services="")]), timeout=2
        )
        names = {s.name for answer in answers for s in answer.list_services_response.service}
        assert {EXPECTED[service], "grpc.health.v1.Health"} <= names


def test_unauthenticated_caller_is_refused(grpc_addresses: dict[str, str]) -> None:
    with grpc.insecure_channel(grpc_addresses["deposit"]) as channel:
        stub = deposit_pb2_grpc.DepositServiceStub(channel)
        with pytest.raises(grpc.RpcError) as caught:
            stub.BatchGetHouseAccounts(deposit_pb2.BatchGetHouseAccountsRequest(house_ids=["x"]), timeout=2)
        assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert _error_info(caught.value) == (ERROR_DOMAIN, "CALLER_UNAUTHENTICATED")
        with pytest.raises(grpc.RpcError) as caught:
            stub.BatchGetHouseAccounts(
                deposit_pb2.BatchGetHouseAccountsRequest(house_ids=["x"]),
                timeout=2,
                metadata=(("authorization", "Bearer forged"),),
            )
        assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert _error_info(caught.value) == (ERROR_DOMAIN, "CALLER_UNAUTHENTICATED")


def _error_info(error: grpc.RpcError) -> tuple[str, str] | None:
    status = rpc_status.from_call(error)
    for detail in status.details if status else []:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return info.domain, info.reason
    return None


def test_registration_centre_asks_is_fund_fully_paid_as_protos_readme_shows(
    grpc_addresses: dict[str, str],
) -> None:
    """The README's grpcurl example, in Python: the development token of `registration_centre`."""
    request = deposit_pb2.IsFundFullyPaidRequest(house_id=demo.H1.house_id)
    with grpc.insecure_channel(grpc_addresses["deposit"]) as channel:
        stub = deposit_pb2_grpc.DepositServiceStub(channel)
        answer = stub.IsFundFullyPaid(
            request, timeout=5, metadata=(("authorization", "Bearer dev-registration-centre-token"),)
        )
        assert answer.balance_fen > 0
        with pytest.raises(grpc.RpcError) as caught:
            gateway = (("authorization", "Bearer dev-gateway-token"),)
            stub.IsFundFullyPaid(request, timeout=5, metadata=gateway)
        assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
        assert _error_info(caught.value) == (ERROR_DOMAIN, "CALLER_NOT_ALLOWED")


def test_only_the_notification_service_may_ask_identity_for_a_phone(grpc_addresses: dict[str, str]) -> None:
    """GetSmsContact hands out a phone in clear: the notification service's token only."""
    from maintfund.identity.v1 import identity_pb2, identity_pb2_grpc

    request = identity_pb2.GetSmsContactRequest(account_id=demo.demo_id("account", "zhangwei"))
    with grpc.insecure_channel(grpc_addresses["identity"]) as channel:
        stub = identity_pb2_grpc.IdentityServiceStub(channel)
        answer = stub.GetSmsContact(
            request, timeout=5, metadata=(("authorization", "Bearer dev-notification-token"),)
        )
        assert answer.phone == "13800000001"
        with pytest.raises(grpc.RpcError) as caught:
            stub.GetSmsContact(request, timeout=5, metadata=(("authorization", "Bearer dev-gateway-token"),))
        assert caught.value.code() == grpc.StatusCode.PERMISSION_DENIED
        assert _error_info(caught.value) == (ERROR_DOMAIN, "CALLER_NOT_ALLOWED")
        with pytest.raises(grpc.RpcError) as caught:
            stub.GetSmsContact(
                identity_pb2.GetSmsContactRequest(account_id="no-such-account"),
                timeout=5,
                metadata=(("authorization", "Bearer dev-notification-token"),),
            )
        assert caught.value.code() == grpc.StatusCode.NOT_FOUND
