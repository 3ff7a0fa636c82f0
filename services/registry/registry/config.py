"""Registry configuration, read once from the environment."""

from __future__ import annotations

from dataclasses import dataclass

from maintfund_common import house_grants
from maintfund_common.config import (
    DEFAULT_AMQP_URL,
    ConfigError,
    env_dev_default,
    env_float,
    env_int,
    env_str,
    service_database_url,
)
from maintfund_common.grpc_server import GrpcServerConfig
from registry.adapters.clamav import ClamdAddress

SERVICE = "registry"
# The systems that call this service; outside production each has a default token (dev-<caller>-token).
DEV_CALLERS = ("gateway", "identity", "deposit", "invoice", "backoffice", "notification")


@dataclass(frozen=True)
class Config:
    database_url: str
    amqp_url: str
    grpc: GrpcServerConfig
    relay_metrics_port: int
    log_level: str
    identity_addr: str
    grpc_client_token: str
    upload_max_files: int
    upload_max_file_bytes: int
    upload_max_pixels: int
    # clamd for proof uploads; None only outside production (files are then stored NOT_SCANNED)
    clamd_address: ClamdAddress | None
    clamd_timeout_s: float
    house_grant_key: bytes  # signs 我要查询 grants (maintfund_common.house_grants); deposit checks them

    @classmethod
    def from_env(cls) -> Config:
        return cls(
            database_url=service_database_url(SERVICE),
            amqp_url=env_str("AMQP_URL", DEFAULT_AMQP_URL),
            grpc=GrpcServerConfig.from_env(SERVICE, 50052, 9202, DEV_CALLERS),
            relay_metrics_port=env_int("RELAY_METRICS_PORT", 9212),
            log_level=env_str("LOG_LEVEL", "INFO"),
            identity_addr=env_str("IDENTITY_ADDR", "127.0.0.1:50051"),
            grpc_client_token=env_dev_default("GRPC_CLIENT_TOKEN", "dev-registry-token"),
            upload_max_files=env_int("UPLOAD_MAX_FILES", 5),
            upload_max_file_bytes=env_int("UPLOAD_MAX_FILE_BYTES", 10 * 1024 * 1024),
            upload_max_pixels=env_int("UPLOAD_MAX_PIXELS", 40_000_000),
            clamd_address=_clamd_address(env_dev_default("CLAMD_ADDRESS", "")),
            clamd_timeout_s=env_float("CLAMD_TIMEOUT_SECONDS", 10.0),
            house_grant_key=house_grants.key_from_env(),
        )


def _clamd_address(raw: str) -> ClamdAddress | None:
    """Production requires CLAMD_ADDRESS (env_dev_default refuses it unset); development may leave it out."""
    if not raw:
        return None
    try:
        return ClamdAddress.parse(raw)
    except ValueError as exc:
        raise ConfigError(f"environment variable CLAMD_ADDRESS: {exc}") from None
