"""Hostile input is judged on output: the HTML the site's own Markdown pipeline publishes for a section.

Every section (its title included) is converted by the pipeline that builds the pages
(``sources.markdown_model``) and held against an allowlist sanitizer, nh3 (Ammonia). If nh3 would
remove or change anything — a tag, an attribute, a link target — that is an error at ``file:line``
naming what was refused and what to write instead. Guessing what Python-Markdown will do from the
source (is this fence open? is this a tag?) is what let a script through before; here nothing is
guessed, and what passes is exactly what is published.

The allowlist (SPEC §11) is structure and emphasis, never behaviour or style: tables (lists in cells
included), lists, paragraphs, line breaks, emphasis, ``abbr``, definition lists, quotes, code, ``span``
and ``a``; links to http(s), mailto, tel, ``#anchors`` and relative paths. Python-Markdown's own
output (headings with ids, rules, table alignment) is allowed with it.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import re
import sys
from dataclasses import replace
from functools import cache, lru_cache
from html.parser import HTMLParser
from importlib import metadata

import nh3

from ..diskcache import WARM, pipeline_stamp
from ..findings import Finding
from ..model import DocumentText
from ..sources.markdown_model import DEFAULT_PIPELINE, Node, Pipeline, html_tree, parse, source_line

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
STRUCTURE_TAGS = frozenset(
    {
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
        "ul", "ol", "li", "p", "br", "strong", "em", "b", "i", "u", "s", "sup", "sub", "small",
        "abbr", "dl", "dt", "dd", "blockquote", "code", "pre", "span", "a",
    }
)  # fmt: skip
# What Python-Markdown itself writes for Markdown (headings, rules) and common extensions (admonitions, footnotes).
MARKDOWN_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "hr", "div", "del", "ins", "mark", "details", "summary"})
ALLOWED_TAGS = STRUCTURE_TAGS | MARKDOWN_TAGS
GENERIC_ATTRIBUTES = frozenset({"id", "class", "lang", "dir"})
TAG_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan", "style", "align"},
    "th": {"colspan", "rowspan", "style", "align", "scope"},
    "ol": {"start", "type", "reversed"},
    "ul": {"type"},
    "li": {"value"},
    "details": {"open"},
}
STYLE_PROPERTIES = frozenset({"text-align"})  # the tables extension aligns columns with it
DANGEROUS = frozenset({"script", "style", "iframe", "object", "embed", "frame", "frameset", "svg", "math", "form", "base", "meta", "link"})
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
TARGET_CHARS = 200
HINT_ALLOWED = "table, lists, p, br, strong, em, b, i, u, s, sup, sub, small, abbr, dl, blockquote, code, pre, span, a"


def link_scheme(target: str) -> str | None:
    """The scheme a browser would see in ``target`` (entities decoded, invisible characters removed)."""
    cleaned = INVISIBLE.sub("", htmllib.unescape(target[:TARGET_CHARS])).lower()
    match = SCHEME.match(cleaned)
    return match.group(1) if match else None


def sanitize(html: str) -> str:
    """``html`` through the §11 allowlist (what nh3 lets through)."""
    attributes = {tag: set(names) for tag, names in TAG_ATTRIBUTES.items()}
    attributes["*"] = set(GENERIC_ATTRIBUTES)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes=attributes,
        url_schemes=set(SAFE_SCHEMES),
        link_rel=None,
        strip_comments=True,
        filter_style_properties=set(STYLE_PROPERTIES),
    )


class _Events(HTMLParser):
    """A serialisation-independent form of HTML: tags with sorted, decoded attributes; text merged."""

    def __init__(self, starts: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []
        # Each element as the tree builder (markdown_model.html_tree) makes it, in document order: the same
        # tokenizer, so one pass serves both the allowlist walk and the comparison with the sanitizer.
        self.starts: list[Node] | None = [] if starts else None

    def _text(self, data: str) -> None:
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))

    def handle_starttag(self, tag, attrs):
        if self.starts is not None:
            self.starts.append(Node(tag, {k: v or "" for k, v in attrs}))
        self.events.append(("start", tag, tuple(sorted((k, _style(v) if k == "style" else (v or "")) for k, v in attrs))))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag not in ("br", "hr", "col", "img", "wbr"):
            self.events.append(("end", tag))

    def handle_data(self, data):
        self._text(data)

    def handle_comment(self, data):
        self.events.append(("comment", data))

    def handle_decl(self, decl):
        self.events.append(("decl", decl))

    def handle_pi(self, data):
        self.events.append(("pi", data))

    def unknown_decl(self, data):
        self.events.append(("decl", data))


def _style(value: str | None) -> str:
    parts = [p.strip() for p in (value or "").split(";") if p.strip()]
    return ";".join(":".join(x.strip() for x in p.split(":", 1)) for p in parts)


def events(html: str) -> list[tuple]:
    return _scan(html)[0]


def _scan(html: str, starts: bool = False) -> tuple[list[tuple], list[Node]]:
    """The events of ``html`` and (with ``starts``) its elements in document order, from one parse."""
    parser = _Events(starts)
    parser.feed(html)
    parser.close()
    # A browser puts rows written straight into a table into a tbody, as the sanitizer does: not a change.
    kept = [e for e in parser.events if not (e[0] in ("start", "end") and e[1] == "tbody" and (len(e) == 2 or not e[2]))]
    return kept, parser.starts or []


def refused(html: str, before: list[tuple] | None = None) -> bool:
    """Would the sanitizer change ``html``? (Compared as parsed trees: quoting and entities do not count.)"""
    clean = sanitize(html)
    if clean == html:
        return False  # the very same string parses into the very same events
    return (events(html) if before is None else before) != events(clean)


def check_safety(text: DocumentText, label: str | None = None, pipeline: Pipeline | None = None) -> list[Finding]:
    pre = "" if label is None else f"(release {label}) "
    findings: list[Finding] = []
    for _lang, lang_text in sorted(text.languages.items()):
        for section in lang_text.sections:
            found = section_safety(section.markdown, section.path, section.id, pipeline)
            findings.extend(replace(f, message=pre + f.message) if pre else f for f in found)
    return findings


# By text: a section recurs unchanged in most releases; only the release label in front of a message differs.
@lru_cache(maxsize=4096)
def section_safety(markdown: str, path: str, anchor: str | None = None, pipeline: Pipeline | None = None) -> tuple[Finding, ...]:
    if WARM.directory is None:  # outside a build (CLI, tests): nothing on disk
        return _section_safety(markdown, path, anchor, pipeline)
    # In a build, the verdict of the previous build on the very same input: the key holds the text, its
    # anchor and path, the pipeline with the versions of Markdown and its extensions and this package's code
    # (as the model the HTML comes from, markdown_model._parse), and the versions of nh3 and of Python
    # (html.parser). Any other input is judged afresh.
    used = pipeline or DEFAULT_PIPELINE
    family = hashlib.sha256(used.key.encode()).hexdigest()[:16]
    generation = f"safety/{family}/{pipeline_stamp(used.key, used.extensions)}"
    key = ["safety", _judges(), markdown, path, anchor]
    stored = WARM.get(generation, key)
    if isinstance(stored, list):
        try:
            return tuple(Finding(str(p), int(n), str(m), str(k), str(c)) for p, n, m, k, c in stored)
        except (TypeError, ValueError):
            pass  # not written by this code: judged again
    found = _section_safety(markdown, path, anchor, pipeline)
    # A lone surrogate quoted in a message is not UTF-8: put keeps nothing (judged again next time).
    WARM.put(generation, key, [[f.path, f.line, f.message, f.kind, f.code] for f in found])
    return found


@cache
def _judges() -> tuple[str, str]:
    try:
        version = metadata.version("nh3")
    except metadata.PackageNotFoundError:
        version = ""
    return version, sys.version


def _section_safety(markdown: str, path: str, anchor: str | None, pipeline: Pipeline | None) -> tuple[Finding, ...]:
    html = parse(markdown, pipeline, anchor).html
    # One parse of the published HTML serves both judges below.
    before, elements = _scan(html, starts=True)
    # Our own walk of the same allowlist runs too: a browser strips spaces and tabs from a URL
    # (' java\tscript:') where Ammonia's URL parser sees a relative path.
    findings = _explain(markdown, html, path, elements)
    if not findings and refused(html, before):
        first = _first_difference(html)
        findings.append(
            Finding(
                path,
                source_line(markdown, first, 1) if first else 1,
                f"the HTML of this section would be changed by the sanitizer near {first[:40]!r} (misnested or unclosed tags): "
                "write the structure in Markdown, or close every tag you open",
                code="raw-html",
            )
        )
    return tuple(findings)


def _first_difference(html: str) -> str:
    before, after = events(html), events(sanitize(html))
    for a, b in zip(before, after, strict=False):
        if a != b:
            return _describe(a)
    extra = before[len(after) :] if len(before) > len(after) else after[len(before) :]
    return _describe(extra[0]) if extra else ""


def _describe(event: tuple) -> str:
    if event[0] in ("start", "end"):
        return f"<{'/' if event[0] == 'end' else ''}{event[1]}"
    return str(event[1])[:40]


def _explain(markdown: str, html: str, path: str, elements: list[Node] | None = None) -> list[Finding]:
    found: list[Finding] = []
    seen: set[str] = set()

    def add(needle: str, message: str, code: str) -> None:
        if message in seen:
            return
        seen.add(message)
        line = source_line(markdown, needle, 0)
        if not line and needle == "<img":
            line = source_line(markdown, "![", 0)  # a Markdown image
        found.append(Finding(path, line or 1, message, code=code))

    if "<!--" in html:
        add(
            "<!--",
            "an HTML comment (`<!-- … -->`) is not allowed in policy text (it would be published in the page source): "
            "remove it and keep notes for editors outside the text",
            "raw-html",
        )
    if re.search(r"<[!?](?!--)", html):
        add("<!", "a declaration or processing instruction (`<!…>`, `<?…>`) is not allowed in policy text: remove it", "raw-html")
    # Every element in document order (html_tree's walk without its root), from the caller's parse when given.
    nodes = elements if elements is not None else [n for n in html_tree(html).walk() if n.tag != "#root"]
    for node in nodes:
        _check_node(node, add)
    return found


def _check_node(node: Node, add) -> None:
    tag = node.tag
    if tag not in ALLOWED_TAGS:
        if tag == "img":
            add(
                "<img",
                "an image (`![…](…)` or `<img>`) is not allowed in policy text (it would load something in a reader's browser): "
                "a policy is text; link to the picture instead, e.g. `[floor plan](https://example.com/plan.png)`",
                "raw-html",
            )
        elif tag in DANGEROUS or tag.startswith(("java", "vbscript", "data")):
            add(
                f"<{tag}",
                f"raw HTML `<{tag}>` is not allowed in policy text (it would run or load something in a reader's browser): remove it; "
                f"to show markup as text, put it in a code span (`<{tag}>`)",
                "raw-html",
            )
        else:
            add(
                f"<{tag}",
                f"raw HTML `<{tag}>` is not allowed in policy text: write it in Markdown, or use the structural HTML allowed "
                f"({HINT_ALLOWED}); to show markup as text, put it in a code span (`<{tag}>`)",
                "raw-html",
            )
        return
    allowed = GENERIC_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, set())
    for name, value in sorted(node.attrs.items()):
        if name not in allowed:
            add(
                f"{name}=",
                f"attribute `{name}` on `<{tag}>` is not allowed in policy text (allowed: {', '.join(sorted(allowed))}): remove it",
                "unsafe-attribute",
            )
        elif name == "href":
            scheme = link_scheme(value)
            if scheme is not None and scheme not in SAFE_SCHEMES:
                add(
                    value[:24] or "href",
                    f"link target {value[:40]!r} uses the scheme {scheme!r}: only http, https, mailto and tel links, "
                    "#anchors and relative paths are allowed",
                    "unsafe-link",
                )
        elif name == "style":
            properties = {p.split(":", 1)[0].strip().lower() for p in value.split(";") if p.strip()}
            if properties - STYLE_PROPERTIES:
                add(
                    "style=",
                    f"attribute `style` on `<{tag}>` may only align text (text-align): remove {', '.join(sorted(properties - STYLE_PROPERTIES))}",
                    "unsafe-attribute",
                )
