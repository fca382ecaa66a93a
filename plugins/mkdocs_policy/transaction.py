"""`release` as a transaction (SPEC §10): a lock, a commit built aside, compare-and-swap on the branch.

Steps, each of which can be interrupted (even by SIGKILL) without losing or bending anything:

1. **lock** — ``<git common dir>/mkdocs-policy-release.lock`` is created with O_EXCL and holds the pid, the
   document, the version, the branch and the commit the release started from: one release at a time.
2. **written** — the new ledger is written as git objects only (blob, tree from a temporary index,
   commit): the branch, the real index and the working tree are not touched yet.
3. **committed** — ``git update-ref refs/heads/<branch> <new> <old>``: the branch moves only if it is still
   where the release started (a concurrent commit is never undone).
4. **checked-out** — the real index entry and the working-tree file of the ledger are updated.
5. **tagged** — the annotated tag ``DOC/VERSION`` on the new commit.
6. the lock is removed.

``import --release`` commits the imported text inside the same transaction, between steps 1 and 2:
**text-written** (the text's commit built on a temporary index), **text-committed** (compare-and-swap of the
branch onto it, then the real index of the document's folder); the release is then planned on that commit.
A failure takes back only that commit (while the branch is still on it); after a kill the lock names it.

A failure undoes only this run's own work (the branch is moved back only while it is still at this run's
commit; the tag is deleted only while it names this run's tag object). After a kill, the lock remains and
``interrupted_findings`` (run by every ``check`` and build) names the state and the way out.

``MKDOCS_POLICY_TEST_PAUSE=<step>`` (tests only) makes the process stop after that step, writing
``MKDOCS_POLICY_TEST_PAUSE_FILE`` and waiting, so that a test can kill it exactly there.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import git

from .findings import Finding

LOCK_NAME = "mkdocs-policy-release.lock"
STEPS = ("locked", "written", "committed", "checked-out", "tagged")


class TransactionError(Exception):
    """The release could not be made; ``problems`` are one line each and nothing of this run remains."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def pause(step: str) -> None:
    """Tests only: stop here (SIGKILL welcome) while MKDOCS_POLICY_TEST_PAUSE names this step."""
    if os.environ.get("MKDOCS_POLICY_TEST_PAUSE") != step:
        return
    marker = os.environ.get("MKDOCS_POLICY_TEST_PAUSE_FILE")
    if marker:
        Path(marker).write_text(f"{os.getpid()} {step}\n")
    while marker is None or Path(marker).exists():
        time.sleep(0.05)


def lock_path(repo: git.Repo) -> Path:
    return Path(repo.common_dir) / LOCK_NAME


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (killed, not yet reaped by its parent) is dead too.
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def read_lock(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


_HELD: set[Path] = set()  # locks this process holds right now (its own checks, e.g. `import --release` planning, skip them)


class ReleaseLock:
    """One release at a time per repository: a lock file created with O_EXCL, holding the pid."""

    def __init__(self, repo: git.Repo, info: dict):
        self.path = lock_path(repo)
        self.info = {"pid": os.getpid(), **info}
        self.held = False

    def acquire(self, repo_root: Path) -> None:
        try:
            fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            other = read_lock(self.path) or {}
            pid = other.get("pid")
            where = self.path.relative_to(repo_root) if self.path.is_relative_to(repo_root) else self.path
            if isinstance(pid, int) and pid_alive(pid):
                raise TransactionError(
                    [f"{where}:1: another `mkdocs-policy release` is running in this repository (pid {pid}): wait for it, then run again"]
                ) from None
            raise TransactionError(
                [
                    f"{where}:1: left by an interrupted release (pid {pid}, no longer running): run `mkdocs-policy check` "
                    "to see its state and how to finish or undo it"
                ]
            ) from None
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(self.info, out)
            out.flush()
            os.fsync(out.fileno())
        self.held = True
        _HELD.add(self.path)

    def update(self, **changes: object) -> None:
        """Record progress (the new commit) so that a killed run's state can be named."""
        self.info.update(changes)
        temporary = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(self.info), encoding="utf-8")
        os.replace(temporary, self.path)

    def release(self) -> None:
        if self.held:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            self.held = False
            _HELD.discard(self.path)


@dataclass(frozen=True)
class LedgerCommit:
    branch: str  # e.g. refs/heads/main
    start: str  # the commit the release started from (the branch's tip)
    commit: str  # the new commit (the ledger alone changed)
    blob: str
    mode: str


def current_branch(repo: git.Repo) -> str:
    """The branch HEAD is on (refs/heads/…); a detached HEAD is refused."""
    try:
        return repo.git.symbolic_ref("-q", "HEAD")
    except git.GitCommandError:
        raise TransactionError(
            [
                "HEAD is detached (not on a branch): a release is recorded on a branch; "
                "check out the branch first (`git switch main`, or `git switch -c <branch>`)"
            ]
        ) from None


def build_commit(repo: git.Repo, branch: str, start: str, ledger_path: str, data: bytes, message: str) -> LedgerCommit:
    """The commit ``start`` + the new ledger, made with plumbing on a temporary index: nothing visible moves."""
    with tempfile.TemporaryFile() as stdin:
        stdin.write(data)
        stdin.seek(0)
        blob = repo.git.hash_object("-w", "--stdin", "--path", ledger_path, istream=stdin)
    mode = "100644"
    with contextlib.suppress(git.GitCommandError):
        listed = repo.git.ls_tree(start, "--", ledger_path)
        if listed:
            mode = listed.split()[0]
    handle, index = tempfile.mkstemp(prefix="mkdocs-policy-index.", dir=repo.git_dir)
    os.close(handle)
    os.unlink(index)  # git creates it; an empty file is not a valid index
    env = {"GIT_INDEX_FILE": index}
    try:
        repo.git.read_tree(start, env=env)
        repo.git.update_index("--add", "--cacheinfo", f"{mode},{blob},{ledger_path}", env=env)
        # The repository's own pre-commit hook still has its say, on the tree being committed.
        repo.git.hook("run", "--ignore-missing", "pre-commit", env=env)
        tree = repo.git.write_tree(env=env)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(index)
    commit = repo.git.commit_tree(tree, "-p", start, "-m", message)
    return LedgerCommit(branch, start, commit, blob, mode)


def build_text_commit(repo: git.Repo, start: str, paths: list[str], message: str) -> str:
    """The commit ``start`` + the working tree's ``paths`` (added, changed, removed), made on a temporary
    index like the ledger's (``import --release`` commits the imported text so): nothing visible moves."""
    handle, index = tempfile.mkstemp(prefix="mkdocs-policy-index.", dir=repo.git_dir)
    os.close(handle)
    os.unlink(index)
    env = {"GIT_INDEX_FILE": index}
    try:
        repo.git.read_tree(start, env=env)
        repo.git.add("-A", "--", *paths, env=env)
        repo.git.hook("run", "--ignore-missing", "pre-commit", env=env)
        tree = repo.git.write_tree(env=env)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(index)
    return repo.git.commit_tree(tree, "-p", start, "-m", message)


def compare_and_swap(repo: git.Repo, ref: str, new: str, old: str, reason: str) -> bool:
    """Move ``ref`` to ``new`` only if it is at ``old``; False when it is not (someone else moved it)."""
    try:
        repo.git.update_ref("-m", reason, ref, new, old)
        return True
    except git.GitCommandError as exc:
        if "but expected" in (exc.stderr or "") or "cannot lock ref" in (exc.stderr or ""):
            return False
        raise


def update_index_and_file(repo: git.Repo, repo_root: Path, ledger_path: str, mode: str, blob: str, data: bytes | None, write) -> None:
    """The real index entry and the working-tree file of the ledger (after the branch moved)."""
    if blob:
        repo.git.update_index("--add", "--cacheinfo", f"{mode},{blob},{ledger_path}")
    else:
        repo.git.update_index("--force-remove", "--", ledger_path)
    target = repo_root / ledger_path
    if data is None:
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
    else:
        write(target, data)


def tag_object(repo: git.Repo, name: str) -> str | None:
    try:
        return repo.git.rev_parse("-q", "--verify", f"refs/tags/{name}")
    except git.GitCommandError:
        return None


def git_problem(exc: git.GitCommandError) -> str:
    detail = " ".join(str(exc.stderr or exc.stdout or exc).split())
    return f"git refused ({' '.join(map(str, exc.command[:2]))}): {detail}"


# -- after a kill: name the state and the way out ----------------------------------------------------


def interrupted_findings(repo: git.Repo, repo_root: Path) -> list[Finding]:
    """The state a killed `release` left (its lock is still there), with the commands that finish or undo it."""
    path = lock_path(repo)
    if path in _HELD:
        return []  # held by this very process, which is checking its own work in progress
    info = read_lock(path)
    if info is None:
        return []
    where = path.relative_to(repo_root).as_posix() if path.is_relative_to(repo_root) else str(path)
    pid = info.get("pid")
    if isinstance(pid, int) and pid_alive(pid) and pid != os.getpid():
        return []  # a release is running right now: its lock is not a leftover
    doc, version = info.get("doc", "?"), info.get("version", "?")
    ledger = info.get("ledger") or where
    branch = info.get("branch") or "refs/heads/?"
    start, commit = info.get("start"), info.get("commit")
    tag = f"{doc}/{version}"
    head = _rev(repo, branch)
    prefix = f"an interrupted `mkdocs-policy release {doc} {version}` (pid {pid}, no longer running) left {where}"
    text, text_dir = info.get("text"), info.get("text_dir")
    if text and (not commit or head is None or not _is_ancestor(repo, commit, head)) and head and _is_ancestor(repo, text, head):
        # `import --release` put the imported text on the branch, then stopped before recording the release.
        message = (
            f"{prefix}; the imported text is committed ({text[:12]}) but release {version} was not recorded. "
            f"Finish it: `rm {where} && mkdocs-policy release {doc} {version} …`"
        )
        if head == text and start:
            message += (
                f"; or undo it: `git update-ref {branch} {start} {text} && git restore --staged --worktree -- {text_dir} && rm {where}`"
            )
    elif not commit or head is None or not _is_ancestor(repo, commit, head):
        message = f"{prefix}; it stopped before its commit reached the branch, so nothing was recorded. Clean up: `rm {where}`"
    else:
        short = commit[:12]
        work = (repo_root / ledger).read_bytes() if (repo_root / ledger).is_file() else None
        committed = _blob(repo, commit, ledger)
        steps = []
        if work != committed:
            steps.append(f"git restore --staged --worktree -- {ledger}")
        if tag_object(repo, tag) is None:
            steps.append(f"git tag -a {tag} -m 'Release {doc} {version}' {commit}")
        steps.append(f"rm {where}")
        state = "committed but not tagged" if tag_object(repo, tag) is None else "committed and tagged"
        message = f"{prefix}; release {version} is {state} (commit {short}). Finish it: `{' && '.join(steps)}`"
        if head == commit and start:
            undo = [f"git update-ref {branch} {start} {commit}"]
            if tag_object(repo, tag) is not None:
                undo.append(f"git tag -d {tag}")
            undo.append(f"git restore --staged --worktree -- {ledger}")
            undo.append(f"rm {where}")
            message += f"; or undo it: `{' && '.join(undo)}`"
    return [Finding(ledger, 1, message, code="interrupted-release")]


def _rev(repo: git.Repo, ref: str) -> str | None:
    try:
        return repo.git.rev_parse("-q", "--verify", f"{ref}^{{commit}}")
    except git.GitCommandError:
        return None


def _is_ancestor(repo: git.Repo, commit: str, head: str) -> bool:
    try:
        repo.git.merge_base("--is-ancestor", commit, head)
        return True
    except git.GitCommandError:
        return False


def _blob(repo: git.Repo, commit: str, path: str) -> bytes | None:
    try:
        return (repo.commit(commit).tree / path).data_stream.read()
    except (KeyError, ValueError, git.GitCommandError):
        return None
