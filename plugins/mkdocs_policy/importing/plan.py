"""Planning an import (read, split, pair, name: nothing written) and applying it (all or nothing).

``plan_import`` reads each LANG=FILE by its extension (``readers``), splits and pairs the texts
(``sections``), keeps the ids of the latest release's headings (``anchors``) and checks that every word
is kept. ``apply_import`` refuses a dirty document (like ``release``), writes the files, runs the site's
checks on them — a finding about a written file is reported at the source file's line — and, with a
release request, commits the text and records the release through ``release.plan_release`` and
``release.apply_release``.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import git

from ..checks import check_site
from ..findings import Finding, errors
from ..release import (
    ReleaseRequest,
    ReleaseResult,
    ReleaseUsageError,
    apply_text_and_release,
    dirty_paths,
    plan_release,
    restore_file,
    write_atomically,
    yaml_string,
)
from ..sources import yamlfile
from ..sources.files import join
from ..sources.git import GitError
from ..sources.loader import DOC_ID, RESERVED_DOC_IDS, Loader, Sources
from ..sources.markdown_model import DEFAULT_PIPELINE, Pipeline
from . import anchors
from .outline import pipeline_of
from .readers import read_input
from .sections import SplitText, build_written, split, words
from .source import ImportRefused


@dataclass(frozen=True)
class ImportPlan:
    doc_id: str
    repo_root: Path
    doc_dir: str  # repository-relative
    files: dict[str, bytes]  # repository-relative path → content to write
    removed: tuple[str, ...]  # section files to delete
    sections: tuple[str, ...]
    pairs: tuple[tuple[str, tuple[str, ...]], ...]  # (section id, heading in each language) for the report
    notices: tuple[str, ...] = ()  # "source:line: notice: …": what was not kept, and why
    origins: Mapping[str, tuple[str, tuple[int, ...]]] = field(default_factory=dict)  # written file → (source, line of each line)
    kept_ids: tuple[str, ...] = ()  # ids kept from the latest release although their heading changed
    previous: str | None = None  # the latest release's version, when there is one
    pipeline: Pipeline = DEFAULT_PIPELINE  # the site's Markdown pipeline: the text is checked and released through it

    def at_source(self, finding: Finding) -> str:
        """A finding about a written file, told at the line of the file it was imported from."""
        origin = self.origins.get(finding.path)
        if origin is None:
            return str(finding)
        source, lines = origin
        line = lines[min(max(finding.line, 1), len(lines)) - 1] if lines else 1
        return f"{source}:{line}: {finding.message} (imported into {finding.path}:{finding.line})"


@dataclass(frozen=True)
class ImportResult:
    plan: ImportPlan
    text_commit: str | None = None
    release: ReleaseResult | None = None
    editorial: tuple[Finding, ...] = ()


# -- document.yml ------------------------------------------------------------------------------------------


def _existing_meta(repo_root: Path, doc_dir: str) -> dict:
    path = repo_root / doc_dir / "document.yml"
    if not path.is_file():
        return {}
    try:
        node = yamlfile.parse(path.read_text(encoding="utf-8"))
    except (yamlfile.YamlError, UnicodeDecodeError):
        return {}
    plain = node.plain() if node is not None else {}
    return plain if isinstance(plain, dict) else {}


def document_yml(meta: dict, titles: Mapping[str, str], languages: tuple[str, ...], sections: list[str], doc_id: str) -> str:
    """The document's settings: titles from the files' `#` headings, else those already there, else the id."""
    old_titles = meta.get("title") if isinstance(meta.get("title"), dict) else {}
    fallback = doc_id.replace("-", " ").capitalize()
    title = {lang: titles.get(lang) or str(old_titles.get(lang) or "").strip() or fallback for lang in languages}
    authoritative = meta.get("authoritative") if meta.get("authoritative") in languages else languages[0]
    terms = [str(t) for t in meta.get("allow_terms") or [] if t is not None] if isinstance(meta.get("allow_terms"), list) else []
    lines = [
        "title: {" + ", ".join(f"{lang}: {yaml_string(title[lang])}" for lang in languages) + "}",
        f"authoritative: {authoritative}",
        f"sections: [{', '.join(sections)}]",
        f"allow_terms: [{', '.join(yaml_string(t) for t in terms)}]",
    ]
    reviewed = meta.get("reviewed")
    if reviewed:
        lines.append(f"reviewed: {reviewed}")
    return "\n".join(lines) + "\n"


# -- the latest release, for stable anchors ------------------------------------------------------------------


def published_headings(loader: Loader, doc_id: str) -> anchors.Published | None:
    """The sections and subheadings of the document's latest release (None before the first release)."""
    site = loader.load(include_draft=False)
    document = site.document(doc_id)
    latest = document.latest if document is not None else None
    if latest is None:
        return None
    text = latest.text
    langs = sorted(text.languages)
    first = text.languages[langs[0]]
    count = max(len(first.sections), 1)
    sections = []
    subs: dict[str, dict] = {}
    ids = set()
    for number, section in enumerate(first.sections):
        ids.add(section.id)
        titles, bodies = {}, {}
        for lang in langs:
            other = text.languages[lang].section(section.id)
            if other is None:
                continue
            titles[lang], bodies[lang] = other.title, _below(other.markdown, 1)
            for heading in other.headings:
                if heading.id is None:
                    continue
                ids.add(heading.id)
                entry = subs.setdefault(heading.id, {"titles": {}, "bodies": {}, "group": section.id, "order": (number, heading.line)})
                entry["titles"][lang] = heading.text
                entry["bodies"][lang] = _below(other.markdown, heading.line)
        sections.append((section.id, anchors.Candidate(titles, bodies, number / count)))
    ordered = sorted(subs.items(), key=lambda item: item[1]["order"])
    total = max(len(ordered), 1)
    subheadings = tuple(
        (hid, anchors.Candidate(entry["titles"], entry["bodies"], index / total, None, entry["group"]))
        for index, (hid, entry) in enumerate(ordered)
    )
    return anchors.Published(latest.version, tuple(sections), subheadings, frozenset(ids))


def _below(markdown: str, line: int) -> str:
    """The lines after line ``line`` (1-based) up to the next heading line."""
    out = []
    for text in markdown.split("\n")[line:]:
        if text.startswith("#"):
            break
        out.append(text)
    return "\n".join(out)


# -- planning ------------------------------------------------------------------------------------------------


def plan_import(
    root: Path,
    policy_dir: str,
    languages: tuple[str, ...],
    doc_id: str,
    inputs: Mapping[str, Path],
    level: int = 2,
    extensions: Pipeline | list | None = None,
) -> ImportPlan:
    """``extensions``: the site's Pipeline (``SiteSettings.pipeline``; or its ``markdown_extensions`` by name)."""
    languages = tuple(languages)
    if not DOC_ID.match(doc_id) or doc_id in RESERVED_DOC_IDS:
        raise ReleaseUsageError(f"document id {doc_id!r} must match [a-z0-9][a-z0-9-]* and not be 'schema'")
    if set(inputs) != set(languages):
        missing = [lang for lang in languages if lang not in inputs]
        extra = sorted(set(inputs) - set(languages))
        detail = (
            (f"missing {', '.join(missing)}" if missing else "")
            + ("; " if missing and extra else "")
            + (f"not a language of the site: {', '.join(extra)}" if extra else "")
        )
        raise ReleaseUsageError(f"give one LANG=FILE per language of the site ({', '.join(languages)}): {detail}")
    if not 1 <= level <= 5:
        raise ReleaseUsageError("--level must be between 1 and 5")
    pipeline = pipeline_of(extensions)
    loader = Loader(Sources(Path(root), policy_dir, languages, pipeline))
    try:
        repo_root, policy_rel = loader.policy_path()
        previous = published_headings(loader, doc_id) if loader.history.head() is not None else None
    except GitError as exc:
        raise ImportRefused([str(exc)]) from None
    finally:
        loader.close()
    doc_dir = join(policy_rel, doc_id)
    texts: list[SplitText] = []
    for lang in languages:
        path = Path(inputs[lang])
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ReleaseUsageError(f"{lang}={path}: cannot read the file ({exc.strerror})") from None
        texts.append(split(read_input(raw, str(path), extensions), level, lang, str(path), extensions))
    empty = [t for t in texts if not t.parts]
    if empty:
        raise ImportRefused([f"{t.path}:1: no text to import" for t in empty])
    untitled = [
        f"{t.path}:{h.line}: empty heading: give it a title (or remove the # marks)"
        for t in texts
        for p in t.parts
        for h in ([p.heading] if p.heading else []) + [sub for _, sub in p.subheadings]
        if not h.text.strip()
    ]
    if untitled:
        raise ImportRefused(untitled)
    written = build_written(texts, level, previous, extensions)
    for text in texts:
        assert text.source is not None
        kept = ([*text.title.split()] if text.title else []) + [
            w for sid in text.order for w in words(written.markdown[text.lang][sid], extensions=extensions)
        ]
        if kept != words(text.source.text, extensions=extensions):
            raise ImportRefused(
                [f"{text.path}:1: the import would not keep every word of the text; nothing was written (please report this)"]
            )
    files: dict[str, bytes] = {}
    origins: dict[str, tuple[str, tuple[int, ...]]] = {}
    paths = {t.lang: t.path for t in texts}
    for lang in languages:
        for sid in written.sections:
            rel = join(doc_dir, lang, f"{sid}.md")
            files[rel] = written.markdown[lang][sid].encode("utf-8")
            origins[rel] = (paths[lang], tuple(written.origins[lang][sid]))
    meta = _existing_meta(repo_root, doc_dir)
    titles = {t.lang: t.title for t in texts if t.title}
    files[join(doc_dir, "document.yml")] = document_yml(meta, titles, languages, written.sections, doc_id).encode("utf-8")
    removed = []
    for lang in languages:
        folder = repo_root / doc_dir / lang
        if folder.is_dir():
            for old in sorted(folder.glob("*.md")):
                rel = join(doc_dir, lang, old.name)
                if rel not in files:
                    removed.append(rel)
    notices = tuple(n for t in texts for n in (t.source.notices if t.source else []))
    return ImportPlan(
        doc_id,
        repo_root,
        doc_dir,
        files,
        tuple(removed),
        tuple(written.sections),
        tuple(written.report),
        notices,
        origins,
        tuple(written.kept),
        previous.version if previous is not None else None,
        pipeline,
    )


# -- applying ------------------------------------------------------------------------------------------------


def apply_import(
    plan: ImportPlan,
    policy_dir: str,
    languages: tuple[str, ...],
    tz_name: str,
    release: ReleaseRequest | None = None,
    root: Path | None = None,
) -> ImportResult:
    """Write the section files (and with ``release``: commit them and record the release); all or nothing."""
    repo = git.Repo(plan.repo_root)
    try:
        dirty = dirty_paths(repo, plan.doc_dir) if repo.head.is_valid() else []
        if dirty:
            raise ImportRefused(
                [
                    f"{path}:1: has changes that are not committed: commit or discard them first (import replaces the document's files)"
                    for path in dirty
                ]
            )
        if release is not None and not repo.head.is_valid():
            raise ImportRefused([f"{plan.doc_dir}: the repository has no commit yet: make a first commit, then import"])
        touched = sorted(set(plan.files) | set(plan.removed))
        before = {path: ((plan.repo_root / path).read_bytes() if (plan.repo_root / path).is_file() else None) for path in touched}
        created = sorted(
            {
                parent
                for path in touched
                for parent in (plan.repo_root / path).parents
                if plan.repo_root in parent.parents and not parent.exists()
            },
            key=lambda p: len(p.parts),
            reverse=True,
        )
        try:
            for path, data in sorted(plan.files.items()):
                write_atomically(plan.repo_root / path, data)
            for path in plan.removed:
                (plan.repo_root / path).unlink()
            found = _errors_of(root or plan.repo_root, policy_dir, languages, plan.doc_dir, plan.pipeline)
            if found:
                raise ImportRefused([*(plan.at_source(f) for f in found), "the imported text has errors; nothing was written"])
            if release is None:
                return ImportResult(plan)
            # The text commit and the release: one transaction (lock, compare-and-swap), as `release` records.
            text_commit, release_plan, result = apply_text_and_release(
                plan.repo_root,
                plan.doc_id,
                release.version,
                plan.doc_dir,
                f"Import {plan.doc_id} {release.version}",
                lambda: plan_release(root or plan.repo_root, policy_dir, languages, tz_name, release, plan.pipeline),
            )
            return ImportResult(plan, text_commit, result, release_plan.editorial)
        except BaseException:
            for path, data in before.items():
                restore_file(plan.repo_root / path, data)
            for folder in created:  # deepest first
                if folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
            raise
    finally:
        repo.close()


def _errors_of(root: Path, policy_dir: str, languages: tuple[str, ...], doc_dir: str, pipeline: Pipeline) -> list[Finding]:
    loader = Loader(Sources(Path(root), policy_dir, tuple(languages), pipeline))
    try:
        site = loader.load(include_draft=True)
        return [f for f in errors(check_site(site, pipeline)) if f.path.startswith(doc_dir + "/") and not f.path.endswith("releases.yml")]
    finally:
        loader.close()
