"""The bad-input catalogue: each case a small real repository with one mistake in it.

For every case: the command the contract names (`check`, `check --strict` or `release`) exits 1 and names
the offending file and line with a message a new user can act on; nothing changes — not the ledger,
not the working tree, not git, and, for errors, a real `mkdocs build` fails before it touches the site
already built there.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from guardkit import EPOCH_2026_01_15, cli, clone_tree, snapshot
from mkdocs.exceptions import Abort, PluginError

from policyrepo import PolicyRepo

DOC = "policy/privacy"
LEDGER = f"{DOC}/releases.yml"
META = f"{DOC}/document.yml"
JA_DATA = "## 収集する情報\n\n当社は氏名を収集します。\n\n### 管理 {#managing}\n\n削除を求めることができます。\n"
EN_DATA = "## Data we collect\n\nWe collect your name.\n\n### Managing {#managing}\n\nYou can ask us to delete it.\n"
SUMMARY = ("--summary", "ja=改訂しました。", "--summary", "en=Revised.")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A released site (1.0, tagged, recorded by `mkdocs-policy release`) with a good build in site/."""
    path = tmp_path_factory.mktemp("catalogue") / "template"
    repo = PolicyRepo(path, search=False)
    repo.write(".gitignore", "site/\n")
    init = repo.commit("init: no policy yet")
    repo.write_document(
        "privacy",
        {
            "ja": {"intro": "## はじめに\n\n当社は情報を大切にします。\n", "data": JA_DATA},
            "en": {"intro": "## Introduction\n\nWe value your information.\n", "data": EN_DATA},
        },
        title={"ja": "プライバシーポリシー", "en": "Privacy Policy"},
    )
    repo.commit("privacy text")
    result = cli(repo, "release", "privacy", "1.0", "--effective", "2026-01-15", "--change", "material", *SUMMARY)
    assert result.exit_code == 0, result.output
    repo.build(site_dir="site", epoch=EPOCH_2026_01_15)
    assert (path / "site/en/privacy/1.0/index.html").is_file()
    assert cli(repo, "check", "--strict").exit_code == 0
    return path, init


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Callable[[PolicyRepo, str], None]  # (the case's repository, sha of the commit without the policy)
    where: str  # "path:line" the output must name
    advice: str  # words of the message that tell what to do
    command: tuple[str, ...] = ("check",)
    build_fails: bool = True  # errors fail the build; editorial findings and release refusals do not concern it


def edit(path: str, old: str, new: str):
    def mutate(repo: PolicyRepo, _init: str) -> None:
        text = repo.read(path)
        assert old in text, (path, old)
        repo.write(path, text.replace(old, new, 1))

    return mutate


def write(path: str, content: str | bytes):
    def mutate(repo: PolicyRepo, _init: str) -> None:
        repo.write(path, content)

    return mutate


def append(path: str, text: str):
    def mutate(repo: PolicyRepo, _init: str) -> None:
        repo.write(path, repo.read(path) + text)

    return mutate


def both(*mutations):
    def mutate(repo: PolicyRepo, init: str) -> None:
        for mutation in mutations:
            mutation(repo, init)

    return mutate


def committed(mutation):
    def mutate(repo: PolicyRepo, init: str) -> None:
        mutation(repo, init)
        repo.commit("the mistake, committed")

    return mutate


def delete(path: str):
    def mutate(repo: PolicyRepo, _init: str) -> None:
        (repo.path / path).unlink()

    return mutate


def symlink_out(repo: PolicyRepo, _init: str) -> None:
    outside = repo.path.parent / f"{repo.path.name}-outside.md"
    outside.write_text("## Outside\n\nNot ours.\n")
    target = repo.path / DOC / "en/data.md"
    target.unlink()
    target.symlink_to(outside)


def second_entry(published: str, version: str = "1.1"):
    def mutate(repo: PolicyRepo, _init: str) -> None:
        text = repo.read(LEDGER)
        entry = text[text.index("- version") :].replace('"1.0"', f'"{version}"', 1)
        entry = entry.replace("published: 2026-01-15", f"published: {published}")
        repo.write(LEDGER, text + entry)

    return mutate


def unknown_commit(repo: PolicyRepo, _init: str) -> None:
    text = repo.read(LEDGER)
    sha = text.split("commit: ")[1][:40]
    repo.write(LEDGER, text.replace(sha, "0123456789abcdef" * 2 + "01234567"))


def commit_without_document(repo: PolicyRepo, init: str) -> None:
    text = repo.read(LEDGER)
    repo.write(LEDGER, text.replace(text.split("commit: ")[1][:40], init))


def edited_digest(repo: PolicyRepo, _init: str) -> None:
    text = repo.read(LEDGER)
    digest = text.split("digest: sha256:")[1][:64]
    repo.write(LEDGER, text.replace(digest, ("0" if digest[0] != "0" else "1") + digest[1:]))


def moved_tag(repo: PolicyRepo, _init: str) -> None:
    repo.write(f"{DOC}/en/intro.md", "## Introduction\n\nWe value your information, quietly rewritten.\n")
    repo.write(f"{DOC}/ja/intro.md", "## はじめに\n\n当社は情報を大切にします（書き換え）。\n")
    repo.commit("a different text")
    repo.repo.git.tag("-f", "privacy/1.0", "HEAD")


def shallow(repo: PolicyRepo, _init: str) -> None:
    """Replace the history by a shallow clone of it (as CI checkouts do by default)."""
    source = repo.path.parent / f"{repo.path.name}-full"
    shutil.copytree(repo.path / ".git", source / ".git")
    subprocess.run(["git", "-C", str(source), "config", "core.bare", "true"], check=True)
    shallow_copy = repo.path.parent / f"{repo.path.name}-shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{source}", str(shallow_copy)], check=True, capture_output=True)
    shutil.rmtree(repo.path / ".git")
    shutil.move(str(shallow_copy / ".git"), str(repo.path / ".git"))
    repo.repo = __import__("git").Repo(repo.path)


def rename_doc(repo: PolicyRepo, _init: str) -> None:
    shutil.copytree(repo.path / DOC, repo.path / "policy/Old_Privacy")


# -- §10: the sealed ledger, interruptions, outputs, configuration, hidden characters -----------------------------


def entry_text(repo: PolicyRepo, version: str, published: str = "2026-01-15") -> str:
    """A well-formed second entry for the released text (same commit and digest as 1.0), as `release` writes it."""
    text = repo.read(LEDGER)
    entry = text[text.index("- version") :].replace('"1.0"', f'"{version}"', 1)
    return entry.replace("published: 2026-01-15", f"published: {published}").replace("change: material", "change: minor")


def add_entry(version: str):
    def mutate(repo: PolicyRepo, _init: str) -> None:
        repo.write(LEDGER, repo.read(LEDGER) + entry_text(repo, version))

    return mutate


def ledger_symlink(repo: PolicyRepo, _init: str) -> None:
    copy = repo.path / DOC / "ledger-copy.yml"
    copy.write_text(repo.read(LEDGER))
    (repo.path / LEDGER).unlink()
    (repo.path / LEDGER).symlink_to("ledger-copy.yml")


def staged_entry_with_index_lock(repo: PolicyRepo, _init: str) -> None:
    """What the old `release` left when killed between writing and committing the ledger."""
    add_entry("1.1")(repo, _init)
    repo.repo.git.add(LEDGER)
    (repo.path / ".git/index.lock").write_text("")


def staged_only(repo: PolicyRepo, _init: str) -> None:
    original = repo.read(LEDGER)
    add_entry("1.1")(repo, _init)
    repo.repo.git.add(LEDGER)
    repo.write(LEDGER, original)


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def stale_lock(commit_entry: bool, tag: bool = False, pid: int | None = None):
    """The lock a killed `release` leaves (transaction.py), with the repository in the state of that step."""

    def mutate(repo: PolicyRepo, _init: str) -> None:
        start = repo.repo.head.commit.hexsha
        made = None
        if commit_entry:
            add_entry("1.1")(repo, _init)
            made = repo.commit("Release privacy 1.1")
            if tag:
                repo.repo.git.tag("-a", "privacy/1.1", "-m", "Release privacy 1.1", made)
        info = {"pid": pid or dead_pid(), "doc": "privacy", "version": "1.1", "branch": "refs/heads/main", "start": start}
        info |= {"commit": made, "ledger": LEDGER}
        (repo.path / ".git/mkdocs-policy-release.lock").write_text(json.dumps(info))

    return mutate


def lightweight_tag(repo: PolicyRepo, _init: str) -> None:
    repo.repo.git.tag("-d", "privacy/1.0")
    repo.repo.git.tag("privacy/1.0", repo.repo.head.commit.hexsha)


def reorder(repo: PolicyRepo, _init: str) -> None:
    add_entry("1.1")(repo, _init)
    repo.commit("release 1.1")
    text = repo.read(LEDGER)
    first = text.index("- version")
    second = text.index("- version", first + 1)
    repo.write(LEDGER, text[:first] + text[second:] + text[first:second])


LONG_DOC = "a" * 200
LONG_VERSION = "v" + "0" * 63


def long_document(repo: PolicyRepo, _init: str) -> None:
    """A document and a version each within their limits, whose release PDF name is longer than 255 bytes."""
    shutil.copytree(repo.path / DOC / "ja", repo.path / "policy" / LONG_DOC / "ja")
    shutil.copytree(repo.path / DOC / "en", repo.path / "policy" / LONG_DOC / "en")
    shutil.copy(repo.path / META, repo.path / "policy" / LONG_DOC / "document.yml")
    repo.release(LONG_DOC, LONG_VERSION, published="2026-01-15")


def config(old: str, new: str):
    return edit("mkdocs.yml", old, new)


def inherit_empty_languages(repo: PolicyRepo, _init: str) -> None:
    repo.write("base.yml", repo.read("mkdocs.yml").replace("languages:\n    - ja\n    - en\n", "languages: []\n"))
    repo.write("mkdocs.yml", "INHERIT: base.yml\n")


def env_timezone(repo: PolicyRepo, _init: str) -> None:
    text = repo.read("mkdocs.yml")
    repo.write("mkdocs.yml", text.replace("languages:", "timezone: !ENV [POLICY_TEST_TZ_UNSET, Mars/Olympus_Mons]\n    languages:"))


def section_char(lang: str, char: str):
    path = f"{DOC}/{lang}/intro.md"
    return edit(
        path, "大切にします" if lang == "ja" else "We value", ("大切に" + char + "します") if lang == "ja" else ("We " + char + "value")
    )


SNIPPETS = "markdown_extensions:\n- pymdownx.snippets:\n    base_path: ['.']\n"
FENCE = "markdown_extensions:\n- pymdownx.superfences:\n    custom_fences:\n    - name: x\n      class: x\n      format: !!python/name:os.system\n"

ALIAS_BOMB = '- version: "1.0"\n  commit: &a [x, x, x, x, x, x, x, x]\n  published: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n  effective: [*b, *b, *b, *b, *b, *b, *b]\n'

CASES = [
    # -- the text: sections, titles, ids, links, encoding ------------------------------------------------------
    Case("missing-section", delete(f"{DOC}/en/data.md"), f"{META}:7", "create it"),
    Case(
        "unlisted-section",
        write(f"{DOC}/en/extra.md", "## Extra\n\nMore.\n"),
        f"{DOC}/en/extra.md:1",
        "add 'extra' there or remove the file",
    ),
    Case("missing-title", edit(f"{DOC}/en/data.md", "## Data we collect", "Data we collect"), f"{DOC}/en/data.md:1", "`## Title`"),
    Case("title-level-1", edit(f"{DOC}/en/data.md", "## Data we collect", "# Data we collect"), f"{DOC}/en/data.md:1", "level-2 heading"),
    Case("heading-without-id", edit(f"{DOC}/en/data.md", "### Managing {#managing}", "### Managing"), f"{DOC}/en/data.md:5", "{#some-id}"),
    Case(
        "id-mismatch", edit(f"{DOC}/en/data.md", "{#managing}", "{#manage}"), f"{DOC}/en/data.md:5", "same ids must exist in every language"
    ),
    Case(
        "duplicate-heading-id",
        both(append(f"{DOC}/en/data.md", "\n### Again {#managing}\n"), append(f"{DOC}/ja/data.md", "\n### 再び {#managing}\n")),
        f"{DOC}/en/data.md:9",
        "duplicate id 'managing'",
    ),
    Case(
        "heading-id-is-a-section-id",
        both(append(f"{DOC}/en/data.md", "\n### Intro {#intro}\n"), append(f"{DOC}/ja/data.md", "\n### 序 {#intro}\n")),
        f"{DOC}/en/data.md:9",
        "every id must be unique",
    ),
    Case("second-title-in-section", append(f"{DOC}/en/data.md", "\n## Second title\n"), f"{DOC}/en/data.md:9", "use ### and deeper"),
    Case(
        "broken-anchor", append(f"{DOC}/ja/intro.md", "\n[詳細](#nowhere)\n"), f"{DOC}/ja/intro.md:5", "no section or heading has that id"
    ),
    Case("broken-document-link", append(f"{DOC}/en/intro.md", "\n[Terms](terms/)\n"), f"{DOC}/en/intro.md:5", "does not exist"),
    Case("section-not-utf8", write(f"{DOC}/en/intro.md", b"## Introduction\n\nWe value \xff\xfe.\n"), f"{DOC}/en/intro.md:3", "UTF-8"),
    Case("document-yml-not-utf8", write(META, b"title: {ja: \x93\x9a, en: P}\n"), f"{META}:1", "UTF-8"),
    Case("document-yml-invalid", write(META, "title: {ja: [\nsections: [intro, data]\n"), f"{META}:", "invalid YAML"),
    Case("document-yml-missing", delete(META), f"{META}:1", "document.yml is missing"),
    Case("document-yml-python-tag", write(META, "title: !!python/name:os.system\n"), f"{META}:1", "unsupported YAML tag"),
    Case("title-missing-language", edit(META, "  en: Privacy Policy\n", ""), f"{META}:2", "has no en title"),
    Case("authoritative-unknown", edit(META, "authoritative: ja", "authoritative: fr"), f"{META}:4", "must be one of the site's languages"),
    Case("section-id-invalid", edit(META, "- data", "- Data_1"), f"{META}:7", "must match [a-z0-9][a-z0-9-]*"),
    Case("section-listed-twice", edit(META, "- data", "- data\n- intro"), f"{META}:8", "listed twice"),
    Case("document-folder-name", rename_doc, "policy/Old_Privacy:1", "must match [a-z0-9][a-z0-9-]*"),
    Case("symlink-out-of-repository", symlink_out, f"{META}:7", "leads outside the repository"),
    # -- hostile Markdown ---------------------------------------------------------------------------------------
    Case("raw-html", append(f"{DOC}/en/intro.md", "\n<script>alert(1)</script>\n"), f"{DOC}/en/intro.md:5", "code span"),
    Case(
        "javascript-link",
        append(f"{DOC}/en/intro.md", "\n[x](javascript:alert(1))\n"),
        f"{DOC}/en/intro.md:5",
        "only http, https, mailto and tel",
    ),
    Case("entity-script-link", append(f"{DOC}/ja/intro.md", "\n[x](jav&#x61;script:alert(1))\n"), f"{DOC}/ja/intro.md:5", "'javascript'"),
    Case("data-image", append(f"{DOC}/en/intro.md", "\n![x](data:image/svg+xml;base64,PHN2Zz4=)\n"), f"{DOC}/en/intro.md:5", "an image"),
    Case(
        "event-attribute",
        append(f"{DOC}/en/intro.md", '{: onclick="alert(1)" }\n'),
        f"{DOC}/en/intro.md:4",
        "attribute `onclick` on `<p>` is not allowed",
    ),
    # -- the ledger ---------------------------------------------------------------------------------------------
    Case("version-unquoted", committed(edit(LEDGER, 'version: "1.0"', "version: 1.0")), f"{LEDGER}:2", 'version: "1.0"'),
    Case("version-unsafe", committed(edit(LEDGER, 'version: "1.0"', 'version: "../1.0"')), f"{LEDGER}:2", "part of URLs"),
    Case("version-reserved", committed(edit(LEDGER, 'version: "1.0"', 'version: "feed.json"')), f"{LEDGER}:2", "reserved"),
    Case("version-duplicate", committed(second_entry("2026-01-15", version="1.0")), f"{LEDGER}:11", "already used at line 2"),
    Case(
        "effective-before-published",
        committed(edit(LEDGER, "effective: 2026-01-15", "effective: 2026-01-14")),
        f"{LEDGER}:5",
        "before the published date",
    ),
    Case("dates-out-of-order", committed(second_entry("2026-01-10")), f"{LEDGER}:11", "the ledger is oldest first"),
    Case("change-class", committed(edit(LEDGER, "change: material", "change: major")), f"{LEDGER}:6", "material, minor, editorial"),
    Case(
        "unknown-key", committed(edit(LEDGER, "  digest:", "  approved_by: legal\n  digest:")), f"{LEDGER}:10", "unknown key `approved_by`"
    ),
    Case("digest-missing", committed(edit(LEDGER, "  digest: sha256:", "  old_digest: sha256:")), f"{LEDGER}:2", "mkdocs-policy release"),
    Case("ledger-not-a-list", committed(write(LEDGER, 'version: "1.0"\n')), f"{LEDGER}:1", "a list of releases"),
    Case("ledger-alias-bomb", committed(write(LEDGER, ALIAS_BOMB)), f"{LEDGER}:", "aliases"),
    Case("ledger-not-utf8", committed(write(LEDGER, b'- version: "1.0\xff"\n')), f"{LEDGER}:1", "UTF-8"),
    Case("unknown-commit", committed(unknown_commit), f"{LEDGER}:2", "git fetch"),
    Case("commit-without-document", committed(commit_without_document), f"{LEDGER}:2", "does not contain policy/privacy/"),
    Case("digest-mismatch", committed(edited_digest), f"{LEDGER}:2", "a released text must never change"),
    Case("moved-tag", moved_tag, f"{LEDGER}:2", "move the tag back"),
    Case("shallow-clone", shallow, f"{LEDGER}:2", "git fetch --unshallow"),
    # -- §10: released entries never change (committed edits; checked from git history) ------------------------
    Case("entry-change-class", committed(edit(LEDGER, "change: material", "change: editorial")), f"{LEDGER}:2", "never changes"),
    Case("entry-effective", committed(edit(LEDGER, "effective: 2026-01-15", "effective: 2026-03-01")), f"{LEDGER}:2", "never changes"),
    Case("entry-deleted", committed(write(LEDGER, "# the ledger\n")), f"{LEDGER}:1", "is no longer in the ledger"),
    Case("ledger-deleted", committed(delete(LEDGER)), f"{LEDGER}:1", "is no longer in the ledger"),
    Case("ledger-symlinked", committed(ledger_symlink), f"{LEDGER}:1", "symbolic link"),
    Case("entry-summary", committed(edit(LEDGER, 'en: "Revised."', 'en: "Nothing changed."')), f"{LEDGER}:2", "never changes"),
    Case("entry-key-removed", committed(edit(LEDGER, "  change: material\n", "")), f"{LEDGER}:2", "was removed"),
    Case("entry-key-added", committed(edit(LEDGER, "  digest:", "  approved_by: legal\n  digest:")), f"{LEDGER}:2", "was added after"),
    Case(
        "entry-keys-reordered",
        committed(edit(LEDGER, "  published: 2026-01-15\n  effective: 2026-01-15\n", "  effective: 2026-01-15\n  published: 2026-01-15\n")),
        f"{LEDGER}:2",
        "another order",
    ),
    Case("entries-reordered", committed(reorder), f"{LEDGER}:2", "was moved"),
    Case("entry-commit-rewritten", committed(commit_without_document), f"{LEDGER}:2", "never changes"),
    Case("tag-lightweight", lightweight_tag, f"{LEDGER}:2", "annotated"),
    # -- §10: published means committed; interrupted releases ------------------------------------------------------
    Case("ledger-uncommitted-edit", edit(LEDGER, "change: material", "change: editorial"), f"{LEDGER}:6", "published means committed"),
    Case("ledger-uncommitted-entry", add_entry("1.1"), f"{LEDGER}:11", "interrupted `mkdocs-policy release`"),
    Case("ledger-staged-with-index-lock", staged_entry_with_index_lock, f"{LEDGER}:11", "rm .git/index.lock"),
    Case("ledger-staged-only", staged_only, f"{LEDGER}:1", "git restore --staged"),
    Case("ledger-deleted-uncommitted", delete(LEDGER), f"{LEDGER}:1", "deleted in the working tree"),
    Case("ledger-symlink-uncommitted", ledger_symlink, f"{LEDGER}:1", "symbolic link"),
    Case("killed-before-commit", stale_lock(False), f"{LEDGER}:1", "nothing was recorded"),
    Case("killed-after-commit", stale_lock(True), f"{LEDGER}:1", "committed but not tagged"),
    Case("killed-after-tag", stale_lock(True, tag=True), f"{LEDGER}:1", "rm .git/mkdocs-policy-release.lock"),
    Case(
        "release-while-another-runs",
        both(
            committed(both(edit(f"{DOC}/en/data.md", "your name", "your full name"), edit(f"{DOC}/ja/data.md", "氏名を", "お名前を"))),
            stale_lock(False, pid=1),  # pid 1 is alive: a release in progress
        ),
        ".git/mkdocs-policy-release.lock:1",
        "is running",
        ("release", "privacy", "1.1", "--effective", "2026-02-01", "--change", "minor", *SUMMARY),
        build_fails=False,
    ),
    # -- §10: every output path planned ---------------------------------------------------------------------------
    Case("version-index-html", committed(add_entry("index.html")), f"{LEDGER}:11", "reserved"),
    Case("version-too-long", committed(add_entry("1" * 300)), f"{LEDGER}:11", "at most 64 characters"),
    Case("version-side-by-side", committed(add_entry("side-by-side")), f"{LEDGER}:11", "reserved"),
    Case("versions-differ-by-case", committed(both(add_entry("Rev"), add_entry("rev"))), f"{LEDGER}:", "differ only by case"),
    Case("output-name-too-long", long_document, f"policy/{LONG_DOC}/releases.yml:1", "longer than file systems accept"),
    # -- §10: configuration, validated as MkDocs loads it -----------------------------------------------------------
    Case("languages-empty", config("languages:\n    - ja\n    - en\n", "languages: []\n"), "mkdocs.yml:", "languages is empty"),
    Case("languages-unknown", config("    - en\n", "    - xx\n"), "mkdocs.yml:", "not a language Babel knows"),
    Case("languages-path", config("    - en\n", "    - ../../evil\n"), "mkdocs.yml:", "not a language code"),
    Case("languages-twice", config("    - en\n", "    - ja\n"), "mkdocs.yml:", "listed twice"),
    Case(
        "timezone-unknown", config("languages:", "timezone: Mars/Olympus_Mons\n    languages:"), "mkdocs.yml:", "not a known IANA time zone"
    ),
    Case("timezone-env", env_timezone, "mkdocs.yml:", "not a known IANA time zone"),
    Case("option-unknown", config("languages:", "langauges: [ja]\n    languages:"), "mkdocs.yml:", "unknown option 'langauges'"),
    Case("languages-inherited-empty", inherit_empty_languages, "mkdocs.yml:", "languages is empty"),
    Case("extension-snippets", append("mkdocs.yml", SNIPPETS), "mkdocs.yml:", "pymdownx.snippets includes files"),
    Case("extension-b64", append("mkdocs.yml", "markdown_extensions:\n- pymdownx.b64\n"), "mkdocs.yml:", "includes files"),
    Case(
        "extension-unknown",
        append("mkdocs.yml", "markdown_extensions:\n- pymdownx.pathconverter\n"),
        "mkdocs.yml:",
        "is not known to read no file and run no code",
    ),
    Case("extension-python-fence", append("mkdocs.yml", FENCE), "mkdocs.yml:", "posix.system is code"),
    # -- §10: text that hides what it says --------------------------------------------------------------------------
    Case("bidi-override", section_char("en", "\u202e"), f"{DOC}/en/intro.md:3", "bidirectional control"),
    Case("bidi-isolate", section_char("ja", "\u2067"), f"{DOC}/ja/intro.md:3", "bidirectional control"),
    Case("nul-in-text", section_char("en", "\x00"), f"{DOC}/en/intro.md:3", "control character U+0000"),
    Case("c1-control", section_char("ja", "\x85"), f"{DOC}/ja/intro.md:3", "control character U+0085"),
    Case("escape-control", section_char("en", "\x1b[2J"), f"{DOC}/en/intro.md:3", "control character U+001B"),
    Case("lone-surrogate-title", edit(META, "  en: Privacy Policy\n", '  en: "Privacy \\ud800Policy"\n'), f"{META}:1", "lone surrogate"),
    Case("bidi-in-title", edit(META, "  en: Privacy Policy\n", '  en: "Privacy \\u202ePolicy"\n'), f"{META}:1", "bidirectional control"),
    Case(
        "zero-width-space",
        both(section_char("en", "\u200b"), section_char("ja", "、")),
        f"{DOC}/en/intro.md:3",
        "invisible",
        ("check", "--strict"),
        build_fails=False,
    ),
    # -- editorial findings: `check --strict` -------------------------------------------------------------------
    Case(
        "japanese-in-english",
        both(edit(f"{DOC}/en/data.md", "your name.", "your name, 例えば."), edit(f"{DOC}/ja/data.md", "氏名を", "お名前を")),
        f"{DOC}/en/data.md:3",
        "add it to allow_terms",
        ("check", "--strict"),
        build_fails=False,
    ),
    Case(
        "english-in-japanese",
        both(
            edit(f"{DOC}/ja/data.md", "氏名を", "including but not limited to 氏名を"),
            edit(f"{DOC}/en/data.md", "your name", "your full name"),
        ),
        f"{DOC}/ja/data.md:3",
        "untranslated sentence",
        ("check", "--strict"),
        build_fails=False,
    ),
    Case(
        "translation-parity",
        edit(f"{DOC}/en/data.md", "your name", "your full name"),
        f"{DOC}/ja/data.md:1",
        "--unchanged-translations ja=data",
        ("check", "--strict"),
        build_fails=False,
    ),
    # -- release refusals -----------------------------------------------------------------------------------------
    Case(
        "release-dirty-tree",
        edit(f"{DOC}/en/data.md", "your name", "your full name"),
        f"{DOC}/en/data.md:1",
        "commit the text",
        ("release", "privacy", "1.1", "--effective", "2026-02-01", "--change", "minor", *SUMMARY),
        build_fails=False,
    ),
    Case(
        "release-existing-version",
        committed(both(edit(f"{DOC}/en/data.md", "your name", "your full name"), edit(f"{DOC}/ja/data.md", "氏名を", "お名前を"))),
        f"{LEDGER}:2",
        "choose a new version",
        ("release", "privacy", "1.0", "--effective", "2026-02-01", "--change", "minor", *SUMMARY),
        build_fails=False,
    ),
    Case(
        "release-unacknowledged-parity",
        committed(edit(f"{DOC}/en/data.md", "your name", "your full name")),
        f"{DOC}/ja/data.md:1",
        "--unchanged-translations ja=data",
        ("release", "privacy", "1.1", "--effective", "2026-02-01", "--change", "minor", *SUMMARY),
        build_fails=False,
    ),
    Case(
        "release-with-errors",
        committed(edit(f"{DOC}/en/data.md", "### Managing {#managing}", "### Managing")),
        f"{DOC}/en/data.md:5",
        "{#some-id}",
        ("release", "privacy", "1.1", "--effective", "2026-02-01", "--change", "minor", *SUMMARY),
        build_fails=False,
    ),
]


def test_the_catalogue_is_large_and_distinct():
    assert len(CASES) >= 80
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, template, tmp_path, caplog):
    source, init = template
    repo = clone_tree(source, tmp_path / case.id)
    case.mutate(repo, init)
    before = snapshot(repo.path)
    result = cli(repo, *case.command)
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if line.startswith(case.where)]
    assert lines, f"{case.where} not named in:\n{result.output}"
    assert any(case.advice in line for line in lines), f"{case.advice!r} not in {lines}"
    if case.command == ("check", "--strict"):
        assert cli(repo, "check").exit_code == 0  # editorial: only --strict fails
    if case.build_fails:
        site_index = (repo.path / "site/en/privacy/1.0/index.html").read_bytes()
        with pytest.raises((PluginError, Abort)) as failure:
            repo.build(site_dir="site", epoch=EPOCH_2026_01_15)
        assert case.where.split(":")[0] in str(failure.value) + caplog.text  # the build names the file too
        assert (repo.path / "site/en/privacy/1.0/index.html").read_bytes() == site_index
    assert snapshot(repo.path) == before  # ledger, working tree, git and the site built before: untouched
