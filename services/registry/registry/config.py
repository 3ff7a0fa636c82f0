"""Registry configuration, read once from the environment."""

from __future__ import annotations

from dataclasses import dataclass

from maintfund_common.config import DEFAULT_AMQP_URL, env_dev_default, env_int, env_str, service_database_url
from maintfund_common.grpc_server import GrpcServerConfig

SERVICE = "registry"


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

    @classmethod
    def from_env(cls) -> Config:
        return cls(
            database_url=service_database_url(SERVICE),
            amqp_url=env_str("AMQP_URL", DEFAULT_AMQP_URL),
            grpc=GrpcServerConfig.from_env(SERVICE, default_port=50052, default_metrics_port=9202),
            relay_metrics_port=env_int("RELAY_METRICS_PORT", 9212),
            log_level=env_str("LOG_LEVEL", "INFO"),
            identity_addr=env_str("IDENTITY_ADDR", "127.0.0.1:50051"),
            grpc_client_token=env_dev_default("GRPC_CLIENT_TOKEN", "dev-registry-token"),
            upload_max_files=env_int("UPLOAD_MAX_FILES", 5),
            upload_max_file_bytes=env_int("UPLOAD_MAX_FILE_BYTES", 10 * 1024 * 1024),
            upload_max_pixels=env_int("UPLOAD_MAX_PIXELS", 40_000_000),
        )
