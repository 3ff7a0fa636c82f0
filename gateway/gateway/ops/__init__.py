"""The gateway's operations: one module per feature, shared by /api/v1 (``gateway.api``) and the pages
(``gateway.web``).

An operation takes the gRPC clients and plain values, makes the call(s) to the service that owns the
data and returns JSON-ready dicts built by ``views`` (the words shown to people are in ``labels``).
No domain rule lives here (DESIGN §2): access, amounts and states are decided by the services. Nothing
in this package imports Flask: the request, the session and the response belong to ``gateway.auth``,
``gateway.http`` and the blueprints (tests/unit/test_gateway_shape.py checks it).
"""
