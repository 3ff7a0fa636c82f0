"""Composition root of the deposit service: the only place real adapters are chosen."""

from __future__ import annotations

from dataclasses import dataclass

from deposit.adapters.orm import metadata
from deposit.config import SERVICE, Config
from maintfund_common.db import Database
from maintfund_common.logging_setup import configure_logging


@dataclass
class Deposit:
    config: Config
    db: Database


def bootstrap(config: Config | None = None) -> Deposit:
    config = config or Config.from_env()
    configure_logging(SERVICE, config.log_level)
    return Deposit(config=config, db=Database(config.database_url, metadata))
