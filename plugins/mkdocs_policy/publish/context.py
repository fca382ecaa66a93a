"""What the publishers need from one build, and the comparisons they share (computed once per build)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..compare import SectionChange
from ..compare.kept import kept_compare
from ..diskcache import pipeline_stamp
from ..model import Release
from ..render.markdown import MarkdownRenderer
from ..render.pages import PlanOptions
from ..sources.loader import Site


@dataclass(frozen=True)
class PublishContext:
    site: Site
    options: PlanOptions
    renderer: MarkdownRenderer
    site_url: str | None
    timezone: str
    validate: bool = True
    pdf: bool = False  # the release JSON names each language's PDF (languages.<lang>.pdf)
    # (doc, previous version, version, lang) → comparison; the release JSON and the feeds both need it.
    _changes: dict[tuple[str, str | None, str, str], list[SectionChange]] = field(default_factory=dict, compare=False, repr=False)

    def changes(self, previous: Release | None, release: Release, lang: str) -> list[SectionChange]:
        key = (release.text.doc_id, previous.version if previous else None, release.version, lang)
        if key not in self._changes:
            old = previous.text.language(lang) if previous is not None else None
            pipeline = self.renderer.pipeline  # the outline kept on disk between builds (compare/kept.py)
            self._changes[key] = kept_compare(old, release.text.language(lang), pipeline_stamp(pipeline.key, pipeline.extensions))
        return self._changes[key]
