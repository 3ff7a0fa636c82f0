"""Registry gRPC API (maintfund.registry.v1). Each method: proto -> handler -> proto."""

from __future__ import annotations

from collections.abc import Iterable

import grpc

from maintfund.registry.v1 import registry_pb2 as pb
from maintfund.registry.v1 import registry_pb2_grpc as pb_grpc
from maintfund_common.db import ping, session_scope
from maintfund_common.grpc_server import GrpcService, require_caller, run_until_signalled
from registry.bootstrap import Registry, bootstrap
from registry.domain.model import House
from registry.service_layer import handlers


def house_to_pb(house: House) -> pb.House:
    return pb.House(
        house_id=house.house_id,
        district_code=house.district_code,
        district_name=house.district_name,
        address=house.address,
        area_m2=f"{house.area_m2:.2f}",
        property_kind=pb.PropertyKind.Value(f"PROPERTY_KIND_{house.property_kind.value}"),
        storey_class=pb.StoreyClass.Value(f"STOREY_CLASS_{house.storey_class.value}"),
        contract_no=house.contract_no,
        cert_no=house.cert_no,
        needs_refund=house.needs_refund,
        closed=house.closed,
    )


class RegistryServicer(pb_grpc.RegistryServiceServicer):
    def __init__(self, app: Registry) -> None:
        self.app = app

    def BindOwnedHouses(
        self, request: pb.BindOwnedHousesRequest, context: grpc.ServicerContext
    ) -> pb.BindOwnedHousesResponse:
        require_caller("identity")
        with self.app.db.unit_of_work() as uow:
            result = handlers.bind_owned_houses(
                uow, self.app.keyring, request.account_id, request.name, request.id_number
            )
        return pb.BindOwnedHousesResponse(house_count=result.house_count, newly_bound=result.newly_bound)

    def ListAccountHouses(
        self, request: pb.ListAccountHousesRequest, context: grpc.ServicerContext
    ) -> pb.ListAccountHousesResponse:
        with session_scope(self.app.db) as session:
            page = handlers.list_account_houses(
                session, request.account_id, request.address_contains, request.page_size, request.page_token
            )
        return pb.ListAccountHousesResponse(
            houses=[house_to_pb(h) for h in page.houses],
            next_page_token=page.next_cursor,
            total_bound=page.total_bound,
        )

    def GetAccountHouse(
        self, request: pb.GetAccountHouseRequest, context: grpc.ServicerContext
    ) -> pb.GetAccountHouseResponse:
        with session_scope(self.app.db) as session:
            house = handlers.get_account_house(session, request.account_id, request.house_id)
        return pb.GetAccountHouseResponse(house=house_to_pb(house))

    def BatchGetHouses(
        self, request: pb.BatchGetHousesRequest, context: grpc.ServicerContext
    ) -> pb.BatchGetHousesResponse:
        with session_scope(self.app.db) as session:
            houses = handlers.batch_get_houses(session, list(request.house_ids))
        return pb.BatchGetHousesResponse(houses=[house_to_pb(h) for h in houses])

    def FindHouse(self, request: pb.FindHouseRequest, context: grpc.ServicerContext) -> pb.FindHouseResponse:
        by = pb.FindBy.Name(request.by).removeprefix("FIND_BY_").lower() if request.by else ""
        with session_scope(self.app.db) as session:
            house, bound = handlers.find_house(
                session,
                request.account_id,
                by,
                address=request.address,
                contract_no=request.contract_no,
                house_type=request.house_type,
                cert_no=request.cert_no,
            )
        return pb.FindHouseResponse(house=house_to_pb(house), bound_to_account=bound)

    def GetHouseOwnerNames(
        self, request: pb.GetHouseOwnerNamesRequest, context: grpc.ServicerContext
    ) -> pb.GetHouseOwnerNamesResponse:
        require_caller("deposit")
        with session_scope(self.app.db) as session:
            names = handlers.house_owner_names(session, self.app.keyring, request.house_id)
        return pb.GetHouseOwnerNamesResponse(names=names)


def build_server(app: Registry) -> GrpcService:
    def register(server: grpc.Server) -> Iterable[str]:
        pb_grpc.add_RegistryServiceServicer_to_server(RegistryServicer(app), server)
        return [pb.DESCRIPTOR.services_by_name["RegistryService"].full_name]

    return GrpcService(app.config.grpc, register, readiness=lambda: ping(app.db.engine))


def main() -> None:
    app = bootstrap()
    run_until_signalled(build_server(app), on_stop=app.db.dispose)


if __name__ == "__main__":
    main()
