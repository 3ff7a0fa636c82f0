"""Quickpay configuration, read once from the environment."""

from __future__ import annotations

from dataclasses import dataclass

from maintfund_common.config import DEFAULT_REDIS_URL, env_dev_default, env_int, env_str
from maintfund_common.grpc_server import GrpcServerConfig

SERVICE = "quickpay"
# The systems that call this service; outside production each has a default token (dev-<caller>-token).
DEV_CALLERS = ("gateway",)


@dataclass(frozen=True)
class Limits:
    """Lookups allowed per window (every lookup counts, hits and misses alike)."""

    window_s: int = 600
    per_client: int = 20
    per_business_no: int = 10
    per_name: int = 10
    failures_before_challenge: int = 5
    failure_window_s: int = 900
    challenge_ttl_s: int = 300


@dataclass(frozen=True)
class Config:
    """No database and no broker: quickpay's state is short-lived (tokens are signed, limits live in Redis);
    orders, deposits and receipts are the deposit and invoice services'."""

    grpc: GrpcServerConfig
    log_level: str
    deposit_addr: str
    invoice_addr: str
    grpc_client_token: str
    redis_url: str
    token_key: str
    token_ttl_s: int
    miss_min_ms: int
    limits: Limits

    @classmethod
    def from_env(cls) -> Config:
        return cls(
            grpc=GrpcServerConfig.from_env(SERVICE, 50055, 9205, DEV_CALLERS),
            log_level=env_str("LOG_LEVEL", "INFO"),
            deposit_addr=env_str("DEPOSIT_ADDR", "127.0.0.1:50053"),
            invoice_addr=env_str("INVOICE_ADDR", "127.0.0.1:50054"),
            grpc_client_token=env_dev_default("GRPC_CLIENT_TOKEN", "dev-quickpay-token"),
            redis_url=env_str("REDIS_URL", DEFAULT_REDIS_URL),
            token_key=env_dev_default("QUICKPAY_TOKEN_KEY", "dev-quickpay-token-key-not-for-production"),
            token_ttl_s=env_int("QUICKPAY_TOKEN_TTL_S", 900),
            miss_min_ms=env_int("QUICKPAY_MISS_MIN_MS", 300),
            limits=Limits(
                window_s=env_int("QUICKPAY_LIMIT_WINDOW_S", 600),
                per_client=env_int("QUICKPAY_LIMIT_PER_CLIENT", 20),
                per_business_no=env_int("QUICKPAY_LIMIT_PER_BUSINESS_NO", 10),
                per_name=env_int("QUICKPAY_LIMIT_PER_NAME", 10),
                failures_before_challenge=env_int("QUICKPAY_FAILURES_BEFORE_CHALLENGE", 5),
            ),
        )
