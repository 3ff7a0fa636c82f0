"""Field-level encryption of personal data at rest: format, integrity, rotation, blind index, config."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maintfund_common.field_crypto import (
    FieldCryptoError,
    KeyRing,
    MalformedToken,
    TamperedCiphertext,
    UnknownKey,
)

K1 = bytes(range(32))
K2 = bytes(range(32, 64))
INDEX = bytes(range(64, 96))
CTX = "identity.accounts.id_number"
ID = "110105198001011238"


def b64(key: bytes) -> str:
    return base64.b64encode(key).decode()


@pytest.fixture
def ring() -> KeyRing:
    return KeyRing({"k1": K1}, "k1", INDEX)


@pytest.fixture
def rotated() -> KeyRing:
    return KeyRing({"k1": K1, "k2": K2}, "k2", INDEX)


def decode_data(token: str) -> bytes:
    data = token.split(":", 2)[2]
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


def with_data(token: str, raw: bytes) -> str:
    version, key_id, _ = token.split(":", 2)
    return f"{version}:{key_id}:{base64.urlsafe_b64encode(raw).decode()}"


# --- format and round trip ------------------------------------------------------------------------


def test_token_format(ring):
    token = ring.encrypt(ID, CTX)
    assert re.fullmatch(r"v1:k1:[A-Za-z0-9_-]+=*", token)
    raw = decode_data(token)
    assert len(raw) == 12 + len(ID.encode()) + 16  # nonce + ciphertext + tag
    assert ID not in token


def test_each_encryption_uses_a_fresh_nonce(ring):
    first, second = ring.encrypt(ID, CTX), ring.encrypt(ID, CTX)
    assert first != second
    assert decode_data(first)[:12] != decode_data(second)[:12]
    assert ring.decrypt(first, CTX) == ring.decrypt(second, CTX) == ID


@given(st.text(max_size=200), st.text(min_size=1, max_size=40).filter(lambda c: "\x00" not in c))
def test_round_trip_any_text(plaintext, context):
    ring = KeyRing({"k1": K1}, "k1", INDEX)
    assert ring.decrypt(ring.encrypt(plaintext, context), context) == plaintext


def test_ciphertext_cannot_move_between_columns(ring):
    token = ring.encrypt(ID, CTX)
    with pytest.raises(TamperedCiphertext):
        ring.decrypt(token, "identity.accounts.phone")


@pytest.mark.parametrize("context", ["", "a\x00b"])
def test_context_is_required(ring, context):
    with pytest.raises(ValueError, match="context"):
        ring.encrypt(ID, context)


# --- integrity ------------------------------------------------------------------------------------


@given(st.data())
def test_any_flipped_bit_is_detected(data):
    ring = KeyRing({"k1": K1}, "k1", INDEX)
    token = ring.encrypt(ID, CTX)
    raw = bytearray(decode_data(token))
    position = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
    raw[position] ^= 1 << data.draw(st.integers(min_value=0, max_value=7))
    with pytest.raises(TamperedCiphertext):
        ring.decrypt(with_data(token, bytes(raw)), CTX)


def test_truncated_tag_is_detected(ring):
    token = ring.encrypt(ID, CTX)
    with pytest.raises(TamperedCiphertext):
        ring.decrypt(with_data(token, decode_data(token)[:-1]), CTX)


def test_relabelled_key_id_is_detected(rotated):
    token = rotated.encrypt(ID, CTX)
    with pytest.raises(TamperedCiphertext):
        rotated.decrypt(token.replace("v1:k2:", "v1:k1:"), CTX)


def test_unknown_key_id(ring, rotated):
    token = rotated.encrypt(ID, CTX)  # under k2, which ring does not hold
    with pytest.raises(UnknownKey):
        ring.decrypt(token, CTX)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "110105198001011238",
        "v2:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "v1::AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "v1:k1:",
        "v1:k1:AAAA",  # shorter than nonce + tag
        "v1:k1:!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "v1:k 1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA中",
        "v1:k1:AAAAAAAAAAAAAAAAAAAA!AAAAAAAAAAAAAAAAAAAA",  # junk is not silently skipped
    ],
)
def test_malformed_tokens(ring, token):
    with pytest.raises(MalformedToken):
        ring.decrypt(token, CTX)
    with pytest.raises(FieldCryptoError):
        ring.needs_rotation(token)


def test_error_classes_share_a_base():
    assert issubclass(MalformedToken, FieldCryptoError)
    assert issubclass(UnknownKey, FieldCryptoError)
    assert issubclass(TamperedCiphertext, FieldCryptoError)


# --- rotation -------------------------------------------------------------------------------------


def test_rotation_keeps_old_tokens_readable_and_rewrites_them(ring, rotated):
    old = ring.encrypt(ID, CTX)
    assert not ring.needs_rotation(old)
    assert rotated.needs_rotation(old)
    assert rotated.decrypt(old, CTX) == ID

    new = rotated.reencrypt(old, CTX)
    assert new.startswith("v1:k2:")
    assert not rotated.needs_rotation(new)
    assert rotated.decrypt(new, CTX) == ID
    with pytest.raises(UnknownKey):
        ring.decrypt(new, CTX)


def test_reencrypt_leaves_current_tokens_alone_but_still_verifies(rotated):
    current = rotated.encrypt(ID, CTX)
    assert rotated.reencrypt(current, CTX) == current
    with pytest.raises(TamperedCiphertext):
        rotated.reencrypt(current, "another.column")


def test_after_retiring_a_key_its_tokens_are_unreadable(ring):
    old = ring.encrypt(ID, CTX)
    only_k2 = KeyRing({"k2": K2}, "k2", INDEX)
    with pytest.raises(UnknownKey):
        only_k2.reencrypt(old, CTX)


# --- blind index ----------------------------------------------------------------------------------


def test_blind_index_is_a_deterministic_keyed_hash(ring, rotated):
    value = ring.blind_index(ID, CTX)
    assert re.fullmatch(r"[0-9a-f]{64}", value)
    assert value == ring.blind_index(ID, CTX)
    # Same index key, different encryption keys: lookups keep working across a rotation.
    assert value == rotated.blind_index(ID, CTX)
    assert value != hashlib.sha256(ID.encode()).hexdigest()
    assert value != ring.blind_index(ID, "identity.accounts.phone")
    assert value != ring.blind_index("110105198001011239", CTX)
    other = KeyRing({"k1": K1}, "k1", bytes(range(100, 132)))
    assert value != other.blind_index(ID, CTX)


def test_blind_index_separates_context_from_value(ring):
    # Without a separator, ("ab", "c") and ("a", "bc") would hash the same bytes.
    assert ring.blind_index("c", "ab") != ring.blind_index("bc", "a")


# --- construction and configuration ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "active", "index"),
    [
        ({}, "k1", INDEX),
        ({"k1": K1}, "k2", INDEX),
        ({"k1": K1[:16]}, "k1", INDEX),
        ({"k:1": K1}, "k:1", INDEX),
        ({"k1": K1}, "k1", INDEX[:31]),
        ({"k1": K1}, "k1", K1),
    ],
)
def test_constructor_refuses_bad_keys(keys, active, index):
    with pytest.raises(ValueError):
        KeyRing(keys, active, index)


def good_env() -> dict[str, str]:
    return {
        "PII_KEYS": f"k1:{b64(K1)}, k2:{base64.urlsafe_b64encode(K2).decode().rstrip('=')}",
        "PII_ACTIVE_KEY_ID": "k2",
        "PII_INDEX_KEY": b64(INDEX),
    }


def test_from_env_reads_all_keys(ring):
    from_env = KeyRing.from_env(good_env())
    assert from_env.active_key_id == "k2"
    assert from_env.key_ids == {"k1", "k2"}
    assert from_env.decrypt(ring.encrypt(ID, CTX), CTX) == ID
    assert from_env.blind_index(ID, CTX) == ring.blind_index(ID, CTX)


@pytest.mark.parametrize(
    ("change", "variable"),
    [
        ({"PII_KEYS": None}, "PII_KEYS"),
        ({"PII_ACTIVE_KEY_ID": None}, "PII_ACTIVE_KEY_ID"),
        ({"PII_INDEX_KEY": None}, "PII_INDEX_KEY"),
        ({"PII_KEYS": "  "}, "PII_KEYS"),
        ({"PII_KEYS": b64(K1)}, "PII_KEYS"),
        ({"PII_KEYS": "k1:not base64!"}, "PII_KEYS"),
        ({"PII_KEYS": f"k1:{b64(K1[:16])}"}, "PII_KEYS"),
        ({"PII_KEYS": f"k1:{b64(K1)},k1:{b64(K2)}"}, "PII_KEYS"),
        ({"PII_ACTIVE_KEY_ID": "k3"}, "PII_ACTIVE_KEY_ID"),
        ({"PII_INDEX_KEY": "%%%"}, "PII_INDEX_KEY"),
        ({"PII_INDEX_KEY": b64(INDEX + b"x")}, "PII_INDEX_KEY"),
        ({"PII_INDEX_KEY": b64(K1)}, "PII_INDEX_KEY"),
    ],
)
def test_from_env_fails_fast_naming_the_variable(change, variable):
    env = good_env()
    for key, value in change.items():
        if value is None:
            del env[key]
        else:
            env[key] = value
    with pytest.raises(RuntimeError, match=variable) as info:
        KeyRing.from_env(env)
    for secret in (b64(K1), b64(K2), b64(INDEX)):
        assert secret not in str(info.value)


def test_development_ring_is_fixed_and_labelled():
    first, second = KeyRing.for_development(), KeyRing.for_development()
    token = first.encrypt(ID, CTX)
    assert token.startswith("v1:dev1:")
    assert second.decrypt(token, CTX) == ID
    assert first.blind_index(ID, CTX) == second.blind_index(ID, CTX)


def test_repr_shows_no_key_material(ring):
    text = repr(ring)
    assert "k1" in text
    assert K1.hex() not in text
    assert b64(K1) not in text
    assert str(K1) not in text
