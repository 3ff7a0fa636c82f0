"""Registry gRPC API (maintfund.registry.v1). Each method: caller, a read (``app.db.reading()``) or the
use case with its unit of work, proto."""

from __future__ import annotations

import grpc

from maintfund.registry.v1 import registry_pb2 as pb
from maintfund.registry.v1 import registry_pb2_grpc as pb_grpc
from maintfund_common.audit import AppRoleGuard
from maintfund_common.config import is_production
from maintfund_common.db import ping
from maintfund_common.grpc_server import GrpcService, require_caller, run_until_signalled, service_for
from registry.bootstrap import Registry, bootstrap
from registry.domain.model import House
from registry.domain.registrations import IncomingFile, Method, Registration, StoredFileInfo
from registry.service_layer import handlers
from registry.service_layer import registrations as reg_handlers

REVIEW_CALLERS = ("gateway", "backoffice")
# Five proof files of up to 10 MB each arrive in one SubmitRegistration.
MAX_MESSAGE_BYTES = 60 * 1024 * 1024


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


def _method(value: int) -> Method:
    name = pb.RegistrationMethod.Name(value).removeprefix("REGISTRATION_METHOD_")
    return reg_handlers.rules.parse_method(name if name in Method.__members__ else "")


def registration_to_pb(r: Registration) -> pb.Registration:
    return pb.Registration(
        registration_id=r.registration_id,
        account_id=r.account_id,
        method=pb.RegistrationMethod.Value(f"REGISTRATION_METHOD_{r.method.value}"),
        status=pb.RegistrationStatus.Value(f"REGISTRATION_STATUS_{r.status.value}"),
        house_id=r.house_id,
        district_code=r.district_code,
        address=r.address,
        contract_no=r.contract_no,
        house_type=r.house_type,
        cert_no=r.cert_no,
        submitted_at=r.submitted_at.isoformat(),
        decided_at=r.decided_at.isoformat() if r.decided_at else "",
        reason=r.reason,
        phone_masked=r.phone_masked,
    )


def file_to_pb(f: StoredFileInfo) -> pb.RegistrationFile:
    return pb.RegistrationFile(
        file_id=f.file_id,
        filename=f.filename,
        content_type=f.content_type,
        size_bytes=f.size_bytes,
        scan_status=f.scan_status,
    )


def actor_of(actor: pb.ReviewActor) -> reg_handlers.Actor:
    return reg_handlers.Actor(actor.reviewer_id, actor.role, actor.district_code, actor.source_ip)


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
        return pb.BindOwnedHousesResponse(
            house_count=result.house_count, newly_bound=result.newly_bound, house_ids=result.house_ids
        )

    def ListAccountHouses(
        self, request: pb.ListAccountHousesRequest, context: grpc.ServicerContext
    ) -> pb.ListAccountHousesResponse:
        with self.app.db.reading() as repo:
            page = handlers.list_account_houses(
                repo, request.account_id, request.address_contains, request.page_size, request.page_token
            )
        return pb.ListAccountHousesResponse(
            houses=[house_to_pb(h) for h in page.houses],
            next_page_token=page.next_cursor,
            total_bound=page.total_bound,
        )

    def GetAccountHouse(
        self, request: pb.GetAccountHouseRequest, context: grpc.ServicerContext
    ) -> pb.GetAccountHouseResponse:
        with self.app.db.reading() as repo:
            house = handlers.get_account_house(repo, request.account_id, request.house_id)
        return pb.GetAccountHouseResponse(house=house_to_pb(house))

    def BatchGetHouses(
        self, request: pb.BatchGetHousesRequest, context: grpc.ServicerContext
    ) -> pb.BatchGetHousesResponse:
        with self.app.db.reading() as repo:
            houses = handlers.batch_get_houses(repo, list(request.house_ids))
        return pb.BatchGetHousesResponse(houses=[house_to_pb(h) for h in houses])

    def FindHouse(self, request: pb.FindHouseRequest, context: grpc.ServicerContext) -> pb.FindHouseResponse:
        by = pb.FindBy.Name(request.by).removeprefix("FIND_BY_").lower() if request.by else ""
        with self.app.db.unit_of_work() as uow:
            found = handlers.query_house(
                uow,
                self.app.config.house_grant_key,
                request.account_id,
                by,
                address=request.address,
                contract_no=request.contract_no,
                house_type=request.house_type,
                cert_no=request.cert_no,
            )
        return pb.FindHouseResponse(
            house=house_to_pb(found.house),
            bound_to_account=found.bound,
            grant=found.grant,
            grant_expires_at=found.grant_expires_at.isoformat(),
        )

    def GetHouseOwnerNames(
        self, request: pb.GetHouseOwnerNamesRequest, context: grpc.ServicerContext
    ) -> pb.GetHouseOwnerNamesResponse:
        require_caller("deposit")
        with self.app.db.reading() as repo:
            names = handlers.house_owner_names(repo, self.app.keyring, request.house_id)
        return pb.GetHouseOwnerNamesResponse(names=names)

    def LookupHouse(
        self, request: pb.LookupHouseRequest, context: grpc.ServicerContext
    ) -> pb.LookupHouseResponse:
        with self.app.db.reading() as repo:
            found = reg_handlers.lookup_house(
                repo,
                self.app.keyring,
                _method(request.method),
                contract_no=request.contract_no,
                house_type=request.house_type,
                cert_no=request.cert_no,
            )
        return pb.LookupHouseResponse(house=house_to_pb(found.house), owners_masked=found.owners_masked)

    def SubmitRegistration(
        self, request: pb.SubmitRegistrationRequest, context: grpc.ServicerContext
    ) -> pb.SubmitRegistrationResponse:
        require_caller("gateway")
        command = reg_handlers.SubmitCommand(
            account_id=request.account_id,
            method=_method(request.method),
            contract_no=request.contract_no,
            house_type=request.house_type,
            cert_no=request.cert_no,
            district_code=request.district_code,
            phone=request.phone,
            address=request.address,
            files=tuple(IncomingFile(f.filename, f.content) for f in request.files),
        )
        result = reg_handlers.submit_registration(self.app.db, self.app.registrations, command)
        return pb.SubmitRegistrationResponse(registration=registration_to_pb(result))

    def ListAccountRegistrations(
        self, request: pb.ListAccountRegistrationsRequest, context: grpc.ServicerContext
    ) -> pb.ListAccountRegistrationsResponse:
        with self.app.db.reading() as repo:
            rows, cursor = reg_handlers.list_account_registrations(
                repo, self.app.keyring, request.account_id, request.page_size, request.page_token
            )
        return pb.ListAccountRegistrationsResponse(
            registrations=[registration_to_pb(r) for r in rows], next_page_token=cursor
        )

    def ListPendingRegistrations(
        self, request: pb.ListPendingRegistrationsRequest, context: grpc.ServicerContext
    ) -> pb.ListPendingRegistrationsResponse:
        require_caller(*REVIEW_CALLERS)
        with self.app.db.reading() as repo:
            rows, cursor = reg_handlers.list_pending_registrations(
                repo, self.app.keyring, request.district_code, request.page_size, request.page_token
            )
        return pb.ListPendingRegistrationsResponse(
            registrations=[registration_to_pb(r) for r in rows], next_page_token=cursor
        )

    def GetRegistration(
        self, request: pb.GetRegistrationRequest, context: grpc.ServicerContext
    ) -> pb.GetRegistrationResponse:
        require_caller(*REVIEW_CALLERS)
        view = reg_handlers.get_registration(
            self.app.db,
            self.app.keyring,
            request.registration_id,
            actor_of(request.actor),
            reveal_applicant=request.reveal_applicant,
        )
        return pb.GetRegistrationResponse(
            registration=registration_to_pb(view.registration),
            applicant_name=view.applicant_name,
            applicant_phone=view.applicant_phone,
            owners_masked=view.owners_masked,
            files=[file_to_pb(f) for f in view.registration.files],
            applicant_name_masked=view.applicant_name_masked,
            applicant_phone_masked=view.applicant_phone_masked,
            applicant_is_owner=view.applicant_is_owner,
        )

    def GetRegistrationFile(
        self, request: pb.GetRegistrationFileRequest, context: grpc.ServicerContext
    ) -> pb.GetRegistrationFileResponse:
        require_caller(*REVIEW_CALLERS)
        info, content = reg_handlers.get_registration_file(
            self.app.db,
            self.app.keyring,
            request.registration_id,
            request.file_id,
            actor_of(request.actor),
            openable=self.app.registrations.sanitizer.openable,
        )
        return pb.GetRegistrationFileResponse(file=file_to_pb(info), content=content)

    def DecideRegistration(
        self, request: pb.DecideRegistrationRequest, context: grpc.ServicerContext
    ) -> pb.DecideRegistrationResponse:
        require_caller(*REVIEW_CALLERS)
        command = reg_handlers.DecideCommand(
            request.registration_id,
            actor_of(request.actor),
            request.approve,
            request.reason,
            request.house_id,
        )
        result = reg_handlers.decide_registration(self.app.db, self.app.keyring, command)
        return pb.DecideRegistrationResponse(registration=registration_to_pb(result))

    # --- the register as a source of other services' copies (reconcile-copies) ----------------------

    def ListHouses(
        self, request: pb.ListHousesRequest, context: grpc.ServicerContext
    ) -> pb.ListHousesResponse:
        require_caller("deposit")
        with self.app.db.reading() as repo:
            page = handlers.list_houses(repo, request.page_size, request.page_token)
        return pb.ListHousesResponse(
            houses=[house_to_pb(h) for h in page.items], next_page_token=page.next_cursor
        )

    def ListBindings(
        self, request: pb.ListBindingsRequest, context: grpc.ServicerContext
    ) -> pb.ListBindingsResponse:
        require_caller("deposit", "invoice", "identity", "notification")
        with self.app.db.reading() as repo:
            page = handlers.list_bindings(repo, request.page_size, request.page_token)
        bindings = [pb.Binding(account_id=a, house_id=h) for a, h in page.items]
        return pb.ListBindingsResponse(bindings=bindings, next_page_token=page.next_cursor)


def build_server(app: Registry) -> GrpcService:
    # in production, the pod is not ready while its role could rewrite the audit trail
    guard = AppRoleGuard(app.db.engine, enforce=is_production())
    return service_for(
        app.config.grpc,
        pb_grpc.add_RegistryServiceServicer_to_server,
        RegistryServicer(app),
        pb.DESCRIPTOR.services_by_name["RegistryService"],
        readiness=lambda: ping(app.db.engine) and guard.ok(),
        max_message_bytes=MAX_MESSAGE_BYTES,
    )


def main() -> None:
    app = bootstrap()
    run_until_signalled(build_server(app), on_stop=app.db.dispose)


if __name__ == "__main__":
    main()
