"""<lang>/<doc>/feed.json (JSON Feed 1.1) and feed.xml (Atom, RFC 4287), parsed as a feed reader would."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, time
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from publish_sites import BEFORE_2_0, history_site, load

from policyrepo import epoch_of, sections_md

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@pytest.fixture
def absolute(policy_repo):
    return history_site(policy_repo, site_url="https://example.com/legal/").build(epoch=BEFORE_2_0)


@pytest.fixture
def relative(policy_repo):
    return history_site(policy_repo, "relative").build(epoch=BEFORE_2_0)


def test_json_feed_has_the_required_fields_and_one_item_per_release_newest_first(absolute):
    index = load(absolute, "api/privacy/releases.json")
    for lang in ("ja", "en"):
        feed = load(absolute, f"{lang}/privacy/feed.json")
        assert feed["version"] == "https://jsonfeed.org/version/1.1"
        assert feed["title"] and feed["language"] == lang
        assert feed["home_page_url"] == f"https://example.com/legal/{lang}/privacy/"
        assert feed["feed_url"] == f"https://example.com/legal/{lang}/privacy/feed.json"
        assert [item["_policy"]["version"] for item in feed["items"]] == ["2.0", "1.2", "1.1", "1.0"]
        for item in feed["items"]:
            assert isinstance(item["id"], str) and item["content_html"]
            for key in ("url", "title", "summary", "date_published", "tags"):
                assert item[key], key
        entries = {e["version"]: e for e in index["releases"]}
        for item in feed["items"]:
            release = load(absolute, f"api/privacy/{item['_policy']['version']}.json")
            expected = {**entries[release["version"]], "summary": release["summary"]}
            assert item["_policy"] == expected
            assert item["summary"] == release["summary"][lang]
            assert item["tags"][0] == release["change"]


def test_item_ids_and_urls_are_the_archived_release_pages(absolute):
    feed = load(absolute, "en/privacy/feed.json")
    for item in feed["items"]:
        version = item["_policy"]["version"]
        assert item["id"] == item["url"] == f"https://example.com/legal/en/privacy/{version}/"
        assert (absolute / f"en/privacy/{version}/index.html").is_file()
    assert load(absolute, "ja/privacy/feed.json")["items"][0]["title"] == "プライバシーポリシー（第2.0版）"


def test_without_site_url_ids_are_urns_and_urls_root_relative(relative):
    feed = load(relative, "ja/privacy/feed.json")
    assert feed["feed_url"] == "/ja/privacy/feed.json"
    first = feed["items"][-1]
    assert first["id"] == "urn:mkdocs-policy:privacy:1.0:ja"
    assert first["url"] == "/ja/privacy/1.0/"
    atom = ET.parse(relative / "ja/privacy/feed.xml").getroot()
    assert atom.find(f"{ATOM}id").text == "urn:mkdocs-policy:privacy:ja"
    assert [e.find(f"{ATOM}id").text for e in atom.findall(f"{ATOM}entry")][-1] == "urn:mkdocs-policy:privacy:1.0:ja"


def test_dates_are_rfc3339_midnight_of_the_published_day_in_the_site_time_zone(absolute, policy_repo):
    for item in load(absolute, "en/privacy/feed.json")["items"]:
        stamp = item["date_published"]
        assert RFC3339.match(stamp), stamp
        parsed = datetime.fromisoformat(stamp)
        assert parsed.time() == time(0) and parsed.utcoffset().total_seconds() == 9 * 3600
        assert parsed.date().isoformat() == item["_policy"]["published"]
    repo = policy_repo("ny", plugin_options={"timezone": "America/New_York"})
    repo.write_document("privacy", {lang: sections_md({"intro": "Intro"}) for lang in ("ja", "en")})
    repo.release("privacy", "1.0", published="2026-07-01", change="material")
    site = repo.build(epoch=epoch_of("2026-07-02"))
    stamp = load(site, "en/privacy/feed.json")["items"][0]["date_published"]
    assert stamp == "2026-07-01T00:00:00-04:00"
    assert datetime.fromisoformat(stamp) == datetime(2026, 7, 1, tzinfo=ZoneInfo("America/New_York"))
    assert ET.parse(site / "en/privacy/feed.xml").getroot().find(f"{ATOM}updated").text == stamp


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_content_html_is_the_summary_plus_the_redline(absolute):
    item = next(i for i in load(absolute, "en/privacy/feed.json")["items"] if i["_policy"]["version"] == "1.1")
    parser = Tags()
    parser.feed(item["content_html"])
    text = "".join(parser.text)
    assert text.startswith("What changed in 1.1 & why.")
    assert "&amp;" in item["content_html"]  # escaped, not raw
    # the redline names what changed: cookies added, sharing removed, data modified; unchanged sections are left out
    for title in ("Cookies", "Sharing", "Data we collect"):
        assert title in text
    assert "Contact" not in text
    assert "https://example.com/legal/en/privacy/changes/#v1-1" in item["content_html"]


def test_atom_parses_and_carries_the_same_items(absolute):
    for lang in ("ja", "en"):
        feed = load(absolute, f"{lang}/privacy/feed.json")
        root = ET.parse(absolute / f"{lang}/privacy/feed.xml").getroot()
        assert root.tag == f"{ATOM}feed"
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        assert root.find(f"{ATOM}id").text == f"https://example.com/legal/{lang}/privacy/feed.xml"
        assert root.find(f"{ATOM}title").text == feed["title"]
        assert root.find(f"{ATOM}author/{ATOM}name").text
        links = {(link.get("rel"), link.get("type")): link.get("href") for link in root.findall(f"{ATOM}link")}
        assert links[("self", "application/atom+xml")] == f"https://example.com/legal/{lang}/privacy/feed.xml"
        assert links[("alternate", "text/html")] == feed["home_page_url"]
        entries = root.findall(f"{ATOM}entry")
        assert len(entries) == len(feed["items"]) == 4
        for entry, item in zip(entries, feed["items"], strict=True):
            assert entry.find(f"{ATOM}id").text == item["id"]
            assert entry.find(f"{ATOM}title").text == item["title"]
            assert entry.find(f"{ATOM}published").text == entry.find(f"{ATOM}updated").text == item["date_published"]
            assert entry.find(f"{ATOM}link[@rel='alternate']").get("href") == item["url"]
            assert entry.find(f"{ATOM}summary").text == item["summary"]
            content = entry.find(f"{ATOM}content")
            assert content.get("type") == "html" and content.text == item["content_html"]
            assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == item["tags"]
        # updated comes from the data: the newest published day, never the build time
        assert root.find(f"{ATOM}updated").text == max(item["date_published"] for item in feed["items"]) == "2026-02-20T00:00:00+09:00"


def test_an_empty_history_still_has_valid_feeds(policy_repo):
    repo = policy_repo("empty")
    repo.write_document("privacy", {lang: sections_md({"intro": "Intro"}) for lang in ("ja", "en")})
    repo.commit("draft only")
    site = repo.build(epoch=epoch_of("2026-03-01"))
    assert load(site, "en/privacy/feed.json")["items"] == []
    root = ET.parse(site / "en/privacy/feed.xml").getroot()
    assert root.find(f"{ATOM}updated").text == "2026-03-01T00:00:00+09:00" and root.findall(f"{ATOM}entry") == []
    assert load(site, "api/privacy/releases.json")["releases"] == []


FEED_LINK = re.compile(r'<link rel="alternate" type="(application/(?:feed\+json|atom\+xml))" title="[^"]+" href="([^"]+)">')


def test_both_feeds_are_advertised_on_every_page_of_the_document(absolute):
    for lang in ("ja", "en"):
        pages = sorted((absolute / lang / "privacy").rglob("index.html"))
        kinds = {p.parent.name for p in pages}
        assert {"privacy", "1.0", "1.1", "1.2", "2.0", "changes"} <= kinds  # current page, every release, the changes page
        for page in pages:
            found = dict(FEED_LINK.findall(page.read_text(encoding="utf-8")))
            assert found == {
                "application/feed+json": f"https://example.com/legal/{lang}/privacy/feed.json",
                "application/atom+xml": f"https://example.com/legal/{lang}/privacy/feed.xml",
            }, page


def test_the_draft_is_never_in_the_api_or_the_feeds(policy_repo):
    repo = history_site(policy_repo, "drafty", plugin_options={"draft": True})
    repo.write("policy/privacy/en/intro.md", "## Introduction\n\nA draft sentence.\n")
    site = repo.build(epoch=BEFORE_2_0)
    assert (site / "en/privacy/draft/index.html").is_file()
    assert [e["version"] for e in load(site, "api/privacy/releases.json")["releases"]] == ["1.0", "1.1", "1.2", "2.0"]
    assert sorted(p.name for p in (site / "api/privacy").iterdir()) == [
        "1.0.json",
        "1.1.json",
        "1.2.json",
        "2.0.json",
        "releases.json",
        "since",
    ]
    for lang in ("ja", "en"):
        feed = (site / f"{lang}/privacy/feed.json").read_text(encoding="utf-8")
        assert "draft" not in feed.lower() and "A draft sentence" not in feed
