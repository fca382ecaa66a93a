"""Import a policy kept as one Markdown file per language into section files (and, optionally, a release).

Rules (the README documents them for users):

- Each file is read as UTF-8; a BOM is dropped and line ends become LF. Only ATX headings (``## Title``)
  are structure; headings inside fenced code are text.
- The file is split at the headings of ``level`` (default 2). A heading of a higher level (``#``) that
  stands first in the file is the document's title (``document.yml`` ``title``); any other heading of
  a higher level also starts a section. Text before the first section heading is an untitled opening
  part, which becomes the section ``introduction`` titled "Introduction" in each language.
- Sections are paired across languages by ``{#id}``s when every section heading carries one (or is the
  opening part), else by position — then the files must have the same number of sections, and where
  both sides carry an id it must be the same. Deeper headings are paired by position inside their
  section. Anything that cannot be paired is refused with a side-by-side listing of the headings.
- Ids: an existing ``{#id}``; else the heading of a Latin-script language (English if present) made an
  ASCII slug (``Use Of Personal Data`` → ``use-of-personal-data``); else ``section-N`` (N = position)
  for sections and ``<section-id>-N`` for deeper headings. Clashes get ``-2``, ``-3``….
- Deeper headings become level 3 and below relative to the split level, each with its id.
- Every word is kept: the words of each input equal the words of the files written (plus the generated
  "Introduction" titles), or nothing is written.

This module imports nothing from MkDocs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import git

from .checks import check_site
from .findings import Finding, errors
from .i18n import gettext_for
from .release import (
    GitTransaction,
    ReleaseRefused,
    ReleaseRequest,
    ReleaseResult,
    ReleaseUsageError,
    apply_release,
    dirty_paths,
    plan_release,
    restore_file,
    write_atomically,
    yaml_string,
)
from .sources import yamlfile
from .sources.files import join
from .sources.git import GitError
from .sources.loader import DOC_ID, RESERVED_DOC_IDS, Loader, Sources
from .sources.markdown_scan import FENCE, HEADING, split_heading

SECTION_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
NON_LATIN = frozenset({"ja", "zh", "ko", "th", "ru", "uk", "bg", "el", "he", "ar", "fa", "hi"})
CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
MAX_ID = 64
INTRODUCTION = "introduction"


class ImportRefused(Exception):
    """The input cannot be imported as asked (exit 1); ``problems`` are one line each (or a listing)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Heading:
    level: int
    text: str
    explicit_id: str | None
    line: int  # 1-based, in the input file


@dataclass
class Part:
    heading: Heading | None  # None: the untitled opening part
    lines: list[str] = field(default_factory=list)  # the lines after the heading
    subheadings: list[tuple[int, Heading]] = field(default_factory=list)  # (index in lines, heading)

    @property
    def key(self) -> str | None:
        return INTRODUCTION if self.heading is None else self.heading.explicit_id


@dataclass
class SplitText:
    lang: str
    path: str
    title: str | None
    parts: list[Part]
    order: list[str] = field(default_factory=list)  # section ids of ``parts``, once paired


@dataclass(frozen=True)
class ImportPlan:
    doc_id: str
    repo_root: Path
    doc_dir: str  # repository-relative
    files: dict[str, bytes]  # repository-relative path → content to write
    removed: tuple[str, ...]  # section files to delete
    sections: tuple[str, ...]
    pairs: tuple[tuple[str, tuple[str, ...]], ...]  # (section id, heading in each language) for the report


# -- reading and splitting ---------------------------------------------------------------------------


def decode(raw: bytes, path: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ImportRefused([f"{path}:{line}: not valid UTF-8 text: save the file as UTF-8 and import it again"]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _headings(lines: list[str]):
    """(index, Heading | None) for each line; None for text (fenced code included)."""
    fence: str | None = None
    for index, line in enumerate(lines):
        fence_match = FENCE.match(line)
        if fence is not None:
            if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                fence = None
            yield index, None
            continue
        if fence_match:
            fence = fence_match.group(1)
            yield index, None
            continue
        match = HEADING.match(line)
        if match:
            text, hid = split_heading(match.group(2))
            yield index, Heading(len(match.group(1)), text.strip(), hid, index + 1)
        else:
            yield index, None


def split(text: str, level: int, lang: str, path: str) -> SplitText:
    lines = text.split("\n")
    title: str | None = None
    parts: list[Part] = []
    opening = Part(None)
    current = opening
    for index, heading in _headings(lines):
        line = lines[index]
        if heading is None:
            current.lines.append(line)
            continue
        if heading.level < level and title is None and not parts and not any(x.strip() for x in opening.lines):
            title = heading.text
            continue
        if heading.level <= level:
            current = Part(heading)
            parts.append(current)
            continue
        current.subheadings.append((len(current.lines), heading))
        current.lines.append(line)
    if any(x.strip() for x in opening.lines) or opening.subheadings:
        parts.insert(0, opening)
    return SplitText(lang, path, title, parts)


# -- ids -----------------------------------------------------------------------------------------------


def slugify(text: str) -> str | None:
    """An ASCII id from a heading: ``Use Of Personal Data`` → ``use-of-personal-data``; None when nothing is left."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > MAX_ID:
        cut = slug[:MAX_ID]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug or None


def _unique(candidate: str, used: set[str]) -> str:
    result, n = candidate, 2
    while result in used:
        result = f"{candidate}-{n}"
        n += 1
    used.add(result)
    return result


def latin_language(texts: list[SplitText]) -> SplitText | None:
    """English if present, else the first language whose headings are written in Latin script."""
    ordered = sorted(texts, key=lambda t: t.lang.split("-")[0] != "en")
    for text in ordered:
        if text.lang.split("-")[0].lower() in NON_LATIN:
            continue
        titles = [p.heading.text for p in text.parts if p.heading is not None]
        latin = [t for t in titles if slugify(t) and not CJK.search(t)]
        if titles and len(latin) * 2 >= len(titles):
            return text
    return None


# -- pairing ------------------------------------------------------------------------------------------


def _display(text: str, width: int) -> str:
    """``text`` cut or padded to ``width`` terminal columns (wide characters count two)."""
    out, used = "", 0
    for char in text:
        w = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used + w > width - 1 and len(text) > len(out) + 1:
            return out + "…" + " " * (width - used - 1)
        out += char
        used += w
    return out + " " * max(0, width - used)


def _cell(part: Part | None) -> str:
    if part is None:
        return "—"
    if part.heading is None:
        return "(untitled opening text)"
    hid = f" {{#{part.heading.explicit_id}}}" if part.heading.explicit_id else ""
    return f"{part.heading.line}: {'#' * part.heading.level} {part.heading.text}{hid}"


def side_by_side(texts: list[SplitText], rows: list[list[Part | None]], bad: set[int], what: str) -> list[str]:
    width = 38
    header = "    " + "".join(_display(f"{t.lang} ({t.path})", width) for t in texts)
    lines = [what, header]
    for number, row in enumerate(rows):
        mark = "≠" if number in bad else " "
        lines.append(f"{mark}{number + 1:>2} " + "".join(_display(_cell(p), width) for p in row).rstrip())
    lines.append("Make the files' headings correspond (same number, same order, same {#id}s), or pick another --level.")
    return lines


def pair(texts: list[SplitText], level: int) -> list[list[Part]]:
    """Rows of parts, one per section, one column per language; refuses what cannot be paired."""
    keys = [[p.key for p in t.parts] for t in texts]
    if all(k is not None for ks in keys for k in ks) and all(len(set(ks)) == len(ks) for ks in keys):
        order = keys[0]
        if all(set(ks) == set(order) for ks in keys):
            return [[next(p for p in t.parts if p.key == k) for t in texts] for k in order]
    count = max(len(t.parts) for t in texts)
    rows: list[list[Part | None]] = [[t.parts[i] if i < len(t.parts) else None for t in texts] for i in range(count)]
    bad = set()
    for number, row in enumerate(rows):
        if any(p is None for p in row):
            bad.add(number)
            continue
        explicit = {p.key for p in row if p.key is not None}
        untitled = {p.heading is None for p in row}
        if len(explicit) > 1 or len(untitled) > 1:
            bad.add(number)
    if bad:
        counts = ", ".join(f"{t.lang}: {len(t.parts)}" for t in texts)
        raise ImportRefused(side_by_side(texts, rows, bad, f"cannot pair the sections at heading level {level} ({counts}):"))
    return rows  # type: ignore[return-value]


# -- building the section files ---------------------------------------------------------------------------


def _section_markdown(part: Part, title: str, sub_ids: list[str], level: int) -> str:
    lines = list(part.lines)
    for (index, heading), hid in zip(part.subheadings, sub_ids, strict=True):
        new_level = min(6, heading.level - level + 2)
        lines[index] = f"{'#' * new_level} {heading.text} {{#{hid}}}"
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    body = "\n".join(lines)
    return f"## {title}\n" + (f"\n{body}\n" if body else "")


def _words(text: str, skip_first_heading: bool = False) -> list[str]:
    """The words of a Markdown text, heading markers and {#id}s left out."""
    lines = text.split("\n")
    words: list[str] = []
    skipped = not skip_first_heading
    for index, heading in _headings(lines):
        if heading is not None:
            if not skipped:
                skipped = True
                continue
            words.extend(heading.text.split())
        else:
            words.extend(lines[index].split())
    return words


def build(texts: list[SplitText], level: int) -> tuple[list[str], dict[str, dict[str, str]], list[tuple[str, tuple[str, ...]]]]:
    """(section ids in document order, {lang: {id: markdown}}, report rows).

    The document order is the first language's; ``section_order`` gives each language's own order.
    """
    rows = pair(texts, level)
    latin = latin_language(texts)
    latin_column = texts.index(latin) if latin is not None else None
    used: set[str] = set()
    section_ids: list[str] = []
    for number, row in enumerate(rows):
        key = next((p.key for p in row if p.key is not None), None)
        slug = slugify(row[latin_column].heading.text) if latin_column is not None and row[latin_column].heading else None
        candidate = key if key and SECTION_ID.match(key) else (slug or f"section-{number + 1}")
        section_ids.append(_unique(candidate, used))
    files: dict[str, dict[str, str]] = {t.lang: {} for t in texts}
    report = []
    for number, (sid, row) in enumerate(zip(section_ids, rows, strict=True)):
        counts = {len(p.subheadings) for p in row}
        if len(counts) > 1:
            depth = max(counts)
            sub_rows = [[_sub_part(p, i) for p in row] for i in range(depth)]
            bad = {i for i, r in enumerate(sub_rows) if any(c is None for c in r)}
            raise ImportRefused(
                side_by_side(texts, sub_rows, bad, f"cannot pair the headings inside section {number + 1} ({sid}): their numbers differ:")
            )
        sub_ids = []
        for j in range(counts.pop() if counts else 0):
            headings = [p.subheadings[j][1] for p in row]
            explicit = {h.explicit_id for h in headings if h.explicit_id}
            if len(explicit) > 1:
                sub_rows = [[_sub_part(p, j) for p in row]]
                raise ImportRefused(side_by_side(texts, sub_rows, {0}, f"the headings inside section {sid} carry different ids:"))
            slug = slugify(headings[latin_column].text) if latin_column is not None else None
            candidate = explicit.pop() if explicit else (slug or f"{sid}-{j + 1}")
            sub_ids.append(_unique(candidate if SECTION_ID.match(candidate) else f"{sid}-{j + 1}", used))
        for text, part in zip(texts, row, strict=True):
            _ = gettext_for(text.lang)
            title = part.heading.text if part.heading is not None else _("Introduction")
            files[text.lang][sid] = _section_markdown(part, title or sid, sub_ids, level)
        report.append((sid, tuple(_cell(p) for p in row)))
    for text, column in zip(texts, zip(*rows, strict=True), strict=True):
        by_part = {id(part): sid for part, sid in zip(column, section_ids, strict=True)}
        text.order = [by_part[id(part)] for part in text.parts]
    return section_ids, files, report


def _sub_part(part: Part, index: int) -> Part | None:
    if index >= len(part.subheadings):
        return None
    return Part(part.subheadings[index][1])


# -- document.yml ------------------------------------------------------------------------------------------


def _existing_meta(repo_root: Path, doc_dir: str) -> dict:
    path = repo_root / doc_dir / "document.yml"
    if not path.is_file():
        return {}
    try:
        node = yamlfile.parse(path.read_text(encoding="utf-8"))
    except (yamlfile.YamlError, UnicodeDecodeError):
        return {}
    plain = node.plain() if node is not None else {}
    return plain if isinstance(plain, dict) else {}


def document_yml(meta: dict, titles: Mapping[str, str], languages: tuple[str, ...], sections: list[str], doc_id: str) -> str:
    """The document's settings: titles from the files' `#` headings, else those already there, else the id."""
    old_titles = meta.get("title") if isinstance(meta.get("title"), dict) else {}
    fallback = doc_id.replace("-", " ").capitalize()
    title = {lang: titles.get(lang) or str(old_titles.get(lang) or "").strip() or fallback for lang in languages}
    authoritative = meta.get("authoritative") if meta.get("authoritative") in languages else languages[0]
    terms = [str(t) for t in meta.get("allow_terms") or [] if t is not None] if isinstance(meta.get("allow_terms"), list) else []
    lines = [
        "title: {" + ", ".join(f"{lang}: {yaml_string(title[lang])}" for lang in languages) + "}",
        f"authoritative: {authoritative}",
        f"sections: [{', '.join(sections)}]",
        f"allow_terms: [{', '.join(yaml_string(t) for t in terms)}]",
    ]
    if isinstance(meta.get("reviewed"), date):  # the last review (SPEC §13) stays when the text is imported again
        lines.append(f"reviewed: {meta['reviewed'].isoformat()}")
    return "\n".join(lines) + "\n"


# -- planning and applying ---------------------------------------------------------------------------------


def plan_import(
    root: Path, policy_dir: str, languages: tuple[str, ...], doc_id: str, inputs: Mapping[str, Path], level: int = 2
) -> ImportPlan:
    languages = tuple(languages)
    if not DOC_ID.match(doc_id) or doc_id in RESERVED_DOC_IDS:
        raise ReleaseUsageError(f"document id {doc_id!r} must match [a-z0-9][a-z0-9-]* and not be 'schema'")
    if set(inputs) != set(languages):
        missing = [lang for lang in languages if lang not in inputs]
        extra = sorted(set(inputs) - set(languages))
        detail = (
            (f"missing {', '.join(missing)}" if missing else "")
            + ("; " if missing and extra else "")
            + (f"not a language of the site: {', '.join(extra)}" if extra else "")
        )
        raise ReleaseUsageError(f"give one LANG=FILE per language of the site ({', '.join(languages)}): {detail}")
    if not 1 <= level <= 5:
        raise ReleaseUsageError("--level must be between 1 and 5")
    loader = Loader(Sources(Path(root), policy_dir, languages))
    try:
        repo_root, policy_rel = loader.policy_path()
    except GitError as exc:
        raise ImportRefused([str(exc)]) from None
    finally:
        loader.close()
    doc_dir = join(policy_rel, doc_id)
    texts = []
    for lang in languages:
        path = Path(inputs[lang])
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ReleaseUsageError(f"{lang}={path}: cannot read the file ({exc.strerror})") from None
        texts.append(split(decode(raw, str(path)), level, lang, str(path)))
    empty = [t for t in texts if not t.parts]
    if empty:
        raise ImportRefused([f"{t.path}:1: no text to import" for t in empty])
    untitled = [
        f"{t.path}:{h.line}: empty heading: give it a title (or remove the # marks)"
        for t in texts
        for p in t.parts
        for h in ([p.heading] if p.heading else []) + [sub for _, sub in p.subheadings]
        if not h.text.strip()
    ]
    if untitled:
        raise ImportRefused(untitled)
    sections, markdown, report = build(texts, level)
    for text in texts:
        source = decode(Path(inputs[text.lang]).read_bytes(), text.path)
        kept = ([*text.title.split()] if text.title else []) + [
            w
            for sid in text.order
            for w in _words(markdown[text.lang][sid], skip_first_heading=sid == text.order[0] and _is_generated(text))
        ]
        if kept != _words(source):
            raise ImportRefused(
                [f"{text.path}: the import would not keep every word of the text; nothing was written (please report this)"]
            )
    files: dict[str, bytes] = {}
    for lang in languages:
        for sid in sections:
            files[join(doc_dir, lang, f"{sid}.md")] = markdown[lang][sid].encode("utf-8")
    meta = _existing_meta(repo_root, doc_dir)
    titles = {t.lang: t.title for t in texts if t.title}
    files[join(doc_dir, "document.yml")] = document_yml(meta, titles, languages, sections, doc_id).encode("utf-8")
    removed = []
    for lang in languages:
        folder = repo_root / doc_dir / lang
        if folder.is_dir():
            for old in sorted(folder.glob("*.md")):
                rel = join(doc_dir, lang, old.name)
                if rel not in files:
                    removed.append(rel)
    return ImportPlan(doc_id, repo_root, doc_dir, files, tuple(removed), tuple(sections), tuple(report))


def _is_generated(text: SplitText) -> bool:
    """Whether ``text`` starts with an untitled opening part (whose section title is generated)."""
    return bool(text.parts) and text.parts[0].heading is None


@dataclass(frozen=True)
class ImportResult:
    plan: ImportPlan
    text_commit: str | None = None
    release: ReleaseResult | None = None
    editorial: tuple[Finding, ...] = ()


def apply_import(
    plan: ImportPlan,
    policy_dir: str,
    languages: tuple[str, ...],
    tz_name: str,
    release: ReleaseRequest | None = None,
    root: Path | None = None,
) -> ImportResult:
    """Write the section files (and with ``release``: commit them and record the release); all or nothing."""
    repo = git.Repo(plan.repo_root)
    try:
        dirty = dirty_paths(repo, plan.doc_dir) if repo.head.is_valid() else []
        if dirty:
            raise ImportRefused(
                [
                    f"{path}:1: has changes that are not committed: commit or discard them first (import replaces the document's files)"
                    for path in dirty
                ]
            )
        if release is not None and not repo.head.is_valid():
            raise ImportRefused([f"{plan.doc_dir}: the repository has no commit yet: make a first commit, then import"])
        touched = sorted(set(plan.files) | set(plan.removed))
        before = {path: ((plan.repo_root / path).read_bytes() if (plan.repo_root / path).is_file() else None) for path in touched}
        created = sorted(
            {
                parent
                for path in touched
                for parent in (plan.repo_root / path).parents
                if plan.repo_root in parent.parents and not parent.exists()
            },
            key=lambda p: len(p.parts),
            reverse=True,
        )
        transaction = GitTransaction(repo) if repo.head.is_valid() else None
        try:
            for path, data in sorted(plan.files.items()):
                write_atomically(plan.repo_root / path, data)
            for path in plan.removed:
                (plan.repo_root / path).unlink()
            found = _errors_of(root or plan.repo_root, policy_dir, languages, plan.doc_dir)
            if found:
                raise ImportRefused([*(str(f) for f in found), "the imported text has errors; nothing was written"])
            if release is None:
                return ImportResult(plan)
            text_commit = None
            if dirty_paths(repo, plan.doc_dir):
                assert transaction is not None
                text_commit = transaction.commit(f"Import {plan.doc_id} {release.version}", [plan.doc_dir])
            release_plan = plan_release(root or plan.repo_root, policy_dir, languages, tz_name, release)
            result = apply_release(release_plan)
            return ImportResult(plan, text_commit, result, release_plan.editorial)
        except BaseException:
            if transaction is not None:
                transaction.rollback([plan.doc_dir])
            for path, data in before.items():
                restore_file(plan.repo_root / path, data)
            for folder in created:  # deepest first
                if folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
            raise
    finally:
        repo.close()


def _errors_of(root: Path, policy_dir: str, languages: tuple[str, ...], doc_dir: str) -> list[Finding]:
    loader = Loader(Sources(Path(root), policy_dir, tuple(languages)))
    try:
        site = loader.load(include_draft=True)
        return [f for f in errors(check_site(site)) if f.path.startswith(doc_dir + "/") and not f.path.endswith("releases.yml")]
    finally:
        loader.close()


__all__ = ["ImportPlan", "ImportRefused", "ImportResult", "ReleaseRefused", "apply_import", "plan_import", "slugify", "split"]
