"""SPEC §3 digests: recomputable by anyone, ignoring exactly BOM, line endings, NFC, trailing whitespace, final newlines."""

from __future__ import annotations

import hashlib
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from mkdocs_policy import digest

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)


def reference(markdown: str) -> str:
    """The contract's words, written again independently of the code under test."""
    markdown = markdown.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    markdown = unicodedata.normalize("NFC", markdown)
    markdown = "\n".join(line.rstrip() for line in markdown.split("\n"))
    return hashlib.sha256((markdown.rstrip("\n") + "\n").encode()).hexdigest()


@given(text)
def test_section_digest_matches_the_contract(markdown):
    assert digest.section_digest(markdown) == reference(markdown)


@given(text.map(lambda t: t.replace("\r", "")))
def test_digest_ignores_bom_line_endings_trailing_space_and_final_newlines(markdown):
    variant = "\ufeff" + markdown.replace("\n", "\r\n") + "  \n\n"
    assert digest.section_digest(variant) == digest.section_digest(markdown)


@given(text)
def test_digest_ignores_unicode_normalisation_form(markdown):
    assert digest.section_digest(unicodedata.normalize("NFD", markdown)) == digest.section_digest(markdown)


@given(text, st.text(alphabet="abcあい。.", min_size=1, max_size=5))
def test_any_visible_change_changes_the_digest(markdown, extra):
    assert digest.section_digest(markdown + "\n" + extra) != digest.section_digest(markdown)
    assert digest.section_digest(extra + markdown) != digest.section_digest(markdown) or markdown.startswith(extra) is False


def test_leading_whitespace_and_inner_blank_lines_count():
    assert digest.section_digest("## A\n\nx\n") != digest.section_digest("## A\nx\n")
    assert digest.section_digest("## A\n x\n") != digest.section_digest("## A\nx\n")


def test_language_and_release_digests_follow_the_contract():
    a, b = digest.section_digest("## A\n"), digest.section_digest("## B\n")
    lang = digest.language_digest([("a", a), ("b", b)])
    assert lang == hashlib.sha256(f"a\n{a}\nb\n{b}\n".encode()).hexdigest()
    assert digest.language_digest([("b", b), ("a", a)]) != lang  # document order matters
    release = digest.release_digest({"ja": "1" * 64, "en": "2" * 64})
    assert release == hashlib.sha256(("en\n" + "2" * 64 + "\nja\n" + "1" * 64 + "\n").encode()).hexdigest()
    assert digest.prefixed(release) == "sha256:" + release
