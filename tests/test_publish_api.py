"""api/<doc>/releases.json and api/<doc>/<version>.json (SPEC §4–5), on real sites built by `mkdocs build`."""

from __future__ import annotations

import logging
import re
from importlib import resources

import pytest
from mkdocs.exceptions import Abort
from publish_sites import AFTER_2_0, BEFORE_2_0, api_files, history_site, load, validators

from policyrepo import epoch_of, sections_md

INDEX_KEYS = {"document", "title", "current", "latest", "upcoming", "consent_version", "releases"}
ENTRY_KEYS = {"version", "sequence", "published", "effective", "change", "consent_version", "digest", "url"}
RELEASE_KEYS = {
    "document",
    "version",
    "sequence",
    "previous",
    "change",
    "consent_version",
    "published",
    "effective",
    "authoritative_language",
    "digest",
    "summary",
    "languages",
}
LANGUAGE_KEYS = {"title", "url", "changes_url", "digest", "sections"}
SECTION_KEYS = {"id", "title", "url", "digest", "status", "markdown", "html", "stats"}


@pytest.fixture
def history(policy_repo):
    return history_site(policy_repo, site_url="https://example.com/legal/")


@pytest.fixture
def history_built(history):
    return history.build(epoch=BEFORE_2_0)


def sites(policy_repo, simple_site):
    """Several built sites: with and without site_url, before and after a release takes effect, one language, another zone."""
    built = {
        "simple": simple_site.build(epoch=epoch_of("2026-03-01")),
        "history-relative": history_site(policy_repo, "h1").build(epoch=BEFORE_2_0),
        "history-after": history_site(policy_repo, "h2", site_url="https://example.com/").build(epoch=AFTER_2_0),
    }
    solo = policy_repo("solo", languages=("en",), plugin_options={"timezone": "America/New_York"})
    solo.write_document("terms", {"en": sections_md({"use": "Use", "law": "Governing law"})})
    solo.release("terms", "2026.1", published="2026-05-01", effective="2026-06-01", change="material")
    built["solo-not-in-force"] = solo.build(epoch=epoch_of("2026-05-15"))
    return built


def test_every_api_file_of_several_sites_conforms_to_the_published_schemas(policy_repo, simple_site):
    for name, site in sites(policy_repo, simple_site).items():
        checks = validators(site)
        files = api_files(site)
        assert any(kind == "release" for _, kind in files), name
        for path, kind in files:
            errors = [f"{list(e.absolute_path)}: {e.message}" for e in checks[kind].iter_errors(load(site, str(path.relative_to(site))))]
            assert errors == [], (name, path, errors)


def test_schemas_are_shipped_with_the_package_and_published_byte_for_byte(history_built):
    for name in ("releases", "release"):
        shipped = resources.files("mkdocs_policy").joinpath("schema", f"{name}.schema.json").read_bytes()
        assert (history_built / f"api/schema/{name}.schema.json").read_bytes() == shipped


def test_index_names_current_latest_upcoming_and_the_consent_of_the_release_in_force(history_built):
    index = load(history_built, "api/privacy/releases.json")
    assert set(index) == INDEX_KEYS
    assert index["document"] == "privacy"
    assert index["title"] == {"ja": "プライバシーポリシー", "en": "Privacy Policy"}
    assert (index["current"], index["latest"], index["upcoming"]) == ("1.2", "2.0", "2.0")
    assert index["consent_version"] == 1  # of 1.2, in force; 2.0 (material) is not yet
    assert [e["version"] for e in index["releases"]] == ["1.0", "1.1", "1.2", "2.0"]
    assert [e["sequence"] for e in index["releases"]] == [1, 2, 3, 4]
    assert [e["consent_version"] for e in index["releases"]] == [1, 1, 1, 2]
    assert [e["change"] for e in index["releases"]] == ["material", "minor", "editorial", "material"]
    last = index["releases"][-1]
    assert set(last) == ENTRY_KEYS
    assert (last["published"], last["effective"]) == ("2026-02-20", "2026-04-01")
    for entry in index["releases"]:
        assert entry["url"] == f"https://example.com/legal/api/privacy/{entry['version']}.json"
        assert load(history_built, f"api/privacy/{entry['version']}.json")["digest"] == entry["digest"]


def test_once_in_force_the_release_is_current_everywhere(history):
    site = history.build(epoch=AFTER_2_0)
    index = load(site, "api/privacy/releases.json")
    assert (index["current"], index["latest"], index["upcoming"], index["consent_version"]) == ("2.0", "2.0", None, 2)
    feed = load(site, "en/privacy/feed.json")
    assert feed["items"][0]["tags"] == ["material", "current"]
    page = (site / "en/privacy/index.html").read_text(encoding="utf-8")
    assert "three years" in page and "data-policy-version=" not in page


def test_an_upcoming_release_is_upcoming_in_the_index_the_feeds_and_the_pages(history_built):
    feed = load(history_built, "en/privacy/feed.json")
    tags = {item["_policy"]["version"]: item["tags"] for item in feed["items"]}
    assert tags == {
        "2.0": ["material", "upcoming"],
        "1.2": ["editorial", "current"],
        "1.1": ["minor", "archived"],
        "1.0": ["material", "archived"],
    }
    current_page = (history_built / "en/privacy/index.html").read_text(encoding="utf-8")
    assert "one year" in current_page and "three years" not in current_page  # the text of 1.2, not of 2.0
    assert 'data-policy-version="2.0"' in current_page  # the banner announcing 2.0
    upcoming_page = (history_built / "en/privacy/2.0/index.html").read_text(encoding="utf-8")
    assert "three years" in upcoming_page and "Upcoming version" in upcoming_page


def test_nothing_in_force_yet(policy_repo):
    repo = policy_repo("early")
    repo.write_document("privacy", {lang: sections_md({"intro": "Intro"}) for lang in ("ja", "en")})
    repo.release("privacy", "1.0", published="2026-01-01", effective="2026-02-01", change="material")
    site = repo.build(epoch=epoch_of("2026-01-15"))
    index = load(site, "api/privacy/releases.json")
    assert (index["current"], index["latest"], index["upcoming"], index["consent_version"]) == (None, "1.0", "1.0", None)
    assert load(site, "ja/privacy/feed.json")["items"][0]["tags"] == ["material", "upcoming"]


def test_release_json_has_every_key_and_each_language_every_section(history_built):
    release = load(history_built, "api/privacy/1.1.json")
    assert set(release) == RELEASE_KEYS
    assert (release["document"], release["version"], release["sequence"], release["previous"]) == ("privacy", "1.1", 2, "1.0")
    assert (release["change"], release["consent_version"], release["published"], release["effective"]) == (
        "minor",
        1,
        "2026-02-01",
        "2026-02-01",
    )
    assert release["authoritative_language"] == "ja"
    assert release["summary"] == {"ja": "第1.1版の要約（変更点）。", "en": "What changed in 1.1 & why."}
    assert list(release["languages"]) == ["ja", "en"]
    for lang, text in release["languages"].items():
        assert set(text) == LANGUAGE_KEYS | {"pdf"}  # pdf: present while the site makes PDFs (the default)
        assert text["url"] == f"https://example.com/legal/{lang}/privacy/1.1/"
        assert text["pdf"] == f"https://example.com/legal/{lang}/privacy/1.1/privacy-1.1-{lang}.pdf"
        assert text["changes_url"] == f"https://example.com/legal/{lang}/privacy/changes/#v1-1"
        for section in text["sections"]:
            assert set(section) - {"renamed_from"} == SECTION_KEYS
            assert set(section["stats"]) == {"inserted", "deleted"}
        ids = [s["id"] for s in text["sections"]]
        assert ids == ["intro", "data", "cookies", "contact", "sharing"]  # document order, then what was removed
        status = {s["id"]: s["status"] for s in text["sections"]}
        assert status == {"intro": "unchanged", "data": "modified", "cookies": "added", "contact": "unchanged", "sharing": "removed"}
    assert release["languages"]["en"]["title"] == "Privacy Policy"


def test_removed_sections_keep_the_previous_title_and_point_at_the_previous_release(history_built):
    en = load(history_built, "api/privacy/1.1.json")["languages"]["en"]
    sharing = en["sections"][-1]
    assert (sharing["id"], sharing["status"], sharing["title"]) == ("sharing", "removed", "Sharing")
    assert sharing["url"] == "https://example.com/legal/en/privacy/1.0/#sharing"
    assert sharing["stats"]["inserted"] == 0 and sharing["stats"]["deleted"] > 0
    assert "renamed_from" not in sharing


def test_first_release_adds_every_section_and_stats_count_its_text(history_built):
    first = load(history_built, "api/privacy/1.0.json")
    assert first["previous"] is None
    for text in first["languages"].values():
        assert {s["status"] for s in text["sections"]} == {"added"}
        assert all(s["stats"]["inserted"] > 0 and s["stats"]["deleted"] == 0 for s in text["sections"])
    cookies = next(s for s in load(history_built, "api/privacy/1.1.json")["languages"]["en"]["sections"] if s["id"] == "cookies")
    assert cookies["stats"]["inserted"] > 0 and cookies["stats"]["deleted"] == 0  # exact counts: tests/test_compare*.py


def test_section_markdown_and_html_come_from_the_page_pipeline(history_built):
    data = next(s for s in load(history_built, "api/privacy/1.1.json")["languages"]["en"]["sections"] if s["id"] == "data")
    assert data["title"] == "Data we collect"
    assert data["markdown"].startswith("## Data we collect {#data}\n") and data["markdown"].endswith("See [contact](#contact).\n")
    html = data["html"]
    assert re.match(r'<h2 id="data">Data we collect', html)
    assert '<h3 id="retention">Retention' in html and '<a href="#contact">contact</a>' in html
    page = (history_built / "en/privacy/1.1/index.html").read_text(encoding="utf-8")
    for fragment in ("<li>your <strong>name</strong></li>", "<li>your phone number</li>", '<a href="#contact">contact</a>'):
        assert fragment in html and fragment in page
    assert data["url"] == "https://example.com/legal/en/privacy/1.1/#data"
    assert 'id="data"' in page


def test_urls_are_root_relative_without_site_url(policy_repo):
    site = history_site(policy_repo, "relative").build(epoch=BEFORE_2_0)
    index = load(site, "api/privacy/releases.json")
    assert index["releases"][0]["url"] == "/api/privacy/1.0.json"
    release = load(site, "api/privacy/1.1.json")
    ja = release["languages"]["ja"]
    assert (ja["url"], ja["changes_url"]) == ("/ja/privacy/1.1/", "/ja/privacy/changes/#v1-1")
    assert ja["sections"][0]["url"] == "/ja/privacy/1.1/#intro"
    for url in (e["url"] for e in index["releases"]):
        assert (site / url.lstrip("/")).is_file()


def test_output_that_breaks_its_schema_fails_the_build_with_a_clear_message(simple_site, monkeypatch, caplog, tmp_path):
    import mkdocs_policy.publish as publish

    original = publish.index_json
    monkeypatch.setattr(publish, "index_json", lambda context, document: {**original(context, document), "current": 7})
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        simple_site.build(site_dir=str(tmp_path / "out"))
    message = caplog.text
    assert "api/privacy/releases.json" in message and "releases.schema.json" in message and "/current" in message
    assert not (tmp_path / "out").exists()  # failed before MkDocs touched site_dir


def test_validate_reports_every_violation_with_its_path():
    from mkdocs_policy.publish.validate import PublishError, validate

    with pytest.raises(PublishError) as info:
        validate(
            "api/x/releases.json",
            {
                "document": "x",
                "title": {},
                "current": None,
                "latest": None,
                "upcoming": None,
                "consent_version": None,
                "releases": [{"version": "1.0"}],
            },
            "releases",
        )
    text = str(info.value)
    assert "api/x/releases.json: /releases/0: 'sequence' is a required property" in text
