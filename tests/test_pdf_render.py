"""Every seed's PDF (print HTML laid out by WeasyPrint): pages, extractable text, metadata,
and each footnote printed on the same page as its call."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from tests.test_render import SEEDS, TEI_NS, convert_seeds, render_seeds

pypdf = pytest.importorskip("pypdf", reason="pypdf not installed")
pytestmark = pytest.mark.pdf

NS = {"t": TEI_NS}
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def squash(text: str) -> str:
    """Compare text across line breaks, justification and hyphenation: keep letters/digits."""
    return re.sub(r"[\W_]+", "", text)


def note_free_text(e: etree._Element) -> str:
    """Text of an element without the text of its notes."""
    return "".join(t for t in e.xpath(".//text()") if not t.getparent().xpath(
        "ancestor-or-self::t:note", namespaces=NS) or e.tag == f"{{{TEI_NS}}}note")


def text_before(note: etree._Element, chars: int = 24) -> str:
    """The last characters of the running text just before a note's call."""
    block = note.xpath("ancestor::*[self::t:p or self::t:head or self::t:item or self::t:signed"
                       " or self::t:salute or self::t:cell][1]", namespaces=NS)[0]
    before = []
    for t in block.xpath(".//text()"):
        parent = t.getparent()
        in_note = parent.xpath("ancestor-or-self::t:note", namespaces=NS)
        if t.is_tail and parent is note:
            break
        if not in_note or (t.is_tail and parent.tag == f"{{{TEI_NS}}}note"
                           and len(in_note) == 1):
            before.append(t)
    return squash("".join(before))[-chars:]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return render_seeds(tmp_path_factory.mktemp("pdf"), ("print", "pdf"))


@pytest.mark.parametrize("index", range(len(SEEDS)), ids=[s.stem for s in SEEDS])
def test_seed_pdf(pdfs: list[Path], index: int) -> None:
    tei_path = pdfs[index]
    reader = pypdf.PdfReader(str(tei_path.with_suffix(".pdf")))
    assert len(reader.pages) > 0
    pages = [squash(p.extract_text() or "") for p in reader.pages]
    assert all(pages), "a page without extractable text"
    tree = etree.parse(str(tei_path))
    title = tree.findtext(".//t:titleStmt/t:title", namespaces=NS)
    assert reader.metadata.title == title
    assert reader.metadata.author and reader.metadata.subject

    for note in tree.xpath("//t:text//t:note[not(@place='end')]", namespaces=NS):
        body = squash("".join(note.xpath(".//text()")))[:30]
        call_ctx = text_before(note)
        note_pages = [i for i, p in enumerate(pages) if body in p]
        call_pages = [i for i, p in enumerate(pages) if call_ctx in p]
        assert note_pages, f"note {note.get('n')} text not found in the PDF"
        assert call_pages, f"text before note {note.get('n')} not found in the PDF"
        assert set(note_pages) & set(call_pages), (
            f"note {note.get('n')} on page(s) {note_pages}, its call on {call_pages}")

    # a raster of the first page, for a person to look at (test-artifacts/ is gitignored)
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                        str(tei_path.with_suffix(".pdf")), str(ARTIFACTS / f"{tei_path.stem}.pdf")],
                       check=True)


def test_pdf_a_3b_variant_declares_its_conformance(tmp_path: Path) -> None:
    """`teipipe render --to pdf --pdf-variant pdf/a-3b`: WeasyPrint writes the PDF/A
    identification (pdfaid:part 3, conformance B) into the XMP metadata, with an output
    intent. (Full PDF/A validation needs veraPDF, which is not available here.)"""
    from click.testing import CliRunner

    from pipeline.cli import main

    tei = convert_seeds(tmp_path)[3]  # the shortest seed
    out = tmp_path / "a.pdf"
    result = CliRunner().invoke(main, ["render", str(tei), "--to", "pdf", "--pdf-variant",
                                       "pdf/a-3b", "-o", str(out)])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(str(out))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(?:>|=\")3", xmp), xmp[:500]
    assert re.search(r"pdfaid:conformance(?:>|=\")B", xmp), xmp[:500]
    assert "/OutputIntents" in reader.trailer["/Root"]
