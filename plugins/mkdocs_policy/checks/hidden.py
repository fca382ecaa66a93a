"""Text that hides what it says (SPEC §10).

Errors, in every text (draft and releases), titles and summaries: bidirectional controls (U+202A–U+202E,
U+2066–U+2069), NUL and the other C0/C1 controls except tab and line feed, lone surrogates. An editorial
finding, in the draft's new writing: zero-width characters outside ``allow_terms``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from ..findings import EDITORIAL, Finding
from ..model import Document, DocumentText

BIDI = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
ZERO_WIDTH = frozenset({0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x200E, 0x200F, 0x180E})
# Every character hidden_problem names (kept in step with it by tests/test_hostile.py's cases).
HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _name(char: str) -> str:
    return f"U+{ord(char):04X}" + (f" {unicodedata.name(char)}" if unicodedata.name(char, "") else "")


def hidden_problem(char: str) -> str | None:
    """Why ``char`` may not appear in policy text, or None."""
    code = ord(char)
    if code in BIDI:
        return f"{_name(char)} (a bidirectional control) can make text read differently from what it says: remove it"
    if (code < 0x20 and char not in "\t\n") or 0x7F <= code <= 0x9F:
        return f"the control character {_name(char)} is not text (it can hide or cut what follows): remove it"
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X} is a lone surrogate, not a character (a broken escape?): remove it"
    return None


def hidden_in(text: str) -> list[tuple[int, str]]:
    """(line, problem) for each hidden character of ``text``, once per character kind and line."""
    return list(_hidden_in(text))


# By text: a section recurs unchanged in most releases, and under `mkdocs serve` in every rebuild.
@lru_cache(maxsize=16384)
def _hidden_in(text: str) -> tuple[tuple[int, str], ...]:
    found: list[tuple[int, str]] = []
    if HIDDEN.search(text) is None:  # the common case, in C: a long history is megabytes of text
        return ()
    for number, line in enumerate(text.split("\n"), start=1):
        seen: set[str] = set()
        for char in line:
            if char in seen:
                continue
            problem = hidden_problem(char)
            if problem is not None:
                seen.add(char)
                found.append((number, problem))
    return tuple(found)


def check_hidden(text: DocumentText, label: str | None = None) -> list[Finding]:
    """Errors for hidden characters in every section file and title of one text."""
    findings = []
    prefix = f"(release {label}) " if label else ""
    for lang_text in text.languages.values():
        for section in lang_text.sections:
            for line, problem in hidden_in(section.markdown):
                findings.append(Finding(section.path, line, prefix + problem, code="hidden-character"))
    meta_path = _meta_path(text)
    for lang, title in sorted(text.meta.title.items()):
        for _line, problem in hidden_in(title):
            findings.append(Finding(meta_path, 1, f"{prefix}title ({lang}): {problem}", code="hidden-character"))
    return findings


def _meta_path(text: DocumentText) -> str:
    for lang_text in text.languages.values():
        for section in lang_text.sections:
            return section.path.rsplit("/", 2)[0] + "/document.yml"
    return f"{text.doc_id}/document.yml"


def zero_width_findings(document: Document) -> list[Finding]:
    """Editorial: zero-width characters in the draft's new writing (sections changed since the latest release)."""
    draft = document.draft
    if draft is None:
        return []
    latest = document.releases[-1].text if document.releases else None
    terms = tuple(t for t in draft.meta.allow_terms if any(ord(c) in ZERO_WIDTH for c in t))
    findings = []
    for lang, lang_text in sorted(draft.languages.items()):
        before = latest.languages.get(lang) if latest is not None else None
        for section in lang_text.sections:
            old = before.section(section.id) if before is not None else None
            if old is not None and old.digest == section.digest:
                continue
            for number, line in enumerate(section.markdown.split("\n"), start=1):
                for char in _zero_width(_without(line, terms)):
                    findings.append(
                        Finding(
                            section.path,
                            number,
                            f"{_name(char)} is invisible: it can split a word that searches and readers then miss; remove it, "
                            "or add the term that needs it to allow_terms",
                            kind=EDITORIAL,
                            code="zero-width",
                        )
                    )
    return findings


def _without(line: str, terms: Iterable[str]) -> str:
    for term in terms:
        line = line.replace(term, "")
    return line


def _zero_width(line: str) -> list[str]:
    if line.isascii():
        return []
    return sorted({c for c in line if ord(c) in ZERO_WIDTH})
