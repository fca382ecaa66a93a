"""Real git repositories of policy sites, made in tests with GitPython (no mocks)."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

import git
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from mkdocs_policy.sources.loader import Loader, Sources

FIXED_DATE = "2026-01-01T00:00:00+00:00"
# One PDF cache for every test site (unless a test names its own): a PDF is keyed by everything it is made
# from, so sites with the same release text share it, and a test suite renders each distinct PDF once.
PDF_CACHE = Path(tempfile.gettempdir()) / f"mkdocs-policy-tests-pdf-{os.getuid()}"


def sections_md(titles: dict[str, str], bodies: dict[str, str] | None = None) -> dict[str, str]:
    """{id: title} → {id: '## title\\n\\nbody\\n'}."""
    bodies = bodies or {}
    return {sid: f"## {title}\n\n{bodies.get(sid, f'Text of {sid}.')}\n" for sid, title in titles.items()}


class PolicyRepo:
    """A site folder that is also a git repository: mkdocs.yml, policy/<doc>/…, docs/."""

    def __init__(
        self,
        path: Path,
        languages: tuple[str, ...] = ("ja", "en"),
        site_url: str | None = None,
        overrides: bool = False,
        plugin_options: dict | None = None,
        search: bool = True,
    ):
        self.path = path
        self.languages = languages
        path.mkdir(parents=True, exist_ok=True)
        self.repo = git.Repo.init(path, initial_branch="main")
        with self.repo.config_writer() as cw:
            cw.set_value("user", "name", "Test Author")
            cw.set_value("user", "email", "author@example.invalid")
            cw.set_value("commit", "gpgsign", "false")
        (path / "docs").mkdir(exist_ok=True)
        (path / "docs" / ".gitkeep").write_text("")
        options = {"languages": list(languages), "pdf_cache_dir": str(PDF_CACHE), **(plugin_options or {})}
        config: dict = {
            "site_name": "Example Co.",
            "docs_dir": "docs",
            "theme": {"name": "material", "language": languages[0]},
            "plugins": ([{"search": {"lang": ["ja"] if "ja" in languages else list(languages)}}] if search else []) + [{"policy": options}],
        }
        if site_url:
            config["site_url"] = site_url
        if overrides:
            config["theme"]["custom_dir"] = "site_overrides"
            (path / "site_overrides").mkdir(exist_ok=True)
            (path / "site_overrides" / "main.html").write_text('{% extends "base.html" %}\n')
        self.write("mkdocs.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
        self._tick = 0

    # -- files -----------------------------------------------------------------------------
    def write(self, relpath: str, text: str | bytes) -> Path:
        target = self.path / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
        return target

    def read(self, relpath: str) -> str:
        return (self.path / relpath).read_text(encoding="utf-8")

    def write_document(
        self,
        doc: str,
        sections: dict[str, dict[str, str]],
        title: dict[str, str] | None = None,
        authoritative: str | None = None,
        allow_terms: tuple[str, ...] = (),
        order: list[str] | None = None,
        reviewed: str | None = "today",
    ) -> None:
        """``sections``: {lang: {section id: full Markdown}}; replaces the document's section files.

        ``reviewed``: document.yml's review date (SPEC §13), today's by default so that `check --strict` stays
        clean; None leaves it out."""
        base = self.path / "policy" / doc
        for lang in self.languages:
            folder = base / lang
            if folder.is_dir():
                for old in folder.glob("*.md"):
                    old.unlink()
        first = sections[self.languages[0]]
        meta = {
            "title": title or {lang: f"{doc.title()} ({lang})" for lang in self.languages},
            "authoritative": authoritative or self.languages[0],
            "sections": order or list(first),
            "allow_terms": list(allow_terms),
        }
        if reviewed is not None:
            meta["reviewed"] = date.today() if reviewed == "today" else date.fromisoformat(reviewed)
        self.write(f"policy/{doc}/document.yml", yaml.safe_dump(meta, allow_unicode=True, sort_keys=False))
        for lang, files in sections.items():
            for sid, markdown in files.items():
                self.write(f"policy/{doc}/{lang}/{sid}.md", markdown)

    # -- git -------------------------------------------------------------------------------
    def commit(self, message: str = "edit") -> str:
        self.repo.git.add(A=True)
        self._tick += 1
        stamp = f"2026-01-01T00:{self._tick // 60:02d}:{self._tick % 60:02d}+00:00"
        env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        self.repo.git.commit("-m", message, "--allow-empty", env=env)
        return self.repo.head.commit.hexsha

    def digest_at(self, sha: str, doc: str) -> str:
        loader = Loader(Sources(self.path, "policy", self.languages))
        try:
            text, findings = loader.text_at(sha, doc, f"policy/{doc}")
        finally:
            loader.close()
        assert text is not None, findings
        return text.digest

    def release(
        self,
        doc: str,
        version: str,
        published: str = "2026-01-01",
        effective: str | None = None,
        change: str = "minor",
        summary: dict[str, str] | None = None,
        commit: str | None = None,
        extra: dict | None = None,
        commit_ledger: bool = True,
    ) -> str:
        """Record the text at ``commit`` (default: commit the tree now) in the ledger, as `release` does."""
        sha = commit or self.commit(f"{doc} {version} text")
        entry = {
            "version": version,
            "commit": sha,
            "published": published,
            "effective": effective or published,
            "change": change,
            "summary": summary or {lang: f"Release {version} ({lang})." for lang in self.languages},
            "digest": self.digest_at(sha, doc),
            **(extra or {}),
        }
        ledger = self.path / "policy" / doc / "releases.yml"
        old = ledger.read_text(encoding="utf-8") if ledger.exists() else ""
        ledger.write_text(old + ledger_entry(entry), encoding="utf-8")
        if commit_ledger:
            self.commit(f"release {doc} {version}")
        return sha

    # -- building --------------------------------------------------------------------------
    def build(self, site_dir: str = "site", epoch: str | int = "1767225600", strict: bool = True, **overrides) -> Path:
        """A real ``mkdocs build`` in-process; ``epoch`` is SOURCE_DATE_EPOCH (default 2026-01-01)."""
        old_env = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
        cwd = os.getcwd()
        try:
            os.chdir(self.path)
            config = load_config(str(self.path / "mkdocs.yml"), site_dir=str(self.path / site_dir), strict=strict, **overrides)
            mkdocs_build(config)
        finally:
            os.chdir(cwd)
            if old_env is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = old_env
        return self.path / site_dir


def ledger_entry(entry: dict) -> str:
    """One ledger entry in the ledger's own style (quoted version, dates as YYYY-MM-DD)."""
    lines = [f"- version: {json.dumps(entry['version'])}"]
    for key, value in entry.items():
        if key == "version":
            continue
        if isinstance(value, dict):
            lines.append(f"  {key}:")
            for k, v in value.items():
                lines.append(f"    {k}: {json.dumps(v, ensure_ascii=False)}")
        else:
            lines.append(f"  {key}: {value}")
    return "\n".join(lines) + "\n"


def epoch_of(day: str) -> int:
    """SOURCE_DATE_EPOCH for noon, Tokyo time, of a day given as YYYY-MM-DD."""
    return int(datetime.fromisoformat(day + "T03:00:00").replace(tzinfo=timezone.utc).timestamp())
