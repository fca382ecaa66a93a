from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from policyrepo import PolicyRepo, epoch_of, sections_md  # tests/ is on sys.path (pytest's rootdir conftest)

# CI explores a fixed set of examples (a red run must be reproducible); locally each run explores anew.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


ROOT = Path(__file__).resolve().parents[1]
# The own site's build day: release 1.2 is published (2026-12-02) and takes effect on 2027-01-01.
OWN_SITE_DAY = "2026-12-02"


def build_own_site(site: Path, day: str) -> Path:
    """This repository's own site, built as its README says (`mkdocs build --strict`) on ``day`` (noon in Tokyo)."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"SOURCE_DATE_EPOCH": str(epoch_of(day)), "PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(site.parent)},
    )
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def own_site(tmp_path_factory) -> Path:
    """This repository's own site on 2026-12-02, the day release 1.2 was published: 1.1 in force, 1.2 upcoming."""
    return build_own_site(tmp_path_factory.mktemp("own") / "site", OWN_SITE_DAY)


@pytest.fixture(scope="session")
def own_site_in_force(tmp_path_factory) -> Path:
    """This repository's own site on 2027-01-01, the day release 1.2 takes effect: 1.2 in force, nothing upcoming."""
    return build_own_site(tmp_path_factory.mktemp("own-in-force") / "site", "2027-01-01")


@pytest.fixture
def policy_repo(tmp_path):
    """A factory of real policy sites in git: ``policy_repo(languages=…, site_url=…)``."""

    def make(name: str = "site", **kwargs) -> PolicyRepo:
        return PolicyRepo(tmp_path / name, **kwargs)

    return make


@pytest.fixture
def simple_site(policy_repo) -> PolicyRepo:
    """One document, two languages, two releases (1.0 then 1.1 adding a section)."""
    repo = policy_repo(site_url="https://example.com/policy/")
    ja = sections_md(
        {"intro": "はじめに", "data": "収集する情報"}, {"intro": "当社は情報を大切にします。", "data": "当社は氏名を収集します。"}
    )
    en = sections_md(
        {"intro": "Introduction", "data": "Data we collect"}, {"intro": "We value your information.", "data": "We collect your name."}
    )
    repo.write_document("privacy", {"ja": ja, "en": en}, title={"ja": "プライバシーポリシー", "en": "Privacy Policy"})
    repo.release("privacy", "1.0", published="2026-01-01", change="material")
    ja["cookies"] = "## クッキー\n\n当社はクッキーを使用します。\n\n### 管理 {#managing}\n\nブラウザで無効にできます。\n"
    en["cookies"] = "## Cookies\n\nWe use cookies.\n\n### Managing {#managing}\n\nYou can turn them off in your browser.\n"
    repo.write_document("privacy", {"ja": ja, "en": en}, title={"ja": "プライバシーポリシー", "en": "Privacy Policy"})
    repo.release("privacy", "1.1", published="2026-02-01", change="minor")
    return repo
