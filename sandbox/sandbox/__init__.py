"""Local stand-ins for the external systems (payments, e-receipts, SMS, identity platform)."""
