"""Flask extensions, created unbound so blueprints can use them; bound in the app factory."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, headers_enabled=True)


def configured_limit(name: str) -> Callable[[], str]:
    """A limit read from the gateway's configuration at request time (e.g. ``login_rate_limit``)."""
    return lambda: getattr(current_app.extensions["maintfund_config"], name)


def certificate_verify_limit() -> Callable[[Callable[..., object]], Callable[..., object]]:
    """The anonymous 交存证明 check's per-address budget, one for the API and the page together
    (``CERTIFICATE_VERIFY_RATE_LIMIT``, like quick pay's per-client lookups). Only checks count: opening
    the empty form asks nothing."""
    return limiter.shared_limit(
        configured_limit("certificate_verify_rate_limit"),
        scope="certificate-verify",
        exempt_when=lambda: not request.args.get("code", "").strip(),
    )
