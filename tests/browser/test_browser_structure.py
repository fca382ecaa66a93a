"""A legal team's policy in a real browser (SPEC §11): a 4-column table with lists in cells scrolls inside its
own block on a phone (never the page) and prints whole; the address keeps its breaks; the untitled opening
has no heading. Screenshots at desktop and 390 px, in both languages, for the README (screenshots/)."""

from __future__ import annotations

import pytest
import yaml
from conftest import build_repo
from pagecheck import visit
from structure_site import structured_site

from mkdocs_policy import urls

from policyrepo import PolicyRepo

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TABLE_BOX = """() => { const t = document.querySelector('article table');
  const box = t.closest('.md-typeset__scrollwrap') || t;
  return {page: [document.documentElement.scrollWidth, innerWidth], table: [t.scrollWidth, box.clientWidth, box.scrollWidth],
          display: getComputedStyle(t).display, lists: t.querySelectorAll('td ul li').length,
          breaks: document.querySelectorAll('article br').length,
          headings: Array.from(document.querySelectorAll('article h2')).map(h => h.id)}; }"""


@pytest.fixture(scope="module")
def structured(server, tmp_path_factory):
    repo = PolicyRepo(tmp_path_factory.mktemp("structure") / "repo")
    config = yaml.safe_load(repo.read("mkdocs.yml"))
    config["theme"]["font"] = False  # no request to Google Fonts (a policy site asks no third party)
    repo.write("mkdocs.yml", yaml.safe_dump(config, allow_unicode=True))
    return build_repo(structured_site(repo), server, "structure")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_wide_table_scrolls_inside_its_block_and_prints_whole(structured, open_context, screenshots_dir, lang):
    context, watch = open_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=1)
    page = context.new_page()
    visit(page, structured.url(urls.document(lang, "privacy")))
    seen = page.evaluate(TABLE_BOX)
    assert seen["page"][0] <= seen["page"][1], seen  # the page never scrolls sideways
    assert seen["table"][0] > seen["table"][1] or seen["table"][2] > seen["table"][1], seen  # the table does, inside its box
    assert seen["lists"] == 7 and seen["breaks"] >= 3
    assert "preamble" not in seen["headings"] and seen["headings"][:2] == ["bases", "contact"]  # no invented heading
    page.locator("article table").first.scroll_into_view_if_needed()
    page.screenshot(path=str(screenshots_dir / f"structure-{lang}-phone.png"), animations="disabled", caret="hide")
    page.emulate_media(media="print")
    assert page.evaluate("() => getComputedStyle(document.querySelector('article table')).display") == "table"
    desktop, _ = open_context(viewport=DESKTOP, color_scheme="light", device_scale_factor=1)
    wide = desktop.new_page()
    visit(wide, structured.url(urls.document(lang, "privacy")))
    wide.screenshot(path=str(screenshots_dir / f"structure-{lang}-desktop.png"), animations="disabled", caret="hide", full_page=True)
    redline = desktop.new_page()
    visit(redline, structured.url(urls.changes(lang, "privacy")))
    redline.locator(".policy-redline table").first.scroll_into_view_if_needed()
    assert redline.locator(".policy-redline table td ins").count() == 1 and redline.locator(".policy-redline table td del").count() == 1
    redline.screenshot(path=str(screenshots_dir / f"structure-{lang}-redline.png"), animations="disabled", caret="hide")
    assert not watch.errors
