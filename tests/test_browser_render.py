"""Every seed's reading view in headless Chromium (Debian's, driven by Playwright): footnote
calls go to their notes and back, page markers are all there in order, names link to the
persons list, no console errors. A screenshot per seed goes to test-artifacts/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from tests.test_render import SEEDS, TEI_NS, render_seeds

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return render_seeds(tmp_path_factory.mktemp("browser"), ("html",))


@pytest.mark.parametrize("index", range(len(SEEDS)), ids=[s.stem for s in SEEDS])
def test_seed_in_browser(browser, pages: list[Path], index: int) -> None:  # noqa: ANN001
    tei_path = pages[index]
    page_file = tei_path.with_suffix(".html")
    tree = etree.parse(str(tei_path))
    ns = {"t": TEI_NS}
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())

    # footnote calls → note → back to the call
    calls = page.locator("a[role=doc-noteref]")
    expected = tree.xpath("//t:text//t:note[not(@place='end')]", namespaces=ns)
    assert calls.count() == len(expected)
    for i, note in enumerate(expected):
        note_id = note.get("{http://www.w3.org/XML/1998/namespace}id")
        call = calls.nth(i)
        assert call.inner_text() == note.get("n")
        call.click()
        assert page.evaluate("location.hash") == f"#{note_id}"
        target = page.locator(f"li[id='{note_id}']")
        assert target.is_visible()
        assert target.evaluate("e => e.getBoundingClientRect().top") < 900
        target.locator("a[role=doc-backlink]").click()
        assert page.evaluate("location.hash") == f"#call-{note_id}"
        assert call.evaluate("e => e.getBoundingClientRect().top") < 900

    # page markers: every pb, in document order, visible
    pbs = tree.xpath("//t:text//t:pb/@n", namespaces=ns)
    markers = page.locator("[role=doc-pagebreak]")
    assert markers.all_inner_texts() == [f"[Page {n}]" for n in pbs]
    for i in range(markers.count()):
        assert markers.nth(i).is_visible()

    # names with a registry entry: focusable links to an entry that exists
    names = page.locator("a.tei-persName, a.tei-orgName")
    for i in range(names.count()):
        href = names.nth(i).get_attribute("href")
        assert href and page.locator(f"[id='{href[1:]}']").count() == 1
    if names.count():
        names.first.focus()
        assert page.evaluate("document.activeElement.classList.contains('tei-persName') || "
                             "document.activeElement.classList.contains('tei-orgName')")

    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / f"{tei_path.stem}.png"), full_page=True)
    page.close()
    assert errors == []
