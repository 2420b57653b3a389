"""The review app in a real browser: Voilà on 127.0.0.1, Debian's Chromium through Playwright.

Voilà runs as ``pqassist app`` runs it (same argv and token, a temporary folder for
reviews and exports) and is stopped by its PID; the kernels it started must be gone
afterwards. Every request that does not go to 127.0.0.1 is aborted AND fails the test: the
app must work offline. Kernels of closed pages are culled (a server with short culling
times proves it), and ``pqassist app --lab`` shows the app in JupyterLab on open.
Skips without Chromium, fails instead where CI=true.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field

import pytest

from browser_support import (  # noqa: F401 (browser: a fixture the tests use by name)
    FIRST_LOAD_MS, Server, alive, browser, child_pids, expect, keep_local, need_browser, voila_server,
)
from conftest import ROOT, need, write_model_marking_every_answer
from pqassist.commands.app import stop

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTE = "Vraag & antwoord <b>ontbreekt</b> echt"


@dataclass
class Page:
    page: object
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def watch(context, opened: Page) -> None:
    """Abort and record every request of ``context`` that would leave 127.0.0.1 (HTTP routes
    and WebSockets alike); record uncaught page errors."""
    keep_local(context, opened.external, opened.page)
    opened.page.on("pageerror", lambda error: opened.errors.append(str(error)))


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """Voilà serving notebooks/review.ipynb on a free port, stopped by its PID afterwards."""
    need_browser()
    with voila_server(tmp_path_factory.mktemp("voila")) as server:
        yield server


@pytest.fixture
def page(browser, voila):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    opened = Page(context.new_page())
    watch(context, opened)
    try:
        yield opened
    finally:
        context.close()
    assert not opened.external, f"requests that would leave 127.0.0.1: {sorted(set(opened.external))}"


def open_app(page, voila) -> None:
    page.goto(voila.url)
    expect(page.locator(".pqa-position")).to_contain_text("Deelvraag 1a", timeout=FIRST_LOAD_MS)


def row_button(page, item_id: str):
    return page.locator(".pqa-row button.pqa-open", has_text=re.compile(rf"^\s*{re.escape(item_id)}\s"))


def test_review_export_and_download_in_the_browser(page, voila, artifacts, tmp_path):
    docx = pytest.importorskip("docx")
    p = page.page
    open_app(p, voila)
    expect(p.locator(".pqa-meta")).to_contain_text("Vraag nr. 845 van 9 november 2023")
    expect(p.locator(".pqa-row")).to_have_count(11)

    row_button(p, "5a").click()
    expect(p.locator(".pqa-position")).to_contain_text("Deelvraag 5a")
    expect(p.locator(".pqa-question")).to_contain_text("Welke scholen in het Nederlandstalig onderwijs")
    expect(p.locator(".pqa-answer mark").first).to_be_visible()  # the evidence is highlighted

    p.select_option(".pqa-verdict select", label="onbeantwoord")
    expect(p.locator(".pqa-row.pqa-current .pqa-row-state")).to_contain_text("✔ onbeantwoord")
    p.locator(".pqa-note textarea").press_sequentially(NOTE)
    expect(p.locator(".pqa-preview")).to_contain_text(NOTE)  # literally: no tags, no entities
    expect(p.locator(".pqa-row.pqa-current .pqa-row-state")).to_contain_text("✎")

    for _ in range(4):  # walking on changes nothing: no mark appears by itself
        before = p.locator(".pqa-position").inner_text()
        p.locator(".pqa-prev").click()
        expect(p.locator(".pqa-position")).not_to_have_text(before)
    p.locator(".pqa-jump input").fill("5a")
    p.locator(".pqa-jump input").press("Enter")
    expect(p.locator(".pqa-position")).to_contain_text("Deelvraag 5a")
    expect(p.locator(".pqa-verdict select")).to_have_value("onbeantwoord")  # the option labels are the values
    expect(p.locator(".pqa-note textarea")).to_have_value(NOTE)
    saved = json.loads(next((voila.work / "reviews").glob("*.review.json")).read_text(encoding="utf-8"))
    assert list(saved["marks"]) == ["5a"]
    assert {k: saved["marks"]["5a"].get(k) for k in ("verdict", "include", "note")} == {
        "verdict": "unanswered", "include": None, "note": NOTE}

    p.locator(".pqa-export").click()
    link = p.locator(".pqa-download a").first
    expect(link).to_be_visible()
    with p.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    body = "\n".join(par.text for par in docx.Document(str(target)).paragraphs)
    assert NOTE in body
    assert "5a" in body
    assert [f.read_bytes() for f in (voila.work / "exports").glob("*.docx")] == [target.read_bytes()]

    # The next page gets a kernel that was pre-heated while this page opened, before the note
    # existed; it still shows the note (the saved review is read, or followed, when it matters).
    # The pool refills a few seconds after a page takes its kernel: on a busy machine the
    # refill can take longer than the steps above, so the next page waits for it.
    deadline = time.monotonic() + 120
    while voila.log.read_text().count("is filled with") < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    second = p.context.new_page()
    open_app(second, voila)
    second.locator(".pqa-jump input").fill("5a")
    second.locator(".pqa-jump input").press("Enter")
    expect(second.locator(".pqa-note textarea")).to_have_value(NOTE)
    assert voila.log.read_text().count("Using pre-heated kernel") >= 2
    second.close()

    p.set_viewport_size({"width": 1400, "height": 2300})
    p.wait_for_timeout(300)
    p.screenshot(path=str(artifacts / "review-app.png"))
    assert "Traceback" not in p.content()
    assert not page.errors, page.errors
    assert not page.external, page.external


MARKED_JS = """
() => {
  const inView = (el, box) => {
    const r = el.getBoundingClientRect(), v = box.getBoundingClientRect();
    return r.top >= v.top - 1 && r.top < v.bottom;
  };
  const rows = [...document.querySelectorAll('.pqa-row.pqa-current')];
  const lit = [...document.querySelectorAll('.pqa-preview mark.pqa-q')]
      .filter(m => getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)');
  const box = document.querySelector('.pqa-preview-box');
  return {rows: rows.map(r => r.querySelector('button').textContent.trim().split(' ')[0]),
          rowShown: rows.length === 1 && inView(rows[0], document.querySelector('.pqa-overview')),
          lit: lit.map(m => m.dataset.q), litShown: lit.length === 1 && inView(lit[0], box),
          draft: (document.querySelector('.pqa-current-draft b') || {}).textContent || ''};
}
"""


def test_the_open_row_and_its_question_in_the_draft_are_marked_and_scrolled_to(page, voila):
    """The overview row and the draft's question of the open item are marked by the cursor
    widgets (a style rule and a hint each), not by changes to every row: one row and one
    question (none for an item outside the follow-up) are marked, and both are scrolled into
    view, also far down the lists."""
    p = page.page
    open_app(p, voila)
    expect(p.locator(".pqa-row.pqa-current")).to_have_count(1)
    for item_id in ("6", "1a", "5b", "5b-again", "2"):
        if item_id == "5b-again":  # away and back: the same row is marked again
            row_button(p, "1b").click()
            expect(p.locator(".pqa-position")).to_contain_text("Deelvraag 1b")
            item_id = "5b"
        row_button(p, item_id).click()
        expect(p.locator(".pqa-position")).to_contain_text(f"Deelvraag {item_id}")
        expect(p.locator(".pqa-row.pqa-current")).to_have_count(1)
        expect(p.locator(".pqa-row.pqa-current button")).to_have_text(re.compile(rf"^\s*{re.escape(item_id)}\s"))
        p.wait_for_timeout(300)  # the hints run once their images fail to load
        marked = p.evaluate(MARKED_JS)
        assert marked["rows"] == [item_id] and marked["rowShown"], str(marked)
        if marked["draft"]:
            assert marked["lit"] == [marked["draft"].rstrip(".")] and marked["litShown"], str(marked)
        else:  # an item outside the follow-up (1a is answered) marks no question of the draft
            assert marked["lit"] == [], str(marked)


def test_items_to_check_are_marked_in_their_rows_and_reason(browser, tmp_path, monkeypatch):
    """The items suggested as answered that may well be gaps say "te controleren" in their
    overview row, inside the row, and in the reason line with the probability of a gap;
    no other row does. (A model that marks every answered item: which items the packaged
    model marks changes with each retraining.)"""
    import pqassist

    need_browser()
    monkeypatch.setenv("PQASSIST_MODEL", str(write_model_marking_every_answer(tmp_path / "verdict-model.json")))
    example = ROOT / "pqassist" / "data" / "example-vlaams-parlement.txt"
    suggestions = pqassist.analyse(pqassist.open_dossier(example)).suggestions
    marked = [item_id for item_id, s in suggestions.items() if s.to_check]
    assert len(marked) >= 2, suggestions
    with voila_server(tmp_path) as server:  # its kernels read the model PQASSIST_MODEL names
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        opened = Page(context.new_page())
        watch(context, opened)
        try:
            p = opened.page
            open_app(p, server)
            expect(p.locator(".pqa-row .pqa-check")).to_have_count(len(marked))
            for item_id in marked:
                row = p.locator(".pqa-row", has=p.locator("button.pqa-open",
                                                         has_text=re.compile(rf"^\s*{re.escape(item_id)}\s")))
                check = row.locator(".pqa-check")
                expect(check).to_have_text("te controleren")
                inside, outer = check.bounding_box(), row.bounding_box()
                assert outer["x"] <= inside["x"] and inside["x"] + inside["width"] <= outer["x"] + outer["width"] + 1
            row_button(p, marked[0]).click()
            expect(p.locator(".pqa-position")).to_contain_text(f"Deelvraag {marked[0]}")
            percent = round(suggestions[marked[0]].gap_probability * 100)
            expect(p.locator(".pqa-reason")).to_contain_text(f"te controleren: kans op een hiaat {percent}%")
        finally:
            context.close()
        assert not opened.external, sorted(set(opened.external))


def test_a_bad_upload_shows_a_dutch_message_in_the_browser(page, voila, artifacts):
    p = page.page
    open_app(p, voila)
    p.get_by_text("Document openen").click()

    def choose(name: str, mime: str, data: bytes) -> None:
        with p.expect_file_chooser() as chooser:  # the upload button opens the system dialog
            p.locator(".pqa-upload-answer").click()
        chooser.value.set_files(files=[{"name": name, "mimeType": mime, "buffer": data}])

    choose("leeg.txt", "text/plain", b"")
    p.locator(".pqa-open-files").click()
    expect(p.locator(".pqa-messages .pqa-error")).to_contain_text("is leeg")

    choose("scan.pdf", "application/pdf", (ROOT / "tests" / "fixtures" / "read" / "scan.pdf").read_bytes())
    p.locator(".pqa-open-files").click()
    expect(p.locator(".pqa-messages .pqa-error")).to_contain_text("geen tekstlaag")
    expect(p.locator(".pqa-meta")).to_contain_text("845")  # the example stays open
    p.screenshot(path=str(artifacts / "review-app-error.png"))
    assert "Traceback" not in p.content()
    assert not page.errors, page.errors


def test_an_upload_over_ten_megabytes_reaches_the_app(page, voila):
    """Tornado drops websocket messages over 10 MiB unless told otherwise; the upload would
    vanish and the app would say that no file was chosen."""
    p = page.page
    open_app(p, voila)
    p.get_by_text("Document openen").click()
    text = (ROOT / "pqassist" / "data" / "example-vlaams-parlement.txt").read_text(encoding="utf-8")
    big = text.replace("De Vlaamse Regering investeert", "De Vlaamse Regering investeert" + " " * 11_000_000)
    with p.expect_file_chooser() as chooser:
        p.locator(".pqa-upload-answer").click()
    chooser.value.set_files(files=[{"name": "groot.txt", "mimeType": "text/plain", "buffer": big.encode()}])
    expect(p.locator(".pqa-upload-answer")).to_contain_text("(1)")
    p.locator(".pqa-open-files").click()
    message = p.locator(".pqa-messages .pqa-message")
    expect(message).to_contain_text("groot.txt", timeout=60_000)  # read and judged by the package
    expect(message).not_to_contain_text("Kies eerst het antwoord")
    assert not page.errors, page.errors


# Resolves once the page's fonts are loaded: the Font Awesome faces that loaded, and the
# rendered width of the first icon in a button (0 when its glyph is missing).
ICON_JS = """
async () => {
  await document.fonts.ready;
  const faces = [...document.fonts].filter(f => /Font Awesome/.test(f.family) && f.status === 'loaded')
      .map(f => f.family);
  const icon = [...document.querySelectorAll('button i.fa')].find(i => i.offsetParent !== null);
  const family = icon ? getComputedStyle(icon).fontFamily : '';
  const before = icon ? getComputedStyle(icon, '::before') : null;
  return {faces, family, glyph: before ? before.content : '', width: icon ? icon.getBoundingClientRect().width : 0,
          drawn: icon ? document.fonts.check('900 16px "Font Awesome 5 Free"', JSON.parse(before.content)) : false};
}
"""


def test_the_app_works_offline_with_its_icons(page, voila, artifacts):
    """No request leaves 127.0.0.1 (the page fixture fails on any), and the icons Voilà
    used to take from a CDN come from the bundled Font Awesome."""
    p = page.page
    p.set_viewport_size({"width": 1366, "height": 768})
    open_app(p, voila)
    html = p.content()
    assert "cdn.jsdelivr.net" not in html and "cdnjs" not in html
    icons = p.evaluate(ICON_JS)
    assert "Font Awesome" in icons["family"], icons
    assert any("Font Awesome" in face for face in icons["faces"]), icons
    assert icons["glyph"] not in ("", "none", "normal") and icons["width"] >= 8 and icons["drawn"], icons
    p.get_by_text("Document openen").click()  # the panel with the upload, folder and download icons
    p.wait_for_timeout(300)
    p.screenshot(path=str(artifacts / "review-app-offline-1366.png"))
    assert not page.external, page.external
    assert not page.errors, page.errors


POOL = 1
# Seconds; the app ships with CULL_IDLE_SECONDS and CULL_INTERVAL_SECONDS. The idle time must
# stay above the time a busy machine takes from a page's render to its first connection.
CULL_IDLE, CULL_INTERVAL = 30, 5
LOADS = 10


def live_kernels(server: Server) -> list[int]:
    return [pid for pid in child_pids(server.process.pid) if alive(pid)]


def test_kernels_of_closed_pages_are_culled(browser, tmp_path, artifacts):
    """Ten pages opened and closed leave at most the pre-heated pool plus the one page still
    open; that page keeps its kernel and still works."""
    started = time.monotonic()
    with voila_server(tmp_path, pool=POOL, idle=CULL_IDLE, interval=CULL_INTERVAL) as server:
        external, peak, pages = [], 0, []
        for number in range(LOADS):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            opened = Page(context.new_page())
            watch(context, opened)
            try:
                open_app(opened.page, server)
            except AssertionError as exc:
                opened.page.screenshot(path=str(artifacts / "culling-failed-load.png"))
                raise AssertionError(f"load {number + 1} of {LOADS}: {exc}\n{server.log.read_text()[-4000:]}") from None
            peak = max(peak, len(live_kernels(server)))
            external += opened.external
            if number < LOADS - 1:
                context.close()
            else:
                pages.append((context, opened))
        context, last = pages[0]
        try:
            deadline = time.monotonic() + CULL_IDLE + CULL_INTERVAL + 45  # start-up of the refill included
            counts = []
            while time.monotonic() < deadline:
                counts.append(len(live_kernels(server)))
                if counts[-1] <= POOL + 1:
                    break
                time.sleep(1)
            print(f"kernels: peak {peak} during {LOADS} loads, {counts[-1]} after "
                  f"{time.monotonic() - started:.0f} s; counted {counts}")
            assert counts[-1] <= POOL + 1, (peak, counts, server.log.read_text()[-3000:])
            assert "Culling" in server.log.read_text()  # shut down by the culler, not by chance
            last.page.wait_for_timeout((CULL_IDLE + 2 * CULL_INTERVAL) * 1000)  # longer than the idle limit
            before = last.page.locator(".pqa-position").inner_text()
            last.page.locator(".pqa-next").click()  # the open page's kernel is alive and answers
            expect(last.page.locator(".pqa-position")).not_to_have_text(before, timeout=15_000)
            assert not last.errors, last.errors
        finally:
            context.close()
        assert not external, sorted(set(external))
    assert time.monotonic() - started < 420


@pytest.fixture
def lab_app(tmp_path):
    """``pqassist app --lab`` on a free port (a real CLI process); yield its address; stop it by its PID."""
    from pqassist.commands.app import free_port

    need(importlib.util.find_spec("jupyterlab") is not None, "JupyterLab is not installed (pip install -e '.[app]')")
    port = free_port(0)
    process = subprocess.Popen(
        [sys.executable, "-m", "pqassist.cli", "app", "--lab", "--port", str(port), "--workdir", str(tmp_path)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
    )
    lines = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "De app draait op" in line:
                break
        found = re.search(r"De app draait op (\S+)", "".join(lines))
        assert found, "".join(lines)
        yield found.group(1)
    finally:
        stop(process)  # by its PID: SIGTERM, SIGKILL when it does not end
        process.stdout.close()


def test_lab_shows_the_working_app_on_open_and_leaves_the_notebook_unmodified(browser, lab_app, artifacts):
    assert "token=" in lab_app
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = Page(context.new_page())
    watch(context, opened)
    try:
        p = opened.page
        p.goto(lab_app)
        expect(p.locator(".pqa-position")).to_contain_text("Deelvraag 1a", timeout=FIRST_LOAD_MS)
        expect(p.locator(".pqa-row")).to_have_count(11)
        p.locator(".pqa-next").click()  # live: the kernel behind the outputs answers
        expect(p.locator(".pqa-position")).to_contain_text("Deelvraag 1b")
        p.wait_for_timeout(1500)
        tab = p.locator(".lm-TabBar-tab", has_text="review.ipynb")
        expect(tab).to_have_count(1)
        assert "jp-mod-dirty" not in (tab.get_attribute("class") or "")
        assert p.locator(".jp-Notebook .jp-mod-dirty, .lm-TabBar-tab.jp-mod-dirty").count() == 0
        p.screenshot(path=str(artifacts / "review-app-lab.png"))
        assert not opened.errors, opened.errors
    finally:
        context.close()
    assert not opened.external, sorted(set(opened.external))
