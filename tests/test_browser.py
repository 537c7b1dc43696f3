"""The HTML report in a real browser (Debian's chromium, headless): links land on their passages, nothing in
an article runs, and screenshots at desktop and phone width are kept as artefacts."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.html_helpers import EXAMPLE_ARTICLES, hostile_folder, write_html

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = os.environ.get("FACTDIFF_ARTIFACTS")
"""Read at import: the conftest clears FACTDIFF_* settings before each test."""


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    from selenium.webdriver.chrome.service import Service

    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).is_file() and os.access(path, os.X_OK)):
            pytest.skip(f"{path} is missing (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1280,900")
    try:
        browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    except Exception as error:  # a broken install is a skip, not a failure of the report
        pytest.skip(f"chromium did not start: {error}")
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(ARTIFACTS) if ARTIFACTS else tmp_path_factory.mktemp("artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def example_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_html([EXAMPLE_ARTICLES], tmp_path_factory.mktemp("example") / "report.html")


def test_every_finding_is_highlighted_and_its_links_land_on_its_passage(driver, example_page):
    from selenium.webdriver.common.by import By

    driver.get(example_page.as_uri())
    findings = driver.execute_script(
        "return [...document.querySelectorAll('section .finding[id]')]"
        ".filter(f => f.querySelector('a.jump')).map(f => f.id)"
    )
    assert len(findings) > 10
    for finding in findings:
        tags = driver.find_elements(By.CSS_SELECTOR, f'#articles a.tag[href="#{finding}"]')
        assert tags, f"no highlighted span for {finding}"
        for tag in tags:
            marks = driver.find_elements(By.CSS_SELECTOR, f"mark.{tag.get_attribute('id')}")
            assert marks and marks[0].text.strip(), tag.get_attribute("id")
            colour = marks[0].value_of_css_property("background-color")
            assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), (finding, colour)
    for finding in (findings[0], findings[len(findings) // 2], findings[-1]):
        link = driver.find_element(By.CSS_SELECTOR, f"#{finding} a.jump")
        target = link.get_attribute("href").split("#", 1)[1]
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
        assert driver.execute_script("return location.hash") == f"#{target}"
        landed = driver.execute_script(
            "const t = document.querySelector(':target'); if (!t) return null;"
            "const r = t.getBoundingClientRect();"
            "return {id: t.id, visible: r.bottom > 0 && r.top < innerHeight && r.width > 0}"
        )
        assert landed == {"id": target, "visible": True}
        # and the label links back to the finding
        driver.find_element(By.ID, target).click()
        assert driver.execute_script("return location.hash") == f"#{finding}"


def test_filters_work_without_script(driver, example_page):
    from selenium.webdriver.common.by import By

    driver.get(example_page.as_uri())
    assert driver.execute_script("return document.scripts.length") == 0
    first_unique = driver.find_element(By.CSS_SELECTOR, "#only .finding")
    assert first_unique.is_displayed()
    label = driver.find_element(By.XPATH, "//label[contains(., 'only in one source')]")
    label.click()
    assert not first_unique.is_displayed()
    label.click()
    assert first_unique.is_displayed()
    column = driver.find_element(By.ID, "a0")
    outlet = driver.find_element(By.CSS_SELECTOR, "label:has(#o0)")
    outlet.click()
    assert not column.is_displayed()
    outlet.click()
    assert column.is_displayed()


def test_hostile_article_markup_is_text_and_never_runs(driver, tmp_path):
    from selenium.webdriver.common.by import By

    page = write_html([hostile_folder(tmp_path)], tmp_path / "hostile.html")
    driver.get(page.as_uri())
    driver.find_element(By.TAG_NAME, "body")
    state = driver.execute_script(
        "return {pwned: window.__pwned === undefined ? null : window.__pwned, title: document.title,"
        " scripts: document.scripts.length, imgs: document.images.length,"
        " handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes]"
        ".some(a => a.name.startsWith('on'))).length,"
        " js: [...document.querySelectorAll('a[href]')].filter(a => !a.getAttribute('href').startsWith('#')).length}"
    )
    assert state["pwned"] is None
    assert "pwned" not in state["title"]
    assert state == {**state, "scripts": 0, "imgs": 0, "handlers": 0, "js": 0}
    text = driver.find_element(By.ID, "articles").text
    assert "<script>document.title='pwned';window.__pwned=1</script>" in text
    assert "onerror=" in text and '<a href="javascript:alert(1)">x</a>' in text


def _full_page_png(driver: object, width: int, path: Path) -> None:
    driver.set_window_size(width, 900)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(int(height) + 200, 40000))
    driver.save_screenshot(str(path))


def test_screenshots_desktop_and_phone_without_sideways_scroll(driver, example_page, artifacts):
    driver.get(example_page.as_uri())
    for name, width in (("desktop", 1280), ("phone", 390)):
        path = artifacts / f"report-{name}.png"
        _full_page_png(driver, width, path)
        assert path.stat().st_size > 10_000
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name}: the page scrolls sideways by {overflow}px"
    columns = driver.execute_script(
        "return new Set([...document.querySelectorAll('.article')].map(a => a.getBoundingClientRect().left)).size"
    )
    assert columns == 1, "articles stack on a phone"
    driver.set_window_size(1280, 900)
    columns = driver.execute_script(
        "return new Set([...document.querySelectorAll('.article')].map(a => a.getBoundingClientRect().left)).size"
    )
    assert columns >= 3, "articles side by side on a wide screen"
    print(f"screenshots: {artifacts / 'report-desktop.png'} {artifacts / 'report-phone.png'}")
