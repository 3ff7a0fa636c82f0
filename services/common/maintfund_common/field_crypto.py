"""Field-level encryption of personal data at rest (DESIGN §8).

Token format ``v1:{key_id}:{urlsafe-b64(nonce12 + ciphertext + tag)}``: AES-256-GCM, with the column's
context string (e.g. ``identity.accounts.id_number``) as associated data so a ciphertext copied into
another column does not decrypt. The key id in the token lets old rows read after a key rotation.
Equality lookups use ``blind_index`` (HMAC-SHA256 under a separate key), never the ciphertext.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")

ENV_KEYS = "PII_KEYS"
ENV_ACTIVE_KEY_ID = "PII_ACTIVE_KEY_ID"
ENV_INDEX_KEY = "PII_INDEX_KEY"


class FieldCryptoError(Exception):
    """A stored token cannot be read. Never user-facing: it means corruption, tampering or a lost key."""


class MalformedToken(FieldCryptoError):
    """Not a ``v1:{key_id}:{data}`` token at all."""


class UnknownKey(FieldCryptoError):
    """The token names a key id this ring does not hold (a key was removed too early?)."""


class TamperedCiphertext(FieldCryptoError):
    """Authentication failed: the bytes, the key or the context differ from those at encryption."""


def _decode_b64(text: str) -> bytes:
    # Accept standard and URL-safe alphabets, with or without padding: people paste both into Secrets.
    text = text.strip().replace("-", "+").replace("_", "/")
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def _parse_key(variable: str, text: str) -> bytes:
    try:
        key = _decode_b64(text)
    except (binascii.Error, ValueError):
        raise RuntimeError(f"{variable}: a key is not valid base64") from None
    if len(key) != KEY_BYTES:
        raise RuntimeError(f"{variable}: a key must decode to {KEY_BYTES} bytes, got {len(key)}")
    return key


def _check_context(context: str) -> bytes:
    if not isinstance(context, str) or not context or "\x00" in context:
        raise ValueError("context must be a non-empty string without NUL")
    return context.encode()


class KeyRing:
    """Encryption keys by id (one active for writing, all usable for reading) plus the blind-index key."""

    __slots__ = ("_active_key_id", "_aeads", "_index_key")

    def __init__(self, keys: Mapping[str, bytes], active_key_id: str, index_key: bytes) -> None:
        if not keys:
            raise ValueError("a key ring needs at least one key")
        for key_id, key in keys.items():
            if not _KEY_ID.fullmatch(key_id):
                raise ValueError(f"key id {key_id!r} must match {_KEY_ID.pattern}")
            if len(key) != KEY_BYTES:
                raise ValueError(f"key {key_id!r} must be {KEY_BYTES} bytes")
        if active_key_id not in keys:
            raise ValueError(f"active key id {active_key_id!r} is not in the ring")
        if len(index_key) != KEY_BYTES:
            raise ValueError(f"the index key must be {KEY_BYTES} bytes")
        # Reusing an encryption key for HMAC would tie two rotations together and mix key uses.
        if any(hmac.compare_digest(index_key, key) for key in keys.values()):
            raise ValueError("the index key must differ from every encryption key")
        self._aeads = {key_id: AESGCM(bytes(key)) for key_id, key in keys.items()}
        self._active_key_id = active_key_id
        self._index_key = bytes(index_key)

    def __repr__(self) -> str:  # never print key material
        return f"KeyRing(key_ids={sorted(self._aeads)}, active={self._active_key_id!r})"

    @property
    def active_key_id(self) -> str:
        return self._active_key_id

    @property
    def key_ids(self) -> frozenset[str]:
        return frozenset(self._aeads)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> KeyRing:
        """Read PII_KEYS ("k1:<b64>,k2:<b64>"), PII_ACTIVE_KEY_ID and PII_INDEX_KEY; fail fast if wrong."""
        env = os.environ if environ is None else environ
        for variable in (ENV_KEYS, ENV_ACTIVE_KEY_ID, ENV_INDEX_KEY):
            if not env.get(variable, "").strip():
                raise RuntimeError(f"{variable} is not set")
        keys: dict[str, bytes] = {}
        for item in env[ENV_KEYS].split(","):
            key_id, sep, encoded = item.strip().partition(":")
            if not sep or not _KEY_ID.fullmatch(key_id):
                raise RuntimeError(f"{ENV_KEYS}: expected comma-separated key_id:base64 entries")
            if key_id in keys:
                raise RuntimeError(f"{ENV_KEYS}: key id {key_id!r} appears twice")
            keys[key_id] = _parse_key(ENV_KEYS, encoded)
        active = env[ENV_ACTIVE_KEY_ID].strip()
        if active not in keys:
            raise RuntimeError(f"{ENV_ACTIVE_KEY_ID}: {active!r} is not one of the ids in {ENV_KEYS}")
        index_key = _parse_key(ENV_INDEX_KEY, env[ENV_INDEX_KEY])
        try:
            return cls(keys, active, index_key)
        except ValueError as exc:
            raise RuntimeError(f"{ENV_INDEX_KEY}: {exc}") from None

    @classmethod
    def for_development(cls) -> KeyRing:
        """Fixed, public keys for local runs and tests only: anything they protect is not secret."""

        def dev_key(label: str) -> bytes:
            return hashlib.sha256(f"maintfund DEVELOPMENT ONLY, NOT SECRET: {label}".encode()).digest()

        return cls({"dev1": dev_key("dev1")}, "dev1", dev_key("blind-index"))

    def encrypt(self, plaintext: str, context: str) -> str:
        aad = _check_context(context)
        nonce = os.urandom(NONCE_BYTES)  # random 96-bit nonces: safe far beyond our row counts per key
        sealed = self._aeads[self._active_key_id].encrypt(nonce, plaintext.encode(), aad)
        data = base64.urlsafe_b64encode(nonce + sealed).decode("ascii")
        return f"{VERSION}:{self._active_key_id}:{data}"

    def _split(self, token: str) -> tuple[str, bytes]:
        if not isinstance(token, str):
            raise MalformedToken("token must be a string")
        version, _, rest = token.partition(":")
        key_id, _, data = rest.partition(":")
        if version != VERSION or not _KEY_ID.fullmatch(key_id) or not data:
            raise MalformedToken(f"not a {VERSION} field token")
        try:
            padded = data.encode("ascii") + b"=" * (-len(data) % 4)
            raw = base64.b64decode(padded, altchars=b"-_", validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raise MalformedToken("token data is not URL-safe base64") from None
        if len(raw) < NONCE_BYTES + TAG_BYTES:
            raise MalformedToken("token data is too short")
        return key_id, raw

    def decrypt(self, token: str, context: str) -> str:
        aad = _check_context(context)
        key_id, raw = self._split(token)
        aead = self._aeads.get(key_id)
        if aead is None:
            raise UnknownKey(f"no key with id {key_id!r} in the ring")
        try:
            plain = aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad)
        except InvalidTag:
            raise TamperedCiphertext(f"authentication failed for key {key_id!r}") from None
        return plain.decode()

    def needs_rotation(self, token: str) -> bool:
        """True when the token was written under a key other than the active one."""
        key_id, _ = self._split(token)
        return key_id != self._active_key_id

    def reencrypt(self, token: str, context: str) -> str:
        """The value under the active key; a token already under it is verified and returned as is."""
        plaintext = self.decrypt(token, context)
        if not self.needs_rotation(token):
            return token
        return self.encrypt(plaintext, context)

    def blind_index(self, normalised_value: str, context: str) -> str:
        """Hex HMAC-SHA256 for equality lookup; callers must normalise first (normalize_id_number…)."""
        message = _check_context(context) + b"\x00" + normalised_value.encode()
        return hmac.new(self._index_key, message, hashlib.sha256).hexdigest()
