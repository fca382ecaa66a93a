"""Read one document's text (``document.yml`` and the section files) from a FileSource."""

from __future__ import annotations

import re
from datetime import date, datetime
from types import MappingProxyType

from .. import digest as digests
from ..findings import Finding
from ..lru import Lru
from ..model import DocumentMeta, DocumentText, Heading, LanguageText, Section
from . import yamlfile
from .files import FileSource, join
from .markdown_model import Pipeline, parse

SECTION_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def where(source: FileSource, label: str | None) -> str:
    """A prefix for messages about a released text (the draft needs none)."""
    return "" if source.label == "draft" else f"(release {label or source.label[:12]}) "


def read_meta(source: FileSource, doc_dir: str, languages: tuple[str, ...], label: str | None = None):
    path = join(doc_dir, "document.yml")
    pre = where(source, label)
    findings: list[Finding] = []
    raw = source.read(path)
    if raw is None:
        return None, [Finding(path, 1, f"{pre}document.yml is missing", code="missing-document-yml")]
    try:
        node = yamlfile.parse(_decode(raw, path))
    except UnicodeDecodeError as exc:
        return None, [Finding(path, _line_of_byte(raw, exc.start), f"{pre}not valid UTF-8 text", code="not-utf8")]
    except yamlfile.YamlError as exc:
        return None, [Finding(path, exc.line, f"{pre}{exc}", code="yaml")]
    if node is None or not isinstance(node.value, dict):
        return None, [Finding(path, 1, f"{pre}document.yml must be a mapping with title, authoritative, sections", code="document-yml")]

    def problem(field: yamlfile.Node | None, message: str, code: str = "document-yml") -> None:
        """A finding on ``field``'s line (or the mapping's, when the field is absent)."""
        findings.append(Finding(path, field.line if field is not None else node.line, pre + message, code=code))

    title_node = node.get("title")
    title: dict[str, str] = {}
    if title_node is None or not isinstance(title_node.value, dict):
        problem(None, "`title` must map each language to the document's title, e.g. {ja: …, en: …}")
    else:
        title = yamlfile.language_texts(title_node, languages, lambda lang: problem(title_node, f"`title` has no {lang} title"))
    auth_node = node.get("authoritative")
    authoritative = auth_node.value if auth_node is not None else None
    if authoritative not in languages:
        problem(auth_node, f"`authoritative` must be one of the site's languages ({', '.join(languages)})")
        authoritative = languages[0]
    sections_node = node.get("sections")
    sections: list[str] = []
    if sections_node is None or not isinstance(sections_node.value, list) or not sections_node.value:
        problem(sections_node, "`sections` must list the section ids in order")
    else:
        for item in sections_node.value:
            sid = item.value
            if not isinstance(sid, str) or not SECTION_ID.match(sid):
                problem(item, f"section id {sid!r} must match [a-z0-9][a-z0-9-]*", code="section-id")
            elif sid in sections:
                problem(item, f"section {sid!r} is listed twice", code="duplicate-id")
            else:
                sections.append(sid)
    terms_node = node.get("allow_terms")
    terms: list[str] = []
    if terms_node is not None and terms_node.value is not None:
        if not isinstance(terms_node.value, list):
            problem(terms_node, "`allow_terms` must be a list of terms")
        else:
            terms = [str(t.value) for t in terms_node.value if t.value is not None]
    reviewed, reviewed_line = None, 0
    reviewed_node = node.get("reviewed")
    if reviewed_node is not None:
        value = reviewed_node.value
        if isinstance(value, date) and not isinstance(value, datetime):
            reviewed, reviewed_line = value, reviewed_node.line
        else:
            problem(reviewed_node, "`reviewed` must be the date of the last review, written YYYY-MM-DD", code="date-format")
    meta = DocumentMeta(MappingProxyType(title), authoritative, tuple(sections), tuple(terms), reviewed, reviewed_line)
    return meta, findings


def read_text(
    source: FileSource, doc_id: str, doc_dir: str, languages: tuple[str, ...], label: str | None = None, pipeline: Pipeline | None = None
):
    """The document's text at ``source``, with every finding about its structure."""
    meta, findings = read_meta(source, doc_dir, languages, label)
    if meta is None:
        return None, findings
    pre = where(source, label)
    langs: dict[str, LanguageText] = {}
    for lang in languages:
        lang_dir = join(doc_dir, lang)
        present = {n[:-3] for n in (source.listdir(lang_dir) or []) if n.endswith(".md")}
        for extra in sorted(present - set(meta.sections)):
            findings.append(
                Finding(
                    join(lang_dir, extra + ".md"),
                    1,
                    f"{pre}section file is not listed in document.yml `sections` (add {extra!r} there or remove the file)",
                    code="unlisted-section",
                )
            )
        sections: list[Section] = []
        for sid in meta.sections:
            path = join(lang_dir, sid + ".md")
            raw = source.read(path)
            if raw is None:
                findings.append(
                    Finding(
                        join(doc_dir, "document.yml"),
                        _listed_line(source, doc_dir, sid),
                        f"{pre}section {sid!r} is listed but {path} is missing: create it (first line `## <title>`) "
                        f"or remove {sid!r} from `sections` (a symbolic link that leads outside the repository counts as missing)",
                        code="missing-section",
                    )
                )
                continue
            try:
                text = _decode(raw, path)
            except UnicodeDecodeError as exc:
                findings.append(Finding(path, _line_of_byte(raw, exc.start), f"{pre}not valid UTF-8 text", code="not-utf8"))
                continue
            section, section_findings = parse_section(sid, text, path, pre, first=sid == meta.sections[0], pipeline=pipeline)
            findings.extend(section_findings)
            if section is not None:
                sections.append(section)
        lang_digest = digests.language_digest((s.id, s.digest) for s in sections)
        langs[lang] = LanguageText(lang, meta.title.get(lang, doc_id), tuple(sections), lang_digest)
    release_digest = digests.release_digest({lang: t.digest for lang, t in langs.items()})
    text = DocumentText(doc_id, meta, MappingProxyType(langs), digests.prefixed(release_digest), source.label)
    return text, findings


# Sections that had nothing to report, by (id, path, text, …): the same file recurs unchanged in most releases.
# Least recently used go first (a serve rebuild reads the working tree's sections again).
_PARSED: Lru[Section] = Lru(2048)
TRAILING_BREAK = re.compile(r"\S[ ]{2,}$")


def parse_section(sid: str, text: str, path: str, pre: str = "", first: bool = False, pipeline: Pipeline | None = None):
    """A section file read through the site's Markdown pipeline (``first``: the document's first section,
    which may be an untitled opening)."""
    key = (sid, path, text, pre == "", first, pipeline.key if pipeline is not None else "")
    known = _PARSED.recall(key)
    if known is not None:
        parse(known.markdown, pipeline, anchor=sid)  # cached: the comparisons read this parse (markdown_model.as_loaded)
        return known, []
    section, findings = _parse_section(sid, text, path, pre, first, pipeline)
    if section is not None and not findings:
        _PARSED.remember(key, section)
    return section, findings


def _parse_section(sid: str, text: str, path: str, pre: str = "", first: bool = False, pipeline: Pipeline | None = None):
    findings: list[Finding] = []
    markdown = digests.normalize_markdown(text)
    model = parse(markdown, pipeline, anchor=sid)
    if pre == "":  # new text only: a release already published is never re-judged
        findings.extend(_trailing_breaks(text, path, model.code_lines))
    if model.title is None and not first:
        findings.append(
            Finding(path, 1, f"{pre}the first line must be the section title as a level-2 heading, e.g. `## Title`", code="missing-title")
        )
        return None, findings
    if model.title is not None and model.title.id != sid:
        findings.append(
            Finding(
                path,
                model.title.line,
                f"{pre}the title's id {{#{model.title.id}}} differs from the file name: the section id is {sid!r}",
                code="title-id",
            )
        )
    for heading in model.headings:
        if heading.level <= 2:
            findings.append(
                Finding(
                    path,
                    heading.line,
                    f"{pre}only the first line may be a level-{heading.level} heading; use ### and deeper inside a section",
                    code="heading-level",
                )
            )
        elif not heading.explicit:
            findings.append(
                Finding(
                    path,
                    heading.line,
                    f"{pre}heading {heading.text!r} has no id: write it as `{'#' * heading.level} {heading.text} {{#some-id}}`, the same id in every language",
                    code="heading-without-id",
                )
            )
    headings = tuple(Heading(h.level, h.text, h.id if h.explicit else None, h.line) for h in model.headings)
    title = model.title.text.strip() if model.title is not None else ""  # "": an untitled opening (SPEC §11)
    section = Section(sid, title, markdown, digests.section_digest(markdown), path, headings)
    return section, findings


def _trailing_breaks(text: str, path: str, code_lines: frozenset[int]) -> list[Finding]:
    """Two trailing spaces make a line break that the canonical form (SPEC §3) strips: say how to keep it."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found = []
    for index, line in enumerate(lines[:-1]):
        number = index + 1
        if TRAILING_BREAK.search(line) and lines[index + 1].strip() and number not in code_lines and not line.lstrip().startswith("#"):
            found.append(
                Finding(
                    path,
                    number,
                    "two trailing spaces make a line break here that the published text loses (the canonical text strips "
                    "trailing whitespace): end the line with `<br>` instead",
                    code="trailing-break",
                )
            )
    return found


def _listed_line(source: FileSource, doc_dir: str, sid: str) -> int:
    """The line of document.yml that lists ``sid`` under ``sections`` (1 when it cannot be told)."""
    raw = source.read(join(doc_dir, "document.yml")) or b""
    lines = raw.decode("utf-8", errors="replace").split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith("sections:")), None)
    if start is None:
        return 1
    token = re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(sid)}(?![A-Za-z0-9_-])")
    return next((i + 1 for i in range(start, len(lines)) if token.search(lines[i])), start + 1)


def _decode(raw: bytes, path: str) -> str:
    return raw.decode("utf-8")


def _line_of_byte(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1
