"""Deposit service: house accounts, ledgers, bills, payment orders, deposits."""
