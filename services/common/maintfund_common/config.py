"""Reading configuration from the environment, once, failing fast on anything missing or malformed.

Each service declares a frozen dataclass in its own ``config.py`` and builds it with these helpers;
nothing else in a service reads ``os.environ``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
_MISSING = object()


class ConfigError(RuntimeError):
    """A required variable is missing or malformed: the process must not start."""


def env_str(name: str, default: object = _MISSING, environ: Mapping[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    value = environ.get(name)
    if value is None or value == "":
        if default is _MISSING:
            raise ConfigError(f"environment variable {name} is required")
        return str(default)
    return value


def env_int(name: str, default: object = _MISSING, environ: Mapping[str, str] | None = None) -> int:
    raw = env_str(name, default, environ)
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"environment variable {name} must be an integer, got {raw!r}") from None


def env_float(name: str, default: object = _MISSING, environ: Mapping[str, str] | None = None) -> float:
    raw = env_str(name, default, environ)
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"environment variable {name} must be a number, got {raw!r}") from None


def env_bool(name: str, default: bool, environ: Mapping[str, str] | None = None) -> bool:
    raw = env_str(name, "1" if default else "0", environ).strip().lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"environment variable {name} must be a boolean, got {raw!r}")


def is_production(environ: Mapping[str, str] | None = None) -> bool:
    """Production refuses development defaults (keys, tokens); everything else may use them."""
    return env_str("MAINTFUND_ENV", "development", environ) == "production"


def default_sqlite_url(service: str) -> str:
    var = REPO_ROOT / "var"
    var.mkdir(exist_ok=True)
    return f"sqlite:///{var / (service + '.db')}"


def env_dev_default(name: str, dev_value: str, environ: Mapping[str, str] | None = None) -> str:
    """A secret with a development default that production must set explicitly."""
    if is_production(environ):
        return env_str(name, environ=environ)
    return env_str(name, dev_value, environ)


DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def load_keyring(environ: Mapping[str, str] | None = None):  # -> KeyRing
    """Personal-data keys: from the environment (a Kubernetes Secret); development keys outside production."""
    from maintfund_common.field_crypto import KeyRing

    environ = os.environ if environ is None else environ
    if is_production(environ) or environ.get("PII_KEYS"):
        return KeyRing.from_env(environ)
    return KeyRing.for_development()


def service_database_url(service: str, environ: Mapping[str, str] | None = None) -> str:
    """DATABASE_URL, or a SQLite file under var/ outside production."""
    if is_production(environ):
        return env_str("DATABASE_URL", environ=environ)
    return env_str("DATABASE_URL", default_sqlite_url(service), environ)
