"""Hostile input: what in a policy's Markdown could run script or break out of the page is an error.

Policy text is published by Python-Markdown, which passes raw HTML through and does not sanitise link
targets, and MkDocs needs ``attr_list``, which can set any attribute. So the rule is strict and simple:

- raw HTML (a tag, a comment, a processing instruction) in policy text is an error — policy text is
  Markdown; markup to be shown goes in a code span (`` `<b>` ``), which Markdown escapes;
- a link or image whose target has a scheme other than ``http``, ``https``, ``mailto`` or ``tel``
  (``javascript:``, ``data:``, ``vbscript:``, ``file:`` …) is an error, after HTML entities and
  whitespace are removed (``jav&#x61;script:`` is ``javascript:``);
- an attribute list may set ``#id``, ``.class`` and the attributes ``title``, ``lang``, ``dir``,
  ``target``, ``rel``, ``hreflang`` only; anything else (``onclick``, ``style``, ``href`` …) is an error.

Everything else that reaches a page (titles, summaries, quotes in link titles) is text and is escaped
where it is output.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from functools import lru_cache

from ..findings import Finding
from ..model import DocumentText
from ..sources.markdown_scan import scan
from .prose import code_spans

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
SAFE_ATTRIBUTES = frozenset({"title", "lang", "dir", "target", "rel", "hreflang"})

TAG_START = re.compile(r"<(?:[A-Za-z]|/[A-Za-z]|!|\?)")
SAFE_AUTOLINK = re.compile(r"<(?:https?://[^<>\s]*|mailto:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>", re.IGNORECASE)
LINK_START = re.compile(r"\]\(\s*<?")
REFERENCE_DEF = re.compile(r"^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?")
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*?)[ \t]*\}")
ATTR_PAIR = re.compile(r"([^\s=\"']+)[ \t]*=[ \t]*(?:\"[^\"]*\"|'[^']*'|[^\s}]*)")
TARGET_CHARS = 200


def _code_masked(line: str) -> str:
    chars = list(line)
    for start, end in code_spans(line):
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def link_scheme(target: str) -> str | None:
    """The scheme a browser would see in ``target`` (entities decoded, invisible characters removed)."""
    cleaned = INVISIBLE.sub("", html.unescape(target[:TARGET_CHARS])).lower()
    match = SCHEME.match(cleaned)
    return match.group(1) if match else None


def _target_at(line: str, start: int) -> str:
    end = start
    while end < len(line) and end - start < TARGET_CHARS and line[end] not in ")> \t\"'":
        end += 1
    return line[start:end]


def check_safety(text: DocumentText, label: str | None = None) -> list[Finding]:
    pre = "" if label is None else f"(release {label}) "
    findings: list[Finding] = []
    for _lang, lang_text in sorted(text.languages.items()):
        for section in lang_text.sections:
            findings.extend(replace(f, message=pre + f.message) if pre else f for f in _section_safety(section.markdown, section.path))
    return findings


# By text: a section recurs unchanged in most releases; only the release label in front of a message differs.
@lru_cache(maxsize=4096)
def _section_safety(markdown: str, path: str) -> tuple[Finding, ...]:
    findings: list[Finding] = []
    for number, raw in scan(markdown).prose_lines:
        line = _code_masked(raw)
        findings.extend(_raw_html(path, number, line, ""))
        findings.extend(_link_targets(path, number, line, ""))
        findings.extend(_attributes(path, number, line, ""))
    return tuple(findings)


def _raw_html(path: str, number: int, line: str, pre: str) -> list[Finding]:
    found = []
    safe = {m.start() for m in SAFE_AUTOLINK.finditer(line)}
    # `[x](<target>)` and `[x]: <target>`: the angle brackets of a link target are not HTML (the target is checked below).
    safe.update(m.end() - 1 for m in LINK_START.finditer(line) if m.group().endswith("<"))
    ref = REFERENCE_DEF.match(line)
    if ref and ref.group().endswith("<"):
        safe.add(ref.end() - 1)
    for match in TAG_START.finditer(line):
        if match.start() in safe:
            continue
        snippet = line[match.start() : match.start() + 24].split(">")[0] + (">" if ">" in line[match.start() : match.start() + 24] else "…")
        found.append(
            Finding(
                path,
                number,
                f"{pre}raw HTML {snippet!r} is not allowed in policy text (it would be published as is): write it in Markdown, "
                "or, to show markup as text, put it in a code span (`<b>`)",
                code="raw-html",
            )
        )
        break  # one finding per line is enough to act on
    return found


def _link_targets(path: str, number: int, line: str, pre: str) -> list[Finding]:
    found = []
    starts = [m.end() for m in LINK_START.finditer(line)]
    ref = REFERENCE_DEF.match(line)
    if ref:
        starts.append(ref.end())
    for start in starts:
        target = _target_at(line, start)
        scheme = link_scheme(target)
        if scheme is not None and scheme not in SAFE_SCHEMES:
            found.append(
                Finding(
                    path,
                    number,
                    f"{pre}link target {target[:40]!r} uses the scheme {scheme!r}: only http, https, mailto and tel links "
                    "and links within the site are allowed",
                    code="unsafe-link",
                )
            )
    return found


def _attributes(path: str, number: int, line: str, pre: str) -> list[Finding]:
    found = []
    for match in ATTR_LIST.finditer(line):
        for pair in ATTR_PAIR.finditer(match.group(1)):
            key = pair.group(1).lower()
            if key not in SAFE_ATTRIBUTES:
                found.append(
                    Finding(
                        path,
                        number,
                        f"{pre}attribute list sets {key!r}: policy text may only set #id, .class and {', '.join(sorted(SAFE_ATTRIBUTES))}",
                        code="unsafe-attribute",
                    )
                )
            elif link_scheme(pair.group(0).split("=", 1)[1].strip().strip("\"'")) not in (None, *SAFE_SCHEMES):
                found.append(Finding(path, number, f"{pre}attribute {key!r} holds a script URL", code="unsafe-attribute"))
    return found
