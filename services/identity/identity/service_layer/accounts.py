"""An account as it leaves the service: masked (个人信息, with the house count of the copy of the
bindings), or, for identity matching, the real name decrypted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from identity.domain.model import validate_display_mode
from identity.domain.records import StoredAccount
from maintfund_common import errors
from maintfund_common.field_crypto import KeyRing
from maintfund_common.personal_data import mask_id_number, mask_name, mask_phone

if TYPE_CHECKING:
    from identity.adapters.repository import IdentityRepository
    from identity.service_layer.ports import IdentityDeps
    from maintfund_common.db import UnitOfWork

# The encryption contexts of an account's personal data (field_crypto; the blind indexes use them too).
NAME_CTX, ID_CTX, PHONE_CTX = (
    "identity.accounts.name",
    "identity.accounts.id_number",
    "identity.accounts.phone",
)


@dataclass(frozen=True)
class AccountView:
    account_id: str
    username: str
    name_masked: str
    id_number_masked: str
    phone_masked: str
    roles: tuple[str, ...]
    district_code: str
    house_count: int = 0  # houses bound to the account, from this service's copy of the bindings
    display_mode: str | None = None  # STANDARD or ELDER once chosen while logged in


def account_view(keyring: KeyRing, account: StoredAccount, house_count: int = 0) -> AccountView:
    return AccountView(
        account_id=account.account_id,
        username=account.username,
        name_masked=mask_name(keyring.decrypt(account.name_enc, NAME_CTX)),
        id_number_masked=mask_id_number(keyring.decrypt(account.id_number_enc, ID_CTX)),
        phone_masked=mask_phone(keyring.decrypt(account.phone_enc, PHONE_CTX)),
        roles=account.roles,
        district_code=account.district_code,
        house_count=house_count,
        display_mode=account.display_mode,
    )


def real_name(keyring: KeyRing, account: StoredAccount) -> tuple[str, str]:
    return keyring.decrypt(account.name_enc, NAME_CTX), keyring.decrypt(account.id_number_enc, ID_CTX)


def _account(repo: IdentityRepository, account_id: str) -> StoredAccount:
    account = repo.account(account_id)
    if account is None:
        raise errors.NotFound("账号不存在")
    return account


def get_account(repo: IdentityRepository, deps: IdentityDeps, account_id: str) -> AccountView:
    found = repo.account_with_house_count(account_id)  # one statement: the home page's read
    if found is None:
        raise errors.NotFound("账号不存在")
    return account_view(deps.keyring, *found)


def get_real_name(repo: IdentityRepository, deps: IdentityDeps, account_id: str) -> tuple[str, str]:
    return real_name(deps.keyring, _account(repo, account_id))


def get_account_phone(repo: IdentityRepository, deps: IdentityDeps, account_id: str) -> str:
    return deps.keyring.decrypt(_account(repo, account_id).phone_enc, PHONE_CTX)


def set_display_mode(
    uow: UnitOfWork[IdentityRepository], deps: IdentityDeps, account_id: str, mode: str
) -> AccountView:
    """标准版 / 长辈版 chosen while logged in: remembered for the account, so that it follows the owner to
    another browser (the portal makes it the browser's mode at login)."""
    mode = validate_display_mode(mode)
    if not uow.repo.set_display_mode(account_id, mode):
        raise errors.NotFound("账号不存在")
    view = get_account(uow.repo, deps, account_id)
    uow.commit()
    return view
