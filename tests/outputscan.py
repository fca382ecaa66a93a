"""Scan every output file of a built site for what would run or load in a reader's browser from policy text.

A site's own theme ships scripts; policy text must add none. Hostile inputs carry MARK, so a script,
style or frame is reported when it carries MARK (or comes from policy text at all, for frames and
embedded objects, which the theme never writes); event handlers and script URLs are reported wherever
they are, since neither the theme nor the plugin writes any.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

MARK = "1337"
SCRIPTY_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcdoc", "background", "cite"}
NEVER = {"iframe", "object", "embed", "frame", "frameset", "applet", "base"}  # (Material has a search <form>)
HTML_KEYS = ("html", "content_html")  # the API's and the JSON Feed's HTML; every other string is plain text


class Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._raw: str | None = None  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._raw = tag
        if tag in NEVER:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            compact = "".join(value.split()).lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value[:60]!r}>")
            if name in URL_ATTRIBUTES and compact.startswith(SCRIPTY_SCHEMES):
                self.found.append(f"<{tag} {name}={value[:60]!r}>")
            if tag in ("script", "link", "img", "svg") and name in URL_ATTRIBUTES and MARK in value:  # loads it (a title is text)
                self.found.append(f"<{tag} {name}={value[:60]!r}>")
            if name == "style" and MARK in value:
                self.found.append(f"<{tag} style={value[:60]!r}>")
        if tag in ("svg", "math") and any(MARK in (v or "") for _, v in attrs):
            self.found.append(f"<{tag}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == self._raw:
            self._raw = None

    def handle_data(self, data):
        if self._raw is not None and MARK in data:
            self.found.append(f"<{self._raw}>{data[:80]}")


def executable_in_html(text: str) -> list[str]:
    finder = Finder()
    finder.feed(text)
    finder.close()
    return finder.found


def _html_values(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in HTML_KEYS and isinstance(item, str):
                yield item
            else:
                yield from _html_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _html_values(item)


def executable_in_site(site: Path) -> dict[str, list[str]]:
    """Every output file of ``site`` (pages, redlines, feeds, API, search index) → what would run from it."""
    found: dict[str, list[str]] = {}
    for file in sorted(site.rglob("*")):
        if not file.is_file() or file.suffix not in (".html", ".json", ".xml"):
            continue
        rel = file.relative_to(site).as_posix()
        text = file.read_text(encoding="utf-8")
        problems: list[str] = []
        if file.suffix == ".html":
            problems = executable_in_html(text)
        elif file.suffix == ".json":
            data = json.loads(text)
            for value in _html_values(data):
                problems.extend(executable_in_html(value))
            if rel.endswith("search_index.json"):  # Material puts its index's text into pages as HTML
                for doc in data.get("docs", []):
                    problems.extend(executable_in_html(doc.get("text", "")) + executable_in_html(doc.get("title", "")))
        else:
            root = ET.fromstring(text)  # the feed is well-formed XML whatever the input
            for element in root.iter():
                if element.get("type") in ("html", "xhtml") and element.text:
                    problems.extend(executable_in_html(element.text))
                if any("".join(v.split()).lower().startswith(SCRIPTY_SCHEMES) for v in element.attrib.values()):
                    problems.append(f"{element.tag} {element.attrib}")
        if problems:
            found[rel] = problems
    return found
