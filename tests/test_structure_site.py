"""A policy as legal teams write it builds with --strict and keeps its structure everywhere (SPEC §11):
an untitled opening, a 4-column table whose cells hold lists, a postal address with line breaks."""

from __future__ import annotations

import json
import re

from outputscan import executable_in_site
from structure_site import structured_site

from mkdocs_policy.checks import run_checks


def test_tables_breaks_and_an_untitled_opening_build_strict_and_read_well(policy_repo):
    repo = structured_site(policy_repo(site_url="https://example.com/p/"))
    assert run_checks(repo.path, "policy", ("ja", "en")) == ([], [])
    site = repo.build()  # --strict
    for lang, label in (("en", "Preamble"), ("ja", "前文")):
        page = (site / f"{lang}/privacy/index.html").read_text(encoding="utf-8")
        article = page[page.index("<article") : page.index("</article>")]
        # No invented heading: the opening is the first thing after the page title, under the section's id.
        assert '<div class="policy-untitled" id="preamble">' in article
        assert not re.search(r"<h2[^>]*>[^<]*(Introduction|はじめに|Preamble|前文)", article)
        assert re.search(rf'<a href="#preamble" class="md-nav__link">\s*<span class="md-ellipsis">\s*{label}\s*</span>', page)
        # The table keeps its lists in cells; the address keeps its line breaks.
        assert article.count("<th>") == 4 and re.search(r"<td><ul><li>[^<]+</li>", article)
        assert article.count("<br") >= 3
        release = json.loads((site / "api/privacy/1.1.json").read_text(encoding="utf-8"))["languages"][lang]
        titles = {s["id"]: s["title"] for s in release["sections"]}
        assert titles["preamble"] is None and titles["bases"]
        contact = next(s for s in release["sections"] if s["id"] == "contact")
        assert contact["html"].count("<br") >= 3 and "<br>" in contact["markdown"]
    feed = (site / "en/privacy/feed.json").read_text(encoding="utf-8")
    assert "Seven" in feed or "1.1" in feed
    assert executable_in_site(site) == {}


def test_the_redline_of_a_table_marks_only_the_changed_cell(policy_repo):
    repo = structured_site(policy_repo())
    site = repo.build()
    changes = (site / "en/privacy/changes/index.html").read_text(encoding="utf-8")
    section = changes[changes.index('id="v1-1-bases"') : changes.index("</section>", changes.index('id="v1-1-bases"'))]
    assert "<table>" in section and section.count("<td><ul><li>") == 3  # still a table, lists in cells
    assert re.findall(r"<(ins|del)>([^<]*)</\1>", section) == [("del", "Five"), ("ins", "Seven")]
    assert "<td><del>Five</del><ins>Seven</ins> years after the contract ends</td>" in section
    assert re.search(r'href="[^"]*#preamble">Preamble</a>', changes)  # the unchanged opening, named by the catalogs


def test_two_trailing_spaces_are_an_error_in_new_text_naming_the_fix(policy_repo):
    repo = structured_site(policy_repo())
    repo.write("policy/privacy/en/contact.md", "## Contact\n\nGEN Consulting Co., Ltd.  \nTokyo 100-0005, Japan\n")
    found_errors, _ = run_checks(repo.path, "policy", ("ja", "en"))
    assert [(f.path, f.line, f.code) for f in found_errors] == [("policy/privacy/en/contact.md", 3, "trailing-break")]
    assert "`<br>`" in found_errors[0].message


def test_only_the_first_section_may_be_untitled(policy_repo):
    repo = structured_site(policy_repo())
    repo.write("policy/privacy/en/contact.md", "Write to us at info@example.com.\n")
    found_errors, _ = run_checks(repo.path, "policy", ("ja", "en"))
    assert [(f.path, f.code) for f in found_errors] == [("policy/privacy/en/contact.md", "missing-title")]
