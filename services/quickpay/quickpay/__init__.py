"""Quickpay service: anonymous quick pay (站外快速交存) lookups, tokens and abuse limits."""
