"""Load every document of a site: the draft from the working tree, each release from git at its commit."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from ..model import Document, DocumentText, Release
from .document import read_text
from .files import WorkingTree, join
from .git import SHALLOW_HINT, GitError, History
from .ledger import parse_ledger

DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RESERVED_DOC_IDS = frozenset({"schema"})


@dataclass(frozen=True)
class Sources:
    """Where a site's documents are and which languages it has."""

    root: Path  # the folder of mkdocs.yml
    policy_dir: str = "policy"
    languages: tuple[str, ...] = ("ja", "en")


@dataclass
class Site:
    documents: tuple[Document, ...]
    findings: list[Finding] = field(default_factory=list)
    repo_root: Path | None = None

    def document(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == doc_id), None)


class Loader:
    """Reads sources; caches what it read at a commit (a commit never changes) across rebuilds."""

    def __init__(self, sources: Sources):
        self.sources = sources
        self._history: History | None = None
        self._texts: dict[tuple[str, str], tuple[DocumentText | None, list[Finding]]] = {}

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
        if not documents and not findings:
            findings.append(
                Finding(
                    policy_rel,
                    1,
                    f"no document found in {policy_rel}/: add a folder such as {policy_rel}/privacy/ with document.yml",
                    code="no-documents",
                )
            )
        return Site(tuple(documents), findings, repo_root)

    def _document(self, tree: WorkingTree, doc_id: str, doc_dir: str, include_draft: bool):
        languages = self.sources.languages
        findings: list[Finding] = []
        ledger_path = join(doc_dir, "releases.yml")
        raw = tree.read(ledger_path)
        text = None
        if raw is not None:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                findings.append(Finding(ledger_path, raw.count(b"\n", 0, exc.start) + 1, "not valid UTF-8 text", code="not-utf8"))
        entries, ledger_findings = parse_ledger(text, ledger_path, languages)
        findings.extend(ledger_findings)
        draft = None
        if include_draft:
            draft, draft_findings = read_text(tree, doc_id, doc_dir, languages)
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
            moved = self._moved_tag(doc_id, doc_dir, entry.version, released.digest)
            if moved:
                findings.append(Finding(ledger_path, entry.line, moved, code="tag-moved"))
                continue
            if entry.change == "material":
                consent += 1
            releases.append(Release(entry, len(releases) + 1, consent, released, releases[-1].version if releases else None))
        meta = draft.meta if draft is not None else (releases[-1].text.meta if releases else None)
        document = Document(doc_id, tuple(releases), draft, ledger_path, meta.reviewed if meta is not None else None)
        return document, findings

    def _moved_tag(self, doc_id: str, doc_dir: str, version: str, digest: str) -> str | None:
        """The tag ``<doc>/<version>`` (written by `release`), if present, must hold the same text."""
        tag = f"{doc_id}/{version}"
        sha = self.history.tag(tag)
        if sha is None:
            return None
        tagged, _ = self.text_at(sha, doc_id, doc_dir, version)
        if tagged is not None and tagged.digest == digest:
            return None
        return (
            f"release {version}: the tag {tag} points to commit {sha[:12]}, whose text is not the released text; "
            f"a released text must never change: move the tag back (`git tag -f {tag} <commit of the release>`) "
            "or find out who moved it"
        )

    def text_at(self, sha: str, doc_id: str, doc_dir: str, label: str | None = None):
        key = (sha, doc_dir)
        if key not in self._texts:
            commit_tree = self.history.commit_at(sha)
            if commit_tree.listdir(doc_dir) is None:
                self._texts[key] = (None, [])
            else:
                self._texts[key] = read_text(commit_tree, doc_id, doc_dir, self.sources.languages, label)
        return self._texts[key]
