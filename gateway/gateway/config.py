"""Gateway configuration, read once from the environment."""

from __future__ import annotations

from dataclasses import dataclass

from maintfund_common.config import DEFAULT_REDIS_URL, env_bool, env_dev_default, env_float, env_int, env_str

# Development secret only: production must set SECRET_KEY (env_dev_default refuses to start without it).
_DEV_SECRET = "dev-only-gateway-secret-key-change-me"  # noqa: S105


@dataclass(frozen=True)
class Config:
    secret_key: str
    redis_url: str
    identity_addr: str
    registry_addr: str
    deposit_addr: str
    invoice_addr: str
    quickpay_addr: str
    notification_addr: str
    grpc_client_token: str
    grpc_timeout_s: float
    session_idle_minutes: int
    session_absolute_hours: int
    secure_cookies: bool
    force_https: bool
    public_base_url: str
    log_level: str
    trusted_proxy_hops: int
    login_rate_limit: str
    sms_rate_limit: str
    register_rate_limit: str
    upload_max_files: int
    upload_max_file_bytes: int
    # anonymous 交存证明 checks per client address (quick pay allows 20 lookups per 10 minutes per client)
    certificate_verify_rate_limit: str = "20 per 10 minutes"

    @classmethod
    def from_env(cls) -> Config:
        secure = env_bool("SECURE_COOKIES", False)
        return cls(
            secret_key=env_dev_default("SECRET_KEY", _DEV_SECRET),
            redis_url=env_str("REDIS_URL", DEFAULT_REDIS_URL),
            identity_addr=env_str("IDENTITY_ADDR", "127.0.0.1:50051"),
            registry_addr=env_str("REGISTRY_ADDR", "127.0.0.1:50052"),
            deposit_addr=env_str("DEPOSIT_ADDR", "127.0.0.1:50053"),
            invoice_addr=env_str("INVOICE_ADDR", "127.0.0.1:50054"),
            quickpay_addr=env_str("QUICKPAY_ADDR", "127.0.0.1:50055"),
            notification_addr=env_str("NOTIFICATION_ADDR", "127.0.0.1:50056"),
            grpc_client_token=env_dev_default("GRPC_CLIENT_TOKEN", "dev-gateway-token"),
            grpc_timeout_s=env_float("GRPC_TIMEOUT_SECONDS", 3.0),
            session_idle_minutes=env_int("SESSION_IDLE_MINUTES", 15),
            session_absolute_hours=env_int("SESSION_ABSOLUTE_HOURS", 8),
            secure_cookies=secure,
            force_https=env_bool("FORCE_HTTPS", False),
            public_base_url=env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8080"),
            log_level=env_str("LOG_LEVEL", "INFO"),
            # proxies (the ingress controller) in front of the gateway whose X-Forwarded-* to believe
            trusted_proxy_hops=env_int("TRUSTED_PROXY_HOPS", 0),
            # per client address, on top of identity's per-account lock-out
            login_rate_limit=env_str("LOGIN_RATE_LIMIT", "30/minute"),
            sms_rate_limit=env_str("SMS_RATE_LIMIT", "5/minute"),
            register_rate_limit=env_str("REGISTER_RATE_LIMIT", "10/hour"),
            # the registry's limits (it decides); the page checks them before uploading anything
            upload_max_files=env_int("UPLOAD_MAX_FILES", 5),
            upload_max_file_bytes=env_int("UPLOAD_MAX_FILE_BYTES", 10 * 1024 * 1024),
            certificate_verify_rate_limit=env_str("CERTIFICATE_VERIFY_RATE_LIMIT", "20 per 10 minutes"),
        )
