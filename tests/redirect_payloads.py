"""Redirect payloads for ``?next=``: each as it stands in the query string of a link an attacker sends,
with the Location the gateway must answer after a login (``HOME`` = refused, back to the home page)."""

from __future__ import annotations

from urllib.parse import parse_qsl

HOME = "/home"

# (query-string value of next, expected Location)
PAYLOADS: list[tuple[str, str]] = [
    # control characters and whitespace, which browsers drop before resolving the URL
    ("/%09/evil.example", HOME),
    ("/%0a/evil.example", HOME),
    ("/%0d/evil.example", HOME),
    ("/%0d%0a/evil.example", HOME),
    ("/%00/evil.example", HOME),
    ("%0d%0aSet-Cookie:%20mf_session=x", HOME),
    ("%20//evil.example", HOME),
    ("+//evil.example", HOME),  # '+' is a space in a query string
    ("%20%20/%5Cevil.example", HOME),
    ("/%E3%80%80/evil.example", HOME),  # ideographic space
    ("/%E2%80%8B/evil.example", HOME),  # zero-width space
    # backslashes, which browsers read as slashes
    ("/%5Cevil.example", HOME),
    ("/%5C/evil.example", HOME),
    ("%5C%5Cevil.example", HOME),
    ("/%255Cevil.example", HOME),  # next=/%5Cevil.example: a backslash after one more decoding
    # encoded and look-alike slashes
    ("%2F%2Fevil.example", HOME),
    ("/%252F/evil.example", HOME),  # next=/%2F/evil.example
    ("/%EF%BC%8Fevil.example", HOME),  # full-width solidus
    ("%EF%BC%8F%EF%BC%8Fevil.example", HOME),
    ("/%EF%BC%BCevil.example", HOME),  # full-width reverse solidus
    # scheme-relative and absolute URLs
    ("//evil.example", HOME),
    ("///evil.example", HOME),
    ("https://evil.example/", HOME),
    ("HTTPS://evil.example/", HOME),
    ("https:evil.example", HOME),
    ("https:/evil.example", HOME),
    ("javascript:alert(1)", HOME),
    ("%20javascript:alert(1)", HOME),
    ("java%09script:alert(1)", HOME),
    ("data:text/html,%3Cscript%3Ealert(1)%3C/script%3E", HOME),
    ("evil.example", HOME),
    ("@evil.example", HOME),
    ("/" + "a" * 3000, HOME),
    # same-site targets stay, made header-safe
    ("/houses", "/houses"),
    ("%2Fhouses%3Faddress%3D%25E6%259C%259D", "/houses?address=%E6%9C%9D"),
    ("/houses?address=%E6%9C%9D", "/houses?address=%E6%9C%9D"),  # next=/houses?address=朝
    ("/hou%09ses", "/houses"),  # the browser would drop the tab too
    ("/%0d%0aSet-Cookie:%20mf_session=x", "/Set-Cookie:mf_session=x"),  # a path, no header
    ("/https://evil.example", "/https://evil.example"),  # a path on this site
]


def next_value(query_value: str) -> str:
    """What the gateway reads as ``request.args["next"]`` from ``?next=<query_value>``."""
    return dict(parse_qsl(f"next={query_value}", keep_blank_values=True))["next"]
