"""Editorial findings: judgements on new writing in the draft, never on a published release.

They are reported by the build at INFO, printed by ``mkdocs-policy check`` (exit 1 with ``--strict``)
and refused by ``mkdocs-policy release`` unless acknowledged. Only sections whose text differs from
the latest release (or every section, before the first release) are judged: a published text is
never re-judged.

**Mixed script.** Machine translation leaves words of the source language in the target text. Two rules:

(a) *Japanese characters in a non-Japanese text.* Hiragana, Katakana (with its phonetic extensions
    and half-width forms), CJK ideographs (with extension A, the compatibility ideographs and the
    supplementary planes), CJK symbols and punctuation (``、。「」〜``), and full-width forms (``（）：Ａ``)
    in the text of any language other than Japanese are a finding, one per occurrence (a run of such
    characters, spaces inside the run included), on the line where it stands. Chinese and Korean texts,
    which write with the same ideographs, are judged on kana only.

(b) *An untranslated sentence in a Japanese text.* A run of **4 or more** Latin-script words joined
    only by spaces or tabs is a finding. A word is a run of Latin letters and digits, possibly joined
    by an apostrophe, hyphen or full stop (``don't``, ``opt-out``, ``e.g``), that holds at least one
    letter. Anything else ends a run: Japanese characters, full-width or ASCII punctuation (so the
    names in ``Google、Twitter、Facebook、Instagram`` or ``Google, Twitter`` are runs of one word each),
    and every masked part below. Three words can be a name (``Google Play Store``); four words in a
    row with nothing Japanese between them are a phrase that a Japanese text would translate, and every
    clause of an untranslated English sentence (``including but not limited to``) has four.

Both rules ignore what a reader does not read as prose: fenced code blocks, code spans, link targets
and titles (the link text is judged), reference definitions, autolinks, bare URLs, e-mail addresses,
``{#id}`` attribute lists, and every term listed in ``allow_terms`` of ``document.yml``
(company names, or a Latin-script name such as ``General Data Protection Regulation``).

**Translation parity.** A section whose text (its digest) changed since the latest release in one
language but not in another is a finding on the unchanged language's file, unless the language and
section are acknowledged: ``release --unchanged-translations ja=use`` records that a reviewer decided
the translation needs no change (``unchanged_translations`` in the ledger entry).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from ..findings import EDITORIAL, Finding
from ..model import Document, DocumentText, LanguageText, Section
from ..settings import DEFAULTS
from .prose import mask_line, prose_lines

# (a) Japanese characters; KANA only for languages that write with ideographs themselves.
JAPANESE_CHARS = (
    "\u3000-\u303f"  # CJK symbols and punctuation
    "\u3040-\u309f"  # Hiragana
    "\u30a0-\u30ff"  # Katakana
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\ufe30-\ufe4f"  # CJK compatibility forms
    "\uff00-\uffef"  # half-width and full-width forms
    "\U00020000-\U0002fa1f"  # CJK extensions B–F, compatibility supplement
)
KANA_CHARS = "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
JAPANESE_RUN = re.compile(f"[{JAPANESE_CHARS}]+(?:[ \\t]+[{JAPANESE_CHARS}]+)*")
KANA_RUN = re.compile(f"[{KANA_CHARS}]+(?:[ \\t]+[{KANA_CHARS}]+)*")

# (b) Latin-script words.
LATIN_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
TOKEN = f"[0-9{LATIN_LETTERS}]+(?:['’.\\-][0-9{LATIN_LETTERS}]+)*"
LATIN_RUN = re.compile(f"{TOKEN}(?:[ \\t]+{TOKEN})*")
LATIN_TOKEN = re.compile(TOKEN)
HAS_LETTER = re.compile(f"[{LATIN_LETTERS}]")
UNTRANSLATED_RUN_WORDS = 4

IDEOGRAPHIC_LANGUAGES = frozenset({"zh", "ko"})
QUOTE_LIMIT = 60


def primary(lang: str) -> str:
    return lang.split("-")[0].split("_")[0].lower()


def _quote(text: str) -> str:
    text = text.strip()
    return f"“{text}”" if len(text) <= QUOTE_LIMIT else f"“{text[: QUOTE_LIMIT - 1]}…”"


def japanese_in_line(line: str, lang: str, allow_terms: Iterable[str] = ()) -> list[str]:
    """Rule (a) on one line of plain text (a summary): the quoted occurrences."""
    pattern = KANA_RUN if primary(lang) in IDEOGRAPHIC_LANGUAGES else JAPANESE_RUN
    return [_quote(m.group()) for m in pattern.finditer(mask_line(line, allow_terms))]


def untranslated_in_line(line: str, allow_terms: Iterable[str] = (), threshold: int = UNTRANSLATED_RUN_WORDS) -> list[str]:
    """Rule (b) on one line of plain text (a summary): the quoted runs."""
    return [_quote(m.group()) for m in LATIN_RUN.finditer(mask_line(line, allow_terms)) if _words(m.group()) >= threshold]


def _words(run: str) -> int:
    return sum(1 for token in LATIN_TOKEN.findall(run) if HAS_LETTER.search(token))


def japanese_leftovers(section: Section, lang: str, allow_terms: Iterable[str], meta_path: str) -> list[Finding]:
    """Rule (a): Japanese characters in the text of a language other than Japanese."""
    pattern = KANA_RUN if primary(lang) in IDEOGRAPHIC_LANGUAGES else JAPANESE_RUN
    findings = []
    for number, line in prose_lines(section.markdown, allow_terms):
        for match in pattern.finditer(line):
            findings.append(
                Finding(
                    section.path,
                    number,
                    f"Japanese text {_quote(match.group())} in the {lang} text (column {match.start() + 1}): translate it, "
                    f"or, if it is a name that stays in Japanese, add it to allow_terms in {meta_path}",
                    EDITORIAL,
                    "mixed-script",
                )
            )
    return findings


def untranslated_runs(
    section: Section, lang: str, allow_terms: Iterable[str], meta_path: str, threshold: int = UNTRANSLATED_RUN_WORDS
) -> list[Finding]:
    """Rule (b): a run of ``threshold`` or more Latin-script words in a Japanese (non-Latin) text."""
    findings = []
    for number, line in prose_lines(section.markdown, allow_terms):
        for match in LATIN_RUN.finditer(line):
            words = _words(match.group())
            if words >= threshold:
                findings.append(
                    Finding(
                        section.path,
                        number,
                        f"{words} Latin-script words in a row in the {lang} text look like an untranslated sentence: "
                        f"{_quote(match.group())} (column {match.start() + 1}); translate it, or, if it is a name, "
                        f"add it to allow_terms in {meta_path}",
                        EDITORIAL,
                        "untranslated",
                    )
                )
    return findings


def mixed_script(section: Section, lang: str, allow_terms: Iterable[str], meta_path: str) -> list[Finding]:
    if primary(lang) == "ja":
        return untranslated_runs(section, lang, allow_terms, meta_path)
    findings = japanese_leftovers(section, lang, allow_terms, meta_path)
    if primary(lang) in IDEOGRAPHIC_LANGUAGES:
        findings.extend(untranslated_runs(section, lang, allow_terms, meta_path))
    return findings


def _changed(draft: LanguageText, released: LanguageText | None, section_id: str) -> bool:
    """Whether a section's text differs from the release (added or removed counts as changed)."""
    new = draft.section(section_id)
    old = released.section(section_id) if released is not None else None
    if new is None or old is None:
        return (new is None) != (old is None)
    return new.digest != old.digest


def translation_parity(
    draft: DocumentText, latest_text: DocumentText, latest_version: str, acknowledged: Mapping[str, Iterable[str]] | None = None
) -> list[Finding]:
    """A section changed in some languages since the latest release but not in the others."""
    acknowledged = {lang: set(ids) for lang, ids in (acknowledged or {}).items()}
    langs = sorted(draft.languages)
    ids: list[str] = list(draft.meta.sections)
    for lang in langs:
        released = latest_text.languages.get(lang)
        for sid in released.section_ids if released is not None else ():
            if sid not in ids:
                ids.append(sid)
    findings = []
    for sid in ids:
        changed = {lang: _changed(draft.languages[lang], latest_text.languages.get(lang), sid) for lang in langs}
        if not any(changed.values()) or all(changed.values()):
            continue
        changed_in = ", ".join(lang for lang in langs if changed[lang])
        for lang in langs:
            section = draft.languages[lang].section(sid)
            if changed[lang] or section is None or sid in acknowledged.get(lang, ()):
                continue
            findings.append(
                Finding(
                    section.path,
                    1,
                    f"section {sid!r} changed in {changed_in} since release {latest_version} but not in {lang}: update the {lang} "
                    f"text, or, if it needs no change, acknowledge it when releasing: "
                    f"`mkdocs-policy release … --unchanged-translations {lang}={sid}`",
                    EDITORIAL,
                    "translation-parity",
                )
            )
    return findings


def document_findings(
    document: Document, acknowledged: Mapping[str, Iterable[str]] | None = None, removed: Iterable[str] = ()
) -> list[Finding]:
    """Editorial findings on a document's draft against its latest release (``removed``: ids acknowledged as gone)."""
    draft = document.draft
    if draft is None:
        return []
    latest = document.latest
    meta_path = document.ledger_path.rsplit("/", 1)[0] + "/document.yml"
    terms = tuple(draft.meta.allow_terms)
    findings: list[Finding] = []
    for lang, text in sorted(draft.languages.items()):
        released = latest.text.languages.get(lang) if latest is not None else None
        for section in text.sections:
            old = released.section(section.id) if released is not None else None
            if old is not None and old.digest == section.digest:
                continue  # published text is never re-judged
            findings.extend(mixed_script(section, lang, terms, meta_path))
    if latest is not None:
        findings.extend(translation_parity(draft, latest.text, latest.version, acknowledged))
        findings.extend(published_ids_gone(document, removed))
    return sorted(set(findings))


def published_ids_gone(document: Document, removed_on_purpose: Iterable[str] = ()) -> list[Finding]:
    """Ids of the latest release (sections and headings) that the draft no longer has: links to them will break.

    SPEC §12: whether the heading was removed by an import or by hand. Reported once per id, in the
    authoritative language: the section's file when it is still there, else document.yml. The latest
    release is the reference (it is, or will be, the release in force). ``removed_on_purpose``: ids that the
    release being made acknowledges as removed (``release --removed-ids``, recorded as ``removed_ids``).
    """
    skip = set(removed_on_purpose)
    findings = []
    for hid, title, path, version in _gone(document):
        if hid in skip:
            continue
        findings.append(
            Finding(
                path,
                1,
                f"the id #{hid} ({_quote(title)}), published in release {version}, is gone from the draft: links to "
                f"#{hid} will break; if the heading was reworded or moved, keep its id (`{{#{hid}}}` on the heading, or the "
                f"section file's name); if it is removed on purpose, acknowledge it when releasing: "
                f"`mkdocs-policy release … --removed-ids {hid}`",
                EDITORIAL,
                "published-id-gone",
            )
        )
    return findings


def gone_ids(document: Document) -> frozenset[str]:
    """The published ids that ``published_ids_gone`` reports for ``document`` (what ``--removed-ids`` may name)."""
    return frozenset(hid for hid, *_rest in _gone(document))


def _gone(document: Document) -> list[tuple[str, str, str, str]]:
    """(id, title, path to report at, version) of every id of the latest release missing from the draft."""
    draft, latest = document.draft, document.latest
    if draft is None or latest is None:
        return []
    meta_path = document.ledger_path.rsplit("/", 1)[0] + "/document.yml"
    lang = draft.meta.authoritative if draft.meta.authoritative in latest.text.languages else min(latest.text.languages, default=None)
    if lang is None or lang not in draft.languages:
        return []
    text = draft.languages[lang]
    present = set(text.section_ids) | {h.id for s in text.sections for h in s.headings if h.id}
    gone = []
    for section in latest.text.languages[lang].sections:
        for hid, title in [(section.id, section.title)] + [(h.id, h.text) for h in section.headings if h.id]:
            if hid in present:
                continue
            still = text.section(section.id)
            gone.append((hid, title, still.path if still is not None else meta_path, latest.version))
    return gone


# -- Review dates (SPEC §13) -------------------------------------------------------------------------
# Privacy laws expect a policy to be reviewed regularly (at least yearly: CCPA §1798.130(a)(5)).
# `reviewed: YYYY-MM-DD` in document.yml records the last review; the plugin option review_interval_days
# (default 365) says how old it may get. Judged on the working tree's document.yml, on the build date.
REVIEW_INTERVAL_DAYS = DEFAULTS["review_interval_days"]


def review_findings(document: Document, today: date, interval_days: int = REVIEW_INTERVAL_DAYS) -> list[Finding]:
    """A missing or overdue `reviewed` date of a document."""
    text = document.draft or (document.latest.text if document.latest is not None else None)
    if text is None:
        return []
    meta_path = document.ledger_path.rsplit("/", 1)[0] + "/document.yml"
    reviewed = text.meta.reviewed
    if reviewed is None:
        return [
            Finding(
                meta_path,
                1,
                f"document {document.id!r} has no review date: review it and record the day in document.yml as "
                f"`reviewed: {today.isoformat()}` (reviews are due every {interval_days} days: plugin option review_interval_days)",
                EDITORIAL,
                "review-missing",
            )
        ]
    age = (today - reviewed).days
    if age > interval_days:
        return [
            Finding(
                meta_path,
                text.meta.reviewed_line or 1,
                f"document {document.id!r} was last reviewed on {reviewed.isoformat()}, {age} days before {today.isoformat()}: "
                f"more than review_interval_days ({interval_days}); review it and update `reviewed:`",
                EDITORIAL,
                "review-overdue",
            )
        ]
    return []
