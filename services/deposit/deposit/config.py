"""Deposit configuration, read once from the environment."""

from __future__ import annotations

from dataclasses import dataclass

from maintfund_common.config import DEFAULT_AMQP_URL, env_int, env_str, service_database_url
from maintfund_common.grpc_server import GrpcServerConfig

SERVICE = "deposit"


@dataclass(frozen=True)
class Config:
    database_url: str
    amqp_url: str
    grpc: GrpcServerConfig
    relay_metrics_port: int
    consumer_metrics_port: int
    log_level: str

    @classmethod
    def from_env(cls) -> Config:
        return cls(
            database_url=service_database_url(SERVICE),
            amqp_url=env_str("AMQP_URL", DEFAULT_AMQP_URL),
            grpc=GrpcServerConfig.from_env(SERVICE, default_port=50053, default_metrics_port=9203),
            relay_metrics_port=env_int("RELAY_METRICS_PORT", 9213),
            consumer_metrics_port=env_int("CONSUMER_METRICS_PORT", 9223),
            log_level=env_str("LOG_LEVEL", "INFO"),
        )
