"""In a real browser: a link to `changes/#v<version>` made before the release moved to an older page of the change
history leads to the page that shows it, scrolled to the release; the pager moves between pages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_policy import urls

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from synth import make_history  # noqa: E402


@pytest.fixture(scope="module")
def long_site(server, tmp_path_factory):
    history = make_history(tmp_path_factory.mktemp("long") / "repo", documents=1, releases=25, sections=3, seed=16)
    target = server.root / "long"
    base = server.url("long/")
    (history.root / "mkdocs.yml").write_text(
        (history.root / "mkdocs.yml").read_text(encoding="utf-8").replace("https://policy.example.com/", base), encoding="utf-8"
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(history.epoch), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=history.root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    versions = [version for _doc, version, _sha in history.releases]
    return base, history.documents[0], versions


def test_an_old_link_to_a_release_on_the_first_page_follows_it_to_its_page(long_site, open_context):
    base, doc, versions = long_site
    oldest = "v" + "".join(c if c.isalnum() or c in "-_" else "-" for c in versions[0])
    context, watch = open_context()
    page = context.new_page()
    page.goto(f"{base}en/{doc}/changes/#{oldest}")
    last = -(-len(versions) // urls.RELEASES_PER_PAGE)
    page.wait_for_url(f"{base}en/{doc}/changes/page/{last}/#{oldest}")
    heading = page.locator(f"#{oldest}")
    assert heading.count() == 1 and heading.is_visible()
    assert heading.evaluate("el => el.getBoundingClientRect().top < window.innerHeight")
    # The pager leads back to the newest releases.
    page.get_by_role("link", name="1", exact=True).first.click()
    page.wait_for_url(f"{base}en/{doc}/changes/")
    newest = "v" + "".join(c if c.isalnum() or c in "-_" else "-" for c in versions[-1])
    assert page.locator(f"#{newest}").count() == 1
    assert not watch.errors


def test_an_anchor_on_the_first_page_stays_there(long_site, open_context):
    base, doc, versions = long_site
    newest = "v" + "".join(c if c.isalnum() or c in "-_" else "-" for c in versions[-1])
    context, watch = open_context()
    page = context.new_page()
    page.goto(f"{base}en/{doc}/changes/#{newest}")
    page.wait_for_timeout(300)
    assert page.url == f"{base}en/{doc}/changes/#{newest}"
    assert not watch.errors
