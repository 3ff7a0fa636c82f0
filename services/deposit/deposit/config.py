"""Deposit configuration, read once from the environment.

Payment providers: base URLs point at the sandbox locally (devctl's suite_env) and at the real gateways in
production; keys are PEM text in the environment (a Kubernetes Secret) or, for development, files under
sandbox/keys (TEST ONLY keys; production refuses to start without explicit settings).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from maintfund_common import house_grants
from maintfund_common.config import (
    DEFAULT_AMQP_URL,
    env_bool,
    env_dev_default,
    env_float,
    env_int,
    env_str,
    is_production,
    service_database_url,
)
from maintfund_common.grpc_server import GrpcServerConfig

SERVICE = "deposit"
# The systems that call this service; outside production each has a default token (dev-<caller>-token).
DEV_CALLERS = ("gateway", "invoice", "quickpay", "backoffice", "registration_centre")
SANDBOX_KEYS = Path(__file__).resolve().parents[3] / "sandbox" / "keys"


def _pem(name: str, dev_file: str) -> str:
    """PEM text from ``<name>`` or from the file named by ``<name>_FILE``; sandbox test key in development."""
    path = env_str(f"{name}_FILE", "")
    if path:
        return Path(path).read_text()
    dev = SANDBOX_KEYS / dev_file
    return env_dev_default(name, dev.read_text() if dev.exists() else "")


def _optional_pem(name: str) -> str:
    path = env_str(f"{name}_FILE", "")
    return Path(path).read_text() if path else env_str(name, "")


@dataclass(frozen=True)
class WeChatPayConfig:
    base_url: str
    mchid: str
    appid: str
    merchant_serial_no: str
    merchant_private_key_pem: str
    platform_serial_no: str  # a pinned platform key (optional: certificates are downloaded)
    platform_public_key_pem: str
    api_v3_key: str
    notify_url: str
    public_keys_dir: str  # 微信支付公钥 files PUB_KEY_ID_….pem (optional; read again on an unknown id)
    public_key_id: str  # sent as Wechatpay-Serial: answers signed with that public key (optional)
    download_certificates: bool
    refresh_interval_s: float


@dataclass(frozen=True)
class AlipayConfig:
    gateway_url: str
    app_id: str
    seller_id: str
    app_private_key_pem: str
    alipay_public_key_pem: str
    notify_url: str


@dataclass(frozen=True)
class Config:
    database_url: str
    amqp_url: str
    grpc: GrpcServerConfig
    relay_metrics_port: int
    consumer_metrics_port: int
    poller_metrics_port: int
    log_level: str
    registry_addr: str
    invoice_addr: str  # the source of the copy of receipt states (reconcile-copies only)
    grpc_client_token: str
    house_grant_key: bytes  # checks the registry's 我要查询 grants (maintfund_common.house_grants)
    wechat: WeChatPayConfig
    alipay: AlipayConfig
    provider_timeout_s: float
    order_ttl_minutes: int
    statement_url: str
    poll_interval_s: float
    poll_after_s: int
    public_base_url: str = "http://127.0.0.1:8080"  # the portal, for the QR codes of owners' documents
    certificate_verify_url: str = "http://127.0.0.1:8080/certificates/verify"

    @classmethod
    def from_env(cls) -> Config:
        public = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8080").rstrip("/")
        return cls(
            database_url=service_database_url(SERVICE),
            amqp_url=env_str("AMQP_URL", DEFAULT_AMQP_URL),
            grpc=GrpcServerConfig.from_env(SERVICE, 50053, 9203, DEV_CALLERS),
            relay_metrics_port=env_int("RELAY_METRICS_PORT", 9213),
            consumer_metrics_port=env_int("CONSUMER_METRICS_PORT", 9223),
            poller_metrics_port=env_int("POLLER_METRICS_PORT", env_int("METRICS_PORT", 9233)),
            log_level=env_str("LOG_LEVEL", "INFO"),
            registry_addr=env_str("REGISTRY_ADDR", "127.0.0.1:50052"),
            invoice_addr=env_str("INVOICE_ADDR", "127.0.0.1:50054"),
            grpc_client_token=env_dev_default("GRPC_CLIENT_TOKEN", "dev-deposit-token"),
            house_grant_key=house_grants.key_from_env(),
            wechat=WeChatPayConfig(
                base_url=env_str("WECHATPAY_BASE_URL", "http://127.0.0.1:9100"),
                mchid=env_dev_default("WECHATPAY_MCHID", "1900000001"),
                appid=env_dev_default("WECHATPAY_APPID", "wx8888888888888888"),
                merchant_serial_no=env_dev_default(
                    "WECHATPAY_MERCHANT_SERIAL", "3775B6A45ACD588826D15E583A95F5DD00000001"
                ),
                merchant_private_key_pem=_pem(
                    "WECHATPAY_MERCHANT_PRIVATE_KEY", "wechat_merchant_private.pem"
                ),
                platform_serial_no=env_str("WECHATPAY_PLATFORM_SERIAL", ""),
                platform_public_key_pem=_optional_pem("WECHATPAY_PLATFORM_PUBLIC_KEY"),
                api_v3_key=env_dev_default("WECHATPAY_API_V3_KEY", "SandboxApiV3Key0123456789abcdefg"),
                notify_url=env_str("WECHATPAY_NOTIFY_URL", f"{public}/api/v1/payments/notify/wechat"),
                public_keys_dir=env_str(
                    "WECHATPAY_PUBLIC_KEYS_DIR",
                    "" if is_production() else str(SANDBOX_KEYS / "wechatpay-public-keys"),
                ),
                public_key_id=env_str("WECHATPAY_PUBLIC_KEY_ID", ""),
                download_certificates=env_bool("WECHATPAY_DOWNLOAD_CERTIFICATES", True),
                refresh_interval_s=env_float("WECHATPAY_KEYS_REFRESH_SECONDS", 60.0),
            ),
            alipay=AlipayConfig(
                gateway_url=env_str("ALIPAY_GATEWAY_URL", "http://127.0.0.1:9100/alipay/gateway.do"),
                app_id=env_dev_default("ALIPAY_APP_ID", "2021000000000001"),
                seller_id=env_dev_default("ALIPAY_SELLER_ID", "2088000000000001"),
                app_private_key_pem=_pem("ALIPAY_APP_PRIVATE_KEY", "alipay_app_private.pem"),
                alipay_public_key_pem=_pem("ALIPAY_PUBLIC_KEY", "alipay_platform_public.pem"),
                notify_url=env_str("ALIPAY_NOTIFY_URL", f"{public}/api/v1/payments/notify/alipay"),
            ),
            provider_timeout_s=env_float("PAYMENT_PROVIDER_TIMEOUT_SECONDS", 5.0),
            order_ttl_minutes=env_int("PAYMENT_ORDER_TTL_MINUTES", 30),
            statement_url=env_str(
                "PAYMENT_STATEMENT_URL", "http://127.0.0.1:9100/sandbox/payments/statement"
            ),
            poll_interval_s=env_float("PAYMENT_POLL_INTERVAL_SECONDS", 5.0),
            poll_after_s=env_int("PAYMENT_POLL_AFTER_SECONDS", 20),
            public_base_url=public,
            certificate_verify_url=env_str("CERTIFICATE_VERIFY_URL", f"{public}/certificates/verify"),
        )
