"""Every output path of a build, planned before site_dir is touched (SPEC §10).

Two outputs with one path, a file where another output needs a folder (a version `index.html` puts a
folder where the document's page is), names that differ only by case (one file on macOS and Windows),
and names longer than file systems accept are errors, reported where the name comes from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import urls
from ..findings import Finding
from ..model import Document

# What MkDocs and Material write at the top of site_dir, besides the plugin's pages.
SITE_FILES = ("404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "assets/policy/policy.css")
SCHEMAS = ("release", "releases", "since")
MAX_NAME_BYTES = 255  # ext4, APFS, NTFS
MAX_PATH_BYTES = 1024  # a conservative share of PATH_MAX left for site_dir itself


@dataclass(frozen=True)
class Output:
    path: str  # site path of a file
    origin: tuple[str, int]  # where its name comes from: (file, line)
    what: str  # for messages


def page(path: str) -> str:
    return path + "index.html"


def planned_outputs(documents: Iterable[Document], languages: tuple[str, ...], config_path: str = "mkdocs.yml") -> list[Output]:
    """Every file a build writes (pages as their index.html), including those of a draft preview."""
    outputs = [Output(p, (config_path, 1), "a file MkDocs writes") for p in SITE_FILES]
    outputs.append(Output(page(""), (config_path, 1), "the entry page"))
    for name in SCHEMAS:
        outputs.append(Output(urls.api_schema(name), (config_path, 1), "a JSON Schema of the API"))
    for lang in languages:
        outputs.append(Output(page(urls.language_home(lang)), (config_path, 1), f"the {lang} home page"))
    for document in documents:
        doc_origin = (document.ledger_path.rsplit("/", 1)[0], 1)
        outputs.append(Output(urls.api_index(document.id), doc_origin, f"the index of {document.id}"))
        for lang in languages:
            outputs.append(Output(page(urls.document(lang, document.id)), doc_origin, f"the page of {document.id} in force"))
            for number in range(1, urls.changes_page_count(len(document.releases)) + 1):
                outputs.append(Output(page(urls.changes_page(lang, document.id, number)), doc_origin, "the change history"))
            outputs.append(Output(page(urls.draft(lang, document.id)), doc_origin, "the draft preview"))
            outputs.append(Output(page(urls.document(lang, document.id) + "side-by-side/"), doc_origin, "the side-by-side page"))
            outputs.append(Output(urls.feed_json(lang, document.id), doc_origin, "the JSON Feed"))
            outputs.append(Output(urls.feed_xml(lang, document.id), doc_origin, "the Atom feed"))
        for release in document.releases:
            outputs.extend(release_outputs(document.id, release.version, languages, (document.ledger_path, release.entry.line)))
    return outputs


def release_outputs(doc_id: str, version: str, languages: tuple[str, ...], origin: tuple[str, int]) -> list[Output]:
    """The files one release adds to a build (`release` plans a new version with these too)."""
    outputs = [
        Output(urls.api_release(doc_id, version), origin, f"the JSON of release {version}"),
        Output(f"api/{doc_id}/since/{version}.json", origin, f"what changed since {version}"),
    ]
    for lang in languages:
        base = urls.release(lang, doc_id, version)
        outputs.append(Output(page(base), origin, f"the page of release {version}"))
        outputs.append(Output(page(base + "side-by-side/"), origin, f"the side-by-side page of release {version}"))
        outputs.append(Output(f"{base}{doc_id}-{version}-{lang}.pdf", origin, f"the PDF of release {version}"))
    return outputs


def collisions(outputs: Iterable[Output]) -> list[Finding]:
    """Two outputs with one path (also when only the case differs), a file where a folder must be, names too long."""
    findings: list[Finding] = []
    files: dict[str, Output] = {}
    folded: dict[str, Output] = {}
    folders: dict[str, Output] = {}
    ordered = list(outputs)
    for output in ordered:
        parts = output.path.split("/")
        for index in range(1, len(parts)):
            folders.setdefault("/".join(parts[:index]), output)
    for output in ordered:
        path = output.path
        long = next((part for part in path.split("/") if len(part.encode("utf-8")) > MAX_NAME_BYTES), None)
        if long is not None or len(path.encode("utf-8")) > MAX_PATH_BYTES:
            findings.append(_finding(output, f"the output path {path!r} is longer than file systems accept: choose a shorter name"))
            continue
        other = files.get(path)
        if other is not None:
            if other.origin != output.origin or other.what != output.what:
                findings.append(_finding(output, f"{output.what} and {other.what} would both be written to {path}: choose another name"))
            continue
        files[path] = output
        other = folded.get(path.casefold())
        if other is not None:
            findings.append(
                _finding(
                    output,
                    f"{output.what} ({path}) and {other.what} ({other.path}) differ only by case: on macOS and Windows they "
                    "are one file; choose another name",
                )
            )
        folded.setdefault(path.casefold(), output)
        holder = folders.get(path)
        if holder is not None:
            findings.append(
                _finding(
                    holder if holder.origin[0] != "mkdocs.yml" or output.origin[0] == "mkdocs.yml" else output,
                    f"{holder.what} needs a folder {path}/ where {output.what} is the file {path}: choose another name",
                )
            )
    return sorted(set(findings))


def _finding(output: Output, message: str) -> Finding:
    return Finding(output.origin[0], output.origin[1], message, code="output-collision")


def output_findings(documents: Iterable[Document], languages: tuple[str, ...]) -> list[Finding]:
    return collisions(planned_outputs(documents, languages))
