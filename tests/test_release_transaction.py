"""`release` as a transaction, with real processes: killed (SIGKILL) at every step, and racing each other.

After a kill, `check` names the state and the way out; following it gives a clean repository. N releases
started together end with a ledger, commits and tags that agree, and no run reports a release that is not
on the branch.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from guardkit import EPOCH_2026_01_15, cli, two_language_site
from mkdocs.exceptions import Abort, PluginError

from mkdocs_policy.sources.seal import ledger_entries

LEDGER = "policy/privacy/releases.yml"
SUMMARY = ("--summary", "ja=メールアドレスを収集します。", "--summary", "en=We now collect your e-mail address.")
COMMAND = str(Path(sys.executable).with_name("mkdocs-policy"))


@pytest.fixture
def site(policy_repo):
    repo = two_language_site(policy_repo())
    repo.write("policy/privacy/en/data.md", "## Data we collect\n\nWe collect your name and e-mail address.\n")
    repo.write("policy/privacy/ja/data.md", "## 収集する情報\n\n当社は氏名およびメールアドレスを収集します。\n")
    repo.commit("new text")
    return repo


def start_release(repo, version: str, **env: str) -> subprocess.Popen:
    args = [COMMAND, "-f", str(repo.path / "mkdocs.yml"), "release", "privacy", version, "--effective", "2026-02-01", "--change", "minor"]
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH_2026_01_15, **env}
    return subprocess.Popen([*args, *SUMMARY], cwd=repo.path, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def versions_at_head(repo) -> list[str]:
    text = repo.repo.git.show(f"HEAD:{LEDGER}")
    return [version for version, _items, _line in ledger_entries(text)]


def assert_clean_and_agreeing(repo) -> None:
    """Ledger (working tree = HEAD), commits and tags agree; `check --strict` passes."""
    assert repo.repo.git.status("--porcelain", "--untracked-files=all") == ""
    assert not (repo.path / ".git/mkdocs-policy-release.lock").exists()
    for version in versions_at_head(repo)[1:]:
        tag = repo.repo.tags[f"privacy/{version}"]
        assert tag.tag is not None, "annotated"
        recording = repo.repo.git.log("--format=%H", "--reverse", "-S", f'version: "{version}"', "--", LEDGER).splitlines()[0]
        assert tag.commit.hexsha == recording
    result = cli(repo, "check", "--strict")
    assert result.exit_code == 0, result.output


def kill_at(repo, step: str, tmp_path) -> None:
    marker = tmp_path / f"paused-{step}"
    process = start_release(repo, "1.1", MKDOCS_POLICY_TEST_PAUSE=step, MKDOCS_POLICY_TEST_PAUSE_FILE=str(marker))
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the release never reached " + step
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL


def the_fix(output: str, verb: str) -> str:
    """The commands a message gives after ``verb`` (``Finish it``, ``or undo it``, ``Clean up``)."""
    found = re.search(re.escape(verb) + r": `([^`]+)`", output)
    assert found, f"no {verb!r} in:\n{output}"
    return found.group(1)


STATES = {
    "locked": ("nothing was recorded", "Clean up"),
    "written": ("nothing was recorded", "Clean up"),
    "committed": ("committed but not tagged", "Finish it"),
    "checked-out": ("committed but not tagged", "Finish it"),
    "tagged": ("committed and tagged", "Finish it"),
}


@pytest.mark.parametrize("step", list(STATES))
def test_killed_at_each_step_check_names_the_state_and_the_fix_works(site, step, tmp_path):
    before = versions_at_head(site)
    kill_at(site, step, tmp_path)
    state, verb = STATES[step]
    result = cli(site, "check")
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if "interrupted `mkdocs-policy release privacy 1.1`" in line]
    assert lines and lines[0].startswith(f"{LEDGER}:1: error: "), result.stdout
    assert state in lines[0]
    # The build refuses too, before it touches a site.
    assert "interrupted" in cli(site, "check", "--format", "json").stdout
    # Another release is refused while the leftover lock is there.
    again = cli(site, "release", "privacy", "1.2", "--effective", "2026-02-01", "--change", "minor", *SUMMARY)
    assert again.exit_code == 1 and "interrupted" in again.stderr
    subprocess.run(["bash", "-c", the_fix(lines[0], verb)], cwd=site.path, check=True, capture_output=True)
    assert_clean_and_agreeing(site)
    expected = before if verb == "Clean up" else [*before, "1.1"]
    assert versions_at_head(site) == expected


@pytest.mark.parametrize("step", ["committed", "checked-out", "tagged"])
def test_killed_after_the_commit_can_be_undone(site, step, tmp_path):
    before = versions_at_head(site)
    start = site.repo.head.commit.hexsha
    kill_at(site, step, tmp_path)
    result = cli(site, "check")
    line = next(line for line in result.stdout.splitlines() if "interrupted" in line and "undo it" in line)
    subprocess.run(["bash", "-c", the_fix(line, "or undo it")], cwd=site.path, check=True, capture_output=True)
    assert site.repo.head.commit.hexsha == start and versions_at_head(site) == before
    assert "privacy/1.1" not in [t.name for t in site.repo.tags]
    assert_clean_and_agreeing(site)


def test_an_interrupted_old_style_release_is_named_with_both_ways_out(site, caplog):
    """What the old `release` left when killed between writing and committing: a staged entry and index.lock."""
    entry = cli(site, "release", "privacy", "1.1", "--effective", "2026-02-01", "--change", "minor", "--dry-run", *SUMMARY)
    body = entry.stdout.split("\n", 1)[1]
    first_line = len(site.read(LEDGER).splitlines()) + 1
    (site.path / LEDGER).write_text(site.read(LEDGER) + body, encoding="utf-8")
    site.repo.git.add(LEDGER)
    (site.path / ".git/index.lock").write_text("")
    result = cli(site, "check")
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if "interrupted" in line)
    assert line.startswith(f"{LEDGER}:{first_line}:") and "staged, not committed" in line and "rm .git/index.lock" in line
    assert "git restore --staged --worktree" in line
    # The build reads the ledger as committed: release 1.1 is not published, the build fails.
    with pytest.raises((PluginError, Abort)):
        site.build(site_dir="site")
    assert "release 1.1 is written in the ledger (staged, not committed)" in caplog.text
    os.unlink(site.path / ".git/index.lock")
    subprocess.run(["bash", "-c", the_fix(line, "Finish it")], cwd=site.path, check=True, capture_output=True)
    assert versions_at_head(site)[-1] == "1.1"
    assert_clean_and_agreeing(site)


def test_a_detached_head_is_refused(site):
    site.repo.git.checkout("--detach")
    result = cli(site, "release", "privacy", "1.1", "--effective", "2026-02-01", "--change", "minor", *SUMMARY)
    assert result.exit_code == 1 and "detached" in result.stderr
    assert versions_at_head(site) == ["1.0"]


def test_a_concurrent_commit_is_never_undone(site, tmp_path):
    """Another commit lands while `release` is between planning and moving the branch: the release loses."""
    marker = tmp_path / "paused"
    process = start_release(site, "1.1", MKDOCS_POLICY_TEST_PAUSE="written", MKDOCS_POLICY_TEST_PAUSE_FILE=str(marker))
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    site.write("docs/about.md", "# About\n")
    other = site.commit("someone else's commit")
    marker.unlink()  # let the release go on
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 1 and "moved while the release was being recorded" in err
    assert site.repo.head.commit.hexsha == other
    assert versions_at_head(site) == ["1.0"]
    assert "privacy/1.1" not in [t.name for t in site.repo.tags]
    assert_clean_and_agreeing(site)


@pytest.mark.parametrize("runs", [4])
def test_concurrent_releases_agree(site, runs):
    processes = {f"1.{n}": start_release(site, f"1.{n}") for n in range(1, runs + 1)}
    outcomes = {version: (*p.communicate(timeout=300), p.returncode) for version, p in processes.items()}
    succeeded = [version for version, (out, _err, code) in outcomes.items() if code == 0]
    for version, (out, err, code) in outcomes.items():
        if code == 0:
            assert f"released privacy {version}" in out
        else:
            assert code == 1 and "release refused" in err and f"released privacy {version}" not in out, err
    assert len(succeeded) >= 1
    on_branch = versions_at_head(site)
    assert on_branch == ["1.0", *succeeded]  # every reported success is on the branch, nothing else is
    tags = sorted(t.name for t in site.repo.tags)
    assert tags == sorted(f"privacy/{v}" for v in succeeded)
    assert_clean_and_agreeing(site)


# -- `import --release`: the text commit is part of the same transaction ------------------------------------

IMPORT_EN = "## Introduction\n\nWe value your information.\n\n## Data we collect\n\nWe collect your name and phone number.\n"
IMPORT_JA = "## はじめに\n\n当社はお客様の情報を大切にします。\n\n## 収集する情報\n\n当社は氏名および電話番号を収集します。\n"


def start_import(repo, tmp_path, **env: str) -> subprocess.Popen:
    (tmp_path / "en.md").write_text(IMPORT_EN, encoding="utf-8")
    (tmp_path / "ja.md").write_text(IMPORT_JA, encoding="utf-8")
    args = [COMMAND, "-f", str(repo.path / "mkdocs.yml"), "import", "privacy", f"en={tmp_path / 'en.md'}", f"ja={tmp_path / 'ja.md'}"]
    args += ["--release", "1.1", "--published", "2026-01-15", "--effective", "2026-02-01", "--change", "minor", *SUMMARY]
    full_env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH_2026_01_15, **env}
    return subprocess.Popen(args, cwd=repo.path, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def paused(process: subprocess.Popen, marker: Path) -> None:
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the import never paused"
        time.sleep(0.05)


def test_import_release_commits_its_text_under_the_lock_and_never_undoes_a_concurrent_commit(site, tmp_path):
    marker = tmp_path / "paused"
    process = start_import(site, tmp_path, MKDOCS_POLICY_TEST_PAUSE="text-written", MKDOCS_POLICY_TEST_PAUSE_FILE=str(marker))
    paused(process, marker)
    assert (site.path / ".git/mkdocs-policy-release.lock").exists()  # one transaction: the lock is held already
    site.write("docs/about.md", "# About\n")
    site.repo.git.add("docs/about.md")
    site.repo.git.commit("-m", "someone else's commit", "--", "docs/about.md")  # only their file
    other = site.repo.head.commit.hexsha
    marker.unlink()
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 1 and "moved while the import was being committed" in err, err
    assert site.repo.head.commit.hexsha == other  # never undone
    assert versions_at_head(site) == ["1.0"]
    assert_clean_and_agreeing(site)  # the imported files were taken back too


def test_import_release_killed_after_its_text_commit_is_named_and_undone(site, tmp_path):
    start = site.repo.head.commit.hexsha
    marker = tmp_path / "paused"
    process = start_import(site, tmp_path, MKDOCS_POLICY_TEST_PAUSE="text-committed", MKDOCS_POLICY_TEST_PAUSE_FILE=str(marker))
    paused(process, marker)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert site.repo.head.commit.message.strip() == "Import privacy 1.1"
    result = cli(site, "check")
    assert result.exit_code == 1
    assert "the imported text is committed" in result.output and "release 1.1 was not recorded" in result.output
    subprocess.run(the_fix(result.output, "or undo it"), shell=True, cwd=site.path, check=True)
    assert site.repo.head.commit.hexsha == start
    assert_clean_and_agreeing(site)
