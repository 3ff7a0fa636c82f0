"""Composition root of the invoice service: the only place real adapters are chosen."""

from __future__ import annotations

from dataclasses import dataclass

from invoice.adapters.einvoice_platform import EInvoicePlatformClient
from invoice.adapters.orm import metadata
from invoice.config import SERVICE, Config
from maintfund_common.config import load_keyring
from maintfund_common.db import Database
from maintfund_common.field_crypto import KeyRing
from maintfund_common.logging_setup import configure_logging


@dataclass
class Invoice:
    config: Config
    db: Database
    keyring: KeyRing
    platform: EInvoicePlatformClient


def bootstrap(config: Config | None = None, db: Database | None = None) -> Invoice:
    config = config or Config.from_env()
    configure_logging(SERVICE, config.log_level)
    platform = EInvoicePlatformClient(
        config.einvoice_base_url,
        config.einvoice_app_id,
        config.einvoice_app_secret,
        timeout=(min(2.0, config.einvoice_timeout_s), config.einvoice_timeout_s),
    )
    return Invoice(
        config=config,
        db=db or Database(config.database_url, metadata),
        keyring=load_keyring(),
        platform=platform,
    )
