"""``releases.yml``: the append-only release ledger, read from the working tree with line numbers."""

from __future__ import annotations

import re
from datetime import date
from types import MappingProxyType

from ..findings import Finding
from ..model import CHANGE_CLASSES, LedgerEntry
from . import yamlfile

VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
VERSION_RULE = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
# Names of pages and files a build writes beside the releases (SPEC §3, §10); "releases": api/<doc>/releases.json
# is the index. checks/outputs.py finds any other collision from the planned output paths.
RESERVED_VERSIONS = frozenset({"changes", "draft", "feed.json", "feed.xml", "releases", "index.html", "side-by-side", "since", "schema"})
SHA = re.compile(r"^[0-9a-f]{40}$")
DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")


def parse_ledger(text: str | None, path: str, languages: tuple[str, ...]) -> tuple[list[LedgerEntry], list[Finding]]:
    """Entries that are well-formed, and a finding for every rule a written entry breaks."""
    if text is None:
        return [], []
    findings: list[Finding] = []
    try:
        root = yamlfile.parse(text)
    except yamlfile.YamlError as exc:
        return [], [Finding(path, exc.line, str(exc), code="yaml")]
    if root is None or root.value is None:
        return [], []
    if not isinstance(root.value, list):
        return [], [Finding(path, root.line, 'the ledger must be a list of releases, oldest first (`- version: "1.0"` …)', code="ledger")]
    entries: list[LedgerEntry] = []
    seen: dict[str, int] = {}
    previous: LedgerEntry | None = None
    for node in root.value:
        entry, entry_findings = _entry(node, path, languages)
        findings.extend(entry_findings)
        if entry is None:
            continue
        if entry.version in seen:
            findings.append(
                Finding(
                    path, entry.line, f"version {entry.version!r} is already used at line {seen[entry.version]}", code="duplicate-version"
                )
            )
            continue
        seen[entry.version] = entry.line
        if previous is not None:
            if entry.published < previous.published:
                findings.append(
                    Finding(
                        path,
                        entry.line,
                        f"release {entry.version} is published {entry.published} before the release above it ({previous.version}, {previous.published}): the ledger is oldest first",
                        code="date-order",
                    )
                )
            if entry.effective < previous.effective:
                findings.append(
                    Finding(
                        path,
                        entry.line,
                        f"release {entry.version} takes effect {entry.effective}, before the release above it ({previous.version}, {previous.effective})",
                        code="date-order",
                    )
                )
        entries.append(entry)
        previous = entry
    return entries, findings


def _entry(node: yamlfile.Node, path: str, languages: tuple[str, ...]) -> tuple[LedgerEntry | None, list[Finding]]:
    findings: list[Finding] = []
    line = node.line
    if not isinstance(node.value, dict):
        return None, [
            Finding(path, line, "each release must be a mapping with version, commit, published, effective, change, summary", code="ledger")
        ]

    def need(key: str) -> yamlfile.Node | None:
        value = node.get(key)
        if value is None or value.value is None:
            findings.append(Finding(path, line, f"release is missing `{key}`", code="ledger-missing-key"))
        return value

    v = need("version")
    version = None
    if v is not None and v.value is not None:
        if not v.quoted or not isinstance(v.value, str):
            findings.append(
                Finding(
                    path,
                    v.line,
                    f'version must be a quoted string, e.g. version: "{v.value}" (unquoted, YAML reads 1.10 as the number 1.1)',
                    code="version-unquoted",
                )
            )
        elif not VERSION.match(v.value):
            findings.append(
                Finding(
                    path,
                    v.line,
                    f"version {v.value if len(v.value) <= 80 else v.value[:77] + '…'!r} must match {VERSION_RULE} (it is part of URLs and file names: at most 64 characters)",
                    code="version-unsafe",
                )
            )
        elif v.value in RESERVED_VERSIONS:
            findings.append(
                Finding(path, v.line, f"version {v.value!r} is reserved (it would clash with a page's URL)", code="version-reserved")
            )
        else:
            version = v.value
    c = need("commit")
    commit = None
    if c is not None and c.value is not None:
        if isinstance(c.value, str) and SHA.match(c.value):
            commit = c.value
        else:
            findings.append(Finding(path, c.line, "commit must be the full 40-character hex id of a commit", code="commit-format"))
    dates: dict[str, date] = {}
    for key in ("published", "effective"):
        d = need(key)
        if d is None or d.value is None:
            continue
        if isinstance(d.value, date) and not hasattr(d.value, "hour"):
            dates[key] = d.value
        else:
            findings.append(Finding(path, d.line, f"{key} must be a date written YYYY-MM-DD", code="date-format"))
    if "published" in dates and "effective" in dates and dates["effective"] < dates["published"]:
        e = node.get("effective")
        findings.append(
            Finding(
                path,
                e.line if e else line,
                f"effective date {dates['effective']} is before the published date {dates['published']}",
                code="effective-before-published",
            )
        )
    ch = need("change")
    change = None
    if ch is not None and ch.value is not None:
        if ch.value in CHANGE_CLASSES:
            change = ch.value
        else:
            findings.append(Finding(path, ch.line, f"change must be one of {', '.join(CHANGE_CLASSES)}", code="change-class"))
    s = need("summary")
    summary: dict[str, str] = {}
    if s is not None and s.value is not None:
        if not isinstance(s.value, dict):
            findings.append(Finding(path, s.line, "summary must map each language to a sentence, e.g. {ja: …, en: …}", code="summary"))
        else:
            line_of_summary = s.line
            summary = yamlfile.language_texts(
                s, languages, lambda lang: findings.append(Finding(path, line_of_summary, f"summary has no {lang} text", code="summary"))
            )
    dg = node.get("digest")
    digest = None
    if dg is not None and dg.value is not None:
        if isinstance(dg.value, str) and DIGEST.match(dg.value):
            digest = dg.value
        else:
            findings.append(
                Finding(path, dg.line, "digest must be sha256:<64 hex>, as written by `mkdocs-policy release`", code="digest-format")
            )
    else:
        findings.append(
            Finding(
                path,
                line,
                "release has no digest: record releases with `mkdocs-policy release` (it writes the digest)",
                code="ledger-missing-key",
            )
        )
    unchanged: dict[str, tuple[str, ...]] = {}
    ut = node.get("unchanged_translations")
    if ut is not None and ut.value is not None:
        if not isinstance(ut.value, dict):
            findings.append(Finding(path, ut.line, "unchanged_translations must map a language to a list of section ids", code="ledger"))
        else:
            for lang, ids in ut.value.items():
                if not isinstance(ids.value, list):
                    findings.append(
                        Finding(path, ids.line, "unchanged_translations must map a language to a list of section ids", code="ledger")
                    )
                else:
                    unchanged[lang] = tuple(str(i.value) for i in ids.value)
    removed: tuple[str, ...] = ()
    ri = node.get("removed_ids")
    if ri is not None and ri.value is not None:
        if not isinstance(ri.value, list) or any(not isinstance(i.value, str) for i in ri.value):
            findings.append(Finding(path, ri.line, "removed_ids must be a list of ids", code="ledger"))
        else:
            removed = tuple(i.value for i in ri.value)
    known = {"version", "commit", "published", "effective", "change", "summary", "digest", "unchanged_translations", "removed_ids"}
    for key, value in node.value.items():
        if key not in known:
            findings.append(
                Finding(
                    path, value.line, f"unknown key `{key}` in a release (known: {', '.join(sorted(known))})", code="ledger-unknown-key"
                )
            )
    if findings and (version is None or commit is None or len(dates) < 2 or change is None or len(summary) < len(languages)):
        return None, findings
    entry = LedgerEntry(
        version=version or "",
        commit=commit or "",
        published=dates["published"],
        effective=dates["effective"],
        change=change or "",
        summary=MappingProxyType(summary),
        digest=digest,
        unchanged_translations=MappingProxyType(unchanged),
        line=line,
        removed_ids=removed,
    )
    return entry, findings
