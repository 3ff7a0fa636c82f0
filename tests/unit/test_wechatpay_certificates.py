"""Platform certificates from ``GET /v3/certificates``: only authentic, matching, valid ones are used."""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from deposit.adapters.payments.base import load_private_key
from deposit.adapters.payments.wechatpay import PlatformKeys, decrypt_certificates
from sandbox.payments import _make_certificate

KEYS = Path(__file__).resolve().parents[2] / "sandbox" / "keys"
API_V3_KEY = b"SandboxApiV3Key0123456789abcdefg"
SERIAL = "7132D72A03E93CDDF8C03BBD1F37EEDF00000001"
KEY = load_private_key((KEYS / "wechat_platform_private.pem").read_bytes())


def _entry(serial_no: str, pem: str, key: bytes = API_V3_KEY) -> dict:
    nonce = "0123456789ab"
    ciphertext = AESGCM(key).encrypt(nonce.encode(), pem.encode(), b"certificate")
    return {
        "serial_no": serial_no,
        "effective_time": "2026-01-01T00:00:00+08:00",
        "expire_time": "2031-01-01T00:00:00+08:00",
        "encrypt_certificate": {
            "algorithm": "AEAD_AES_256_GCM",
            "nonce": nonce,
            "associated_data": "certificate",
            "ciphertext": base64.b64encode(ciphertext).decode(),
        },
    }


def test_authentic_matching_valid_certificates_only() -> None:
    now = datetime.now(UTC)
    good = _make_certificate(SERIAL, KEY, time.time())
    other_serial = _make_certificate("1" * 40, KEY, time.time())
    expired = _make_certificate("2" * 40, KEY, time.time() - 6 * 365 * 86400)
    data = [
        _entry(SERIAL, good.certificate_pem),
        _entry("3" * 40, other_serial.certificate_pem),  # listed under a serial it does not carry
        _entry(expired.serial_no, expired.certificate_pem),
        _entry("4" * 40, good.certificate_pem, key=b"X" * 32),  # not encrypted under our APIv3 key
        {"serial_no": "5" * 40},  # no certificate at all
    ]
    keys = decrypt_certificates(API_V3_KEY, data, now)
    assert set(keys) == {SERIAL}
    assert keys[SERIAL].public_numbers() == KEY.public_key().public_numbers()
    assert decrypt_certificates(API_V3_KEY, "not a list", now) == {}
    assert decrypt_certificates(API_V3_KEY, data, now + timedelta(days=6 * 365)) == {}


def test_an_unknown_serial_refreshes_at_most_once_per_interval(tmp_path: Path) -> None:
    clock = [0.0]
    downloads: list[float] = []
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()

    def download() -> dict:
        downloads.append(clock[0])
        return {"NEW": other} if clock[0] >= 100 else {}

    keys = PlatformKeys(
        {SERIAL: KEY.public_key()},
        public_keys_dir=tmp_path,
        download=download,
        refresh_interval_s=60,
        monotonic=lambda: clock[0],
    )
    assert keys.get(SERIAL) is not None and downloads == []  # pinned: no download
    assert keys.get("NEW") is None and keys.get("NEW") is None and downloads == [0.0]
    clock[0] = 100
    assert keys.get("NEW") is other and downloads == [0.0, 100]
    assert keys.get("NEW") is other and downloads == [0.0, 100]  # cached
    # a public key id reloads the directory but never downloads certificates
    (tmp_path / "PUB_KEY_ID_01").write_text("ignored: not .pem")
    clock[0] = 200
    assert keys.get("PUB_KEY_ID_02") is None and downloads == [0.0, 100] and keys.refreshes == 3
