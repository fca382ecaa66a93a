"""Recording a release: check everything, append one entry to the ledger, commit it, tag it — or change nothing.

``plan_release`` decides (every refusal at once, nothing written); ``apply_release`` writes, as the
transaction of ``transaction.py``: a lock (one release at a time), the ledger commit built aside with
plumbing, the branch moved by compare-and-swap from the commit the release started on, then the index,
the working tree and the annotated tag ``<doc>/<version>``; a failure undoes only this run's own work,
and a killed run leaves a state that `check` names. A release records the commit at HEAD and the digest
of the document's text there; the ledger's existing bytes are kept as they are. Dates: ``published`` is
today in the site's time zone (SOURCE_DATE_EPOCH when set, for reproducible runs), unless given
(``import --release`` records a past publication).

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import git

from . import transaction as tx
from .checks import check_site, editorial_findings
from .checks.editorial import gone_ids, japanese_in_line, primary, untranslated_in_line
from .checks.hidden import hidden_in
from .checks.outputs import collisions, planned_outputs, release_outputs
from .findings import Finding, errors
from .model import CHANGE_CLASSES, Document
from .sources.files import join
from .sources.git import GitError
from .sources.ledger import RESERVED_VERSIONS, VERSION, VERSION_RULE, parse_ledger
from .sources.loader import Loader, Site, Sources
from .sources.markdown_model import DEFAULT_PIPELINE, Pipeline

LEDGER_HEADER = "# The release ledger of this document: append-only, oldest first. Written by `mkdocs-policy release`.\n"


class ReleaseUsageError(Exception):
    """The request itself is malformed (a usage error: exit 2)."""


class ReleaseRefused(Exception):
    """The repository's state does not allow this release (exit 1); ``problems`` are one line each."""

    def __init__(self, problems: Iterable[Finding | str]):
        self.problems = [f"{p.path}:{p.line}: {p.kind}: {p.message}" if isinstance(p, Finding) else str(p) for p in problems]
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class ReleaseRequest:
    doc_id: str
    version: str
    effective: date
    change: str
    summary: Mapping[str, str]
    unchanged_translations: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    removed_ids: tuple[str, ...] = ()  # published ids acknowledged as gone on purpose (links to them will break)
    as_published: bool = False
    published: date | None = None  # None: today in the site's time zone


@dataclass(frozen=True)
class ReleasePlan:
    doc_id: str
    version: str
    repo_root: Path
    ledger_path: str  # repository-relative
    commit: str  # the commit whose text is released (HEAD)
    digest: str
    entry_text: str  # the YAML appended to the ledger
    new_ledger: bytes  # the whole ledger after the append
    old_ledger: bytes | None  # the ledger before (None: there was none)
    editorial: tuple[Finding, ...] = ()  # findings recorded without judgement (--as-published)

    @property
    def tag(self) -> str:
        return f"{self.doc_id}/{self.version}"


@dataclass(frozen=True)
class ReleaseResult:
    commit: str  # the ledger commit
    tag: str


# -- dates -------------------------------------------------------------------------------------


def today(tz_name: str) -> date:
    """Today in ``tz_name``: SOURCE_DATE_EPOCH when set (reproducible runs), else now."""
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ReleaseUsageError(f"timezone {tz_name!r} in mkdocs.yml is not a known IANA time zone (e.g. Asia/Tokyo)") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise ReleaseUsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None
    else:
        moment = datetime.now(timezone.utc)
    return moment.astimezone(tz).date()


# -- validation of the request -------------------------------------------------------------------


def version_problem(version: str) -> str | None:
    if not VERSION.match(version):
        shown = version if len(version) <= 80 else version[:77] + "…"
        return f"version {shown!r} must match {VERSION_RULE} (it is part of URLs and file names: at most 64 characters), e.g. 1.2"
    if version in RESERVED_VERSIONS:
        return f"version {version!r} is reserved (it would clash with a page's URL): choose another"
    return None


def _validate_request(request: ReleaseRequest, languages: tuple[str, ...]) -> None:
    problem = version_problem(request.version)
    if problem:
        raise ReleaseUsageError(problem)
    if request.change not in CHANGE_CLASSES:
        raise ReleaseUsageError(f"--change must be one of {', '.join(CHANGE_CLASSES)}")
    unknown = sorted(set(request.summary) - set(languages))
    if unknown:
        raise ReleaseUsageError(f"--summary for {', '.join(unknown)}, which is not a language of the site ({', '.join(languages)})")
    missing = [lang for lang in languages if not (request.summary.get(lang) or "").strip()]
    if missing:
        raise ReleaseUsageError(f"--summary is missing for {', '.join(missing)}: give one per language, e.g. --summary {missing[0]}=…")
    for lang, text in sorted(request.summary.items()):
        for _line, problem in hidden_in(text):
            raise ReleaseUsageError(f"--summary {lang}: {problem}")
    unknown = sorted(set(request.unchanged_translations) - set(languages))
    if unknown:
        raise ReleaseUsageError(f"--unchanged-translations for {', '.join(unknown)}, which is not a language of the site")


# -- git helpers -----------------------------------------------------------------------------------


def dirty_paths(repo: git.Repo, path: str) -> list[str]:
    """Files under ``path`` that differ from HEAD (staged, unstaged or untracked)."""
    out = repo.git.status("--porcelain=v1", "-z", "--untracked-files=all", "--", path)
    paths = []
    records = out.split("\0")
    index = 0
    while index < len(records):
        record = records[index]
        index += 1
        if len(record) < 4:
            continue
        paths.append(record[3:])
        if record[0] in "RC":  # a rename carries its old path in the next record
            index += 1
    return sorted(set(paths))


def _open_site(root: Path, policy_dir: str, languages: tuple[str, ...], pipeline: Pipeline | None = None) -> tuple[Loader, Path, str]:
    loader = Loader(Sources(Path(root), policy_dir, tuple(languages), pipeline or DEFAULT_PIPELINE))
    try:
        repo_root, policy_rel = loader.policy_path()
    except GitError as exc:
        loader.close()
        raise ReleaseRefused([str(exc)]) from None
    return loader, repo_root, policy_rel


# -- the ledger entry ------------------------------------------------------------------------------


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar that reads back as ``text`` (JSON escapes, plus YAML's extra line breaks)."""
    quoted = json.dumps(text, ensure_ascii=False)
    for char in ("\u0085", "\u2028", "\u2029", "\ufeff"):
        quoted = quoted.replace(char, f"\\u{ord(char):04x}")
    return quoted


def entry_yaml(entry: Mapping[str, object], newline: str = "\n") -> str:
    """One ledger entry in the ledger's own style (quoted version and summaries, dates as YYYY-MM-DD)."""
    lines = [f"- version: {yaml_string(str(entry['version']))}"]
    for key in ("commit", "published", "effective", "change"):
        lines.append(f"  {key}: {entry[key]}")
    lines.append("  summary:")
    for lang, text in entry["summary"].items():  # type: ignore[union-attr]
        lines.append(f"    {lang}: {yaml_string(text)}")
    lines.append(f"  digest: {entry['digest']}")
    unchanged = entry.get("unchanged_translations") or {}
    if unchanged:
        lines.append("  unchanged_translations:")
        for lang, ids in unchanged.items():  # type: ignore[union-attr]
            lines.append(f"    {lang}: [{', '.join(ids)}]")
    removed = entry.get("removed_ids") or []
    if removed:
        lines.append(f"  removed_ids: [{', '.join(removed)}]")  # type: ignore[arg-type]
    return newline.join(lines) + newline


def _appended(old: bytes | None, entry: str) -> bytes:
    """The ledger's bytes with ``entry`` appended; the existing bytes are kept exactly."""
    if not old:
        return (LEDGER_HEADER + entry).encode("utf-8")
    newline = "\r\n" if b"\r\n" in old else "\n"
    text = entry.replace("\n", newline)
    separator = b"" if old.endswith((b"\n", b"\r")) else newline.encode()
    return old + separator + text.encode("utf-8")


# -- planning --------------------------------------------------------------------------------------


def _summary_problems(request: ReleaseRequest, terms: tuple[str, ...]) -> list[str]:
    problems = []
    for lang, text in request.summary.items():
        for line in text.splitlines() or [""]:
            found = untranslated_in_line(line, terms) if primary(lang) == "ja" else japanese_in_line(line, lang, terms)
            for quote in found:
                problems.append(f"--summary {lang}: {quote} looks untranslated in the {lang} summary: translate it")
    return problems


def _removed_problems(request: ReleaseRequest, document: Document) -> list[str]:
    """``--removed-ids`` must name ids of the latest release that really are gone from the draft."""
    gone = gone_ids(document)
    return [
        f"--removed-ids {hid}: nothing to acknowledge — #{hid} is not an id of the latest release gone from the draft; "
        "remove it from the command"
        for hid in request.removed_ids
        if hid not in gone
    ]


def _acknowledgement_problems(request: ReleaseRequest, document: Document, site: Site) -> list[str]:
    """An acknowledgement must name a section that really is unchanged while another language changed."""
    if not request.unchanged_translations:
        return []
    needed = {(f.path, f.code) for f in editorial_findings(site) if f.code == "translation-parity"}
    draft = document.draft
    problems = []
    for lang, ids in sorted(request.unchanged_translations.items()):
        for sid in ids:
            section = draft.languages[lang].section(sid) if draft is not None and lang in draft.languages else None
            if section is None:
                problems.append(f"--unchanged-translations {lang}={sid}: the draft has no section {sid!r}")
            elif (section.path, "translation-parity") not in needed:
                problems.append(
                    f"--unchanged-translations {lang}={sid}: nothing to acknowledge — section {sid!r} is not a {lang} text left "
                    "unchanged while another language changed; remove it from the command"
                )
    return problems


def plan_release(
    root: Path, policy_dir: str, languages: tuple[str, ...], tz_name: str, request: ReleaseRequest, pipeline: Pipeline | None = None
) -> ReleasePlan:
    """Everything `release` checks, all at once; raises ReleaseUsageError or ReleaseRefused, writes nothing.

    ``pipeline``: the site's Markdown pipeline (``SiteSettings.pipeline``), so the checks judge what the build renders."""
    languages = tuple(languages)
    _validate_request(request, languages)
    published = request.published or today(tz_name)
    loader, repo_root, policy_rel = _open_site(root, policy_dir, languages, pipeline)
    try:
        return _plan(loader, repo_root, policy_rel, languages, tz_name, request, published)
    finally:
        loader.close()


def _plan(
    loader: Loader, repo_root: Path, policy_rel: str, languages, tz_name: str, request: ReleaseRequest, published: date
) -> ReleasePlan:
    doc_dir = join(policy_rel, request.doc_id)
    ledger_path = join(doc_dir, "releases.yml")
    history = loader.history
    repo = history.repo
    if not (repo_root / doc_dir).is_dir():
        raise ReleaseUsageError(f"there is no document {request.doc_id!r}: no folder {doc_dir}/")
    head = history.head()
    if head is None:
        raise ReleaseRefused([f"{doc_dir}: the repository has no commit yet: commit the document's text first"])
    problems: list[Finding | str] = []
    if repo.head.is_detached:
        problems.append(
            Finding(
                ledger_path,
                1,
                "HEAD is detached (not on a branch): a release is recorded on a branch; check out the branch first (`git switch main`)",
            )
        )
    dirty = dirty_paths(repo, doc_dir)
    for path in dirty:
        problems.append(
            Finding(
                path, 1, "has changes that are not committed: a release records a commit, so commit the text (or discard the change) first"
            )
        )
    site = loader.load(include_draft=True)
    found_errors = errors(check_site(site, loader.sources.pipeline))
    problems.extend(found_errors)
    document = site.document(request.doc_id)
    if document is None:
        if not problems:
            problems.append(f"{doc_dir}: the document could not be read")
        raise ReleaseRefused(problems)
    latest = document.latest
    # The version: new, and not a tag already.
    for entry_release in document.releases:
        if entry_release.version == request.version:
            problems.append(
                Finding(ledger_path, entry_release.entry.line, f"version {request.version!r} is already released: choose a new version")
            )
    raw_ledger = (repo_root / ledger_path).read_bytes() if (repo_root / ledger_path).is_file() else None
    if raw_ledger is not None and not any(r.version == request.version for r in document.releases):
        entries, _ = parse_ledger(raw_ledger.decode("utf-8", errors="replace"), ledger_path, languages)
        for entry in entries:
            if entry.version == request.version:
                problems.append(
                    Finding(ledger_path, entry.line, f"version {request.version!r} is already in the ledger: choose a new version")
                )
    # Every output path with the new release in it: no collision (a case clash, a name too long).
    planned = planned_outputs(site.documents, languages)
    planned += release_outputs(request.doc_id, request.version, languages, (ledger_path, 1))
    problems.extend(f for f in collisions(planned) if f.path == ledger_path and f.line == 1 and request.version in f.message)
    tag = f"{request.doc_id}/{request.version}"
    if history.tag(tag) is not None:
        problems.append(f"the tag {tag} already exists: choose a new version (a release's tag is never moved)")
    # Dates.
    now = today(tz_name)
    if published > now:
        problems.append(f"--published {published} is in the future (today is {now} in {tz_name}): a release is recorded once it is public")
    if request.effective < published:
        problems.append(
            f"--effective {request.effective} is before the publication date {published}"
            f"{' (today in ' + tz_name + ')' if request.published is None else ''}: a release cannot take effect before it is published"
        )
    if latest is not None:
        if published < latest.published:
            problems.append(
                f"the publication date {published} is before release {latest.version}'s ({latest.published}): the ledger is oldest first"
            )
        if request.effective < latest.effective:
            problems.append(
                f"--effective {request.effective} is before release {latest.version} takes effect ({latest.effective}): "
                "a later release cannot take effect earlier"
            )
    # The text: HEAD's, identical to the working tree, different from the latest release.
    released, text_findings = loader.text_at(head, request.doc_id, doc_dir, request.version)
    digest = ""
    if released is None:
        if not text_findings:
            problems.append(f"{doc_dir}: HEAD ({head[:12]}) does not contain the document: commit it first")
    else:
        digest = released.digest
        draft = document.draft
        if not dirty and draft is not None and draft.digest != released.digest:
            problems.append(f"{doc_dir}: the working tree's text differs from HEAD's (ignored files?): commit the text you release")
        if latest is not None and latest.text.digest == released.digest:
            problems.append(f"{doc_dir}: the text is the same as release {latest.version}: there is nothing new to release")
    # Editorial judgement on new writing, unless the text was already published elsewhere.
    editorial = editorial_findings(site, {request.doc_id: request.unchanged_translations}, {request.doc_id: request.removed_ids})
    editorial = [f for f in editorial if f.path.startswith(doc_dir + "/")]
    if not request.as_published:
        for finding in editorial:
            problems.append(finding)
        problems.extend(_summary_problems(request, tuple(document.draft.meta.allow_terms) if document.draft else ()))
    problems.extend(_acknowledgement_problems(request, document, site))
    problems.extend(_removed_problems(request, document))
    if problems:
        if editorial and not request.as_published:
            problems.append(
                "editorial findings are refused: fix them, or acknowledge a deliberately unchanged translation with "
                "--unchanged-translations LANG=id,… or a published id removed on purpose with --removed-ids id,… "
                "(a text already published elsewhere: --as-published)"
            )
        raise ReleaseRefused(problems)
    entry = {
        "version": request.version,
        "commit": head,
        "published": published.isoformat(),
        "effective": request.effective.isoformat(),
        "change": request.change,
        "summary": {lang: request.summary[lang].strip() for lang in languages},
        "digest": digest,
        "unchanged_translations": {lang: list(ids) for lang, ids in sorted(request.unchanged_translations.items()) if ids},
        "removed_ids": sorted(set(request.removed_ids)),
    }
    entry_text = entry_yaml(entry)
    new_ledger = _appended(raw_ledger, entry_text)
    _verify_ledger(new_ledger, ledger_path, languages, request.version, digest, head)
    return ReleasePlan(
        request.doc_id, request.version, repo_root, ledger_path, head, digest, entry_text, new_ledger, raw_ledger, tuple(editorial)
    )


def _verify_ledger(new_ledger: bytes, path: str, languages, version: str, digest: str, commit: str) -> None:
    """The ledger as it will be written must read back cleanly, ending with exactly this entry."""
    entries, findings = parse_ledger(new_ledger.decode("utf-8"), path, tuple(languages))
    last = entries[-1] if entries else None
    if findings or last is None or (last.version, last.digest, last.commit) != (version, digest, commit):
        raise ReleaseRefused([*findings, f"{path}: the ledger would not read back as written; nothing was changed"])


# -- applying --------------------------------------------------------------------------------------


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` in one step (a temporary file in the same folder, then os.replace)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def restore_file(path: Path, data: bytes | None) -> None:
    if data is None:
        if path.exists():
            path.unlink()
    else:
        write_atomically(path, data)


def apply_release(plan: ReleasePlan) -> ReleaseResult:
    """Record the planned entry as a transaction (see transaction.py): lock, commit built aside,
    compare-and-swap on the branch, then index, working tree and tag; on failure undo only this run's work."""
    repo = git.Repo(plan.repo_root)
    try:
        try:
            branch = tx.current_branch(repo)
        except tx.TransactionError as exc:
            raise ReleaseRefused(exc.problems) from None
        lock = tx.ReleaseLock(
            repo, {"doc": plan.doc_id, "version": plan.version, "branch": branch, "start": plan.commit, "ledger": plan.ledger_path}
        )
        try:
            lock.acquire(plan.repo_root)
        except tx.TransactionError as exc:
            raise ReleaseRefused(exc.problems) from None
        try:
            tx.pause("locked")
            return _record(repo, plan, branch, lock)
        finally:
            lock.release()
    finally:
        repo.close()


def apply_text_and_release(
    repo_root: Path, doc_id: str, version: str, text_dir: str, message: str, make_plan: Callable[[], ReleasePlan]
) -> tuple[str | None, ReleasePlan, ReleaseResult]:
    """Commit the working tree's ``text_dir`` and record its release in one transaction (``import --release``).

    One lock for both commits; each is built aside and put on the branch by compare-and-swap, so a concurrent
    commit is never undone; ``make_plan`` plans the release on the text commit (all of `release`'s checks).
    On any failure only this run's commits are taken back (the caller restores the files it wrote).
    Returns the text commit (None when the text was already committed), the plan and the result."""
    repo = git.Repo(repo_root)
    try:
        try:
            branch = tx.current_branch(repo)
        except tx.TransactionError as exc:
            raise ReleaseRefused(exc.problems) from None
        start = repo.git.rev_parse(branch)
        ledger = join(text_dir, "releases.yml")
        lock = tx.ReleaseLock(repo, {"doc": doc_id, "version": version, "branch": branch, "start": start, "ledger": ledger})
        try:
            lock.acquire(repo_root)
        except tx.TransactionError as exc:
            raise ReleaseRefused(exc.problems) from None
        text: str | None = None
        try:
            if dirty_paths(repo, text_dir):
                try:
                    text = tx.build_text_commit(repo, start, [text_dir], message)
                except git.GitCommandError as exc:
                    raise ReleaseRefused([f"{tx.git_problem(exc)}; nothing was changed"]) from None
                lock.update(text=text, text_dir=text_dir)
                tx.pause("text-written")
                if not tx.compare_and_swap(repo, branch, text, start, f"mkdocs-policy: {message}"):
                    raise ReleaseRefused([f"{branch} moved while the import was being committed (another commit came first): run it again"])
                repo.git.reset("-q", text, "--", text_dir)  # the real index: the files as committed
                tx.pause("text-committed")
            plan = make_plan()
            return text, plan, _record(repo, plan, branch, lock)
        except BaseException:
            if text is not None and repo.git.rev_parse(branch) == text:
                tx.compare_and_swap(repo, branch, start, text, "mkdocs-policy: undo an import that was not released")
                with contextlib.suppress(git.GitCommandError):
                    repo.git.reset("-q", start, "--", text_dir)
            raise
        finally:
            lock.release()
    finally:
        repo.close()


def _record(repo: git.Repo, plan: ReleasePlan, branch: str, lock: tx.ReleaseLock) -> ReleaseResult:
    tip = repo.git.rev_parse(branch)
    if tip != plan.commit:
        raise ReleaseRefused([f"{branch} moved since the release was checked (now {tip[:12]}): nothing was changed; run the release again"])
    ledger = plan.repo_root / plan.ledger_path
    current = ledger.read_bytes() if ledger.is_file() else None
    if current != plan.old_ledger:
        raise ReleaseRefused([f"{plan.ledger_path} changed since the release was checked: nothing was changed; run the release again"])
    message = f"Release {plan.doc_id} {plan.version}"
    try:
        made = tx.build_commit(repo, branch, plan.commit, plan.ledger_path, plan.new_ledger, message)
    except git.GitCommandError as exc:
        raise ReleaseRefused([f"{tx.git_problem(exc)}; nothing was changed"]) from None
    lock.update(commit=made.commit)
    tx.pause("written")
    if not tx.compare_and_swap(repo, branch, made.commit, plan.commit, f"mkdocs-policy: {message}"):
        raise ReleaseRefused(
            [f"{branch} moved while the release was being recorded (another commit came first): nothing was changed; run the release again"]
        )
    tx.pause("committed")
    old_index = _index_entry(repo, plan.ledger_path)
    try:
        tx.update_index_and_file(repo, plan.repo_root, plan.ledger_path, made.mode, made.blob, plan.new_ledger, write_atomically)
        tx.pause("checked-out")
        repo.git.tag("-a", plan.tag, "-m", message, made.commit)
        tx.pause("tagged")
    except BaseException as exc:
        _undo(repo, plan, made, old_index)
        if isinstance(exc, git.GitCommandError):
            raise ReleaseRefused([f"{tx.git_problem(exc)}; nothing was changed"]) from None
        raise
    return ReleaseResult(made.commit, plan.tag)


def _index_entry(repo: git.Repo, path: str) -> tuple[str, str] | None:
    listed = repo.git.ls_files("-s", "--", path)
    if not listed:
        return None
    mode, blob, _rest = listed.split(" ", 2)
    return mode, blob


def _undo(repo: git.Repo, plan: ReleasePlan, made: tx.LedgerCommit, old_index: tuple[str, str] | None) -> None:
    """Undo this run's own work only: the tag if it is ours, the branch if it is still at our commit."""
    with contextlib.suppress(git.GitCommandError):
        ours = repo.git.rev_parse("-q", "--verify", f"refs/tags/{plan.tag}^{{commit}}")
        if ours == made.commit:
            repo.git.tag("-d", plan.tag)
    if tx.compare_and_swap(repo, made.branch, made.start, made.commit, "mkdocs-policy: undo an interrupted release"):
        with contextlib.suppress(git.GitCommandError, OSError):
            mode, blob = old_index or ("", "")
            ledger = plan.repo_root / plan.ledger_path
            if (ledger.read_bytes() if ledger.is_file() else None) == plan.new_ledger:
                tx.update_index_and_file(repo, plan.repo_root, plan.ledger_path, mode, blob, plan.old_ledger, restore_file_bytes)
            elif old_index is not None:
                repo.git.update_index("--add", "--cacheinfo", f"{mode},{blob},{plan.ledger_path}")


def restore_file_bytes(path: Path, data: bytes) -> None:
    write_atomically(path, data)
