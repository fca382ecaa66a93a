"""The draft preview: <lang>/<doc>/draft/ under `mkdocs serve` or `draft: true`, never in a plain build."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from test_changes_page import article
from test_redline_html import check

from policyrepo import epoch_of, sections_md


def draft_option(repo, value: bool = True) -> None:
    config = yaml.safe_load(repo.read("mkdocs.yml"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "policy" in plugin:
            plugin["policy"]["draft"] = value
    repo.write("mkdocs.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))


def edit_draft(repo) -> None:
    repo.write("policy/privacy/en/data.md", "## Data we collect\n\nWe collect your name and your e-mail address.\n")
    repo.write("policy/privacy/ja/data.md", "## 収集する情報\n\n当社は氏名およびメールアドレスを収集します。\n")
    repo.write("policy/privacy/en/intro.md", "## About this policy {#intro}\n\nWe value your information.\n")


def test_a_plain_build_never_publishes_the_draft(simple_site):
    edit_draft(simple_site)
    site = simple_site.build(epoch=epoch_of("2026-03-01"))
    assert not any(site.glob("*/privacy/draft"))
    assert "draft/" not in (site / "en/privacy/index.html").read_text(encoding="utf-8")


def test_draft_true_publishes_the_working_tree_marked_unpublished_with_its_redline(simple_site):
    edit_draft(simple_site)
    draft_option(simple_site)
    site = simple_site.build(epoch=epoch_of("2026-03-01"))
    for lang in ("ja", "en"):
        html = (site / lang / "privacy/draft/index.html").read_text(encoding="utf-8")
        body = article(html)
        check(body)
        announce = html.split('<div data-md-component="announce">', 1)[1].split("</aside>", 1)[0]
        assert "policy-draft-banner" in announce
        assert "policy-draft-notice" in body and "policy-draft-toggle-input" in body and "policy-rl-legend" in body
        assert f'<html lang="{lang}"' in html
        assert "1.1" in body  # compared with the latest release
    en = article((site / "en/privacy/draft/index.html").read_text(encoding="utf-8"))
    assert "not published" in (site / "en/privacy/draft/index.html").read_text(encoding="utf-8")
    assert "<ins> and your e-mail address</ins>" in en or "<ins>and your e-mail address </ins>" in en
    # The whole text is there (a preview), with the section ids, and the changed title marked.
    for sid in ("intro", "data", "cookies", "managing"):
        assert f'id="{sid}"' in en, sid
    assert re.search(r'<h2 id="intro"><del>Introduction</del><ins>About this policy</ins></h2>', en)
    assert "We use cookies." in en  # unchanged sections in full, unmarked
    ja = article((site / "ja/privacy/draft/index.html").read_text(encoding="utf-8"))
    assert "<ins>およびメールアドレス</ins>" in ja
    assert "公開されておらず" in (site / "ja/privacy/draft/index.html").read_text(encoding="utf-8")


def test_the_draft_of_a_document_without_releases_is_shown_as_it_is(policy_repo):
    repo = policy_repo(plugin_options={"draft": True})
    repo.write_document(
        "privacy",
        {"ja": sections_md({"intro": "はじめに"}, {"intro": "本文。"}), "en": sections_md({"intro": "Introduction"}, {"intro": "Text."})},
    )
    repo.commit("first draft")
    site = repo.build(epoch=epoch_of("2026-03-01"))
    en = article((site / "en/privacy/draft/index.html").read_text(encoding="utf-8"))
    assert "nothing to compare it with" in en
    assert "<ins" not in en and "<del" not in en and "Text." in en


def text_of(html: str) -> str:
    """The draft's text with its marks (after the notices and the legend)."""
    return article(html).split('class="policy-redline policy-draft"', 1)[1]


@pytest.fixture
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(predicate, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    return None


def test_mkdocs_serve_shows_the_draft_and_rebuilds_when_policy_or_locales_change(simple_site, free_port, tmp_path):
    repo = simple_site
    (repo.path / "locales").mkdir()
    repo.write("locales/README", "catalogs of this site\n")
    log = (tmp_path / "serve.log").open("w")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(epoch_of("2026-03-01"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{free_port}", "-f", str(repo.path / "mkdocs.yml")],
        cwd=repo.path,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{free_port}/policy/en/privacy/draft/"
    try:
        first = wait_for(lambda: fetch(url))
        assert first, Path(log.name).read_text()
        assert "policy-draft-banner" in first and "<ins" not in text_of(first)  # the tree is the latest release
        builds = Path(log.name).read_text().count("Documentation built")

        repo.write("policy/privacy/en/intro.md", "## Introduction\n\nWe value your information a great deal.\n")
        changed = wait_for(lambda: (page := fetch(url)) and "a great deal" in page and page)
        assert changed, Path(log.name).read_text()
        assert "<ins> a great deal</ins>" in text_of(changed) or "<ins>a great deal </ins>" in text_of(changed)

        # "Reloading browsers" ends every rebuild; MkDocs logs each distinct "Documentation built in N seconds" only once.
        builds = Path(log.name).read_text().count("Reloading browsers")
        repo.write("locales/README", "catalogs of this site, edited\n")
        assert wait_for(lambda: Path(log.name).read_text().count("Reloading browsers") > builds), Path(log.name).read_text()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
