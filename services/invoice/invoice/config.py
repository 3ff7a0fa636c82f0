"""Invoice configuration, read once from the environment."""

from __future__ import annotations

from dataclasses import dataclass

from maintfund_common.config import (
    DEFAULT_AMQP_URL,
    env_dev_default,
    env_float,
    env_int,
    env_str,
    service_database_url,
)
from maintfund_common.grpc_server import GrpcServerConfig

SERVICE = "invoice"
# The systems that call this service; outside production each has a default token (dev-<caller>-token).
DEV_CALLERS = ("gateway", "deposit", "quickpay", "backoffice")
ISSUE_QUEUE = "invoice.issue"


@dataclass(frozen=True)
class Config:
    database_url: str
    amqp_url: str
    grpc: GrpcServerConfig
    log_level: str
    relay_metrics_port: int
    consumer_metrics_port: int
    worker_metrics_port: int
    einvoice_base_url: str
    einvoice_app_id: str
    einvoice_app_secret: str
    einvoice_timeout_s: float
    # Platform calls without an answer before a receipt is FAILED (each retry waits the retry queue's TTL).
    issue_max_attempts: int
    receiving_unit: str
    verify_url: str
    # The deposit service, asked when the copy of deposits lacks one (its event not here yet).
    deposit_addr: str
    registry_addr: str
    deposit_timeout_s: float
    grpc_client_token: str

    @classmethod
    def from_env(cls) -> Config:
        public = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8080").rstrip("/")
        return cls(
            database_url=service_database_url(SERVICE),
            amqp_url=env_str("AMQP_URL", DEFAULT_AMQP_URL),
            grpc=GrpcServerConfig.from_env(SERVICE, 50054, 9204, DEV_CALLERS),
            log_level=env_str("LOG_LEVEL", "INFO"),
            relay_metrics_port=env_int("RELAY_METRICS_PORT", 9214),
            consumer_metrics_port=env_int("CONSUMER_METRICS_PORT", 9224),
            worker_metrics_port=env_int("WORKER_METRICS_PORT", 9234),
            einvoice_base_url=env_str("EINVOICE_BASE_URL", "http://127.0.0.1:9100"),
            einvoice_app_id=env_str("EINVOICE_APP_ID", "maintfund-invoice"),
            einvoice_app_secret=env_dev_default("EINVOICE_APP_SECRET", "sandbox-einvoice-secret"),
            einvoice_timeout_s=env_float("EINVOICE_TIMEOUT_SECONDS", 3.0),
            issue_max_attempts=env_int("INVOICE_ISSUE_MAX_ATTEMPTS", 5),
            receiving_unit=env_str("RECEIPT_RECEIVING_UNIT", "北京市住房资金管理中心"),
            verify_url=env_str("RECEIPT_VERIFY_URL", f"{public}/receipts/verify"),
            deposit_addr=env_str("DEPOSIT_ADDR", "127.0.0.1:50053"),
            registry_addr=env_str("REGISTRY_ADDR", "127.0.0.1:50052"),
            # below the gateway's 3 s, so an owner gets this service's answer, not the gateway's timeout
            deposit_timeout_s=env_float("DEPOSIT_TIMEOUT_SECONDS", 2.0),
            grpc_client_token=env_dev_default("GRPC_CLIENT_TOKEN", "dev-invoice-token"),
        )
