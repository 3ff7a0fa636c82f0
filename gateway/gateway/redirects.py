"""Redirect targets taken from a request (``?next=`` after login, and any like it).

A target is judged as the browser will read it, not by its raw text: browsers drop tabs and newlines,
read ``\\`` as ``/`` and follow ``//host`` as a scheme-relative URL, so ``/<TAB>/evil.example`` passed a
``startswith("/")`` check and left the site, and a raw newline made the Location header a 500. Every
redirect whose target comes from request data goes through :func:`same_site_path`.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote, unquote, urlsplit

MAX_TARGET_LENGTH = 2048
# RFC 3986 reserved and unreserved characters, and '%' so that escapes already present stay as they are
_URL_SAFE = "/?#[]@!$&'()*+,;=:%~-._"


def _as_browser_reads(value: str) -> str:
    """Compatibility forms folded (full-width ／ and ＼ become / and \\), backslashes read as slashes,
    control, format and whitespace characters dropped (browsers strip or ignore them)."""
    value = unicodedata.normalize("NFKC", value).replace("\\", "/")
    return "".join(ch for ch in value if unicodedata.category(ch)[0] not in "CZ")


def _is_local_path(value: str) -> bool:
    if not value.startswith("/") or value.startswith("//"):
        return False
    parts = urlsplit(value)  # cannot raise here: without '//' there is no netloc to parse
    return not parts.scheme and not parts.netloc


def same_site_path(target: str | None, fallback: str) -> str:
    """``target`` as a header-safe path on this site, or ``fallback`` when it could lead elsewhere.

    Both the target as the browser reads it and that form percent-decoded once must be a path
    (``/…``, not ``//…``, no scheme or host): ``/%2F/evil.example`` or ``%5C%5Cevil.example`` is refused
    like ``//evil.example``, since some proxy or later hop may decode it. The answer is ASCII without
    controls or spaces, so it can always go into a Location header.
    """
    if not target or len(target) > MAX_TARGET_LENGTH:
        return fallback
    seen = _as_browser_reads(target)
    if not (_is_local_path(seen) and _is_local_path(_as_browser_reads(unquote(seen)))):
        return fallback
    return quote(seen, safe=_URL_SAFE)
