"""Sections compared across a language: statuses, renames, moved text, statistics, this repository's 1.0 → 1.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkdocs_policy import digest
from mkdocs_policy.compare import STATUSES, compare_language
from mkdocs_policy.model import LanguageText, Section
from mkdocs_policy.sources.loader import Loader, Sources

ROOT = Path(__file__).resolve().parents[1]

RIGHTS = "## Rights\n\nYou may ask for your data.\n\n"
COOKIE_1 = "We use cookies to remember you and to track your visits to the sites through a computer or a mobile device.\n"
COOKIE_2 = "You have the right to decide whether to accept or reject cookies in the settings of your browser.\n"


def text(lang: str, sections: dict[str, str]) -> LanguageText:
    made = []
    for sid, markdown in sections.items():
        markdown = digest.normalize_markdown(markdown)
        made.append(Section(sid, markdown.split("\n", 1)[0][3:], markdown, digest.section_digest(markdown), f"{lang}/{sid}.md"))
    language_digest = digest.language_digest((s.id, s.digest) for s in made)
    return LanguageText(lang, "T", tuple(made), language_digest)


def by_id(changes):
    return {c.id: c for c in changes}


def test_statuses_by_id_and_order():
    old = text("en", {"a": "## A\n\nSame.\n", "b": "## B\n\nOld words here.\n", "gone": "## Gone\n\nSomething else entirely, unrelated.\n"})
    new = text(
        "en", {"a": "## A\n\nSame.\n", "b": "## B\n\nNew words here.\n", "fresh": "## Fresh\n\nA brand new section about nothing.\n"}
    )
    changes = compare_language(old, new)
    assert [c.id for c in changes] == ["a", "b", "fresh", "gone"]  # new order, then removed
    statuses = {c.id: c.status for c in changes}
    assert statuses == {"a": "unchanged", "b": "modified", "fresh": "added", "gone": "removed"}
    assert set(statuses.values()) <= set(STATUSES)
    changes = by_id(changes)
    assert changes["b"].inserted == 3 and changes["b"].deleted == 3
    assert changes["fresh"].inserted == len("Fresh") + len("Abrandnewsectionaboutnothing.")
    assert changes["gone"].deleted == len("Gone") + len("Somethingelseentirely,unrelated.")
    assert changes["gone"].old is not None and changes["gone"].new is None
    assert changes["a"].stats == {"inserted": 0, "deleted": 0}


def test_everything_is_added_against_nothing():
    new = text("ja", {"a": "## あ\n\n当社は情報を大切にします。\n"})
    (change,) = compare_language(None, new)
    assert change.status == "added" and change.inserted == len("あ当社は情報を大切にします。")


def test_a_section_that_disappears_while_one_with_mostly_its_text_appears_is_renamed():
    body = "We collect your name, address and e-mail address when you register, and your order history when you buy.\n"
    old = text("en", {"intro": "## Intro\n\nHello.\n", "data": "## Data\n\n" + body})
    new = text("en", {"intro": "## Intro\n\nHello.\n", "collection": "## What we collect\n\n" + body.replace("buy", "order")})
    change = by_id(compare_language(old, new))["collection"]
    assert change.status == "renamed" and change.renamed_from == "data"
    assert change.old.id == "data" and change.new.id == "collection"
    assert 0 < change.deleted < 20  # the title and one word, not the whole text
    assert "data" not in by_id(compare_language(old, new))


def test_text_moved_into_a_new_section_reads_as_a_move():
    old = text("en", {"rights": RIGHTS + COOKIE_1 + "\n" + COOKIE_2})
    new = text("en", {"rights": RIGHTS, "cookies": "## Cookies\n\n" + COOKIE_1.replace("computer", "desktop computer") + "\n" + COOKIE_2})
    changes = by_id(compare_language(old, new))
    cookies, rights = changes["cookies"], changes["rights"]
    assert cookies.status == "added" and cookies.moved_from == ("rights",)
    assert rights.status == "modified" and rights.moved_to == ("cookies",)
    moved_in = [b for b in cookies.diff.blocks if b.status == "moved-in"]
    moved_out = [b for b in rights.diff.blocks if b.status == "moved-out"]
    assert len(moved_in) == len(moved_out) == 2
    assert all(b.other_section == "rights" for b in moved_in) and all(b.other_section == "cookies" for b in moved_out)
    # Only what is new is inserted: the title and the edit made while moving; the rest is moved text.
    assert cookies.inserted == len("Cookies") + len("desktop")
    assert cookies.moved_in == len((COOKIE_1 + COOKIE_2).replace(" ", "").replace("\n", ""))
    assert rights.deleted == 0 and rights.moved_out == cookies.moved_in


def test_paragraphs_reordered_within_a_section_are_moves():
    first = "The first paragraph talks at length about the data we collect and why we collect it.\n"
    second = "The second paragraph explains how long we keep that data and when we delete it for good.\n"
    old = text("en", {"a": "## A\n\n" + first + "\n" + second})
    new = text("en", {"a": "## A\n\n" + second + "\n" + first})
    change = compare_language(old, new)[0]
    assert change.status == "modified"
    assert sorted(b.status for b in change.diff.blocks if b.status != "equal") == ["moved-in", "moved-out"]
    assert change.inserted == change.deleted == 0
    assert change.moved_from == change.moved_to == ()  # within the section


def test_results_are_cached_by_digest():
    old = text("en", {"a": "## A\n\nOne.\n"})
    new = text("en", {"a": "## A\n\nTwo.\n"})
    first = compare_language(old, new)
    again = compare_language(text("en", {"a": "## A\n\nOne.\n"}), text("en", {"a": "## A\n\nTwo.\n"}))
    assert [id(c) for c in first] == [id(c) for c in again]


@pytest.fixture(scope="module")
def repository_releases():
    loader = Loader(Sources(ROOT, "policy", ("ja", "en")))
    try:
        site = loader.load(include_draft=False)
    finally:
        loader.close()
    document = site.document("privacy")
    return document.release("1.0"), document.release("1.1")


def struck(change) -> list[str]:
    return [r.text for b in change.diff.blocks for r in b.runs if r.op == "delete" and b.status == "modified"]


def test_this_repository_1_0_to_1_1_strikes_the_japanese_fragments_of_the_english_text(repository_releases):
    old, new = repository_releases
    changes = by_id(compare_language(old.text.language("en"), new.text.language("en")))
    deleted = " | ".join(struck(changes["collection"]) + struck(changes["use"]) + struck(changes["disclosure"]))
    for fragment in ("情報", "しかしそれに限定されません", "含む", "例えば", "と"):
        assert fragment in deleted, fragment
    assert "情報" in struck(changes["collection"])
    inserted = [r.text for r in changes["collection"].diff.blocks[5].runs if r.op == "insert"]
    assert "information" in inserted


def test_this_repository_1_0_to_1_1_builds_cookies_from_text_moved_out_of_rights(repository_releases):
    old, new = repository_releases
    for lang in ("ja", "en"):
        changes = by_id(compare_language(old.text.language(lang), new.text.language(lang)))
        cookies, rights = changes["cookies"], changes["rights"]
        assert cookies.status == "added" and cookies.moved_from == ("rights",), lang
        assert rights.moved_to == ("cookies",), lang
        body = [b for b in cookies.diff.blocks[1:]]
        assert len(body) == 3 and all(b.status == "moved-in" for b in body), lang
        assert len([b for b in rights.diff.blocks if b.status == "moved-out"]) == 3, lang
        assert cookies.inserted < 20  # the title and the typo fixes, not three paragraphs
        assert cookies.moved_in > 500
        assert changes["changes"].status == "unchanged" and changes["contact"].status == "unchanged"
