"""Redirect targets from requests stay on the site as a browser reads them, and fit in a header.

"As a browser reads them" is checked with ada, a WHATWG URL parser (the one Node.js uses), not with the
helper's own normalisation.
"""

from __future__ import annotations

import ada_url
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.redirects import same_site_path
from tests.redirect_payloads import HOME, PAYLOADS, next_value

SITE = "https://portal.example"


def browser_goes_to(location: str) -> ada_url.URL:
    return ada_url.URL(ada_url.join_url(f"{SITE}/login?next=x", location))


def header_safe(value: str) -> bool:
    return value.isascii() and all(0x20 < ord(ch) < 0x7F for ch in value)


@pytest.mark.parametrize(("query_value", "expected"), PAYLOADS, ids=[p[0][:40] for p in PAYLOADS])
def test_payload_corpus(query_value: str, expected: str) -> None:
    location = same_site_path(next_value(query_value), HOME)
    assert location == expected
    assert header_safe(location)
    assert browser_goes_to(location).host == "portal.example"


def test_the_reported_tab_payload_would_leave_the_site_if_taken_as_is() -> None:
    # what the old startswith('/') check let through: a browser follows it to another host
    assert browser_goes_to("/\t/evil.example").host == "evil.example"
    assert same_site_path("/\t/evil.example", HOME) == HOME


@pytest.mark.parametrize("empty", [None, "", " ", "\t\n"])
def test_no_target_is_the_fallback(empty: str | None) -> None:
    assert same_site_path(empty, HOME) == HOME


PIECES = [*"/\\:.%@?#&=abEF0125 \t\r\n\x00\u3000\u200b／＼。", "%2F", "%5C", "%0a", "%25", "//"]
TRICKY = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@given(st.one_of(TRICKY, st.text(max_size=30), TRICKY.map(lambda s: "/" + s)))
def test_any_input_gives_a_header_safe_same_site_location(target: str) -> None:
    location = same_site_path(target, HOME)
    assert header_safe(location), location
    assert location.startswith("/") and not location.startswith("//")
    assert browser_goes_to(location).host == "portal.example", (target, location)
