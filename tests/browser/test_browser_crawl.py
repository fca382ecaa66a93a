"""Every page reachable from the entry page: links resolve, and nothing goes wrong in the browser."""

from __future__ import annotations

import pytest
from pagecheck import crawl, path_of, visit


@pytest.fixture(scope="module")
def crawled(any_site):
    return any_site, crawl(any_site.url(), any_site.base)


def test_every_internal_link_resolves(crawled):
    site, result = crawled
    paths = {path_of(url, site.base) for url in result.html_pages()}
    # The crawl really reached the site, from the entry page alone.
    for lang in site.languages:
        assert f"{lang}/{site.doc}/" in paths
        for version in site.versions:
            assert f"{lang}/{site.doc}/{version}/" in paths
    assert not result.broken, "broken links:\n" + "\n".join(result.broken)


def test_no_console_errors_and_no_third_party_requests(crawled, page):
    site, result = crawled
    problems = []
    for url in result.html_pages():
        page.watch.clear()
        visit(page, url)
        problems += [f"{path_of(url, site.base)}: {error}" for error in page.watch.errors]
        problems += [f"{path_of(url, site.base)}: request to {target}" for target in page.watch.external]
    assert not problems, "\n".join(problems)
