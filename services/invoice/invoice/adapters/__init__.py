"""Adapters of the invoice service: e-receipt platform client, receipt PDF, persistence."""
