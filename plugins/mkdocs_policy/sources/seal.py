"""The sealed ledger (SPEC §10): published means committed, entries never change, tags sit where they belong.

Everything here is read from git itself, not from tags (tags are often not pushed): one ``git log`` per
document lists the commits that touched its ledger; each ledger blob is read through the persistent
cat-file reader. The first commit whose ledger holds an entry is its *recording commit*; the ledger at
HEAD must still hold that entry, key for key, value for value, in the same order.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from ..findings import Finding
from . import yamlfile
from .git import History


@dataclass(frozen=True)
class Recorded:
    """An entry as first committed: its keys and values in order, where and when it was recorded."""

    version: str
    items: tuple[tuple[str, object], ...]
    commit: str  # the recording commit
    order: tuple[int, int]  # (position of the commit in history, position in its ledger)


def ledger_entries(text: str | None) -> list[tuple[str, tuple[tuple[str, object], ...], int]]:
    """(version, ordered (key, value) pairs, line) of each entry a ledger text holds; [] when unreadable."""
    if not text:
        return []
    return list(_ledger_entries(text))


# By text: a build reads HEAD's ledger here several times (the seal, the working tree, the tags' lines).
@lru_cache(maxsize=256)
def _ledger_entries(text: str) -> tuple[tuple[str, tuple[tuple[str, object], ...], int], ...]:
    return tuple(_read_entries(text))


def _read_entries(text: str) -> list[tuple[str, tuple[tuple[str, object], ...], int]]:
    try:
        root = yamlfile.parse(text)
    except yamlfile.YamlError:
        return []
    if root is None or not isinstance(root.value, list):
        return []
    found = []
    for node in root.value:
        if not isinstance(node.value, dict):
            continue
        version = node.get("version")
        if version is None or version.value is None or isinstance(version.value, (dict, list)):
            continue
        items = tuple((key, _frozen(value.plain())) for key, value in node.value.items())
        found.append((str(version.value), items, node.line))
    return found


def _frozen(value: object) -> object:
    if isinstance(value, dict):
        return tuple((k, _frozen(v)) for k, v in value.items())
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def _show(value: object) -> str:
    if isinstance(value, tuple) and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value) + "}"
    if isinstance(value, tuple):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def recorded_entries(history: History, ledger_path: str) -> dict[str, Recorded]:
    """Every entry ever committed to the ledger in HEAD's history, as first recorded (one git call)."""
    recorded: dict[str, Recorded] = {}
    previous: bytes | None = None
    count = 0
    for position, sha in enumerate(history.commits_touching(ledger_path)):
        tree = history.commit_at(sha)
        raw = tree.read(ledger_path) if tree.kind(ledger_path) == "blob" else None
        if raw is None:
            previous, count = None, 0
            continue
        # A long history is mostly appends: then only the appended entries are read (the earlier bytes, and
        # so the earlier entries, are the same), which keeps this linear in the ledger's size.
        appended = _appended_part(previous, raw)
        try:
            text = (appended if appended is not None else raw).decode("utf-8")
        except UnicodeDecodeError:
            previous, count = None, 0
            continue
        found = ledger_entries(text)
        offset = count if appended is not None else 0
        for index, (version, items, _line) in enumerate(found, start=offset):
            if version not in recorded:
                recorded[version] = Recorded(version, items, sha, (position, index))
        previous, count = raw, offset + len(found)
    return recorded


def _appended_part(previous: bytes | None, raw: bytes) -> bytes | None:
    """The bytes appended to ``previous`` when they are whole new list items (``- …`` at column 0), else None."""
    if not previous or not previous.endswith(b"\n") or not raw.startswith(previous):
        return None
    appended = raw[len(previous) :]
    for line in appended.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(b"#"):
            continue
        return appended if line.startswith(b"- ") else None
    return appended


def seal_findings(history: History, ledger_path: str, head_text: str | None, doc_id: str) -> tuple[dict[str, Recorded], list[Finding]]:
    """The entries as recorded, and an error for each recorded entry that HEAD's ledger changed or lost."""
    recorded = recorded_entries(history, ledger_path)
    findings: list[Finding] = []
    current = {version: (items, line) for version, items, line in ledger_entries(head_text)}
    fix = "a released entry never changes: correct a mistake with a new release, never by an edit"
    for version, entry in sorted(recorded.items(), key=lambda kv: kv[1].order):
        short = entry.commit[:12]
        restore = f"restore it from its recording commit (`git show {short}:{ledger_path}`)"
        if version not in current:
            findings.append(
                Finding(
                    ledger_path,
                    1,
                    f"{doc_id} release {version}, recorded in commit {short}, is no longer in the ledger: {fix}; {restore}",
                    code="entry-removed",
                )
            )
            continue
        items, line = current[version]
        old, new = dict(entry.items), dict(items)
        for key, value in entry.items:
            if key not in new:
                findings.append(
                    Finding(
                        ledger_path,
                        line,
                        f"{doc_id} release {version}: key `{key}` (recorded in commit {short} as {_show(value)}) was removed: {fix}; {restore}",
                        code="entry-changed",
                    )
                )
            elif new[key] != value:
                findings.append(
                    Finding(
                        ledger_path,
                        line,
                        f"{doc_id} release {version}: key `{key}` was {_show(value)} when recorded in commit {short}, "
                        f"now {_show(new[key])}: {fix}; {restore}",
                        code="entry-changed",
                    )
                )
        for key, _value in items:
            if key not in old:
                findings.append(
                    Finding(
                        ledger_path,
                        line,
                        f"{doc_id} release {version}: key `{key}` was added after the entry was recorded in commit {short}: {fix}",
                        code="entry-changed",
                    )
                )
        kept = [k for k, _ in entry.items if k in new]
        if kept != [k for k, _ in items if k in old]:
            findings.append(
                Finding(
                    ledger_path,
                    line,
                    f"{doc_id} release {version}: its keys are in another order than when recorded in commit {short}: {fix}; {restore}",
                    code="entry-changed",
                )
            )
    # Entries keep the order in which they were recorded.
    ordered = [v for v, _items, _line in ledger_entries(head_text) if v in recorded]
    expected = sorted(ordered, key=lambda v: recorded[v].order)
    if ordered != expected:
        moved = next(a for a, b in zip(ordered, expected, strict=True) if a != b)
        findings.append(
            Finding(
                ledger_path,
                current[moved][1],
                f"{doc_id} release {moved} (recorded in commit {recorded[moved].commit[:12]}) was moved: the ledger keeps "
                f"releases in the order they were recorded ({', '.join(expected)}): {fix}",
                code="entry-moved",
            )
        )
    return recorded, findings


def tag_findings(history: History, ledger_path: str, doc_id: str, recorded: dict[str, Recorded], lines: dict[str, int]) -> list[Finding]:
    """A tag DOC/VERSION, where present, is an annotated tag on the commit that recorded the entry."""
    findings = []
    for version, entry in sorted(recorded.items(), key=lambda kv: kv[1].order):
        tag = f"{doc_id}/{version}"
        found = history.tag_object(tag)
        if found is None:
            continue
        kind, commit = found
        line = lines.get(version, 1)
        if commit != entry.commit:
            findings.append(
                Finding(
                    ledger_path,
                    line,
                    f"release {version}: the tag {tag} points to commit {commit[:12]}, not to {entry.commit[:12]}, the commit that "
                    f"recorded the release; a released text must never change: move the tag back "
                    f"(`git tag -f -a {tag} -m 'Release {doc_id} {version}' {entry.commit}`) or find out who moved it",
                    code="tag-moved",
                )
            )
        elif kind != "tag":
            findings.append(
                Finding(
                    ledger_path,
                    line,
                    f"release {version}: the tag {tag} is a lightweight tag: a release's tag is annotated "
                    f"(`git tag -f -a {tag} -m 'Release {doc_id} {version}' {entry.commit}`)",
                    code="tag-not-annotated",
                )
            )
    return findings


# -- the working tree against HEAD ------------------------------------------------------------------


def _first_difference(a: str, b: str) -> int:
    for number, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), start=1):
        if x != y:
            return number
    return min(len(a.splitlines()), len(b.splitlines())) + 1


def uncommitted_findings(
    ledger_path: str, doc_id: str, head_raw: bytes | None, work_raw: bytes | None, index_raw: bytes | None, index_locked: bool
) -> list[Finding]:
    """Published means committed: a ledger that differs from HEAD's is an error; the remains of an interrupted
    `release` (entries appended, or entries committed but not yet in the working tree) are named as such."""
    if work_raw == head_raw:
        if index_raw == head_raw or (index_raw is None and head_raw is None):
            return []
        # Staged but restored in the working tree: the index alone disagrees.
        return [
            Finding(
                ledger_path,
                1,
                f"the ledger has staged changes that are not committed: published means committed; unstage them "
                f"(`git restore --staged -- {ledger_path}`)" + (_lock_note() if index_locked else ""),
                code="ledger-uncommitted",
            )
        ]
    if work_raw is None:
        return [
            Finding(
                ledger_path,
                1,
                f"the ledger is deleted in the working tree but committed at HEAD: published means committed, and released "
                f"entries are never removed; restore it: `git restore --staged --worktree -- {ledger_path}`"
                + (_lock_note() if index_locked else ""),
                code="ledger-uncommitted",
            )
        ]
    head_text = (head_raw or b"").decode("utf-8", errors="replace")
    work_text = (work_raw or b"").decode("utf-8", errors="replace")
    head_entries = ledger_entries(head_text)
    work_entries = ledger_entries(work_text)
    head_versions = [v for v, _, _ in head_entries]
    work_versions = [v for v, _, _ in work_entries]
    unlock = _lock_note() if index_locked else ""
    appended = work_raw is not None and work_raw.startswith(head_raw or b"") and len(work_entries) > len(head_entries)
    if appended and [(v, i) for v, i, _ in work_entries[: len(head_entries)]] == [(v, i) for v, i, _ in head_entries]:
        added = work_versions[len(head_versions) :]
        line = work_entries[len(head_entries)][2]
        staged = "staged, " if index_raw == work_raw else ""
        names = ", ".join(added)
        first = added[0]
        return [
            Finding(
                ledger_path,
                line,
                f"release {names} is written in the ledger ({staged}not committed): the remains of an interrupted "
                f"`mkdocs-policy release`; published means committed, so nothing of it is published.{unlock} "
                f"Finish it: `git commit -m 'Release {doc_id} {first}' -- {ledger_path} && git tag -a {doc_id}/{first} -m "
                f"'Release {doc_id} {first}' HEAD`; or undo it: `git restore --staged --worktree -- {ledger_path}`",
                code="interrupted-release",
            )
        ]
    behind = head_raw is not None and head_raw.startswith(work_raw or b"") and len(head_entries) > len(work_entries)
    if behind and [(v, i) for v, i, _ in head_entries[: len(work_entries)]] == [(v, i) for v, i, _ in work_entries]:
        added = head_versions[len(work_versions) :]
        return [
            Finding(
                ledger_path,
                head_entries[len(work_entries)][2],
                f"release {', '.join(added)} is committed but the working tree's ledger does not show it yet: the remains "
                f"of an interrupted `mkdocs-policy release`.{unlock} Finish it: `git restore --staged --worktree -- {ledger_path}` "
                f"(and tag it if it has no tag: see `mkdocs-policy check` after that)",
                code="interrupted-release",
            )
        ]
    return [
        Finding(
            ledger_path,
            _first_difference(head_text, work_text),
            f"the ledger has changes that are not committed: published means committed, and a build reads the ledger as "
            f"committed at HEAD; record releases with `mkdocs-policy release`, or discard the change: "
            f"`git restore --staged --worktree -- {ledger_path}`{unlock}",
            code="ledger-uncommitted",
        )
    ]


def _lock_note() -> str:
    return " A leftover .git/index.lock (git was killed) must be removed first: `rm .git/index.lock`."


def index_locked(git_dir: str) -> bool:
    return os.path.exists(os.path.join(git_dir, "index.lock"))
