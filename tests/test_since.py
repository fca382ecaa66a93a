"""api/<doc>/since/<version>.json and <lang>/<doc>/since/<version>/ (SPEC §14) on real sites built by `mkdocs build`.

Every since file is checked against its published schema and against a comparison made here, independently
of the engine, from the published Markdown of the two releases: which sections were added, removed, renamed,
modified or left alone, the characters of whole added and removed sections, and whether a user at that
version must consent again (from the ledger's change classes).
"""

from __future__ import annotations

import json
import re
from html import escape
from html.parser import HTMLParser

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from publish_sites import AFTER_2_0, BEFORE_2_0, history_site, load

from mkdocs_policy.build import BuildCache, build_site
from mkdocs_policy.render import since as since_module

from policyrepo import epoch_of

BASE = "https://example.com/legal/"

# -- a second history: seven releases, every change class, a renamed section -------------------------
LONG = [  # version, day, change
    ("1", "2026-01-05", "material"),
    ("2", "2026-01-10", "editorial"),
    ("3", "2026-01-15", "minor"),
    ("4", "2026-01-20", "editorial"),
    ("5", "2026-01-25", "minor"),
    ("6", "2026-02-01", "material"),
    ("7", "2026-02-05", "editorial"),
]


def long_texts(n: int) -> dict[str, dict[str, str]]:
    en = {
        "about": "## About\n\nWe are Example Co., a shop for garden tools." + (" We sell online." if n >= 4 else "") + "\n",
        "data": "## Data\n\nWe collect your name"
        + (" and your address" if n >= 3 else "")
        + (" and your phone number" if n >= 6 else "")
        + ".\n",
        "keep": "## Retention\n\nWe keep records for as long as the law requires and then delete them safely.\n",
        "ads": "## Advertising\n\nWe show no advertising `<of any kind>` & never sell data.\n",
    }
    ja = {
        "about": "## 当社について\n\n当社は園芸用品の販売店です。" + ("オンラインで販売します。" if n >= 4 else "") + "\n",
        "data": "## 収集する情報\n\n当社は氏名" + ("と住所" if n >= 3 else "") + ("と電話番号" if n >= 6 else "") + "を収集します。\n",
        "keep": "## 保存期間\n\n当社は法令が定める期間記録を保存し、その後安全に削除します。\n",
        "ads": "## 広告\n\n当社は広告を表示せず、データを販売しません。\n",
    }
    if n >= 2:
        en["about"] = en["about"].replace("garden tools", "garden tools and seeds")
        ja["about"] = ja["about"].replace("園芸用品", "園芸用品と種子")
    if n >= 3:  # "keep" renamed to "records" (same text, new id and title); "cookies" added
        en["records"] = en.pop("keep").replace("## Retention", "## Keeping records")
        ja["records"] = ja.pop("keep").replace("## 保存期間", "## 記録の保存")
        en["cookies"] = "## Cookies\n\nWe use one cookie & nothing `<else>`.\n"
        ja["cookies"] = "## クッキー\n\n当社はクッキーを一つだけ使用します。\n"
    if n >= 5:
        del en["ads"], ja["ads"]
    if n >= 7:
        en["cookies"] = en["cookies"].replace("one cookie", "a single cookie")
        ja["cookies"] = ja["cookies"].replace("一つだけ", "ひとつだけ")
    return {"ja": ja, "en": en}


def long_site(policy_repo, name: str = "long", **kwargs):
    repo = policy_repo(name, site_url=BASE, **kwargs)
    for number, (version, day, change) in enumerate(LONG, start=1):
        repo.write_document("privacy", long_texts(number), title={"ja": "プライバシーポリシー", "en": "Privacy Policy"})
        repo.release(
            "privacy", version, published=day, change=change, summary={"ja": f"第{version}版の変更。", "en": f"Changes of {version}."}
        )
    return repo


# -- the independent comparison ----------------------------------------------------------------------
def visible_chars(markdown: str) -> int:
    """Characters of text in a plain section (no links or lists): no whitespace, heading marks, backticks or ids."""
    text = re.sub(r"\{#[^}]*\}", "", markdown)
    text = re.sub(r"^#+|`", "", text, flags=re.M)
    return len(re.sub(r"\s", "", text))


def expected_statuses(old: list[dict], new: list[dict]) -> tuple[dict[str, str], set[str], set[str]]:
    """{id: status} for sections in both texts, and the ids only in the old text and only in the new one."""
    old_md = {s["id"]: s["markdown"] for s in old if s["status"] != "removed"}
    new_md = {s["id"]: s["markdown"] for s in new if s["status"] != "removed"}
    both = {sid: ("unchanged" if old_md[sid] == new_md[sid] else "modified") for sid in new_md if sid in old_md}
    return both, set(old_md) - set(new_md), set(new_md) - set(old_md)


class Tags(HTMLParser):
    """Checks that an HTML fragment is balanced and collects its text."""

    VOID = frozenset({"br", "hr", "img", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment: str) -> Tags:
    tags = Tags()
    tags.feed(fragment)
    tags.close()
    assert tags.stack == [], tags.stack
    return tags


def since_validator(site) -> Draft202012Validator:
    schema = load(site, "api/schema/since.schema.json")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def check_since_files(site, releases: list[tuple[str, str]]) -> int:
    """Every since file of a built site against the schema and the independent comparison.

    ``releases``: (version, change) in ledger order. Returns how many files were checked."""
    index = load(site, "api/privacy/releases.json")
    current = index["current"]
    order = [v for v, _ in releases]
    changes = dict(releases)
    validator = since_validator(site)
    checked = 0
    for entry in index["releases"]:
        version = entry["version"]
        path = site / "api/privacy/since" / f"{version}.json"
        if current is None or order.index(version) >= order.index(current):
            assert "since" not in entry and not path.exists(), version
            continue
        assert entry["since"] == f"{BASE}api/privacy/since/{version}.json"
        data = load(site, f"api/privacy/since/{version}.json")
        raw = path.read_text(encoding="utf-8")
        assert raw == json.dumps(data, ensure_ascii=False) + "\n"  # the one JSON style of the site (publish.dump_json)
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert errors == [], (version, errors)
        assert (data["since"], data["current"]) == (version, current)
        between = order[order.index(version) + 1 : order.index(current) + 1]
        assert [r["version"] for r in data["releases"]] == between
        assert data["consent_required"] == any(changes[v] == "material" for v in between), version
        assert (data["consent_version"]["since"] != data["consent_version"]["current"]) == data["consent_required"]
        strongest = max((changes[v] for v in between), key=["editorial", "minor", "material"].index)
        assert data["change"] == strongest
        old_release, new_release = load(site, f"api/privacy/{version}.json"), load(site, f"api/privacy/{current}.json")
        assert (data["since_digest"], data["current_digest"]) == (old_release["digest"], new_release["digest"])
        for lang, text in data["languages"].items():
            old, new = old_release["languages"][lang]["sections"], new_release["languages"][lang]["sections"]
            both, only_old, only_new = expected_statuses(old, new)
            got = {s["id"]: s for s in text["sections"]}
            renamed = {s["id"]: s["renamed_from"] for s in text["sections"] if s["status"] == "renamed"}
            assert set(renamed) <= only_new and set(renamed.values()) <= only_old
            # Every section of the release in force, in its order, then nothing else but removed ones.
            new_ids = [s["id"] for s in new if s["status"] != "removed"]
            assert [s["id"] for s in text["sections"] if s["status"] != "removed"] == new_ids
            assert {s["id"] for s in text["sections"] if s["status"] == "removed"} == only_old - set(renamed.values())
            old_md = {s["id"]: s["markdown"] for s in old if s["status"] != "removed"}
            new_md = {s["id"]: s["markdown"] for s in new if s["status"] != "removed"}
            for sid, status in both.items():
                assert got[sid]["status"] == status, (version, lang, sid)
            for sid in only_new - set(renamed):
                assert got[sid]["status"] == "added"
                assert got[sid]["stats"] == {"inserted": visible_chars(new_md[sid]), "deleted": 0}, (version, lang, sid)
            for sid in only_old - set(renamed.values()):
                assert got[sid]["stats"] == {"inserted": 0, "deleted": visible_chars(old_md[sid])}, (version, lang, sid)
                assert got[sid]["url"] == f"{BASE}{lang}/privacy/{version}/#{sid}"
            assert text["changed"] == sum(1 for s in text["sections"] if s["status"] != "unchanged")
            assert text["url"] == f"{BASE}{lang}/privacy/{current}/"
            assert text["redline_url"] == f"{BASE}{lang}/privacy/since/{version}/"
            for section in text["sections"]:
                if section["status"] == "unchanged":
                    assert section["html"] is None and section["stats"] == {"inserted": 0, "deleted": 0}
                    continue
                assert section["stats"]["inserted"] + section["stats"]["deleted"] > 0 or section["status"] == "renamed"
                fragment = parse(section["html"])
                assert "script" not in fragment.tags and "style" not in section["html"]
                if section["status"] == "added":
                    assert "ins" in fragment.tags and "del" not in fragment.tags
                if section["status"] == "removed":
                    assert "del" in fragment.tags and "ins" not in fragment.tags
                # The text is there, escaped: "<of any kind>" and "&" are text, never markup.
                source = new_md.get(section["id"]) or old_md.get(section["id"]) or ""
                for word in ("<else>", "<of any kind>", " & "):
                    if word in source:
                        assert word.strip() in "".join(fragment.text) and escape(word.strip(), quote=False) in section["html"]
            page = (site / f"{lang}/privacy/since/{version}/index.html").read_text(encoding="utf-8")
            assert f'<html lang="{lang}"' in page and "policy-redline" in page
        checked += 1
    return checked


# -- the tests ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("epoch", [BEFORE_2_0, AFTER_2_0], ids=["1.2-in-force", "2.0-in-force"])
def test_every_since_file_of_the_history_site(policy_repo, epoch):
    site = history_site(policy_repo, site_url=BASE).build(epoch=epoch)
    releases = [("1.0", "material"), ("1.1", "minor"), ("1.2", "editorial"), ("2.0", "material")]
    assert check_since_files(site, releases) == (2 if epoch == BEFORE_2_0 else 3)


def test_every_since_file_of_a_long_history_with_a_rename(policy_repo):
    repo = long_site(policy_repo)
    releases = [(v, c) for v, _, c in LONG]
    site = repo.build(epoch=epoch_of("2026-02-10"))
    assert check_since_files(site, releases) == 6
    # A user who accepted 1 (or any release before 6, material) is asked again; one at 6 is not.
    for version in ("1", "2", "3", "4", "5"):
        assert load(site, f"api/privacy/since/{version}.json")["consent_required"] is True
    assert load(site, "api/privacy/since/6.json")["consent_required"] is False
    # One comparison, however many releases in between: 1 → 7 sees the rename, the addition and the removal.
    en = {s["id"]: s for s in load(site, "api/privacy/since/1.json")["languages"]["en"]["sections"]}
    assert (en["records"]["status"], en["records"]["renamed_from"]) == ("renamed", "keep")
    assert (en["cookies"]["status"], en["ads"]["status"], en["data"]["status"]) == ("added", "removed", "modified")
    assert "and your address and your phone number" in "".join(parse(en["data"]["html"]).text)
    # Built on an earlier day, 5 is in force: nobody has a material change to consent to.
    early = repo.build(site_dir="early", epoch=epoch_of("2026-01-26"))
    assert check_since_files(early, releases) == 4
    assert all(not load(early, f"api/privacy/since/{v}.json")["consent_required"] for v in ("1", "2", "3", "4"))


def test_no_since_file_while_nothing_is_in_force_or_for_the_first_release_in_force(policy_repo):
    repo = long_site(policy_repo, "early")
    site = repo.build(epoch=epoch_of("2026-01-01"))
    assert not (site / "api/privacy/since").exists() and not (site / "en/privacy/since").exists()
    site = repo.build(site_dir="one", epoch=epoch_of("2026-01-06"))
    assert all("since" not in e for e in load(site, "api/privacy/releases.json")["releases"])
    assert not (site / "api/privacy/since").exists()


def test_the_since_page_shows_the_cumulative_redline_and_links_both_texts(policy_repo):
    site = long_site(policy_repo, "pages").build(epoch=epoch_of("2026-02-10"))
    page = (site / "en/privacy/since/1/index.html").read_text(encoding="utf-8")
    assert "Privacy Policy: what changed since version 1" in page
    assert "These changes include a material change." in page
    for version in ("2", "3", "4", "5", "6", "7"):
        assert f"Changes of {version}." in page
    assert 'href="../../7/"' in page and 'href="../../1/"' in page
    assert "<ins>" in page and "<del>" in page
    ja = (site / "ja/privacy/since/6/index.html").read_text(encoding="utf-8")
    assert "プライバシーポリシー：第6版からの変更点" in ja and "重要な変更" not in ja


def test_one_comparison_per_older_release_cached_by_the_pair_of_digests(policy_repo):
    repo = long_site(policy_repo, "cache")
    for cache in (since_module._CHANGES, since_module._REDLINES):
        cache.clear()  # earlier tests built the same texts: their results would be found here
    from datetime import date

    cache = BuildCache()  # what `mkdocs serve` keeps between rebuilds
    build_site(repo.path, today=date(2026, 2, 10), site_url=BASE, cache=cache)
    assert len(since_module._CHANGES) == 6 * 2  # six older releases × two languages: linear in releases
    kept = dict(since_module._CHANGES)
    # Another day, the same release in force (as under `mkdocs serve` the next day): nothing compared again.
    build_site(repo.path, today=date(2026, 2, 11), site_url=BASE, cache=cache)
    assert since_module._CHANGES.keys() == kept.keys()
    assert all(since_module._CHANGES[key] is kept[key] for key in kept)
    assert len(since_module._REDLINES) <= since_module._REDLINES_HELD  # the pages' redlines are on disk, not all in memory


def test_since_results_are_kept_on_disk_for_the_next_build(policy_repo):
    repo = long_site(policy_repo, "disk")
    first = repo.build(epoch=epoch_of("2026-02-10"))
    cache = repo.path / ".cache/mkdocs-policy/since/privacy"
    generations = list(cache.iterdir())
    assert len(generations) == 1
    stored = sorted(generations[0].rglob("*.json"))
    assert len(stored) == 6 * 2 * 2  # six older releases × two languages × (page, JSON)
    # A new process would start with empty memories: only the files are left. One of them is damaged.
    for memory in (since_module._CHANGES, since_module._REDLINES):
        memory.clear()
    stored[0].write_text("{", encoding="utf-8")
    again = repo.build(site_dir="again", epoch=epoch_of("2026-02-10"))
    assert len(since_module._CHANGES) <= 1  # compared again: only the pair of the damaged entry
    outputs = sorted(p.relative_to(first) for p in first.rglob("*") if "since" in p.parts and p.is_file())
    assert len(outputs) == 6 + 6 * 2
    for path in outputs:
        assert (again / path).read_bytes() == (first / path).read_bytes(), path
    # Another release in force: the results of the old one are removed, not kept forever.
    repo.build(site_dir="early", epoch=epoch_of("2026-01-26"))
    assert [p.name for p in cache.iterdir()] != [g.name for g in generations] and len(list(cache.iterdir())) == 1
