"""A policy's history in another git repository, imported as successive releases in one command.

Every commit of the other repository that changed one of the given files (``LANG=PATH``, paths in that
repository), oldest first, becomes one release: its files are read at that commit, imported like
``import DOC LANG=FILE…`` (same readers, same stable anchors, as published) and recorded as a release
with one text commit and one ledger commit, exactly as ``import --release`` makes them.

- Dates: the commit's date in the site's time zone is both ``published`` and ``effective`` (never earlier
  than the step before: a rebased history may have dates out of order), unless the plan file gives them.
- Versions: a tag on the commit (``v1.2`` → ``1.2``) when it is a valid, unused version, else
  ``N.0`` with N the release's number in the ledger.
- Summaries: the commit's subject line in every language, marked as such in the report, unless given in a
  YAML plan file (``--plan``: ``{version or commit: {LANG: summary, published: DATE, effective: DATE,
  change: CLASS}}``, every key optional). A ledger entry never changes once committed: run with
  ``--dry-run`` first, which lists every release and prints the plan file to edit.
- Commits where a file does not exist yet, or whose files are the same as the step before, are skipped
  and reported.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from zoneinfo import ZoneInfo

import git

from ..model import CHANGE_CLASSES
from ..release import ReleaseRefused, ReleaseRequest, ReleaseUsageError, version_problem
from ..sources.ledger import VERSION
from ..sources.loader import Loader, Sources
from ..sources.markdown_model import Pipeline
from .plan import ImportPlan, ImportResult, apply_import, plan_import
from .source import ImportRefused


@dataclass(frozen=True)
class Step:
    commit: str
    day: date
    version: str
    subject: str
    summary: Mapping[str, str]
    from_message: bool  # the summary is the commit's subject (to be reviewed)
    files: Mapping[str, tuple[str, bytes]]  # lang → (path in the other repository, content at the commit)
    effective: date | None = None  # None: ``day``
    change: str | None = None  # None: material for a first release, else minor (or --change)


@dataclass(frozen=True)
class HistoryPlan:
    steps: tuple[Step, ...]
    skipped: tuple[str, ...]  # one line each: a commit left out, and why


def plan_history(
    source_repo: Path,
    paths: Mapping[str, str],
    tz_name: str,
    existing_versions: tuple[str, ...] = (),
    since: date | None = None,
    summaries: Mapping[str, Mapping[str, object]] | None = None,
) -> HistoryPlan:
    """The releases to make, oldest first; reads the other repository only."""
    try:
        repo = git.Repo(source_repo)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ReleaseUsageError(f"--history {source_repo}: not a git repository") from None
    tz = ZoneInfo(tz_name)
    summaries = summaries or {}
    try:
        if not repo.head.is_valid():
            raise ImportRefused([f"{source_repo}: the repository has no commit"])
        shas = repo.git.rev_list("--reverse", "--topo-order", "HEAD", "--", *sorted(set(paths.values()))).split()
        tags: dict[str, list[str]] = {}
        for tag in repo.tags:
            try:
                tags.setdefault(tag.commit.hexsha, []).append(tag.name)
            except ValueError:
                continue
        steps: list[Step] = []
        skipped: list[str] = []
        used = set(existing_versions)
        previous_files: dict[str, bytes] | None = None
        last_day: date | None = None
        for sha in shas:
            commit = repo.commit(sha)
            subject = commit.message.strip().splitlines()[0] if commit.message.strip() else sha[:12]
            files: dict[str, tuple[str, bytes]] = {}
            missing = []
            for lang, path in paths.items():
                try:
                    blob = commit.tree / path
                    files[lang] = (path, blob.data_stream.read())
                except KeyError:
                    missing.append(f"{lang}={path}")
            if missing:
                skipped.append(f"{sha[:12]} {subject!r}: skipped, {', '.join(missing)} does not exist at this commit")
                continue
            contents = {lang: data for lang, (_p, data) in files.items()}
            if contents == previous_files:
                skipped.append(f"{sha[:12]} {subject!r}: skipped, the files are the same as the release before")
                continue
            day = commit.committed_datetime.astimezone(tz).date()
            version = _version(tags.get(sha, []), used, len(used) + 1)
            given = summaries.get(version) or next((v for k, v in summaries.items() if len(k) >= 7 and sha.startswith(k)), None) or {}
            if since is not None and day < since:
                previous_files = contents
                skipped.append(f"{sha[:12]} {subject!r}: skipped, before --since {since}")
                continue
            if last_day is not None and day < last_day:
                day = last_day
            day = _day(given.get("published"), day, version)
            used.add(version)
            summary = {lang: str(given.get(lang) or subject) for lang in paths}
            from_message = any(not given.get(lang) for lang in paths)
            effective = _day(given.get("effective"), day, version)
            change = given.get("change")
            if change is not None and change not in CHANGE_CLASSES:
                raise ReleaseUsageError(f"the plan gives release {version} the change {change!r}: use one of {', '.join(CHANGE_CLASSES)}")
            steps.append(
                Step(sha, day, version, subject, MappingProxyType(summary), from_message, MappingProxyType(files), effective, change)
            )
            previous_files = contents
            last_day = day
        return HistoryPlan(tuple(steps), tuple(skipped))
    finally:
        repo.close()


def _day(value: object, default: date, version: str) -> date:
    if value is None or value == "":
        return default
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ReleaseUsageError(f"the plan gives release {version} the date {value!r}: write it as YYYY-MM-DD") from None


def _version(tag_names: list[str], used: set[str], number: int) -> str:
    for name in sorted(tag_names):
        candidate = PurePosixPath(name).name.removeprefix("v").removeprefix("V")
        if VERSION.match(candidate) and version_problem(candidate) is None and candidate not in used:
            return candidate
    candidate = f"{number}.0"
    while candidate in used:
        number += 1
        candidate = f"{number}.0"
    return candidate


def existing_versions(root: Path, policy_dir: str, languages: tuple[str, ...], doc_id: str) -> tuple[str, ...]:
    loader = Loader(Sources(Path(root), policy_dir, tuple(languages)))
    try:
        if loader.history.head() is None:
            return ()
        document = loader.load(include_draft=False).document(doc_id)
        return tuple(r.version for r in document.releases) if document is not None else ()
    finally:
        loader.close()


def apply_history(
    plan: HistoryPlan,
    root: Path,
    policy_dir: str,
    languages: tuple[str, ...],
    tz_name: str,
    doc_id: str,
    change: str | None = None,
    level: int = 2,
    extensions: Pipeline | list | None = None,
    progress: Callable[[Step, ImportResult], None] | None = None,
) -> list[ImportResult]:
    """Import and release each step in order; stops at the first refusal (earlier releases stay, complete)."""
    results = []
    with tempfile.TemporaryDirectory(prefix="mkdocs-policy-history-") as folder:
        for number, step in enumerate(plan.steps):
            inputs = {}
            for lang, (path, data) in step.files.items():
                target = Path(folder) / step.commit[:12] / lang / PurePosixPath(path).name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                inputs[lang] = target
            request = ReleaseRequest(
                doc_id=doc_id,
                version=step.version,
                effective=step.effective or step.day,
                change=step.change
                or change
                or ("material" if number == 0 and not _has_releases(root, policy_dir, languages, doc_id) else "minor"),
                summary=step.summary,
                as_published=True,
                published=step.day,
            )
            try:
                import_plan = plan_import(root, policy_dir, languages, doc_id, inputs, level, extensions)
                import_plan = _named(import_plan, step, folder)
                result = apply_import(import_plan, policy_dir, languages, tz_name, request, root=root)
            except (ImportRefused, ReleaseRefused) as exc:
                where = f"commit {step.commit[:12]} ({step.subject!r}, release {step.version})"
                raise ImportRefused([*(_renamed(p, step, folder) for p in exc.problems), f"at {where}"]) from None
            results.append(result)
            if progress is not None:
                progress(step, result)
    return results


def _has_releases(root: Path, policy_dir: str, languages: tuple[str, ...], doc_id: str) -> bool:
    return bool(existing_versions(root, policy_dir, languages, doc_id))


def _renamed(line: str, step: Step, folder: str) -> str:
    """Messages name the file in the other repository at the commit (``path@sha``), not the temporary copy."""
    for lang, (path, _data) in step.files.items():
        temporary = str(Path(folder) / step.commit[:12] / lang / PurePosixPath(path).name)
        line = line.replace(temporary, f"{path}@{step.commit[:12]}")
    return line


def _named(plan: ImportPlan, step: Step, folder: str) -> ImportPlan:
    origins = {rel: (_renamed(src, step, folder), lines) for rel, (src, lines) in plan.origins.items()}
    notices = tuple(_renamed(n, step, folder) for n in plan.notices)
    return replace(plan, origins=origins, notices=notices)
