"""Invoice gRPC server. First version: health, reflection and the (empty) public service."""

from __future__ import annotations

from collections.abc import Iterable

import grpc

from invoice.adapters.orm import metadata
from invoice.config import SERVICE, Config
from maintfund.invoice.v1 import invoice_pb2 as pb
from maintfund.invoice.v1 import invoice_pb2_grpc as pb_grpc
from maintfund_common.db import Database, ping
from maintfund_common.grpc_server import GrpcService, run_until_signalled
from maintfund_common.logging_setup import configure_logging


def build_server(config: Config, db: Database) -> GrpcService:
    def register(server: grpc.Server) -> Iterable[str]:
        pb_grpc.add_InvoiceServiceServicer_to_server(pb_grpc.InvoiceServiceServicer(), server)
        return [pb.DESCRIPTOR.services_by_name["InvoiceService"].full_name]

    return GrpcService(config.grpc, register, readiness=lambda: ping(db.engine))


def main() -> None:
    config = Config.from_env()
    configure_logging(SERVICE, config.log_level)
    db = Database(config.database_url, metadata)
    run_until_signalled(build_server(config, db), on_stop=db.dispose)


if __name__ == "__main__":
    main()
