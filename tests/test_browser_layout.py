"""The review app's layout on a laptop screen, in a real browser (Voilà, Debian's Chromium).

At 1366x768 and at 1024x768, right after the example opens and after moving to another
item, the verdict control, the include box, the note and the draft of the open item are
inside the viewport without scrolling, and nothing sticks out on the right. Screenshots go
to test-artifacts/. Voilà runs as ``pqassist app`` runs it, on a free port of 127.0.0.1,
and is stopped by its PID; every request that would leave 127.0.0.1 is aborted and fails
the test. Skips without Chromium or Playwright, fails instead where CI=true.
"""

from __future__ import annotations

import re
import signal

import pytest

from browser_support import (  # noqa: F401 (browser: a fixture the tests use by name)
    FIRST_LOAD_MS, browser, expect, keep_local, need_browser, voila_server,
)
from app_support import ADDRESS, end, read_until, start_app
from conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SCREENS = [(1366, 768, "5b"), (1024, 768, "3b")]  # one server: each size unticks its own item
MUST_SHOW = {  # what the staffer needs on screen while reviewing, by CSS selector
    "de tabs": ".pqa-app .lm-TabBar-tab",
    "de titel van het document": ".pqa-meta .pqa-title",
    "het oordeel": ".pqa-verdict select",
    "opnemen": ".pqa-include input",
    "de notitie": ".pqa-note textarea",
    "de opvolgingsvraag van deze deelvraag": ".pqa-current-draft",
    "de vraag": ".pqa-question",
    "het antwoord": ".pqa-answer",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    need_browser()
    with voila_server(tmp_path_factory.mktemp("layout")) as running:
        yield running.url


OUTSIDE_JS = """
(selectors) => {
  const out = {};
  const w = window.innerWidth, h = window.innerHeight;
  for (const [name, selector] of Object.entries(selectors)) {
    const el = document.querySelector(selector);
    if (!el) { out[name] = 'missing'; continue; }
    const r = el.getBoundingClientRect();
    if (r.width < 4 || r.height < 4) out[name] = `not shown (${r.width}x${r.height})`;
    else if (r.top < 0 || r.left < 0 || r.bottom > h + 0.5 || r.right > w + 0.5)
      out[name] = `outside the ${w}x${h} viewport: ${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)}`;
  }
  return out;
}
"""

OVERFLOW_JS = """
() => {
  const w = document.documentElement.clientWidth;
  const app = document.querySelector('.pqa-app');
  const clipped = (el) => {  // cut off on purpose by a box that hides or scrolls its overflow
    for (let up = el.parentElement; up && up !== app.parentElement; up = up.parentElement) {
      const s = getComputedStyle(up);
      if (s.overflowX !== 'visible' && up.getBoundingClientRect().right <= w + 1) return true;
    }
    return false;
  };
  const wide = [...app.querySelectorAll('*')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > w + 1 && getComputedStyle(el).visibility !== 'hidden' && !clipped(el);
  }).map(el => el.className.toString().slice(0, 60));
  return {scrollWidth: document.documentElement.scrollWidth, width: w, wide: wide.slice(0, 8),
          scrollY: window.scrollY};
}
"""

MARK_SHOWN_JS = """
() => {
  const pane = document.querySelector('.pqa-answer');
  const mark = pane && pane.querySelector('mark');
  if (!mark) return 'no mark';
  const p = pane.getBoundingClientRect(), m = mark.getBoundingClientRect();
  return (m.top >= p.top - 1 && m.top < p.bottom) ? 'shown' : `hidden: mark at ${m.top}, pane ${p.top}-${p.bottom}`;
}
"""


def row_button(page, item_id: str):
    return page.locator(".pqa-row button.pqa-open", has_text=re.compile(rf"^\s*{re.escape(item_id)}\s"))


@pytest.mark.parametrize("width, height, item", SCREENS, ids=[f"{w}x{h}" for w, h, _ in SCREENS])
def test_everything_needed_for_one_item_is_on_screen(browser, server, artifacts, width, height, item):
    context = browser.new_context(viewport={"width": width, "height": height})
    external: list[str] = []
    errors: list[str] = []
    page = context.new_page()
    keep_local(context, external, page)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(server)
        expect(page.locator(".pqa-position")).to_contain_text("Deelvraag 1a", timeout=FIRST_LOAD_MS)
        expect(page.locator(".pqa-current-draft")).to_be_visible()
        page.wait_for_timeout(1500)  # the page as it settles after opening: the user scrolled nothing
        page.screenshot(path=str(artifacts / f"layout-{width}x{height}.png"))
        problems = page.evaluate(OUTSIDE_JS, MUST_SHOW)
        assert not problems, f"at {width}x{height}: {problems}"
        overflow = page.evaluate(OVERFLOW_JS)
        assert overflow["scrollWidth"] <= overflow["width"] + 1 and not overflow["wide"], overflow

        # an item whose evidence sits further down its answer: the pane scrolls it into view
        row_button(page, item).click()
        expect(page.locator(".pqa-position")).to_contain_text(f"Deelvraag {item}")
        expect(page.locator(".pqa-current-draft")).to_contain_text(item)
        page.wait_for_timeout(300)
        assert not page.evaluate(OUTSIDE_JS, MUST_SHOW), f"after a switch at {width}x{height}"
        assert page.evaluate(MARK_SHOWN_JS) in ("shown", "no mark")
        page.screenshot(path=str(artifacts / f"layout-{width}x{height}-{item}.png"))

        # unticking an item changes its row, and the draft of the item says it is out
        expect(page.locator(".pqa-include input")).to_be_checked()
        page.locator(".pqa-include input").click()
        expect(page.locator(".pqa-row.pqa-current")).to_have_class(re.compile(r"pqa-row-own"))
        expect(page.locator(".pqa-row.pqa-current .pqa-row-state")).to_contain_text("uw keuze")
        expect(page.locator(".pqa-current-draft")).to_contain_text("niet in de opvolgingsvraag")
        page.screenshot(path=str(artifacts / f"layout-{width}x{height}-unticked.png"))
        assert "Traceback" not in page.content()
        assert not errors, errors
    finally:
        context.close()
    assert not external, f"requests that would leave 127.0.0.1: {sorted(set(external))}"


def test_the_app_fits_in_jupyterlab_too(browser, tmp_path, artifacts):
    """``pqassist app --lab``: the same controls on screen at 1366x768 inside JupyterLab's
    notebook (menu, toolbar and file browser take their share), nothing cut off on the right."""
    process = start_app(tmp_path, "--lab", cwd=ROOT)
    try:
        address = ADDRESS.search(read_until(process, ADDRESS))
        assert address, "pqassist app --lab printed no address"
        address = address.group(1)
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        external: list[str] = []
        keep_local(context, external)
        page = context.new_page()
        try:
            page.goto(address)
            expect(page.locator(".pqa-position")).to_contain_text("Deelvraag 1a", timeout=FIRST_LOAD_MS)
            page.wait_for_timeout(2500)
            page.screenshot(path=str(artifacts / "layout-jupyterlab-1366x768.png"))
            must = {k: v for k, v in MUST_SHOW.items() if k not in ("de tabs", "de titel van het document")}
            problems = page.evaluate(OUTSIDE_JS, must)
            assert not problems, f"in JupyterLab at 1366x768: {problems}"
            cut = page.evaluate("""() => {
              const app = document.querySelector('.pqa-app'), area = app.closest('.jp-OutputArea-output') || app;
              const a = area.getBoundingClientRect(), r = app.getBoundingClientRect();
              return {app: Math.round(r.right), area: Math.round(a.right), scroll: area.scrollWidth - area.clientWidth};
            }""")
            assert cut["app"] <= cut["area"] + 1 and cut["scroll"] <= 1, cut
        finally:
            context.close()
        assert not external, f"requests that would leave 127.0.0.1: {sorted(set(external))}"
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl-C: the app stops its server and kernels
        try:
            process.wait(timeout=30)
        finally:
            end(process)
