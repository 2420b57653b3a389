"""The review app in a real browser: Voilà on 127.0.0.1, Debian's Chromium through Playwright.

Voilà runs as ``pqassist app`` runs it (same argv, a temporary folder for reviews and
exports) and is stopped by its PID; the kernels it started must be gone afterwards. The
browser aborts every request that does not go to 127.0.0.1, so nothing leaves the
machine. Skips without Chromium, fails instead where CI=true.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT, need, need_tool

pytestmark = [pytest.mark.browser, pytest.mark.slow]

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - the test extra is missing
    sync_playwright = None

NOTEBOOK = ROOT / "notebooks" / "review.ipynb"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
NOTE = "Vraag & antwoord <b>ontbreekt</b> echt"
FIRST_LOAD_MS = 90_000  # a cold kernel on a busy CI machine


@dataclass
class Server:
    port: int
    work: Path
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"


@dataclass
class Page:
    page: object
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def child_pids(pid: int) -> list[int]:
    """Return the PIDs of the direct children of ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """Voilà serving notebooks/review.ipynb on a free port, stopped by its PID afterwards."""
    import os
    import signal

    from pqassist.commands.app import app_environment, free_port, stop, voila_command, wait_until_listening

    need_tool("chromium", "chromium")
    need(sync_playwright is not None, "playwright is not installed (pip install -e '.[test]')")
    work = tmp_path_factory.mktemp("voila")
    port = free_port(0)
    log_path = work / "voila.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            voila_command(NOTEBOOK, port, log_level="INFO"), cwd=work, env=app_environment(work),
            stdout=log, stderr=subprocess.STDOUT,
        )
    kernels: list[int] = []
    try:
        assert wait_until_listening(port, process), log_path.read_text()
        yield Server(port, work, process, log_path)
    finally:
        kernels = child_pids(process.pid)
        stop(process)  # SIGTERM to this PID; SIGKILL after 15 s
        deadline = time.monotonic() + 15
        while any(alive(pid) for pid in kernels) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [pid for pid in kernels if alive(pid)]
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        assert not left, f"kernels left running after Voilà stopped: {left}"


@pytest.fixture(scope="module")
def browser(voila):
    executable = need_tool("chromium", "chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, voila):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    opened = Page(context.new_page())
    local = f"http://127.0.0.1:{voila.port}/"

    def route(request_route):
        url = request_route.request.url
        if url.startswith(local) or url.startswith("data:"):
            request_route.continue_()
        else:
            opened.blocked.append(url)
            request_route.abort()

    opened.page.route("**/*", route)
    opened.page.on("pageerror", lambda error: opened.errors.append(str(error)))
    try:
        yield opened
    finally:
        context.close()


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
    expect(p.locator(".pqa-answer mark")).to_contain_text("Ik kan niet ingaan op individuele dossiers")

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
    assert saved["marks"] == {"5a": {"verdict": "unanswered", "include": None, "note": NOTE}}

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

    p.set_viewport_size({"width": 1400, "height": 2300})
    p.wait_for_timeout(300)
    p.screenshot(path=str(artifacts / "review-app.png"))
    assert "Traceback" not in p.content()
    assert not page.errors, page.errors
    assert all(not url.startswith(voila.url) for url in page.blocked)


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
