"""Deposit domain rules (pure Python)."""
