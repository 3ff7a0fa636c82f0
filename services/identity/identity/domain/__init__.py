"""Identity domain rules (pure Python)."""
