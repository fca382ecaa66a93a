"""Helpers of the browser tests: a static crawler of a served site, and measurements taken inside pages."""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src", "source": "src"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, url as written)
        self.ids: set[str] = set()
        self.refresh: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if values.get(key):
                self.ids.add(values[key])
        attr = LINKING.get(tag)
        if attr and values.get(attr) is not None:
            if tag == "link" and (values.get("rel") or "") in ("preconnect", "dns-prefetch"):
                return
            self.links.append((tag, values[attr]))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            _, _, target = (values.get("content") or "").partition("url=")
            if target:
                self.refresh = target.strip()
                self.links.append(("meta", self.refresh))


@dataclass
class Fetched:
    url: str
    status: int
    content_type: str
    body: bytes = b""
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, absolute URL with fragment)
    refresh: str | None = None  # where a <meta http-equiv="refresh"> sends the reader

    @property
    def is_html(self) -> bool:
        return self.status == 200 and "text/html" in self.content_type


def fetch(url: str) -> Fetched:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body = response.read()
            fetched = Fetched(response.geturl(), response.status, response.headers.get("Content-Type", ""), body)
    except urllib.error.HTTPError as error:
        return Fetched(url, error.code, "")
    if fetched.is_html:
        parser = _Links()
        parser.feed(body.decode("utf-8"))
        fetched.ids = parser.ids
        fetched.refresh = parser.refresh
        fetched.links = [(tag, urljoin(fetched.url, href)) for tag, href in parser.links]
    return fetched


@dataclass
class Crawl:
    pages: dict[str, Fetched]  # every HTML page reached from the entry page, by URL
    broken: list[str]  # "page → link (why)"

    def html_pages(self) -> list[str]:
        return sorted(url for url, fetched in self.pages.items() if fetched.is_html)

    def staying_pages(self) -> list[str]:
        """The HTML pages that do not send the reader on at once (a language home with one document does)."""
        return [url for url in self.html_pages() if self.pages[url].refresh is None]


@cache  # one crawl per site and test process: several test modules iterate over the same pages
def crawl(start: str, base: str) -> Crawl:
    """Follow every link, stylesheet, script and image under ``base`` from ``start``; check every fragment."""
    seen: dict[str, Fetched] = {}
    queue = deque([start])
    references: list[tuple[str, str]] = []  # (from page, to URL with fragment)
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        fetched = fetch(url)
        seen[url] = fetched
        for _tag, target in fetched.links:
            if not target.startswith(base):
                continue
            references.append((url, target))
            bare, _ = urldefrag(target)
            if bare not in seen:
                queue.append(bare)
    broken = []
    for source, target in references:
        bare, fragment = urldefrag(target)
        fetched = seen[bare]
        if fetched.status != 200:
            broken.append(f"{source} → {target} (HTTP {fetched.status})")
        elif fragment and fetched.is_html and unquote(fragment) not in fetched.ids:
            broken.append(f"{source} → {target} (no element with id {unquote(fragment)!r})")
    return Crawl({url: f for url, f in seen.items() if f.status == 200}, sorted(set(broken)))


def path_of(url: str, base: str) -> str:
    return urlsplit(url).path[len(urlsplit(base).path) :]


def heading_in_view(page: Page, anchor: str) -> bool:
    """The element with id ``anchor`` is on screen, near the top unless the page cannot scroll further."""
    return page.evaluate(
        """(id) => {
          const r = document.getElementById(id).getBoundingClientRect();
          const atEnd = scrollY >= document.documentElement.scrollHeight - innerHeight - 1;
          return r.top >= 0 && r.bottom <= innerHeight && (r.top < 160 || atEnd);
        }""",
        anchor,
    )


def visit(page: Page, url: str, settle: bool = True) -> None:
    """Open a page; with ``settle``, also let its scripts finish (search index, …), which takes ≥ 0.5 s."""
    page.goto(url)
    if settle:
        # Loaded, but a request may still run on a loaded 2-core machine (seen once in CI): the page's own checks
        # follow, and console errors and outside requests stay watched, so nothing is waved through.
        with contextlib.suppress(PlaywrightTimeoutError):
            page.wait_for_load_state("networkidle", timeout=45_000)


# The contrast ratio of WCAG 2.x, computed from the colours the browser actually paints.
CONTRAST_JS = """
(el) => {
  function parse(c) {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  }
  function over(top, bottom) {
    const a = top.a + bottom.a * (1 - top.a);
    if (a === 0) return {r: 0, g: 0, b: 0, a: 0};
    const mix = (x, y) => (x * top.a + y * bottom.a * (1 - top.a)) / a;
    return {r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: a};
  }
  // The background behind el: its own and its ancestors' backgrounds, composited over white.
  let layers = [];
  for (let node = el; node; node = node.parentElement) {
    const bg = parse(getComputedStyle(node).backgroundColor);
    if (bg && bg.a > 0) layers.push(bg);
    if (bg && bg.a >= 1) break;
  }
  let background = {r: 255, g: 255, b: 255, a: 1};
  for (let i = layers.length - 1; i >= 0; i--) background = over(layers[i], background);
  const fg = over(parse(getComputedStyle(el).color), background);
  function lum(c) {
    const ch = [c.r, c.g, c.b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  }
  const l1 = lum(fg), l2 = lum(background);
  return {ratio: (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05), color: getComputedStyle(el).color,
          background: `rgb(${Math.round(background.r)}, ${Math.round(background.g)}, ${Math.round(background.b)})`};
}
"""

# Headings of the page in document order, visible or not (a screen reader lists them all).
HEADINGS_JS = """
() => Array.from(document.querySelectorAll("h1, h2, h3, h4, h5, h6"))
  .filter(h => !h.closest("[hidden], template"))
  .map(h => ({level: Number(h.tagName[1]), text: h.textContent.trim().slice(0, 60), id: h.id}))
"""
