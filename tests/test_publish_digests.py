"""Digests recomputed from the published Markdown alone, as a stranger would (SPEC §3), without mkdocs_policy.digest."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import yaml
from publish_sites import BEFORE_2_0, history_site, load

from policyrepo import epoch_of

ROOT = Path(__file__).resolve().parents[1]
TRAILING_SPACE = re.compile(r"\s+$")


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical(markdown: str) -> str:
    """SPEC §3, written again from the text of the contract."""
    text = markdown[1:] if markdown[:1] == "\ufeff" else markdown
    text = re.sub(r"\r\n?", "\n", text)
    text = unicodedata.normalize("NFC", text)
    lines = [TRAILING_SPACE.sub("", line) for line in text.split("\n")]
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def recompute(release: dict) -> tuple[str, dict[str, str], dict[tuple[str, str], str]]:
    """(release hex, {lang: language hex}, {(lang, id): section hex}) from the release JSON's Markdown."""
    sections: dict[tuple[str, str], str] = {}
    languages: dict[str, str] = {}
    for lang, text in release["languages"].items():
        parts = []
        for section in text["sections"]:
            hexd = sha256_hex(canonical(section["markdown"]))
            sections[(lang, section["id"])] = hexd
            if section["status"] != "removed":  # a removed section is not part of this release's text
                parts.append(f"{section['id']}\n{hexd}\n")
        languages[lang] = sha256_hex("".join(parts))
    whole = sha256_hex("".join(f"{lang}\n{languages[lang]}\n" for lang in sorted(languages)))
    return whole, languages, sections


def check_site(site, repo_path) -> int:
    ledger = {e["version"]: e["digest"] for e in yaml.safe_load((repo_path / "policy/privacy/releases.yml").read_text(encoding="utf-8"))}
    index = load(site, "api/privacy/releases.json")
    checked = 0
    for entry in index["releases"]:
        release = load(site, f"api/privacy/{entry['version']}.json")
        whole, languages, sections = recompute(release)
        assert release["digest"] == entry["digest"] == ledger[entry["version"]] == f"sha256:{whole}"
        for lang, text in release["languages"].items():
            assert text["digest"] == f"sha256:{languages[lang]}"
            for section in text["sections"]:
                assert section["digest"] == f"sha256:{sections[(lang, section['id'])]}"
                # what is published is exactly what the digest covers
                assert canonical(section["markdown"]) == section["markdown"]
                checked += 1
    return checked


def test_every_digest_of_a_history_recomputes_from_the_published_markdown(policy_repo):
    repo = history_site(policy_repo, site_url="https://example.com/")
    assert check_site(repo.build(epoch=BEFORE_2_0), repo.path) > 30


def test_digests_cover_the_normalised_text_of_untidy_sources(policy_repo):
    """CRLF, a BOM, trailing blanks (also ideographic spaces), decomposed kana, missing or extra final newlines."""
    repo = policy_repo("untidy")
    ja = {
        "intro": "\ufeff## はじめに\r\n\r\nカ\u3099イド（ガイド）を読んでください。\u3000 \r\n",
        "terms": "## 用語\r本文。\t\r\r\r",
    }
    en = {
        "intro": "## Introduction  \n\nCafe\u0301 rules.   \n\n\n",
        "terms": "## Terms\n\nText without final newline",
    }
    repo.write_document("privacy", {"ja": ja, "en": en}, title={"ja": "方針", "en": "Policy"})
    repo.release("privacy", "1.0", published="2026-01-01", change="material")
    site = repo.build(epoch=epoch_of("2026-01-02"))
    assert check_site(site, repo.path) == 4
    release = load(site, "api/privacy/1.0.json")
    by_id = {s["id"]: s for s in release["languages"]["ja"]["sections"]}
    assert by_id["intro"]["markdown"] == "## はじめに\n\nガイド（ガイド）を読んでください。\n"
    assert by_id["terms"]["markdown"] == "## 用語\n本文。\n"
    # the raw file at the release's commit gives the same digest once normalised
    raw = ja["intro"]
    assert by_id["intro"]["digest"] == "sha256:" + sha256_hex(canonical(raw))


def test_the_repositorys_own_releases_recompute_from_their_json(tmp_path):
    """This repository's privacy policy (releases 1.0 and 1.1): the published JSON matches policy/privacy/releases.yml."""
    site = tmp_path / "own"
    env = {
        "SOURCE_DATE_EPOCH": str(epoch_of("2026-12-01")),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "NO_MKDOCS_2_WARNING": "1",
        "HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert check_site(site, ROOT) >= 16
