"""Identity configuration, read once from the environment."""

from __future__ import annotations

from dataclasses import dataclass

from maintfund_common.config import (
    DEFAULT_AMQP_URL,
    DEFAULT_REDIS_URL,
    env_dev_default,
    env_float,
    env_int,
    env_str,
    service_database_url,
)
from maintfund_common.grpc_server import GrpcServerConfig

SERVICE = "identity"
# The systems that call this service; outside production each has a default token (dev-<caller>-token).
DEV_CALLERS = ("gateway", "registry", "backoffice", "notification")


@dataclass(frozen=True)
class Config:
    database_url: str
    amqp_url: str
    redis_url: str  # failed-login counters and lock-outs
    grpc: GrpcServerConfig
    relay_metrics_port: int
    consumer_metrics_port: int
    log_level: str
    registry_addr: str
    grpc_client_token: str
    sms_base_url: str
    sms_api_key: str
    sms_sign_name: str
    sms_login_template: str
    sms_register_template: str
    idp_base_url: str
    idp_api_key: str
    external_timeout_s: float

    @classmethod
    def from_env(cls) -> Config:
        return cls(
            database_url=service_database_url(SERVICE),
            amqp_url=env_str("AMQP_URL", DEFAULT_AMQP_URL),
            redis_url=env_str("REDIS_URL", DEFAULT_REDIS_URL),
            grpc=GrpcServerConfig.from_env(SERVICE, 50051, 9201, DEV_CALLERS),
            relay_metrics_port=env_int("RELAY_METRICS_PORT", 9211),
            consumer_metrics_port=env_int("CONSUMER_METRICS_PORT", 9221),
            log_level=env_str("LOG_LEVEL", "INFO"),
            registry_addr=env_str("REGISTRY_ADDR", "127.0.0.1:50052"),
            grpc_client_token=env_dev_default("GRPC_CLIENT_TOKEN", "dev-identity-token"),
            sms_base_url=env_str("SMS_BASE_URL", "http://127.0.0.1:9100"),
            sms_api_key=env_dev_default("SMS_API_KEY", "sandbox-sms-key"),
            sms_sign_name=env_str("SMS_SIGN_NAME", "北京市住房资金管理中心"),
            sms_login_template=env_str("SMS_LOGIN_TEMPLATE", "SMS_LOGIN_CODE"),
            sms_register_template=env_str("SMS_REGISTER_TEMPLATE", "SMS_REGISTER_CODE"),
            idp_base_url=env_str("IDP_BASE_URL", "http://127.0.0.1:9100"),
            idp_api_key=env_dev_default("IDP_API_KEY", "sandbox-idp-key"),
            external_timeout_s=env_float("EXTERNAL_TIMEOUT_SECONDS", 3.0),
        )
