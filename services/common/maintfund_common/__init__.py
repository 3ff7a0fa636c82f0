"""Shared runtime of the maintenance-fund services: config, logging, db, gRPC, messaging, domain helpers."""
