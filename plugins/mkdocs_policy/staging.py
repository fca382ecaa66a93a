"""A build's output staged beside site_dir and put in place only on success (SPEC §10)."""

from __future__ import annotations

import os
import shutil


class StagedSite:
    """A build writes into a sibling folder of site_dir, put in place only once the build succeeded: a build
    that fails at any point (a clash found in on_files, a template error, warnings under --strict) leaves the
    previous site exactly as it was, never empty or half-written (SPEC §10). Not under `mkdocs serve`."""

    def __init__(self) -> None:
        self.target: str | None = None
        self.staging: str | None = None

    def begin(self, site_dir: str) -> str:
        """The folder to build into instead of ``site_dir``."""
        self.target = os.path.abspath(site_dir)
        parent, name = os.path.split(self.target)
        self.staging = os.path.join(parent, f".{name}.policy-building")
        shutil.rmtree(self.staging, ignore_errors=True)  # left by a build that was killed
        return self.staging

    def finish(self, succeeded: bool) -> str | None:
        """Put the staged site in place (or drop it); the real site_dir, None when nothing was staged."""
        if self.target is None or self.staging is None:
            return None
        target, staging = self.target, self.staging
        self.target = self.staging = None
        if not succeeded:
            shutil.rmtree(staging, ignore_errors=True)
            return target
        os.makedirs(staging, exist_ok=True)
        if os.path.islink(target) or os.path.ismount(target):
            # The folder itself must stay (a link or a mount point): replace what is inside it.
            for entry in os.scandir(target):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
            for entry in os.scandir(staging):
                shutil.move(entry.path, os.path.join(target, entry.name))
            shutil.rmtree(staging, ignore_errors=True)
            return target
        old = staging[: -len("building")] + "old"
        shutil.rmtree(old, ignore_errors=True)
        if os.path.lexists(target):
            os.rename(target, old)
        os.rename(staging, target)
        shutil.rmtree(old, ignore_errors=True)
        return target
