"""The HTML pages in a real browser: Debian's headless chromium, driven by Selenium through chromium-driver.

The seed's `show --html` page must mark all 17 quotes with their speakers' names in the rendered DOM, load no
network resource (the page's Content Security Policy forbids it, and the browser's resource timing entries
must be empty), and render: a screenshot is taken into the test's tmp_path. The summary page's charts must
decode as images in the browser. Skipped, with the reason, only when chromium or its driver is not installed
(.ci/run installs both).
"""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DATA, SEED
from newslens.cli import cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1280,1600")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (Path(CHROMIUM).exists() and Path(DRIVER).exists()):
        pytest.skip(f"chromium or chromedriver is not installed ({CHROMIUM}, {DRIVER}): "
                    "apt-get install -y chromium chromium-driver")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[test]')")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def page(tmp_path, *args) -> Path:
    target = tmp_path / "page.html"
    result = CliRunner().invoke(cli, [*map(str, args), "--html", str(target)])
    assert result.exit_code == 0, result.output
    return target


def resources(driver) -> list:
    return driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")


def test_the_seed_page_marks_every_quote_with_its_speaker(browser, tmp_path):
    quotes = json.loads(CliRunner().invoke(cli, ["quotes", str(SEED), "-f", "json"]).stdout)
    browser.get(page(tmp_path, "show", SEED).as_uri())
    marked = browser.execute_script("return [...document.querySelectorAll('span.quote[data-quote]')]"
                                    ".map(q => [q.dataset.quote, q.dataset.speaker])")
    numbers = {int(n) for n, _ in marked}
    assert numbers == set(range(1, 18)) and len(quotes) == 17
    ordered = sorted(quotes, key=lambda q: q["start"])
    for n, speaker in marked:
        expected = ordered[int(n) - 1]
        assert speaker == (expected["speaker"] or expected["speaker_text"])
    notes = browser.execute_script(
        "return [...document.querySelectorAll('.note')].map(n => [n.dataset.quote, n.innerText])")
    assert len(notes) == 17
    for n, text in notes:
        expected = ordered[int(n) - 1]
        assert (expected["speaker"] or expected["speaker_text"]) in text and expected["kind"] in text
    people = browser.execute_script(
        "return [...document.querySelectorAll('.people tbody tr')].map(r => r.cells[0].innerText)")
    assert "Gao Fei" in people and "Sun Zhuangzhi" in people
    assert resources(browser) == []
    screenshot = tmp_path / "show.png"
    assert browser.save_screenshot(str(screenshot)) and screenshot.stat().st_size > 10_000


def test_a_page_cannot_fetch_anything(browser, tmp_path):
    # the check that the resource test means something: the same policy blocks an image added to the page
    browser.get(page(tmp_path, "show", SEED).as_uri())
    blocked = browser.execute_script(
        "window.blocked = []; document.addEventListener('securitypolicyviolation', e => blocked.push(e.blockedURI));"
        "const i = new Image(); i.src = 'http://127.0.0.1:9/x.png'; document.body.append(i);"
        "return new Promise(r => setTimeout(() => r(window.blocked), 500))")
    assert blocked == ["http://127.0.0.1:9/x.png"]
    csp = browser.execute_script(
        "return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content")
    assert csp.startswith("default-src 'none'")


def test_the_summary_page_shows_its_charts(browser, tmp_path):
    browser.get(page(tmp_path, "summary", SEED, DATA / "articles").as_uri())
    sizes = browser.execute_script(
        "return [...document.images].map(i => [i.complete, i.naturalWidth, i.naturalHeight])")
    assert len(sizes) >= 5 and all(done and width >= 400 and height >= 100 for done, width, height in sizes)
    assert resources(browser) == []  # data: images are no network resource
    screenshot = tmp_path / "summary.png"
    assert browser.save_screenshot(str(screenshot)) and screenshot.stat().st_size > 10_000
