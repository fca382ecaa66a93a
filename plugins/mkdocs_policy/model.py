"""The typed model every other module works on: document → release → language → section.

Nothing here knows YAML, git or MkDocs; the readers in ``sources`` build these objects and
everything downstream (comparisons, checks, outputs) only reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from types import MappingProxyType

CHANGE_CLASSES = ("material", "minor", "editorial")
CURRENT, UPCOMING, ARCHIVED = "current", "upcoming", "archived"  # a release's state on a build date (Document.state)


@dataclass(frozen=True)
class Heading:
    """A heading below the section title (level 3 and deeper), with its explicit id."""

    level: int
    text: str
    id: str | None
    line: int


@dataclass(frozen=True)
class Section:
    """One section of one language: a single Markdown file whose first line is its title."""

    id: str
    title: str
    markdown: str  # the normalised source, title heading included (what the digest covers)
    digest: str  # hex sha256 of ``markdown`` (see digest.py)
    path: str  # repository-relative path, for messages
    headings: tuple[Heading, ...] = ()

    @property
    def body(self) -> str:
        """The Markdown after the title line."""
        _, _, rest = self.markdown.partition("\n")
        return rest.lstrip("\n")


@dataclass(frozen=True)
class LanguageText:
    lang: str
    title: str
    sections: tuple[Section, ...]
    digest: str

    def section(self, section_id: str) -> Section | None:
        return next((section for section in self.sections if section.id == section_id), None)

    @property
    def section_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sections)


@dataclass(frozen=True)
class DocumentMeta:
    """``document.yml``: versioned with the text."""

    title: Mapping[str, str]
    authoritative: str
    sections: tuple[str, ...]
    allow_terms: tuple[str, ...] = ()
    reviewed: date | None = None  # `reviewed:` the last review of the document (SPEC §13)
    reviewed_line: int = 0  # its line in document.yml (0: not written)


@dataclass(frozen=True)
class DocumentText:
    """The full text of a document at one point in history (a release's commit, or the draft)."""

    doc_id: str
    meta: DocumentMeta
    languages: Mapping[str, LanguageText]
    digest: str
    source: str  # "draft" or a commit sha

    def language(self, lang: str) -> LanguageText:
        return self.languages[lang]


@dataclass(frozen=True)
class LedgerEntry:
    """One entry of ``releases.yml`` as written (line numbers kept for messages)."""

    version: str
    commit: str
    published: date
    effective: date
    change: str
    summary: Mapping[str, str]
    digest: str | None
    unchanged_translations: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    line: int = 0
    removed_ids: tuple[str, ...] = ()  # published ids the release removed on purpose (``release --removed-ids``)


@dataclass(frozen=True)
class Release:
    """A ledger entry joined with its text and its place in the history."""

    entry: LedgerEntry
    sequence: int  # 1-based
    consent_version: int  # number of material releases up to and including this one
    text: DocumentText
    previous: str | None  # version of the previous release

    @property
    def version(self) -> str:
        return self.entry.version

    @property
    def published(self) -> date:
        return self.entry.published

    @property
    def effective(self) -> date:
        return self.entry.effective

    @property
    def change(self) -> str:
        return self.entry.change


@dataclass(frozen=True)
class Document:
    """A document and its whole history as of one build."""

    id: str
    releases: tuple[Release, ...]  # oldest first
    draft: DocumentText | None
    ledger_path: str
    reviewed: date | None = None  # `reviewed` of the working tree's document.yml (else of the latest release)

    def release(self, version: str) -> Release | None:
        return self._by_version.get(version)

    @cached_property
    def _by_version(self) -> dict[str, Release]:
        # Pages, the change history and the API look releases up thousands of times in a long history.
        return {release.version: release for release in reversed(self.releases)}  # the first of a version wins

    @property
    def latest(self) -> Release | None:
        return self.releases[-1] if self.releases else None

    def current(self, today: date) -> Release | None:
        """The release in force on ``today``: the latest whose effective date has come."""
        return next((r for r in reversed(self.releases) if r.effective <= today), None)

    def upcoming(self, today: date) -> Release | None:
        """The newest published release not yet in force on ``today``."""
        return next((r for r in reversed(self.releases) if r.effective > today), None)

    def state(self, release: Release, today: date) -> str:
        """The one answer to "which release is current, upcoming or archived" on ``today`` (pages, change
        history, feeds and API all ask here): ``upcoming`` before its effective date, ``current`` for the
        release in force, ``archived`` for one that a later release replaced."""
        if release.effective > today:
            return UPCOMING
        current = self.current(today)
        return CURRENT if current is not None and current.version == release.version else ARCHIVED

    def successor(self, release: Release) -> Release | None:
        """The release after ``release``: from its effective date on, ``release`` is no longer in force."""
        return self.releases[release.sequence] if release.sequence < len(self.releases) else None

    @property
    def title(self) -> Mapping[str, str]:
        if self.latest is not None:
            return self.latest.text.meta.title
        if self.draft is not None:
            return self.draft.meta.title
        return {}
