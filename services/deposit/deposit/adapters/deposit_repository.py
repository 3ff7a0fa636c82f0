"""Every read and write of the deposit tables, behind one repository over one session.

``DepositRepository(session)`` is built by the database (``Database(url, metadata,
repositories=DepositRepository)``): a unit of work carries it as ``uow.repo`` and ``db.reading()`` yields
one over a read, so the service layer never sees SQL. Its statements are written once, by subject, in
the classes it is made of: ``LedgerRepository`` (house accounts, the ledger, the copies of the
register), ``BillsRepository`` (bills, orders, deposits, idempotency keys, the notification guard) and
``DocumentsRepository`` (statements, certificates, fund projects).
"""

from __future__ import annotations

from deposit.adapters.bills_repository import BillsRepository
from deposit.adapters.documents_repository import DocumentsRepository
from deposit.adapters.ledger_repository import LedgerRepository
from maintfund_common.db import Executor

__all__ = ["DepositRepository"]


class DepositRepository(LedgerRepository, BillsRepository, DocumentsRepository):
    def __init__(self, session: Executor) -> None:
        self.session = session
