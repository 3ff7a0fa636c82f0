"""Provider-neutral payment interface shared by the WeChat Pay and Alipay adapters.

Money is integer fen. A provider adapter only speaks the provider's protocol: it signs, verifies and
translates. Comparing amounts and merchant ids with the stored order, rejecting replayed nonces or
notification ids and applying a payment exactly once are the caller's job (under a row lock).
"""

from __future__ import annotations

import base64
import binascii

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from deposit.service_layer.ports import (
    TRADE_STATES,
    NotificationRejected,
    NotificationRejectReason,
    PaymentProvider,
    PrecreateResult,
    ProviderRejected,
    ProviderResponseInvalid,
    ProviderTrade,
    TradeState,
    VerifiedNotification,
)

__all__ = [
    "TRADE_STATES",
    "NotificationRejectReason",
    "NotificationRejected",
    "PaymentProvider",
    "PrecreateResult",
    "ProviderRejected",
    "ProviderResponseInvalid",
    "ProviderTrade",
    "TradeState",
    "VerifiedNotification",
    "load_private_key",
    "load_public_key",
    "rsa_sha256_sign",
    "rsa_sha256_verify",
]


# --- small RSA helpers shared by both adapters -------------------------------------------------------


def _pem_bytes(pem: str | bytes, kind: str) -> bytes:
    data = pem.encode("ascii") if isinstance(pem, str) else pem
    if b"-----BEGIN" not in data:
        # Alipay's consoles hand out keys as bare base64 (no PEM armour): wrap them.
        body = b"".join(data.split())
        lines = [body[i : i + 64] for i in range(0, len(body), 64)]
        data = b"-----BEGIN " + kind.encode() + b"-----\n" + b"\n".join(lines) + b"\n-----END "
        data += kind.encode() + b"-----\n"
    return data


def load_private_key(pem: str | bytes) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(_pem_bytes(pem, "PRIVATE KEY"), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("an RSA private key is required")
    return key


def load_public_key(pem: str | bytes) -> rsa.RSAPublicKey:
    """An RSA public key from a PEM public key, a PEM X.509 certificate or bare base64 SPKI."""
    data = _pem_bytes(pem, "PUBLIC KEY")
    if b"BEGIN CERTIFICATE" in data:
        key = x509.load_pem_x509_certificate(data).public_key()
    else:
        key = serialization.load_pem_public_key(data)
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("an RSA public key is required")
    return key


def rsa_sha256_sign(key: rsa.RSAPrivateKey, message: bytes) -> str:
    """SHA256withRSA (PKCS#1 v1.5), base64: WeChat's SHA256-RSA2048 and Alipay's RSA2."""
    return base64.b64encode(key.sign(message, padding.PKCS1v15(), hashes.SHA256())).decode("ascii")


def rsa_sha256_verify(key: rsa.RSAPublicKey, message: bytes, signature_b64: str) -> bool:
    try:
        signature = base64.b64decode(signature_b64, validate=True)
    except (binascii.Error, ValueError):
        return False
    try:
        key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True
