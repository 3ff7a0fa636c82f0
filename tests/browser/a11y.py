"""axe-core (npm, pinned in tests/browser/package-lock.json; `make test` runs `npm ci` there) in a page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def axe_violations(page) -> list[dict[str, Any]]:
    """Every axe violation of the page as it is now (the page's context needs ``bypass_csp=True``: the
    portal's CSP refuses inline scripts, which is how the file is added)."""
    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: run `make browser-deps` (npm ci in tests/browser)")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
            "summary": v["nodes"][0].get("failureSummary", "") if v["nodes"] else "",
        }
        for v in result["violations"]
    ]


_SEEN = """(el) => {
  const copy = el.cloneNode(true);
  copy.querySelectorAll('.visually-hidden').forEach((n) => n.remove());
  return copy.textContent.replace(/\\s+/g, ' ').trim();
}"""


def seen(locator) -> str:
    """The text as the eye reads it: without the visually hidden words said to screen readers (an
    amount's 人民币…, gateway.web._money), which a locator's ``inner_text`` includes."""
    return str(locator.evaluate(_SEEN))
