"""Render stage: XSLT behaviours on small TEI fragments, every seed end to end, the index.

Every element the encoder emits has a test here; the stylesheets run with
``fail-on-unknown`` so an element without a template fails instead of being marked up.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree, html

from pipeline import render
from pipeline.convert import convert_file, volume_from_manifest
from pipeline.diagnostics import Severity
from pipeline.encode import serialize

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TEI_NS = "http://www.tei-c.org/ns/1.0"

PERSONS = """
<particDesc><listPerson>
  <person xml:id="p_haig"><persName>Alexander M. Haig</persName>
    <occupation>Secretary of State</occupation></person>
</listPerson><listOrg>
  <org xml:id="o_ussr"><orgName>Government of the Soviet Union</orgName></org>
</listOrg></particDesc>"""


def tei(body: str, profile: str = "", div_attrs: str = 'n="58" xml:id="d58"') -> bytes:
    """A minimal standalone TEI document around ``body`` (the document div's content)."""
    return f"""<TEI xmlns="{TEI_NS}" xml:lang="en"><teiHeader><fileDesc>
      <titleStmt><title>58. Memorandum From Haig to Reagan</title></titleStmt>
      <publicationStmt><p>x</p></publicationStmt>
      <sourceDesc><bibl><title level="s">Foreign Relations of the United States</title></bibl>
      </sourceDesc></fileDesc><profileDesc>{profile}</profileDesc></teiHeader>
      <text><body><div type="document" {div_attrs}>{body}</div></body></text></TEI>""".encode()


def render_html(body: str, profile: str = "", view: str = "html",
                **params: str) -> html.HtmlElement:
    r = render.renderer(fail_on_unknown=True)
    out = (r.html if view == "html" else r.print_html)(tei(body, profile), **params)
    assert out.startswith("<!DOCTYPE HTML>")
    return html.document_fromstring(out)


def text_of(e: html.HtmlElement) -> str:
    return " ".join(e.text_content().split())


# ----------------------------------------------------------------------------- blocks

def test_head_paragraph_and_document_article() -> None:
    doc = render_html("<head>58. Memo</head><p>First.</p><p>Second.</p>")
    art = doc.get_element_by_id("d58")
    assert art.tag == "article"
    assert text_of(art.find(".//h1")) == "58. Memo"
    assert [text_of(p) for p in art.findall("p")] == ["First.", "Second."]
    assert doc.find(".//title").text == "58. Memorandum From Haig to Reagan"


def test_bulleted_list() -> None:
    doc = render_html('<head>h</head><list rend="bulleted"><item>one</item><item>two</item></list>')
    ul = doc.find(".//ul")
    assert [text_of(li) for li in ul.findall("li")] == ["one", "two"]


def test_subject_list() -> None:
    doc = render_html('<head>h</head><list type="subject" rend="bulleted">'
                      "<item>Reply</item></list>")
    ul = doc.find(".//ul")
    assert "subject" in ul.get("class").split()
    assert text_of(ul) == "Reply"


def test_labelled_list_is_description_list() -> None:
    doc = render_html("<head>h</head><list><label>A.</label><item>alpha</item>"
                      "<label>B.</label><item>beta</item></list>")
    dl = doc.find(".//dl")
    assert [text_of(dt) for dt in dl.iter("dt")] == ["A.", "B."]
    assert [text_of(dd) for dd in dl.iter("dd")] == ["alpha", "beta"]


def test_table() -> None:
    doc = render_html("<head>h</head><table><row><cell>a</cell><cell>b</cell></row>"
                      "<row><cell>c</cell><cell>d</cell></row></table>")
    rows = doc.findall(".//table//tr")
    assert [[text_of(td) for td in tr.findall("td")] for tr in rows] == [["a", "b"], ["c", "d"]]


def test_opener_closer_salute_signed() -> None:
    doc = render_html("<head>h</head><opener><salute>Dear Mr. President:</salute></opener>"
                      "<p>Text.</p><closer><salute>Sincerely,</salute>"
                      '<signed><persName role="signer">Jimmy Carter</persName></signed></closer>')
    opener = doc.find_class("tei-opener")[0]
    assert text_of(opener.find_class("tei-salute")[0]) == "Dear Mr. President:"
    closer = doc.find_class("tei-closer")[0]
    assert text_of(closer.find_class("tei-salute")[0]) == "Sincerely,"
    signed = closer.find_class("tei-signed")[0]
    assert signed.tag == "p"
    name = signed.find_class("tei-persName")[0]
    assert "role-signer" in name.get("class") and text_of(name) == "Jimmy Carter"


def test_inline_salute_seg() -> None:
    doc = render_html('<head>h</head><p>2. Begin text: <seg type="salute">Dear Sir:</seg> As</p>')
    seg = doc.find_class("tei-seg")[0]
    assert seg.tag == "span" and "salute" in seg.get("class").split()
    assert text_of(doc.find(".//article//p")) == "2. Begin text: Dear Sir: As"


def test_attachment_is_section_with_subheading() -> None:
    doc = render_html('<head>58. Memo</head><p>x</p><div type="attachment" xml:id="d58att1">'
                      "<head>Letter From Brezhnev</head><p>y</p></div>")
    sec = doc.get_element_by_id("d58att1")
    assert sec.tag == "section" and "attachment" in sec.get("class").split()
    assert text_of(sec.find("h2")) == "Letter From Brezhnev"


def test_floating_text_is_blockquote() -> None:
    doc = render_html('<head>h</head><p>Begin text:</p><floatingText type="letter"><body>'
                      "<opener><salute>Dear Mr. President:</salute></opener><p>Inner.</p>"
                      "</body></floatingText>")
    bq = doc.find(".//blockquote")
    assert "letter" in bq.get("class").split()
    assert text_of(bq.find_class("tei-salute")[0]) == "Dear Mr. President:"
    assert [text_of(p) for p in bq.findall("p")] == ["Inner."]


# ----------------------------------------------------------------------------- notes

NOTES = ('<head>58. Memo<note n="1" xml:id="d58fn1" type="source">Source: Files.</note></head>'
         '<p>Text.<note n="7" xml:id="d58fn7">See <ref cRef="d46">Document 46</ref>.</note></p>'
         '<note n="9" xml:id="d58fn9" place="end" rend="uncalled">Orphan note.</note>')


def test_note_calls_use_printed_numbers_and_link_to_notes() -> None:
    doc = render_html(NOTES)
    calls = doc.xpath("//a[@role='doc-noteref']")
    assert [c.text for c in calls] == ["1", "7"]  # printed @n, not renumbered
    assert [c.get("href") for c in calls] == ["#d58fn1", "#d58fn7"]
    assert calls[1].get("aria-label") == "Note 7"
    items = doc.xpath("//section[@role='doc-endnotes']//li")
    assert [li.get("id") for li in items] == ["d58fn1", "d58fn7", "d58fn9"]  # source note first
    assert text_of(items[0]).startswith("1 Source: Files.")
    back = items[1].xpath(".//a[@role='doc-backlink']")
    assert [b.get("href") for b in back] == ["#call-d58fn7"]
    assert doc.get_element_by_id("call-d58fn7") is calls[1]


def test_uncalled_note_has_no_call_and_no_backlink() -> None:
    doc = render_html(NOTES)
    article = doc.get_element_by_id("d58")
    assert "Orphan note." not in text_of(article)
    orphan = doc.get_element_by_id("d58fn9")
    assert text_of(orphan) == "9 Orphan note."
    assert not orphan.xpath(".//a[@role='doc-backlink']")


def test_print_notes_stay_at_their_call() -> None:
    doc = render_html(NOTES, view="print")
    fns = doc.find_class("footnote")
    assert [(f.get("data-n"), f.getparent().tag) for f in fns] == [("1", "h1"), ("7", "p")]
    assert not doc.xpath("//*[@role='doc-endnotes' or @role='doc-backlink' or "
                         "@role='doc-noteref']")
    assert "Orphan note." in text_of(doc.find_class("endnote")[0])


# ----------------------------------------------------------------------------- inline

def test_page_break_mid_word_keeps_word_whole() -> None:
    doc = render_html('<head>h</head><p>temporary ob<pb n="219" xml:id="pg_219"/>stacles</p>')
    pb = doc.get_element_by_id("pg_219")
    assert pb.tag == "span" and pb.get("role") == "doc-pagebreak"
    assert pb.get("aria-label") == "Page 219" and pb.text_content() == "[Page 219]"
    assert doc.find(".//article//p").text_content() == "temporary ob[Page 219]stacles"


def test_page_break_between_blocks() -> None:
    doc = render_html('<head>h</head><p>a</p><pb n="155" xml:id="pg_155"/><p>b</p>')
    assert doc.get_element_by_id("pg_155").text_content() == "[Page 155]"


def test_print_page_break_goes_to_margin_without_breaking_word() -> None:
    doc = render_html('<head>h</head><p>ob<pb n="219" xml:id="pg_219"/>stacles</p>', view="print")
    pb = doc.get_element_by_id("pg_219")
    assert pb.find_class("pb-margin")[0].text_content() == "219"
    p = doc.find(".//article//p")
    assert p.text == "ob" and pb.tail == "stacles"


def test_persname_with_registry_entry_links_to_persons_list() -> None:
    doc = render_html('<head>Memo From <persName ref="#p_haig" role="sender">Haig</persName>'
                      "</head><p>Mr. <persName>Smith</persName>.</p>", PERSONS)
    link = doc.xpath("//a[contains(@class, 'tei-persName')]")[0]
    assert link.get("href") == "#entity-p_haig"
    assert link.get("title") == "Alexander M. Haig — Secretary of State"
    entry = doc.get_element_by_id("entity-p_haig")
    assert [text_of(entry.find(t)) for t in ("dt", "dd")] == ["Alexander M. Haig",
                                                            "Secretary of State"]
    plain = doc.xpath("//span[contains(@class, 'tei-persName')]")
    assert [text_of(s) for s in plain] == ["Smith"]
    # the masthead names the sender in full, from the registry
    assert "Alexander M. Haig" in text_of(doc.find_class("docmeta")[0])


def test_name_inside_a_link_is_not_a_nested_link() -> None:
    doc = render_html('<head>h</head><p><ref target="https://example.org/">Letter from '
                      '<persName ref="#p_haig">Haig</persName></ref></p>', PERSONS)
    assert not doc.xpath("//a//a")
    assert doc.xpath("//a[@href='https://example.org/']//span[contains(@class, 'tei-persName')]")


def test_orgname_marked_up_and_linked() -> None:
    doc = render_html('<head>Message From the <orgName ref="#o_ussr" role="sender">Government '
                      'of the Soviet Union</orgName></head><p>The <orgName>NSC</orgName>.</p>',
                      PERSONS)
    link = doc.xpath("//a[contains(@class, 'tei-orgName')]")[0]
    assert link.get("href") == "#entity-o_ussr"
    assert doc.get_element_by_id("entity-o_ussr") is not None
    assert text_of(doc.xpath("//span[contains(@class, 'tei-orgName')]")[0]) == "NSC"


def test_print_names_are_not_links() -> None:
    doc = render_html('<head>h</head><p><persName ref="#p_haig">Haig</persName></p>', PERSONS,
                      view="print")
    assert not doc.xpath("//a[contains(@class, 'tei-persName')]")
    assert doc.xpath("//span[contains(@class, 'tei-persName')]/@title") == [
        "Alexander M. Haig — Secretary of State"]


@pytest.mark.parametrize(("date", "datetime"), [
    ('<date when="1981-04-24">April 24</date>', "1981-04-24"),
    ('<date from="1974-10-20" to="1974-11-09">October 20–November 9</date>', "1974-10-20"),
    ('<date when="1977-12" cert="medium" evidence="conjecture">December</date>', "1977-12"),
    ('<date when="--09-16">September 16</date>', "09-16"),  # year not given: HTML yearless
    ('<date when="1974-10-24T10:30:00Z">October 24</date>', "1974-10-24T10:30:00Z"),
])
def test_date_becomes_time(date: str, datetime: str) -> None:
    doc = render_html(f"<head>h</head><p>On {date}.</p>")
    t = doc.find(".//time")
    assert t.get("datetime") == datetime


@pytest.mark.parametrize("date", ["<date>some day</date>", '<date when="---16">the 16th</date>',
                                  '<date notBefore="1981-01-01" notAfter="1981-12-31">x</date>'])
def test_date_without_html_datetime_is_not_a_time(date: str) -> None:
    doc = render_html(f"<head>h</head><p>On {date}.</p>")
    assert doc.find(".//time") is None
    assert doc.find_class("tei-date")


def test_ref_links_never_break() -> None:
    body = ('<head>h</head><p><ref target="https://history.state.gov/x/d46">Document 46</ref> '
            '<ref cRef="d60">Document 60</ref> <ref target="#nowhere">x</ref> '
            '<ref target="#d58">here</ref></p>')
    doc = render_html(body)
    hrefs = [a.get("href") for a in doc.xpath("//a[contains(@class, 'tei-ref')]")]
    assert hrefs == ["https://history.state.gov/x/d46", "#d58"]
    cref = doc.xpath("//span[@data-cref='d60']")[0]
    assert text_of(cref) == "Document 60"
    linked = render_html(body, doc_links="d60=002_x.html")
    assert "002_x.html" in [a.get("href") for a in linked.xpath("//a")]


def test_unhandled_element_is_marked_or_fails() -> None:
    body = "<head>h</head><p>a <unclear>b</unclear></p>"
    with pytest.raises(render.RenderError, match="unclear"):
        render.renderer(fail_on_unknown=True).html(tei(body))
    doc = html.document_fromstring(render.renderer().html(tei(body)))
    marker = doc.find_class("tei-unhandled")[0]
    assert marker.get("data-tei") == "unclear" and text_of(marker) == "b"


def test_metadata_for_pdf_comes_from_header() -> None:
    profile = ('<correspDesc><correspAction type="sent"><persName ref="#p_haig">Haig</persName>'
               '</correspAction></correspDesc>' + PERSONS)
    doc = render_html("<head>h</head><p>x</p>", profile)
    meta = {m.get("name"): m.get("content") for m in doc.iter("meta") if m.get("name")}
    assert meta["author"] == "Alexander M. Haig"
    assert meta["description"] == "Foreign Relations of the United States, Document 58"


# ----------------------------------------------------------------------------- seeds

def convert_seeds(out_dir: Path) -> list[Path]:
    """The seeds converted in-process (not read from out/), written as TEI files."""
    paths = []
    for seed in SEEDS:
        _, root = convert_file(seed, volume=volume_from_manifest(seed))
        target = out_dir / (seed.stem + ".xml")
        target.write_bytes(serialize(root))
        paths.append(target)
    return paths


def render_seeds(out_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    """Convert and render every seed into out_dir (with index.html); returns the TEI paths."""
    paths = convert_seeds(out_dir)
    diags, _ = render.render_all(paths, out_dir, formats)
    errors = [d.format() for d in diags if d.severity >= Severity.WARNING]
    assert not errors, errors
    return paths


@pytest.fixture(scope="module")
def seed_html(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return render_seeds(tmp_path_factory.mktemp("render"), ("html", "print"))


def test_every_seed_element_has_a_template(seed_html: list[Path]) -> None:
    r = render.renderer(fail_on_unknown=True)
    for path in seed_html:
        r.html(path)
        r.print_html(path)


def test_seed_html_is_well_formed_and_links_resolve(seed_html: list[Path]) -> None:
    for tei_path in seed_html:
        page = tei_path.with_suffix(".html")
        doc = html.document_fromstring(page.read_bytes())
        ids = [e.get("id") for e in doc.iter() if e.get("id")]
        assert len(ids) == len(set(ids)), f"{page}: duplicate ids"
        for a in doc.iter("a"):
            href = a.get("href")
            assert href, f"{page}: <a> without href"
            assert not a.xpath("ancestor::a"), f"{page}: nested links"
            if href.startswith("#"):
                assert href[1:] in ids, f"{page}: broken link {href}"
            elif "://" not in href:
                assert (page.parent / href).exists(), f"{page}: broken link {href}"
        tree = etree.parse(str(tei_path))
        pbs = tree.xpath("//t:text//t:pb/@n", namespaces={"t": TEI_NS})
        labels = [s.get("aria-label") for s in doc.xpath("//*[@role='doc-pagebreak']")]
        assert labels == [f"Page {n}" for n in pbs]
        notes = tree.xpath("//t:text//t:note[not(@place='end')]/@n", namespaces={"t": TEI_NS})
        assert [a.text for a in doc.xpath("//a[@role='doc-noteref']")] == notes


def test_index_lists_every_document(seed_html: list[Path]) -> None:
    out_dir = seed_html[0].parent
    doc = html.document_fromstring((out_dir / "index.html").read_bytes())
    rows = doc.xpath("//tbody/tr")
    assert len(rows) == len(SEEDS)
    first = [text_of(td) for td in rows[0].findall("td")]
    title = etree.parse(str(seed_html[0])).findtext(f".//{{{TEI_NS}}}title")
    assert first[1] == " ".join(title.split())
    for row in rows:
        for a in row.iter("a"):
            assert (out_dir / a.get("href")).exists()
    # the heading's tagged sender of document 308 is an organisation
    cells = {text_of(r.findall("td")[0]): [text_of(td) for td in r.findall("td")] for r in rows}
    assert cells["308"][2] == "Government of the Soviet Union"
    assert cells["308"][3] == "Government of the United States"


# ----------------------------------------------------------------------------- command line

def test_cli_render_and_build_formats(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    seed = SEEDS[3]
    runner = CliRunner()
    res = runner.invoke(main, ["build", str(seed), "-o", str(tmp_path), "--formats", "html"])
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([f"{seed.stem}.xml", f"{seed.stem}.html", "index.html"])
    tei_path = tmp_path / f"{seed.stem}.xml"
    res = runner.invoke(main, ["render", str(tei_path), "--to", "print"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / f"{seed.stem}.print.html").read_text().startswith("<!DOCTYPE HTML>")
    res = runner.invoke(main, ["render", str(tei_path), "-o", "-"])
    assert res.exit_code == 0 and "doc-pagebreak" in res.output
    res = runner.invoke(main, ["build", str(seed), "-o", str(tmp_path), "--formats", "html,rtf"])
    assert res.exit_code == 2 and "rtf" in res.output
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><text><body><p>x</p></body></text>")
    res = runner.invoke(main, ["render", str(bad)])
    assert res.exit_code == 1 and not (tmp_path / "bad.html").exists()


def test_renderer_leaves_the_process_locale_alone() -> None:
    """Saxon's start-up switches the locale; the XSD validator in the same process then fails
    on collations (seen as 'unsupported locale setting' in teipipe build)."""
    import subprocess
    import sys

    code = ("import locale; before = locale.setlocale(locale.LC_ALL); "
            "from pipeline import render; render.renderer().compile_all(); "
            "assert locale.setlocale(locale.LC_ALL) == before, locale.setlocale(locale.LC_ALL)")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_render_all_in_worker_processes(tmp_path: Path) -> None:
    paths = convert_seeds(tmp_path)
    paths += [p.with_name(f"copy{i}_{p.name}") for i in range(3) for p in paths]
    for p in paths[len(SEEDS):]:
        p.write_bytes(p.with_name(p.name.split("_", 1)[1]).read_bytes())
    diags, outputs = render.render_all(paths, tmp_path, ("html",), jobs=2)
    assert not [d for d in diags if d.severity is Severity.ERROR]
    assert len(outputs) == len(paths) + 1  # + index.html


def test_every_corpus_document_renders_without_unhandled_elements() -> None:
    """The 40 FRUS corpus texts, converted in-process: every element has a template, ids are
    unique and every in-page link resolves, in both views."""
    r = render.renderer(fail_on_unknown=True)
    texts = sorted((ROOT / "tests" / "data" / "corpus").glob("frus*/*.txt"))
    assert texts
    for txt in texts:
        _, root = convert_file(txt, volume=txt.parent.name)
        for out in (r.html(root), r.print_html(root)):
            doc = html.document_fromstring(out)
            ids = [e.get("id") for e in doc.iter() if e.get("id")]
            assert len(ids) == len(set(ids)), f"{txt}: duplicate ids"
            for a in doc.iter("a"):
                href = a.get("href", "")
                assert not href.startswith("#") or href[1:] in ids, f"{txt}: {href}"
