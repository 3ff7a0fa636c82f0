"""Every service answers grpc.health.v1 and lists its services by reflection; callers must authenticate."""

from __future__ import annotations

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

from maintfund.deposit.v1 import deposit_pb2, deposit_pb2_grpc

pytestmark = pytest.mark.e2e

EXPECTED = {
    "identity": "maintfund.identity.v1.IdentityService",
    "registry": "maintfund.registry.v1.RegistryService",
    "deposit": "maintfund.deposit.v1.DepositService",
    "invoice": "maintfund.invoice.v1.InvoiceService",
    "quickpay": "maintfund.quickpay.v1.QuickpayService",
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
        with pytest.raises(grpc.RpcError) as caught:
            stub.BatchGetHouseAccounts(
                deposit_pb2.BatchGetHouseAccountsRequest(house_ids=["x"]),
                timeout=2,
                metadata=(("authorization", "Bearer forged"),),
            )
        assert caught.value.code() == grpc.StatusCode.UNAUTHENTICATED
