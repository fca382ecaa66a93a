"""The PDF of every release (SPEC §13): text that extracts, every page's header and footer, bookmarks, one
embedded font, byte-identical rebuilds, a cache that renders only what is new, the JSON key and the page link.

PDFs are read with poppler's pdftotext/pdffonts/pdfinfo (Debian's poppler-utils, installed by .ci/run)
and pypdf; sites are built by real `mkdocs build` runs from real git repositories.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pypdf
import pytest

from mkdocs_policy.build import build_site
from mkdocs_policy.publish.validate import validate

from policyrepo import PDF_CACHE, sections_md

ROOT = Path(__file__).resolve().parents[1]
PDF_TOOLS = ("pdftotext", "pdffonts", "pdfinfo")


@pytest.fixture(scope="module", autouse=True)
def poppler():
    missing = [tool for tool in PDF_TOOLS if shutil.which(tool) is None]
    assert not missing, f"{', '.join(missing)} missing: apt-get install -y poppler-utils (see .ci/run)"


def pdftotext(path: Path) -> list[str]:
    """The text of each page, as a reader copying it would get it."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [page for page in out.split("\f") if page.strip()]


def flat(text: str) -> str:
    """pdftotext breaks lines where the page does: compare text without line breaks and spaces."""
    return re.sub(r"\s+", "", text)


def outline_titles(reader: pypdf.PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.pdf_links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("type") == "application/pdf":
            self.pdf_links.append(dict(attrs))


def pdf_links(html_file: Path) -> list[dict[str, str | None]]:
    parser = Links()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser.pdf_links


# -- this repository's own site ----------------------------------------------------------------------
def current_release(own_site: Path) -> dict:
    index = json.loads((own_site / "api/privacy/releases.json").read_text(encoding="utf-8"))
    return json.loads((own_site / f"api/privacy/{index['current']}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_own_current_release_pdf_has_every_heading_and_the_digest(own_site, lang):
    release = current_release(own_site)
    version, digest = release["version"], release["digest"]
    text = release["languages"][lang]
    path = own_site / f"{lang}/privacy/{version}/privacy-{version}-{lang}.pdf"
    assert text["pdf"] == f"https://gen-cons.com/policy/{lang}/privacy/{version}/privacy-{version}-{lang}.pdf"
    pages = pdftotext(path)
    whole = flat("\n".join(pages))
    sections = [s for s in text["sections"] if s["status"] != "removed"]
    assert len(sections) >= 8
    for section in sections:
        if section["title"]:
            assert flat(section["title"]) in whole, section["title"]
    # Deeper headings too: every heading of the published HTML.
    for heading in re.findall(r"<h[3-6][^>]*>(.*?)</h[3-6]>", "".join(s["html"] for s in sections)):
        plain = re.sub(r"<[^>]+>|¶", "", heading)
        assert flat(plain) in whole, plain
    assert digest in whole
    assert flat(text["title"]) in whole
    # Every page names the document, version, effective date, its number of the total, the digest and the URL.
    effective = {"ja": "2026年11月25日施行", "en": "In force from November 25, 2026"}[lang]
    for number, page in enumerate(pages, start=1):
        on_page = flat(page)
        assert flat(text["title"]) in on_page
        assert flat(effective) in on_page
        assert {"ja": f"第{version}版", "en": f"Version{version}"}[lang] in on_page
        counter = {"ja": f"{len(pages)}ページ中{number}ページ目", "en": f"Page{number}of{len(pages)}"}[lang]
        assert counter in on_page, (number, page[-300:])
        assert digest in on_page
        assert text["url"] in on_page
    assert len(pages) >= 2  # the running header and footer are checked on more than one page


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_own_pdf_is_a4_tagged_with_one_embedded_font_and_bookmarks(own_site, lang):
    release = current_release(own_site)
    version = release["version"]
    path = own_site / f"{lang}/privacy/{version}/privacy-{version}-{lang}.pdf"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    assert re.search(r"Tagged:\s+yes", info), info
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts, "no font at all"
    for line in fonts:  # name type encoding emb sub uni …: every font embedded (subset) with a Unicode map
        columns = line.split()
        assert columns[-5:-2] == ["yes", "yes", "yes"], line
    reader = pypdf.PdfReader(str(path))
    assert reader.metadata.title == ("プライバシーポリシー（第1.1版）" if lang == "ja" else "Privacy Policy, version 1.1")
    assert reader.metadata.creation_date.date().isoformat() == release["published"]
    assert reader.trailer["/Root"]["/Lang"] == lang
    titles = outline_titles(reader)
    text = release["languages"][lang]
    expected = [text["title"]] + [s["title"] for s in text["sections"] if s["status"] != "removed" and s["title"]]
    assert [t for t in titles if t in expected] == expected  # every section a bookmark, in document order


def test_release_pages_link_to_their_pdf(own_site):
    release = current_release(own_site)
    for lang in ("ja", "en"):
        for page in (own_site / f"{lang}/privacy/{release['version']}/index.html", own_site / f"{lang}/privacy/index.html"):
            links = pdf_links(page)
            assert len(links) == 1, page
            href = links[0]["href"]
            page_url = "https://gen-cons.com/policy/" + str(page.parent.relative_to(own_site)) + "/"
            assert urljoin(page_url, href) == release["languages"][lang]["pdf"]
            target = own_site / urlsplit(release["languages"][lang]["pdf"]).path.removeprefix("/policy/")
            assert target.read_bytes().startswith(b"%PDF-")


# -- builds of a test site ---------------------------------------------------------------------------
def rendered_log(caplog) -> list[str]:
    return [r.getMessage().removeprefix("mkdocs_policy: ") for r in caplog.records if "PDFs:" in r.getMessage()]


def pdf_bytes(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*.pdf"))}


def test_rebuilds_are_byte_identical_and_a_warm_cache_renders_nothing(simple_site, tmp_path, caplog):
    caplog.set_level(logging.INFO)
    simple_site.write("mkdocs.yml", simple_site.read("mkdocs.yml").replace(str(PDF_CACHE), str(tmp_path / "cache-a")))
    first = simple_site.build(site_dir="site-1")
    assert rendered_log(caplog) == ["PDFs: 4 rendered, 0 from the cache (%s)" % (tmp_path / "cache-a")]
    caplog.clear()
    second = simple_site.build(site_dir="site-2")
    assert rendered_log(caplog) == ["PDFs: 0 rendered, 4 from the cache (%s)" % (tmp_path / "cache-a")]
    # A cold cache elsewhere renders them all again, to the same bytes.
    simple_site.write("mkdocs.yml", simple_site.read("mkdocs.yml").replace(str(tmp_path / "cache-a"), str(tmp_path / "cache-b")))
    caplog.clear()
    third = simple_site.build(site_dir="site-3")
    assert rendered_log(caplog) == ["PDFs: 4 rendered, 0 from the cache (%s)" % (tmp_path / "cache-b")]
    one = pdf_bytes(first)
    assert sorted(one) == [
        "en/privacy/1.0/privacy-1.0-en.pdf",
        "en/privacy/1.1/privacy-1.1-en.pdf",
        "ja/privacy/1.0/privacy-1.0-ja.pdf",
        "ja/privacy/1.1/privacy-1.1-ja.pdf",
    ]
    assert one == pdf_bytes(second) == pdf_bytes(third)
    assert len(set(one.values())) == 4


def test_a_new_release_renders_only_its_own_pdfs(simple_site, tmp_path):
    cache = tmp_path / "cache"
    first = build_site(simple_site.path, today=_day("2026-03-01"), site_url="https://example.com/policy/", pdf_cache_dir=cache)
    assert len(first.pdf_rendered) == 4
    assert first.pdf_warnings == []  # Japanese and English text: the font draws every character
    again = build_site(simple_site.path, today=_day("2026-03-01"), site_url="https://example.com/policy/", pdf_cache_dir=cache)
    assert again.pdf_rendered == [] and again.binary == first.binary
    # The build date, which changes the pages (which release is current), does not change a PDF.
    later = build_site(simple_site.path, today=_day("2027-01-01"), site_url="https://example.com/policy/", pdf_cache_dir=cache)
    assert later.pdf_rendered == []
    ja = {"intro": "## はじめに\n\n当社は情報をとても大切にします。\n"}
    en = {"intro": "## Introduction\n\nWe value your information highly.\n"}
    simple_site.write_document("privacy", {"ja": ja, "en": en}, title={"ja": "プライバシーポリシー", "en": "Privacy Policy"})
    simple_site.release("privacy", "1.2", published="2026-03-01", change="minor")
    newer = build_site(simple_site.path, today=_day("2026-03-01"), site_url="https://example.com/policy/", pdf_cache_dir=cache)
    assert newer.pdf_rendered == ["ja/privacy/1.2/privacy-1.2-ja.pdf", "en/privacy/1.2/privacy-1.2-en.pdf"]
    assert len(newer.binary) == 6
    # Another site_url is another URL on every page: new PDFs.
    moved = build_site(simple_site.path, today=_day("2026-03-01"), site_url="https://example.org/", pdf_cache_dir=cache)
    assert len(moved.pdf_rendered) == 6
    # Without a cache folder there are no PDFs (the core's default; the plugin passes one unless `pdf: false`).
    assert build_site(simple_site.path, today=_day("2026-03-01")).binary == {}


def _day(text: str) -> date:
    return date.fromisoformat(text)


def test_release_json_names_the_pdf_and_validates(simple_site):
    site = simple_site.build()
    for version in ("1.0", "1.1"):
        data = json.loads((site / f"api/privacy/{version}.json").read_text(encoding="utf-8"))
        validate(f"api/privacy/{version}.json", data, "release")
        for lang in ("ja", "en"):
            url = data["languages"][lang]["pdf"]
            assert url == f"https://example.com/policy/{lang}/privacy/{version}/privacy-{version}-{lang}.pdf"
            assert (site / f"{lang}/privacy/{version}/privacy-{version}-{lang}.pdf").is_file()
            [anchor] = pdf_links(site / f"{lang}/privacy/{version}/index.html")
            assert anchor["href"] == f"privacy-{version}-{lang}.pdf"
    schema = json.loads((site / "api/schema/release.schema.json").read_text(encoding="utf-8"))
    assert "pdf" in schema["$defs"]["language"]["properties"]


def test_root_relative_pdf_url_without_site_url(policy_repo):
    repo = policy_repo()
    ja = sections_md({"intro": "はじめに"}, {"intro": "当社は情報を大切にします。"})
    en = sections_md({"intro": "Introduction"}, {"intro": "We value your information."})
    repo.write_document("privacy", {"ja": ja, "en": en}, title={"ja": "規約", "en": "Terms"})
    repo.release("privacy", "1.0", published="2026-01-01", change="material")
    site = repo.build()
    data = json.loads((site / "api/privacy/1.0.json").read_text(encoding="utf-8"))
    assert data["languages"]["en"]["pdf"] == "/en/privacy/1.0/privacy-1.0-en.pdf"
    pages = pdftotext(site / "en/privacy/1.0/privacy-1.0-en.pdf")
    assert "/en/privacy/1.0/" in pages[0]


def test_pdf_false_turns_them_off(policy_repo):
    repo = policy_repo(site_url="https://example.com/", plugin_options={"pdf": False})
    ja = sections_md({"intro": "はじめに"})
    en = sections_md({"intro": "Introduction"})
    repo.write_document("privacy", {"ja": ja, "en": en})
    repo.release("privacy", "1.0", published="2026-01-01", change="material")
    site = repo.build()
    assert list(site.rglob("*.pdf")) == []
    data = json.loads((site / "api/privacy/1.0.json").read_text(encoding="utf-8"))
    assert all("pdf" not in text for text in data["languages"].values())
    assert pdf_links(site / "en/privacy/1.0/index.html") == []


def test_titles_and_text_are_text_in_the_pdf(policy_repo):
    """A title with markup characters is printed as written, never interpreted; Japanese text is real text."""
    repo = policy_repo(site_url="https://example.com/")
    title = {"ja": "<b>規約</b> & 条件", "en": "Terms <script>x</script> & Conditions"}
    ja = sections_md({"intro": "個人データの取扱い"}, {"intro": "当社は第三者提供を行いません。"})
    en = sections_md({"intro": "Personal data & more"}, {"intro": "We never sell `<personal data>`."})
    repo.write_document("privacy", {"ja": ja, "en": en}, title=title)
    repo.release("privacy", "1.0", published="2026-01-01", change="material")
    site = repo.build()
    ja_text = flat("".join(pdftotext(site / "ja/privacy/1.0/privacy-1.0-ja.pdf")))
    assert flat("<b>規約</b> & 条件") in ja_text
    assert "個人データの取扱い" in ja_text and "当社は第三者提供を行いません。" in ja_text
    en_text = flat("".join(pdftotext(site / "en/privacy/1.0/privacy-1.0-en.pdf")))
    assert flat("Terms <script>x</script> & Conditions") in en_text
    assert flat("We never sell <personal data>.") in en_text
    # The translation says which text prevails, as the page does.
    assert flat("The Japanese text prevails") in en_text


def test_missing_font_is_an_error_that_says_what_to_install(simple_site, tmp_path, monkeypatch):
    from mkdocs_policy.publish import pdf

    monkeypatch.setattr(pdf, "FONT_PACKAGE", "no_such_font_package")
    with pytest.raises(pdf.PdfFontError, match=r"pip install pylopdf-fonts-jp.*pdf: false"):
        build_site(simple_site.path, site_url="https://example.com/policy/", pdf_cache_dir=tmp_path / "cache")


def test_a_character_the_font_cannot_draw_is_named_with_its_line(policy_repo, tmp_path):
    """Never tofu: the embedded font has no Hangul; the build names the file, line and character."""
    repo = policy_repo(site_url="https://example.com/")
    ja = sections_md({"intro": "はじめに"}, {"intro": "当社は情報を大切にします。"})
    en = sections_md({"intro": "Introduction"}, {"intro": "We value your information.\n\nIn Korean: 개인정보."})
    repo.write_document("privacy", {"ja": ja, "en": en})
    repo.release("privacy", "1.0", published="2026-01-01", change="material")
    build = build_site(repo.path, site_url="https://example.com/", pdf_cache_dir=tmp_path / "cache")
    assert build.pdf_warnings
    assert all(w.startswith("policy/privacy/en/intro.md:5: ") for w in build.pdf_warnings), build.pdf_warnings
    assert any("U+AC1C" in w and "empty box" in w for w in build.pdf_warnings)


def test_mkdocs_serve_previews_without_pdfs(simple_site, tmp_path):
    """Under `mkdocs serve` every page carries the preview's address, which a PDF would print on every page:
    the preview makes none (and links to none); `mkdocs build` makes them."""
    from test_serve_cache import PLUGIN_CACHE, serve_builds

    saved = dict(PLUGIN_CACHE)
    try:
        [plugin] = serve_builds(simple_site.path, tmp_path / "serve", [])
    finally:
        PLUGIN_CACHE.clear()
        PLUGIN_CACHE.update(saved)
    assert plugin.binary == {}  # nothing to copy: no PDF was rendered or taken from the cache
    assert list((tmp_path / "serve").rglob("*.pdf")) == []
    assert pdf_links(tmp_path / "serve/en/privacy/1.1/index.html") == []
    data = json.loads((tmp_path / "serve/api/privacy/1.1.json").read_text(encoding="utf-8"))
    assert all("pdf" not in text for text in data["languages"].values())


def test_only_characters_that_show_need_a_glyph():
    from mkdocs_policy.publish.pdf import drawn, file_digest, font_characters, font_path, missing_glyphs

    font = font_path()
    covered = font_characters(str(font), file_digest(font))
    assert missing_glyphs("個人データ, 第三者提供 and “quotes” — ①\n", covered) == ()
    assert missing_glyphs("zero\u200bwidth\u200d and a selector \ufe0f\tend\n", covered) == ()
    assert missing_glyphs("line one\nKorean 한 and 😀\n", covered) == ((2, "한"), (2, "😀"))
    assert not drawn("\u200b") and drawn("a") and drawn("😀")
