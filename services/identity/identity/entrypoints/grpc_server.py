"""Identity gRPC API (maintfund.identity.v1). Each method: caller, proto -> use case -> proto."""

from __future__ import annotations

import grpc

from identity.bootstrap import Identity, bootstrap
from identity.service_layer import accounts, logins, registration, sms_codes
from maintfund.identity.v1 import identity_pb2 as pb
from maintfund.identity.v1 import identity_pb2_grpc as pb_grpc
from maintfund_common.audit import AppRoleGuard
from maintfund_common.config import is_production
from maintfund_common.db import ping
from maintfund_common.grpc_server import GrpcService, require_caller, run_until_signalled, service_for


def account_to_pb(view: accounts.AccountView) -> pb.Account:
    return pb.Account(
        account_id=view.account_id,
        username=view.username,
        name_masked=view.name_masked,
        id_number_masked=view.id_number_masked,
        phone_masked=view.phone_masked,
        roles=[pb.Role.Value(f"ROLE_{r}") for r in view.roles],
        district_code=view.district_code,
        house_count=view.house_count,
    )


def login_to_pb(result: logins.LoginResult) -> pb.LoginResponse:
    return pb.LoginResponse(account=account_to_pb(result.account), house_count=result.house_count)


class IdentityServicer(pb_grpc.IdentityServiceServicer):
    def __init__(self, app: Identity) -> None:
        self.app = app

    def RegisterAccount(
        self, request: pb.RegisterAccountRequest, context: grpc.ServicerContext
    ) -> pb.RegisterAccountResponse:
        command = registration.RegisterAccount(
            username=request.username,
            password=request.password,
            name=request.name,
            id_number=request.id_number,
            phone=request.phone,
            sms_code=request.sms_code,
            accepted_terms=request.accepted_terms,
            accepted_privacy=request.accepted_privacy,
        )
        with self.app.db.unit_of_work() as uow:
            view = registration.register_account(uow, self.app.deps, command)
        return pb.RegisterAccountResponse(account=account_to_pb(view))

    def LoginWithPassword(
        self, request: pb.LoginWithPasswordRequest, context: grpc.ServicerContext
    ) -> pb.LoginResponse:
        with self.app.db.unit_of_work() as uow:
            return login_to_pb(
                logins.login_with_password(uow, self.app.deps, request.username, request.password)
            )

    def SendSmsCode(
        self, request: pb.SendSmsCodeRequest, context: grpc.ServicerContext
    ) -> pb.SendSmsCodeResponse:
        with self.app.db.unit_of_work() as uow:
            resend_after = sms_codes.send_sms_code(
                uow, self.app.deps, request.phone, register=request.purpose == pb.SMS_PURPOSE_REGISTER
            )
        return pb.SendSmsCodeResponse(
            resend_after_seconds=resend_after, code_valid_seconds=self.app.deps.sms_policy.code_ttl_seconds
        )

    def LoginWithSmsCode(
        self, request: pb.LoginWithSmsCodeRequest, context: grpc.ServicerContext
    ) -> pb.LoginResponse:
        with self.app.db.unit_of_work() as uow:
            return login_to_pb(
                logins.login_with_sms_code(uow, self.app.deps, request.phone, request.sms_code)
            )

    def GetAccount(
        self, request: pb.GetAccountRequest, context: grpc.ServicerContext
    ) -> pb.GetAccountResponse:
        with self.app.db.reading() as repo:
            view = accounts.get_account(repo, self.app.deps, request.account_id)
        return pb.GetAccountResponse(account=account_to_pb(view))

    def GetRealName(
        self, request: pb.GetRealNameRequest, context: grpc.ServicerContext
    ) -> pb.GetRealNameResponse:
        require_caller("registry")
        with self.app.db.reading() as repo:
            name, id_number = accounts.get_real_name(repo, self.app.deps, request.account_id)
            phone = accounts.get_account_phone(repo, self.app.deps, request.account_id)
        return pb.GetRealNameResponse(name=name, id_number=id_number, phone=phone)

    def GetSmsContact(
        self, request: pb.GetSmsContactRequest, context: grpc.ServicerContext
    ) -> pb.GetSmsContactResponse:
        require_caller("notification")
        with self.app.db.reading() as repo:
            phone = accounts.get_account_phone(repo, self.app.deps, request.account_id)
        return pb.GetSmsContactResponse(phone=phone)


def build_server(app: Identity) -> GrpcService:
    # in production, the pod is not ready while its role could rewrite the audit trail
    guard = AppRoleGuard(app.db.engine, enforce=is_production())
    return service_for(
        app.config.grpc,
        pb_grpc.add_IdentityServiceServicer_to_server,
        IdentityServicer(app),
        pb.DESCRIPTOR.services_by_name["IdentityService"],
        readiness=lambda: ping(app.db.engine) and guard.ok(),
    )


def main() -> None:
    app = bootstrap()
    run_until_signalled(build_server(app), on_stop=app.db.dispose)


if __name__ == "__main__":
    main()
