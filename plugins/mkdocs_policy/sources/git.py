"""Git history through one persistent ``git cat-file --batch`` process (GitPython's object database).

A commit never changes, so everything read at a commit can be cached by its sha.
"""

from __future__ import annotations

from pathlib import Path

import git
from git.objects.fun import tree_entries_from_data
from gitdb.exc import BadName, BadObject

# Tree entry modes (upper bits); gitlinks are submodules. A symlink is "link": never read as a file (its blob is the link's target, not text of the policy).
_TYPES = {0o04: "tree", 0o10: "blob", 0o12: "link", 0o16: "commit"}


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
        # By object id, shared by all commits: most files and folders are the same object in many
        # releases, so each is read (and each folder parsed) once per build, not once per release.
        self._entries: dict[bytes, dict[str, tuple[str, bytes]]] = {}
        self._blobs: dict[bytes, bytes] = {}
        self._resolved: dict[str, str] = {}  # full commit names found (`mkdocs serve` resolves every release's again)

    def tree_entries(self, binsha: bytes) -> dict[str, tuple[str, bytes]]:
        """A tree object's entries: name -> (type, object id)."""
        entries = self._entries.get(binsha)
        if entries is None:
            data = self.repo.odb.stream(binsha).read()
            entries = {name: (_TYPES.get(mode >> 12, "other"), sha) for sha, mode, name in tree_entries_from_data(data)}
            self._entries[binsha] = entries
        return entries

    def blob(self, binsha: bytes) -> bytes:
        data = self._blobs.get(binsha)
        if data is None:
            data = self.repo.odb.stream(binsha).read()
            self._blobs[binsha] = data
        return data

    def forget_blobs(self) -> None:
        """Drop the files' contents read so far (a long history's are ~50 MB): what was made of them is cached
        by commit (the loader's texts); a file read again comes from git again."""
        self._blobs.clear()

    def close(self) -> None:
        self.repo.close()

    @property
    def is_shallow(self) -> bool:
        return (Path(self.repo.git_dir) / "shallow").exists()

    def resolve(self, rev: str) -> str | None:
        """The full sha of a commit, or None when it is unknown here."""
        known = self._resolved.get(rev)
        if known is not None:
            return known
        try:
            commit = self.repo.commit(rev)
            commit.tree  # noqa: B018 - a full 40-hex name is not looked up until read: make sure the commit exists
        except (BadName, BadObject, ValueError, git.GitCommandError):
            return None
        if commit.hexsha == rev:  # a full name found stays found (a ref or short name may move or grow ambiguous)
            self._resolved[rev] = rev
        return commit.hexsha

    def tag(self, name: str) -> str | None:
        """The commit a tag points to (annotated tags peeled), or None when there is no such tag."""
        try:
            return git.TagReference(self.repo, f"refs/tags/{name}").commit.hexsha
        except (ValueError, OSError, BadName, BadObject, git.GitCommandError):
            return None

    def tag_object(self, name: str) -> tuple[str, str] | None:
        """(type of the object the tag ref names — "tag" when annotated —, the commit it peels to), or None."""
        try:
            ref = git.TagReference(self.repo, f"refs/tags/{name}")
            target = ref.object
            return target.type, ref.commit.hexsha
        except (ValueError, OSError, BadName, BadObject, git.GitCommandError):
            return None

    def commits_touching(self, path: str) -> list[str]:
        """Every commit of HEAD's history that changed ``path``, oldest first (one git call)."""
        if self.head() is None:
            return []
        out = self.repo.git.log("--format=%H", "--reverse", "--topo-order", "--full-history", "HEAD", "--", path)
        return [line for line in out.splitlines() if line]

    def index_blob(self, path: str) -> bytes | None:
        """The file as staged in the index (read by GitPython from .git/index, no subprocess), or None."""
        try:
            entry = self.repo.index.entries.get((path, 0))
        except (OSError, ValueError, git.GitCommandError):
            return None
        return self.blob(entry.binsha) if entry is not None else None

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
    """The files of one commit; reads go through the persistent cat-file process, cached by object id."""

    def __init__(self, history: History, sha: str):
        self.label = sha
        self._history = history
        self._root = history.repo.commit(sha).tree.binsha

    def _item(self, path: str) -> tuple[str, bytes] | None:
        """(type, object id) of the file or folder at ``path``, or None."""
        item: tuple[str, bytes] = ("tree", self._root)
        for name in path.split("/"):
            if name in ("", "."):
                continue
            if item[0] != "tree":
                return None
            found = self._history.tree_entries(item[1]).get(name)
            if found is None:
                return None
            item = found
        return item

    def kind(self, path: str) -> str | None:
        """ "blob", "tree", "link" (a symlink), "commit" (a submodule) or None when absent."""
        item = self._item(path)
        return item[0] if item is not None else None

    def read(self, path: str) -> bytes | None:
        item = self._item(path)
        return self._history.blob(item[1]) if item is not None and item[0] == "blob" else None

    def listdir(self, path: str) -> list[str] | None:
        item = self._item(path)
        if item is None or item[0] != "tree":
            return None
        return sorted(self._history.tree_entries(item[1]))


SHALLOW_HINT = (
    "this is a shallow clone, so the commits that releases name are missing; fetch the full history with "
    "`git fetch --unshallow` (GitHub Actions: `actions/checkout` with `fetch-depth: 0`; GitLab CI: GIT_DEPTH: 0)"
)
