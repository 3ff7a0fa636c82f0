"""Notification configuration, read once from the environment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

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
from notification.domain.sms_rules import SmsPolicy

SERVICE = "notification"
# The systems that call this service; outside production each has a default token (dev-<caller>-token).
DEV_CALLERS = ("gateway", "backoffice")


def _clock(name: str, default: str) -> time:
    raw = env_str(name, default)
    try:
        return time.fromisoformat(raw)
    except ValueError:
        raise ConfigError(f"environment variable {name} must be HH:MM, got {raw!r}") from None


@dataclass(frozen=True)
class Config:
    database_url: str
    amqp_url: str
    grpc: GrpcServerConfig
    log_level: str
    consumer_metrics_port: int
    worker_metrics_port: int
    identity_addr: str
    registry_addr: str
    remote_timeout_s: float
    grpc_client_token: str
    sms_base_url: str
    sms_api_key: str
    sms_sign_name: str
    sms_timeout_s: float
    sms: SmsPolicy
    # the worker looks for due SMS this often (seconds), and takes a SENDING row older than this many
    # seconds for one whose worker stopped mid-send
    worker_poll_s: float
    sending_stale_s: float

    @classmethod
    def from_env(cls) -> Config:
        return cls(
            database_url=service_database_url(SERVICE),
            amqp_url=env_str("AMQP_URL", DEFAULT_AMQP_URL),
            grpc=GrpcServerConfig.from_env(SERVICE, 50056, 9206, DEV_CALLERS),
            log_level=env_str("LOG_LEVEL", "INFO"),
            consumer_metrics_port=env_int("CONSUMER_METRICS_PORT", 9226),
            worker_metrics_port=env_int("WORKER_METRICS_PORT", 9236),
            identity_addr=env_str("IDENTITY_ADDR", "127.0.0.1:50051"),
            registry_addr=env_str("REGISTRY_ADDR", "127.0.0.1:50052"),
            remote_timeout_s=env_float("REMOTE_TIMEOUT_SECONDS", 2.0),
            grpc_client_token=env_dev_default("GRPC_CLIENT_TOKEN", "dev-notification-token"),
            sms_base_url=env_str("SMS_BASE_URL", "http://127.0.0.1:9100"),
            sms_api_key=env_dev_default("SMS_API_KEY", "sandbox-sms-key"),
            sms_sign_name=env_str("SMS_SIGN_NAME", "北京市住房资金管理中心"),
            sms_timeout_s=env_float("SMS_TIMEOUT_SECONDS", 3.0),
            sms=SmsPolicy(
                quiet_start=_clock("SMS_QUIET_START", "22:00"),
                quiet_end=_clock("SMS_QUIET_END", "08:00"),
                daily_cap=env_int("SMS_DAILY_CAP_PER_PHONE", 10),
                max_attempts=env_int("SMS_MAX_ATTEMPTS", 6),
                backoff_base_s=env_float("SMS_BACKOFF_BASE_SECONDS", 30.0),
                backoff_max_s=env_float("SMS_BACKOFF_MAX_SECONDS", 3600.0),
            ),
            worker_poll_s=env_float("SMS_WORKER_POLL_SECONDS", 1.0),
            sending_stale_s=env_float("SMS_SENDING_STALE_SECONDS", 60.0),
        )
