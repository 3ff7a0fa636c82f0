"""Owners' personal data in the register: the encryption contexts of their names and ID numbers, and the
blind index that matches an account to the houses it owns (DESIGN §3) without storing either in clear."""

from __future__ import annotations

from maintfund_common.field_crypto import KeyRing
from maintfund_common.personal_data import normalize_id_number, normalize_name

NAME_CONTEXT = "registry.owners.name"
ID_CONTEXT = "registry.owners.id_number"
IDENTITY_CONTEXT = "registry.owners.identity"


def identity_index(keyring: KeyRing, name: str, id_number: str) -> str:
    """Blind index of a (name, ID number) pair: the identity-matching key (DESIGN §3)."""
    return keyring.blind_index(f"{normalize_name(name)}|{normalize_id_number(id_number)}", IDENTITY_CONTEXT)
