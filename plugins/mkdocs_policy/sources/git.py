"""Git history through one persistent ``git cat-file --batch`` process (GitPython's object database).

A commit never changes, so everything read at a commit can be cached by its sha.
"""

from __future__ import annotations

from pathlib import Path

import git
from gitdb.exc import BadName, BadObject


class GitError(Exception):
    pass


class History:
    """The repository that holds the policy sources."""

    def __init__(self, path: Path):
        try:
            self.repo = git.Repo(path, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
            raise GitError(f"{path} is not inside a git repository") from exc
        self.root = Path(self.repo.working_tree_dir or path).resolve()
        self._trees: dict[str, CommitTree] = {}

    def close(self) -> None:
        self.repo.close()

    @property
    def is_shallow(self) -> bool:
        return (Path(self.repo.git_dir) / "shallow").exists()

    def resolve(self, rev: str) -> str | None:
        """The full sha of a commit, or None when it is unknown here."""
        try:
            return self.repo.commit(rev).hexsha
        except (BadName, BadObject, ValueError, git.GitCommandError):
            return None

    def tag(self, name: str) -> str | None:
        """The commit a tag points to (annotated tags peeled), or None when there is no such tag."""
        try:
            return git.TagReference(self.repo, f"refs/tags/{name}").commit.hexsha
        except (ValueError, OSError, BadName, BadObject, git.GitCommandError):
            return None

    def head(self) -> str | None:
        try:
            return self.repo.head.commit.hexsha
        except ValueError:  # no commit yet
            return None

    def commit_at(self, sha: str) -> CommitTree:
        if sha not in self._trees:
            self._trees[sha] = CommitTree(self, sha)
        return self._trees[sha]

    def is_dirty(self, paths: list[str] | None = None) -> bool:
        return self.repo.is_dirty(untracked_files=True, path=paths)


class CommitTree:
    """The files of one commit; reads go through the persistent cat-file process."""

    def __init__(self, history: History, sha: str):
        self.label = sha
        self._tree = history.repo.commit(sha).tree
        self._cache: dict[str, bytes | None] = {}

    def _item(self, path: str):
        try:
            return self._tree[path] if path not in ("", ".") else self._tree
        except KeyError:
            return None

    def read(self, path: str) -> bytes | None:
        if path not in self._cache:
            item = self._item(path)
            self._cache[path] = item.data_stream.read() if isinstance(item, git.Blob) else None
        return self._cache[path]

    def listdir(self, path: str) -> list[str] | None:
        item = self._item(path)
        if not isinstance(item, git.Tree):
            return None
        return sorted(child.name for child in item)


SHALLOW_HINT = (
    "this is a shallow clone, so the commits that releases name are missing; fetch the full history with "
    "`git fetch --unshallow` (GitHub Actions: `actions/checkout` with `fetch-depth: 0`; GitLab CI: GIT_DEPTH: 0)"
)
