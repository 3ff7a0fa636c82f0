"""Composition root of the registry: the only place real adapters are chosen."""

from __future__ import annotations

from dataclasses import dataclass

from maintfund_common.config import load_keyring
from maintfund_common.db import Database
from maintfund_common.field_crypto import KeyRing
from maintfund_common.logging_setup import configure_logging
from registry.adapters.orm import metadata
from registry.config import SERVICE, Config


@dataclass
class Registry:
    config: Config
    db: Database
    keyring: KeyRing


def bootstrap(config: Config | None = None) -> Registry:
    config = config or Config.from_env()
    configure_logging(SERVICE, config.log_level)
    return Registry(config=config, db=Database(config.database_url, metadata), keyring=load_keyring())
