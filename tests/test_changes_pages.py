"""A long history's change history is split into pages: every release on exactly one page, newest first, at most
``RELEASES_PER_PAGE`` a page; every link to a release's changes (release pages, the upcoming banner, the API, the
feeds, the first page's index of moved anchors) names the page that shows it. Built from a real git history of 45
releases (bench/synth.py) by a real `mkdocs build --strict`."""

from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from mkdocs_policy import urls

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from synth import make_history  # noqa: E402

RELEASES = 45
HEADING_ID = re.compile(r'<h2 id="(v[^"]+)"')


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("long")
    history = make_history(base / "repo", documents=1, releases=RELEASES, sections=3, seed=16)
    site = base / "site"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(history.epoch), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=history.root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    doc = history.documents[0]
    versions = [version for _doc, version, _sha in history.releases]
    return site, doc, versions


def history_pages(site: Path, lang: str, doc: str) -> dict[str, str]:
    """Site path of each page of the change history → its HTML."""
    found = {}
    for path in sorted((site / lang / doc / "changes").rglob("index.html")):
        found[str(path.parent.relative_to(site)) + "/"] = path.read_text(encoding="utf-8")
    return found


def resolve(page: str, href: str) -> tuple[str, str]:
    """(site path, fragment) of a link on the page at site path ``page``."""
    parts = urlsplit(href)
    path = parts.path
    if parts.scheme:
        path = path.removeprefix("/")  # site_url has no sub-path
    elif not path.startswith("/"):
        path = posixpath.normpath(posixpath.join(page, path)) + "/"
    return path.lstrip("/"), parts.fragment


def test_every_release_is_on_exactly_one_page_newest_first_and_pages_are_bounded(built):
    site, doc, versions = built
    newest_first = [urls.release_anchor(v) for v in reversed(versions)]
    for lang in ("ja", "en"):
        pages = history_pages(site, lang, doc)
        per_page = urls.RELEASES_PER_PAGE
        count = -(-RELEASES // per_page)
        expected = [urls.changes_page(lang, doc, n) for n in range(1, count + 1)]
        assert expected[1] == f"{lang}/{doc}/changes/page/2/" and count >= 3
        assert sorted(pages) == sorted(expected)
        shown = [HEADING_ID.findall(pages[path]) for path in expected]
        assert [len(s) for s in shown] == [per_page] * (count - 1) + [RELEASES - per_page * (count - 1)]
        assert [anchor for page in shown for anchor in page] == newest_first  # each once, newest first
        for number, path in enumerate(expected, start=1):
            html = pages[path]
            assert f'aria-current="page" href="./">{number}</a>' in html or number != 1
            assert ("Older releases" in html or "古いリリース" in html) == (number < count)
            assert ("Newer releases" in html or "新しいリリース" in html) == (number > 1)
        # Only the first page is in the navigation.
        assert 'href="page/2/" class="md-nav__link' not in pages[expected[0]]


def test_every_link_to_a_releases_changes_names_the_page_that_shows_it(built):
    site, doc, versions = built
    for lang in ("ja", "en"):
        pages = history_pages(site, lang, doc)
        where = {anchor: path for path, html in pages.items() for anchor in HEADING_ID.findall(html)}
        for version in versions:
            anchor = urls.release_anchor(version)
            page = f"{lang}/{doc}/{version}/"
            html = (site / page / "index.html").read_text(encoding="utf-8")
            history = re.search(r'<p class="policy-history"><a href="([^"]+)"', html)
            assert history is not None, page
            assert resolve(page, history.group(1)) == (where[anchor], anchor), (page, history.group(1))
            data = json.loads((site / "api" / doc / f"{version}.json").read_text(encoding="utf-8"))
            assert resolve("", data["languages"][lang]["changes_url"]) == (where[anchor], anchor)
        feed = json.loads((site / lang / doc / "feed.json").read_text(encoding="utf-8"))
        for item in feed["items"]:
            anchor = urls.release_anchor(item["_policy"]["version"])
            more = re.findall(r'href="([^"]+#' + re.escape(anchor) + ')"', item["content_html"])
            assert more and all(resolve("", href) == (where[anchor], anchor) for href in more[-1:])


def test_the_first_page_maps_every_moved_anchor_to_its_page(built):
    site, doc, _versions = built
    lang = "en"
    pages = history_pages(site, lang, doc)
    first = urls.changes(lang, doc)
    found = re.search(r'data-policy-history="([^"]+)"', pages[first])
    assert found is not None
    index = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    where = {anchor: path for path, html in pages.items() for anchor in HEADING_ID.findall(html)}
    moved = {anchor: path for anchor, path in where.items() if path != first}
    assert len(moved) == RELEASES - urls.RELEASES_PER_PAGE
    assert {anchor: resolve(first, target)[0] for anchor, target in index.items()} == moved
