"""Load every document of a site: the draft from the working tree, each release from git at its commit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from ..model import Document, DocumentText, Release
from ..settings import DEFAULTS
from . import seal
from .document import read_text
from .files import WorkingTree, join
from .git import SHALLOW_HINT, GitError, History
from .ledger import parse_ledger
from .markdown_model import DEFAULT_PIPELINE, Pipeline

DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RESERVED_DOC_IDS = frozenset({"schema"})


@dataclass(frozen=True)
class Sources:
    """Where a site's documents are and which languages it has."""

    root: Path  # the folder of mkdocs.yml
    policy_dir: str = DEFAULTS["policy_dir"]
    languages: tuple[str, ...] = tuple(DEFAULTS["languages"])
    pipeline: Pipeline = DEFAULT_PIPELINE  # the site's Markdown extensions: the one parse of every section


@dataclass
class Site:
    documents: tuple[Document, ...]
    findings: list[Finding] = field(default_factory=list)
    repo_root: Path | None = None
    languages: tuple[str, ...] = ()  # the site's languages (plugin option), for the output plan

    def document(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == doc_id), None)


class Loader:
    """Reads sources; caches what it read at a commit (a commit never changes) across rebuilds."""

    def __init__(self, sources: Sources):
        self.sources = sources
        self._history: History | None = None
        self._texts: dict[tuple[str, str], tuple[DocumentText | None, list[Finding]]] = {}
        self._seals: dict[tuple[str, str | None], tuple[dict[str, seal.Recorded], list[Finding]]] = {}

    @property
    def history(self) -> History:
        if self._history is None:
            self._history = History(self.sources.root)
        return self._history

    def close(self) -> None:
        if self._history is not None:
            self._history.close()
            self._history = None

    def policy_path(self) -> tuple[Path, str]:
        """The repository root and the policy folder relative to it (POSIX)."""
        repo_root = self.history.root
        full = (self.sources.root / self.sources.policy_dir).resolve()
        try:
            rel = full.relative_to(repo_root).as_posix()
        except ValueError:
            raise GitError(f"policy_dir {self.sources.policy_dir!r} is outside the git repository {repo_root}") from None
        return repo_root, rel

    def load(self, include_draft: bool = True) -> Site:
        findings: list[Finding] = []
        try:
            repo_root, policy_rel = self.policy_path()
        except GitError as exc:
            return Site((), [Finding(self.sources.policy_dir, 1, str(exc), code="git")])
        tree = WorkingTree(repo_root)
        # A `release` killed half-way left its lock: name the state and the way out (transaction.py).
        from ..transaction import interrupted_findings

        findings.extend(interrupted_findings(self.history.repo, repo_root))
        doc_ids = tree.listdir(policy_rel)
        if doc_ids is None:
            return Site(
                (),
                [Finding(policy_rel, 1, f"the policy folder {policy_rel}/ does not exist (plugin option policy_dir)", code="policy-dir")],
                repo_root,
            )
        documents: list[Document] = []
        for doc_id in doc_ids:
            doc_dir = join(policy_rel, doc_id)
            if tree.listdir(doc_dir) is None or doc_id.startswith((".", "_")):
                continue
            if not DOC_ID.match(doc_id) or doc_id in RESERVED_DOC_IDS:
                findings.append(
                    Finding(doc_dir, 1, f"document folder {doc_id!r} must match [a-z0-9][a-z0-9-]* and not be 'schema'", code="document-id")
                )
                continue
            document, doc_findings = self._document(tree, doc_id, doc_dir, include_draft)
            findings.extend(doc_findings)
            if document is not None:
                documents.append(document)
        if not documents and not [f for f in findings if f.code != "interrupted-release"]:
            findings.append(
                Finding(
                    policy_rel,
                    1,
                    f"no document found in {policy_rel}/: add a folder such as {policy_rel}/privacy/ with document.yml",
                    code="no-documents",
                )
            )
        self.history.forget_blobs()  # every text is read: the loader keeps them by commit
        return Site(tuple(documents), findings, repo_root, self.sources.languages)

    def _document(self, tree: WorkingTree, doc_id: str, doc_dir: str, include_draft: bool):
        languages = self.sources.languages
        findings: list[Finding] = []
        ledger_path = join(doc_dir, "releases.yml")
        text, committed_findings = self._committed_ledger(tree, doc_id, ledger_path)
        findings.extend(committed_findings)
        entries, ledger_findings = parse_ledger(text, ledger_path, languages)
        findings.extend(ledger_findings)
        draft = None
        if include_draft:
            draft, draft_findings = read_text(tree, doc_id, doc_dir, languages, pipeline=self.sources.pipeline)
            findings.extend(draft_findings)
        releases: list[Release] = []
        consent = 0
        if entries and self.history.is_shallow:
            findings.append(Finding(ledger_path, entries[0].line, SHALLOW_HINT, code="shallow"))
        for entry in entries:
            sha = self.history.resolve(entry.commit)
            if sha is None:
                hint = (
                    SHALLOW_HINT
                    if self.history.is_shallow
                    else (
                        "fetch the full history (`git fetch --unshallow`, or `git fetch origin` if the commit is on another branch; in CI: fetch-depth: 0)"
                    )
                )
                findings.append(
                    Finding(
                        ledger_path,
                        entry.line,
                        f"release {entry.version}: commit {entry.commit} is not in this repository; {hint}",
                        code="unknown-commit",
                    )
                )
                continue
            released, text_findings = self.text_at(sha, doc_id, doc_dir, entry.version)
            findings.extend(text_findings)
            if released is None:
                if not text_findings:
                    findings.append(
                        Finding(
                            ledger_path,
                            entry.line,
                            f"release {entry.version}: commit {sha[:12]} does not contain {doc_dir}/",
                            code="commit-without-document",
                        )
                    )
                continue
            if entry.digest is not None and entry.digest != released.digest:
                findings.append(
                    Finding(
                        ledger_path,
                        entry.line,
                        f"release {entry.version}: digest mismatch: the ledger says {entry.digest} but the text at commit {sha[:12]} is {released.digest}; "
                        "a released text must never change (was history rewritten, or the digest edited?)",
                        code="digest-mismatch",
                    )
                )
                continue
            if entry.change == "material":
                consent += 1
            releases.append(Release(entry, len(releases) + 1, consent, released, releases[-1].version if releases else None))
        meta = draft.meta if draft is not None else (releases[-1].text.meta if releases else None)
        document = Document(doc_id, tuple(releases), draft, ledger_path, meta.reviewed if meta is not None else None)
        return document, findings

    def _committed_ledger(self, tree: WorkingTree, doc_id: str, ledger_path: str) -> tuple[str | None, list[Finding]]:
        """The ledger as committed at HEAD (SPEC §10), with every finding of the seal: uncommitted changes
        (an interrupted `release` named as such), entries changed or removed since their recording commit,
        tags not on the recording commit."""
        findings: list[Finding] = []
        history = self.history
        head = history.head()
        head_tree = history.commit_at(head) if head is not None else None
        head_kind = head_tree.kind(ledger_path) if head_tree is not None else None
        head_raw = head_tree.read(ledger_path) if head_tree is not None and head_kind == "blob" else None
        if head_kind not in (None, "blob"):
            findings.append(
                Finding(
                    ledger_path,
                    1,
                    f"the ledger committed at HEAD is a {'symbolic link' if head_kind == 'link' else head_kind}, not a file: "
                    "releases.yml must be a regular file, committed",
                    code="ledger-not-a-file",
                )
            )
        full = tree.root / ledger_path
        if full.is_symlink():
            findings.append(
                Finding(
                    ledger_path,
                    1,
                    "releases.yml is a symbolic link: the ledger must be a regular file, committed",
                    code="ledger-not-a-file",
                )
            )
        else:
            work_raw = full.read_bytes() if full.is_file() else None
            findings.extend(
                seal.uncommitted_findings(
                    ledger_path, doc_id, head_raw, work_raw, history.index_blob(ledger_path), seal.index_locked(history.repo.git_dir)
                )
            )
        text = None
        if head_raw is not None:
            try:
                text = head_raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                findings.append(Finding(ledger_path, head_raw.count(b"\n", 0, exc.start) + 1, "not valid UTF-8 text", code="not-utf8"))
        # History is immutable below HEAD: under `mkdocs serve` the seal is verified again only when HEAD moved.
        key = (ledger_path, head)
        if key not in self._seals:
            self._seals[key] = seal.seal_findings(history, ledger_path, text, doc_id)
        recorded, seal_errors = self._seals[key]
        findings.extend(seal_errors)
        lines = {version: line for version, _items, line in seal.ledger_entries(text)}
        findings.extend(seal.tag_findings(history, ledger_path, doc_id, recorded, lines))
        return text, findings

    def text_at(self, sha: str, doc_id: str, doc_dir: str, label: str | None = None):
        key = (sha, doc_dir)
        if key not in self._texts:
            commit_tree = self.history.commit_at(sha)
            if commit_tree.listdir(doc_dir) is None:
                self._texts[key] = (None, [])
            else:
                self._texts[key] = read_text(commit_tree, doc_id, doc_dir, self.sources.languages, label, self.sources.pipeline)
        return self._texts[key]
