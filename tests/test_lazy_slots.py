"""Lazy slots (render/pages.py ``Lazy``): generated HTML made when MkDocs writes its page, not held from planning.

A long history's since pages are ~1000 cumulative redlines; held from planning until written they were most of a
500-release build's memory. A lazy slot holds a key (what the HTML is made of) and a way to make it.
"""

from __future__ import annotations

from datetime import date

from test_since import BASE, long_site

from mkdocs_policy.build import build_site
from mkdocs_policy.render.pages import Lazy, slot_html
from mkdocs_policy.serve import page_key

from policyrepo import epoch_of


def test_a_since_page_holds_a_key_until_written_and_the_written_page_has_its_html(policy_repo):
    repo = long_site(policy_repo, "lazy")
    planned = build_site(repo.path, today=date(2026, 2, 10), site_url=BASE).pages
    since = {p.path: p for p in planned if p.kind == "since"}
    assert len(since) == 6 * 2  # six older releases × two languages
    for page in since.values():
        redline = page.slots["redline"]
        assert isinstance(redline, Lazy)
        # The serve fingerprint names what the redline is made of, never the HTML itself.
        key = page_key(page)
        assert "Lazy(key=" in key and f"'{page.version}'" in key
        assert slot_html(redline) not in key
    site = repo.build(epoch=epoch_of("2026-02-10"))
    for path, page in since.items():
        written = (site / path / "index.html").read_text(encoding="utf-8")
        html = slot_html(page.slots["redline"])  # made now, after the build: the same HTML the build wrote
        assert "<ins>" in html or "<del>" in html
        assert html in written, path
        assert 'data-policy-slot="redline"' not in written


def test_a_lazy_slot_is_made_each_time_it_is_asked_for_and_compares_by_its_key():
    made = []

    def make() -> str:
        made.append(1)
        return "<p>x</p>"

    one, same = Lazy(("a", 1), make), Lazy(("a", 1), lambda: "<p>other</p>")
    assert one == same and repr(one) == repr(same) == "Lazy(key=('a', 1))"
    assert not made  # nothing made until asked
    assert slot_html(one) == slot_html(one) == "<p>x</p>" and len(made) == 2  # nothing kept: made when written
    assert slot_html("<p>plain</p>") == "<p>plain</p>"
