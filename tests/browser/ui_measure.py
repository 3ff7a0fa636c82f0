"""What the accessibility tests measure in a page (issue 19), as scripts run in the page: computed text sizes
and line heights, control and target sizes, sideways scrolling. Each returns the offenders, so a failure
names the element and its figure."""

from __future__ import annotations

from typing import Any

_VISIBLE = """
  const visible = (el) => {
    // an amount's figures are hidden from screen readers (its words are said instead), not from the eye
    const hidden = '.visually-hidden, .skip-link, [hidden], [aria-hidden="true"]:not(.figures)';
    if (el.closest(hidden)) return false;
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().replace(/ +/g, '.') : '')
    +
    ' «' + (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 20) + '»';
"""

TEXT = (
    """(min) => {"""
    + _VISIBLE
    + """
  const out = [];
  document.querySelectorAll('body *').forEach((el) => {
    const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !visible(el) || ['SCRIPT', 'STYLE', 'OPTION'].includes(el.tagName)) return;
    const cs = getComputedStyle(el), size = parseFloat(cs.fontSize);
    const lh = cs.lineHeight === 'normal' ? 1.2 * size : parseFloat(cs.lineHeight);
    if (size < min.text - 0.01) out.push([name(el), 'font-size', size]);
    if (lh / size < min.line_height - 0.001) out.push([name(el), 'line-height', +(lh / size).toFixed(2)]);
  });
  return out;
}"""
)

SIZES = (
    """(selector) => {"""
    + _VISIBLE
    + """
  return Array.from(document.querySelectorAll(selector)).filter(visible)
    .map((el) => [name(el), parseFloat(getComputedStyle(el).fontSize)]);
}"""
)

# every control and stand-alone link; a link inside running text is exempt (WCAG 2.5.5 "inline"), a
# check box or radio button is measured by the label that takes its taps
TARGETS = (
    """(min) => {"""
    + _VISIBLE
    + """
  const out = [];
  document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')
    .forEach((el) => {
      if (!visible(el)) return;
      if (el.tagName === 'A' && el.closest('p, dd, dt, li p, label, .notice, .error, .warn')) return;
      let box = el;
      if (el.type === 'checkbox' || el.type === 'radio') box = el.closest('label') || el;
      const r = box.getBoundingClientRect();
      if (r.height < min.height - 0.5 || r.width < min.width - 0.5)
        out.push([name(box), Math.round(r.width), Math.round(r.height)]);
    });
  return out;
}"""
)

SIDEWAYS = """() => {
  const doc = document.documentElement;
  const wide = Array.from(document.querySelectorAll('body *')).filter((el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > doc.clientWidth + 1 && !el.closest('.visually-hidden, .skip-link');
  }).slice(0, 5)
    .map((el) => el.tagName.toLowerCase() + '.' + el.className + ' '
      + Math.round(el.getBoundingClientRect().right));
  return {scroll: doc.scrollWidth, client: doc.clientWidth, wide: wide};
}"""

PARAGRAPHS = """() => {
  const out = [];
  document.querySelectorAll('main p + p').forEach((p) => {
    const prev = p.previousElementSibling, cs = getComputedStyle(prev);
    if (!prev.getBoundingClientRect().height || !p.getBoundingClientRect().height) return;
    const gap = p.getBoundingClientRect().top - prev.getBoundingClientRect().bottom;
    const lh = parseFloat(cs.lineHeight);
    if (gap < 1.3 * lh - 0.5) out.push([prev.innerText.slice(0, 20), Math.round(gap), lh]);
  });
  return out;
}"""


def measure(page, script: str, arg: Any = None) -> Any:
    return page.evaluate(script, arg)
