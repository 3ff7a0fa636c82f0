"""Headless Chromium (Debian's package) driven by Playwright, against the running suite."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture()
def page(browser, suite: str):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=suite)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def demo_back_after_module(demo_reset) -> Iterator[None]:
    """The demo data put back once when a module that changes it ends, for the modules after it."""
    yield
    demo_reset()


@pytest.fixture()
def fresh_demo(demo_back_after_module, demo_reset) -> None:
    """Each test starts from the demo data (DESIGN §4.4); the module puts it back once at its end."""
    demo_reset()
