"""Notification gRPC API (maintfund.notification.v1). Each method: proto -> use case -> proto."""

from __future__ import annotations

import grpc

from maintfund.notification.v1 import notification_pb2 as pb
from maintfund.notification.v1 import notification_pb2_grpc as pb_grpc
from maintfund_common.grpc_server import GrpcService
from maintfund_common.runners.server import grpc_service, serve_grpc
from notification.bootstrap import Notification, bootstrap
from notification.domain.messages import Preferences, StoredNotification
from notification.service_layer import messages

_PREFIX = "NOTIFICATION_KIND_"


def on_behalf_of(account_id: str) -> str:
    """Every RPC acts for the one account the request names (the gateway's logged-in owner)."""
    return messages.require_account(account_id)


def notification_to_pb(item: StoredNotification) -> pb.Notification:
    return pb.Notification(
        notification_id=item.notification_id,
        kind=pb.NotificationKind.Value(_PREFIX + item.kind.value),
        title=item.title,
        body=item.body,
        link=item.link,
        created_at=item.created_at.isoformat(),
        read=item.read,
    )


def preferences_to_pb(prefs: Preferences) -> list[pb.Preference]:
    return [
        pb.Preference(kind=pb.NotificationKind.Value(_PREFIX + kind.value), sms=sms)
        for kind, sms in prefs.as_list()
    ]


def _kind_name(value: int) -> str:
    """The enum number -> the domain's kind name ('' for UNSPECIFIED or a number this build lacks)."""
    if value == pb.NOTIFICATION_KIND_UNSPECIFIED:
        return ""
    try:
        return pb.NotificationKind.Name(value).removeprefix(_PREFIX)
    except ValueError:
        return ""


class NotificationServicer(pb_grpc.NotificationServiceServicer):
    def __init__(self, app: Notification) -> None:
        self.app = app

    def ListNotifications(
        self, request: pb.ListNotificationsRequest, context: grpc.ServicerContext
    ) -> pb.ListNotificationsResponse:
        account_id = on_behalf_of(request.account_id)
        with self.app.db.reading() as repo:
            page = messages.list_page(repo, account_id, request.limit, request.cursor)
        return pb.ListNotificationsResponse(
            items=[notification_to_pb(n) for n in page.items],
            next_cursor=page.next_cursor,
            unread_count=page.unread_count,
        )

    def CountUnread(
        self, request: pb.CountUnreadRequest, context: grpc.ServicerContext
    ) -> pb.CountUnreadResponse:
        account_id = on_behalf_of(request.account_id)
        with self.app.db.reading() as repo:
            return pb.CountUnreadResponse(count=messages.count_unread(repo, account_id))

    def MarkRead(self, request: pb.MarkReadRequest, context: grpc.ServicerContext) -> pb.MarkReadResponse:
        account_id = on_behalf_of(request.account_id)
        unread = messages.mark_read(self.app.db, account_id, request.notification_id)
        return pb.MarkReadResponse(unread_count=unread)

    def MarkAllRead(
        self, request: pb.MarkAllReadRequest, context: grpc.ServicerContext
    ) -> pb.MarkAllReadResponse:
        account_id = on_behalf_of(request.account_id)
        return pb.MarkAllReadResponse(marked=messages.mark_all_read(self.app.db, account_id))

    def GetPreferences(
        self, request: pb.GetPreferencesRequest, context: grpc.ServicerContext
    ) -> pb.GetPreferencesResponse:
        account_id = on_behalf_of(request.account_id)
        with self.app.db.reading() as repo:
            prefs = messages.get_preferences(repo, account_id)
        return pb.GetPreferencesResponse(preferences=preferences_to_pb(prefs))

    def SetPreferences(
        self, request: pb.SetPreferencesRequest, context: grpc.ServicerContext
    ) -> pb.SetPreferencesResponse:
        account_id = on_behalf_of(request.account_id)
        changes = [(_kind_name(p.kind), p.sms) for p in request.preferences]
        prefs = messages.set_preferences(self.app.db, account_id, changes)
        return pb.SetPreferencesResponse(preferences=preferences_to_pb(prefs))


def build_server(app: Notification) -> GrpcService:
    return grpc_service(
        app,
        pb_grpc.add_NotificationServiceServicer_to_server,
        NotificationServicer(app),
        pb.DESCRIPTOR.services_by_name["NotificationService"],
    )


def main() -> None:
    serve_grpc(bootstrap(), build_server)


if __name__ == "__main__":
    main()
