"""Results kept in files across builds, for outputs that are pure functions of their key.

The since pages and files (render/since.py, publish/since.py) compare every older release with the one in
force: the daily build of a site recomputes them only when a release took effect. Invariants:

- a value is stored under a hash of its whole key *and* of this package's code and catalogs (``fingerprint``),
  so a changed engine, template string or translation never serves an old result;
- values are JSON (``str`` or plain data) written atomically (temporary file, then rename); a file that cannot
  be read is treated as missing, and a cache that cannot be written only costs time;
- ``generation``: entries live under a folder per generation (e.g. the release in force); a new generation
  removes the others, so the cache holds one history's worth of results and does not grow with every release;
  a generation past ``limit`` entries (counted on a process's first write to it, then every thousand) starts again.

``WARM`` (``.cache/mkdocs-policy/warm``) keeps, the same way, the Markdown models (sources/markdown_model.py),
the side-by-side sections (render/sidebyside.py), the change history's release entries and the feeds' redlines
(render/changes.py), the comparisons' outlines (compare/kept.py), the safety verdicts (checks/safety.py) and the
ledgers' YAML parses (sources/yamlfile.py): a second build reads them, one file per entry, instead of parsing,
aligning and comparing again. Their keys also name the Markdown pipeline with the versions
of Markdown, Babel and every extension's package (``pipeline_stamp``).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import os
import shutil
import sys
import tempfile
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache


@cache
def fingerprint() -> str:
    """The package's code, schemas and assets: a new version makes new keys (catalogs: see catalog_digest)."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json", ".js") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def catalog_digest(lang: str) -> str:
    """The catalog of ``lang`` as it is now (`mkdocs serve` reloads an edited catalog)."""
    path = Path(str(resources.files("mkdocs_policy.locales").joinpath(lang, "LC_MESSAGES", "messages.po")))
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return ""
    return _catalog_digest(str(path), stamp)


@cache
def _catalog_digest(path: str, stamp: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return ""


def _module_stamp(name: str) -> list[Any]:
    """An extension's package as installed: its version and its file (a reinstall rewrites it)."""
    try:
        module = importlib.import_module(name)
    except ImportError:
        return [name]
    where = getattr(module, "__file__", None) or ""
    try:
        stat = os.stat(where) if where else None
    except OSError:
        stat = None
    return [name, str(getattr(module, "__version__", "")), where, stat.st_mtime_ns if stat else 0, stat.st_size if stat else 0]


@cache
def _pipeline_stamp(key: str, modules: tuple[str, ...]) -> str:
    stamp = [fingerprint(), key, _version("Markdown"), _version("Babel"), [_module_stamp(m) for m in modules]]
    return hashlib.sha256(json.dumps(stamp).encode()).hexdigest()[:24]


def pipeline_stamp(key: str, extensions: tuple[Any, ...]) -> str:
    """What the HTML of a Markdown pipeline depends on besides the text: this package's code, the pipeline's
    extensions and configs (``key``) and the versions of Markdown, Babel and the extensions' packages."""
    modules = tuple(
        sorted({(ext if isinstance(ext, str) else type(ext).__module__).partition(".")[0].partition(":")[0] for ext in extensions})
    )
    return _pipeline_stamp(key, modules)


class DiskCache:
    def __init__(self, limit: int = 50_000) -> None:
        self.directory: Path | None = None  # set per build (build.py); None: nothing kept on disk
        self._on_disk: set[Path] = set()  # files this process read or wrote (see keep)
        # Entries of one generation at most: past it, the generation starts again empty (a long `mkdocs serve`
        # session keeps a model of every saved draft; a history's own entries stay far below).
        self.limit = limit
        self._puts: dict[str, int] = {}

    def _path(self, generation: str, key: Any) -> Path | None:
        if self.directory is None:
            return None
        # surrogatepass: a key may quote text with a lone surrogate; its name must still be made
        name = hashlib.sha256(
            json.dumps([fingerprint(), key], ensure_ascii=False, default=repr).encode("utf-8", "surrogatepass")
        ).hexdigest()
        return self.directory / generation / name[:2] / f"{name}.json"

    def get(self, generation: str, key: Any) -> Any | None:
        path = self._path(generation, key)
        if path is None:
            return None
        try:
            with open(path, "rb") as handle:  # bytes: json reads UTF-8 itself (no text layer: a long history reads thousands)
                value = json.loads(handle.read())["value"]
        except (OSError, ValueError, KeyError):
            return None
        self._on_disk.add(path)
        return value

    def keep(self, generation: str, key: Any, value: Any) -> None:
        """``put`` unless this process already read or wrote that file: a value found in memory is kept on
        disk too (another site folder, or a first build after a cache was deleted), without rewriting it on
        every `mkdocs serve` rebuild."""
        path = self._path(generation, key)
        if path is not None and (path not in self._on_disk or not path.exists()):
            self.put(generation, key, value)

    def put(self, generation: str, key: Any, value: Any) -> None:
        path = self._path(generation, key)
        if path is None:
            return
        try:
            if not (self.directory / generation).exists():
                self._retire(generation)
            puts = self._puts[generation] = self._puts.get(generation, 0) + 1
            if puts % 1000 == 1 and self._count(generation) >= self.limit:  # counted now and then, not on every write
                shutil.rmtree(self.directory / generation, ignore_errors=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        except OSError:
            return  # a read-only or full disk: the result is simply not kept
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"value": value}, out, ensure_ascii=False)
            os.replace(temp, path)
            self._on_disk.add(path)
        except (OSError, ValueError, TypeError):
            # A full disk, or a value JSON or UTF-8 cannot hold (a lone surrogate): not kept, and no temporary file left.
            with contextlib.suppress(OSError):
                os.unlink(temp)

    def _count(self, generation: str) -> int:
        assert self.directory is not None
        try:
            return sum(len(os.listdir(sub)) for sub in os.scandir(self.directory / generation) if sub.is_dir())
        except OSError:
            return 0

    def _retire(self, generation: str) -> None:
        """Remove the other generations of the same family (``family/generation``)."""
        assert self.directory is not None
        family, _, _ = generation.rpartition("/")
        parent = self.directory / family if family else self.directory
        if not parent.is_dir():
            return
        keep = Path(generation).name
        for other in parent.iterdir():
            if other.is_dir() and other.name != keep:
                shutil.rmtree(other, ignore_errors=True)


SINCE = DiskCache()  # the since pages and files
WARM = DiskCache()  # the families listed at the top of the module


class CompiledTemplateFiles(jinja2.FileSystemBytecodeCache):
    """The theme's templates compiled once and kept between builds (MkDocs compiles every template of Material in
    every build). Jinja checks each template's source checksum, so an edited override is compiled again; the
    folder names the versions of Python, Jinja, MkDocs and the theme, whose settings shape the compiled code. A
    folder that cannot be written only costs time."""

    def __init__(self, directory: Path, versions: str) -> None:
        folder = directory / hashlib.sha256(f"{sys.version}|{jinja2.__version__}|{versions}".encode()).hexdigest()[:16]
        with contextlib.suppress(OSError):
            if not folder.is_dir():
                shutil.rmtree(directory, ignore_errors=True)  # other versions' code: never read again
                folder.mkdir(parents=True, exist_ok=True)
        super().__init__(str(folder))

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
            super().load_bytecode(bucket)
