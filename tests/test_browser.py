"""The desk in a real browser: Debian's Chromium driven by Selenium against a uvicorn server.

A reporter's path through the desk (open a finding, confirm it, reload; search and
follow a hit; open a figures chart) and the hostile-document cases (no script runs, no
injected element exists).  With REDLINE_SCREENSHOTS=DIR the main views are saved there
as PNGs for the README; REDLINE_SCREENSHOTS_DB=FILE takes them from another ledger
(the demo corpus) instead of the hand-made one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from redline.present import views, web
from redline.present.report import write_report
from redline.present.sample import fill_sample
from redline.store import open_ledger

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
                       reason="Debian's chromium and chromium-driver are not installed"),
]

WIDTH, HEIGHT = 1280, 860


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="redline-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
                f"--window-size={WIDTH},{HEIGHT}", "--hide-scrollbars"):
        options.add_argument(arg)
    # Leave any alert open so a test can see that one was raised.
    options.set_capability("unhandledPromptBehavior", "ignore")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(20)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    ledger = open_ledger(str(folder / "ledger.db"))
    fill_sample(ledger, files_dir=folder / "files")
    with web.serving(web.create_app(ledger)) as base:
        yield base, ledger, folder
    ledger.close()


def wait_for_url(driver, check, timeout: float = 10) -> str:
    """The page's address once `check(url)` holds: a click or Enter starts a navigation
    that the next line of a test may otherwise outrun on a loaded machine."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout).until(lambda d: check(d.current_url))
    return driver.current_url


def alert_text(driver) -> str | None:
    from selenium.common.exceptions import NoAlertPresentException

    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        return None
    text = alert.text
    alert.dismiss()
    return text


INJECTED = """
return {
  scripts: document.querySelectorAll('script').length,
  images: document.querySelectorAll('img').length,
  jsLinks: document.querySelectorAll('a[href^="javascript" i]').length,
  handlers: Array.from(document.querySelectorAll('*')).filter(
      el => Array.from(el.attributes).some(a => a.name.startsWith('on'))).length,
  bold: document.querySelectorAll('main b[onmouseover]').length,
};
"""


def test_open_a_finding_confirm_it_and_see_it_after_reload(browser, desk):
    from selenium.webdriver.common.by import By

    base, ledger, _ = desk
    browser.get(base + "/findings")
    browser.find_element(By.CSS_SELECTOR, "#finding-f-contradicts a.open").click()
    assert wait_for_url(browser, lambda url: url.endswith("/findings/f-contradicts"))
    highlighted = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".context .evidence-span")]
    assert highlighted == ["no soldier has been killed in the operation", "Losses to date: 41,200 killed in action."]
    browser.find_element(By.ID, "note").send_keys("Memo is authentic; checked with two sources")
    browser.find_element(By.CSS_SELECTOR, "button.confirm").click()
    assert browser.current_url.endswith("/findings/f-contradicts"), browser.page_source[-1500:]
    assert browser.current_url.endswith("/findings/f-contradicts")
    browser.refresh()
    verdict = browser.find_element(By.CSS_SELECTOR, ".current-verdict")
    assert "confirmed" in verdict.text and "checked with two sources" in verdict.text
    assert ledger.verdicts()["f-contradicts"].verdict == "confirmed"
    browser.get(base + "/findings?verdict=confirmed")
    assert browser.find_elements(By.ID, "finding-f-contradicts")


def test_search_and_follow_a_result(browser, desk):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    base, _, _ = desk
    browser.get(base + "/")
    box = browser.find_element(By.CSS_SELECTOR, "input[type=search]")
    box.send_keys('"killed in action"', Keys.ENTER)
    assert wait_for_url(browser, lambda url: "/search?q=" in url)
    marks = browser.find_elements(By.CSS_SELECTOR, ".hits mark")
    assert marks and all("killed" in m.text.lower() or "action" in m.text.lower() for m in marks)
    claim_hit = next(li for li in browser.find_elements(By.CSS_SELECTOR, ".hits li")
                     if li.text.startswith("CLAIM") and "41,200" in li.text)
    claim_hit.find_element(By.CSS_SELECTOR, "a").click()
    assert wait_for_url(browser, lambda url: "/documents/d-memo" in url)
    # The highlight is cut into pieces where other annotations (the figure) begin and end.
    pieces = browser.find_elements(By.CSS_SELECTOR, ".doc-text .hl")
    assert "".join(p.text for p in pieces) == "Losses to date: 41,200 killed in action."
    assert pieces[0].is_displayed()


def test_figures_chart(browser, desk):
    from selenium.webdriver.common.by import By

    base, _, _ = desk
    browser.get(base + "/figures")
    browser.find_element(By.LINK_TEXT, "killed").click()
    chart = browser.find_element(By.CSS_SELECTOR, "svg.figures-chart")
    assert chart.size["width"] > 600 and chart.size["height"] > 100
    rows = chart.find_elements(By.CSS_SELECTOR, "a.chart-row")
    assert len(rows) == 4
    # The open-ended 'more than 35,000' is drawn as a dashed tail with an arrow.
    tails = chart.find_elements(By.CSS_SELECTOR, "line[stroke-dasharray]")
    assert len(tails) == 1 and tails[0].get_attribute("marker-end") == "url(#open-end)"
    legend = browser.find_element(By.CSS_SELECTOR, ".legend").text
    assert "leaked document" in legend and "news report" in legend
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                           rows[1].find_element(By.CSS_SELECTOR, "circle"))
    assert wait_for_url(browser, lambda url: "/documents/d-memo" in url and url.endswith("#q-q-killed-memo"))


@pytest.mark.parametrize("page", ["/documents/d-hostile", "/findings/f-hostile", "/search?q=onmouseover",
                                  "/entities/e-hostile", "/", "/timeline", "/figures?measure=killed&counted=soldier",
                                  "/documents?kind=other"])
def test_hostile_document_cannot_run_or_inject(browser, desk, page):
    base, _, _ = desk
    browser.get(base + page)
    assert alert_text(browser) is None
    found = browser.execute_script(INJECTED)
    assert found == {"scripts": 0, "images": 0, "jsLinks": 0, "handlers": 0, "bold": 0}, page


def test_hostile_text_is_shown_as_text(browser, desk):
    from selenium.webdriver.common.by import By

    base, _, _ = desk
    browser.get(base + "/documents/d-hostile")
    text = browser.find_element(By.CSS_SELECTOR, ".doc-text").text
    assert "<script>alert('xss')</script>" in text
    assert "<a href=\"javascript:alert('js-link')\">click me</a>" in text
    assert browser.title.startswith("Forum post <script>")
    assert alert_text(browser) is None


def test_the_report_opens_offline_without_running_anything(browser, desk, tmp_path):
    from selenium.webdriver.common.by import By

    _, ledger, _ = desk
    path = write_report(ledger, tmp_path / "report.html")
    browser.get(path.as_uri())
    assert alert_text(browser) is None
    assert browser.execute_script(INJECTED)["scripts"] == 0
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.figures-chart")) == 2
    assert "Where the sources disagree" in browser.find_element(By.TAG_NAME, "h1").text


def _screenshot_targets(ledger) -> list[tuple[str, str]]:
    top = views.finding_rows(ledger, limit=1)
    groups = views.figure_groups(ledger, min_sources=2) or views.figure_groups(ledger)
    entities, _ = views.entity_rows(ledger, limit=20)
    # A person who speaks makes the most telling entity page.
    entities.sort(key=lambda e: (e["type"] != "person", -e["statements"]))
    targets = [("overview", "/"), ("findings", "/findings")]
    if top:
        targets.append(("finding", views.url("/findings", top[0]["id"])))
        targets.append(("document", views.url("/documents", top[0]["a_document_id"])))
    if groups:
        targets.append(("figures", groups[0]["link"]))
    targets.append(("timeline", "/timeline"))
    if entities:
        targets.append(("entity", views.url("/entities", entities[0]["id"])))
    targets.append(("search", "/search?q=killed"))
    return targets


def test_main_views_fit_a_laptop_screen(browser, desk):
    """Every main view lays out without sideways scrolling at laptop width; screenshots on request."""
    from selenium.webdriver.common.by import By

    base, ledger, _ = desk
    other_db = os.environ.get("REDLINE_SCREENSHOTS_DB")
    out = os.environ.get("REDLINE_SCREENSHOTS")
    if other_db:
        ledger = open_ledger(other_db)
        server = web.serving(web.create_app(ledger))
        base = server.__enter__()
    try:
        browser.set_window_size(WIDTH, HEIGHT)
        for name, path in _screenshot_targets(ledger):
            browser.get(base + path)
            assert browser.find_element(By.TAG_NAME, "h1").is_displayed(), path
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (path, overflow)
            if out:
                _save_small_png(browser, Path(out) / f"{name}.png")
    finally:
        if other_db:
            server.__exit__(None, None, None)
            ledger.close()


def _save_small_png(driver, target: Path) -> None:
    """A viewport screenshot, reduced to a 256-colour palette so the README stays light."""
    from PIL import Image

    target.parent.mkdir(parents=True, exist_ok=True)
    raw = target.with_suffix(".raw.png")
    driver.save_screenshot(str(raw))
    with Image.open(raw) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    raw.unlink()
