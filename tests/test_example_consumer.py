"""examples/check_consent.py, the consumer the README shows app developers, run against built sites."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import threading
from email.utils import formatdate, parsedate_to_datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from publish_sites import AFTER_2_0, BEFORE_2_0, history_site

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "check_consent.py"


def run(*args: str) -> tuple[dict[str, str], str]:
    result = subprocess.run([sys.executable, str(EXAMPLE), *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    return lines, result.stderr


@pytest.fixture
def site(policy_repo):
    return history_site(policy_repo, site_url="https://example.com/legal/").build(epoch=BEFORE_2_0)


def test_a_user_who_accepted_an_older_consent_is_asked_again(policy_repo):
    site = history_site(policy_repo, site_url="https://example.com/legal/").build(epoch=AFTER_2_0)
    out, _ = run(str(site), "--accepted", "1", "--lang", "ja")
    assert out["action"] == "ask-consent" and out["current"] == "2.0"
    assert out["consent_version"] == "2 (accepted: 1)"
    assert out["summary"] == "第2.0版の要約（変更点）。"
    assert out["read"] == "https://example.com/legal/ja/privacy/2.0/"
    assert out["changes"] == "https://example.com/legal/ja/privacy/changes/#v2-0"
    assert "upcoming" not in out


def test_before_it_takes_effect_a_material_release_is_announced_not_asked(site):
    out, _ = run(str(site), "--accepted", "1", "--seen", "1.2")
    assert out["action"] == "none" and out["current"] == "1.2"
    assert out["upcoming"] == "2.0 takes effect on 2026-04-01 (material)"


def test_minor_changes_get_a_notice_and_editorial_ones_nothing(site):
    out, _ = run(str(site), "--accepted", "1", "--seen", "1.0", "--lang", "en")
    assert out["action"] == "notify" and out["read"] == "https://example.com/legal/en/privacy/1.2/"
    out, _ = run(str(site), "--accepted", "1", "--seen", "1.1")  # only 1.2, editorial, since
    assert out["action"] == "none" and "read" not in out


def test_a_user_who_never_accepted_is_asked(site):
    out, _ = run(str(site))
    assert out["action"] == "ask-consent" and out["consent_version"] == "1 (accepted: -)"


class Handler(SimpleHTTPRequestHandler):
    """A static host that, like most, sends ETag and Last-Modified and answers conditional requests with 304."""

    log: list[tuple[str, int, str | None, str | None]]

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_file():
            body = path.read_bytes()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            modified = formatdate(int(path.stat().st_mtime), usegmt=True)
            since = self.headers.get("If-Modified-Since")
            fresh = self.headers.get("If-None-Match") == etag or (
                self.headers.get("If-None-Match") is None
                and since
                and parsedate_to_datetime(since).timestamp() >= int(path.stat().st_mtime)
            )
            self.log.append((self.path, 304 if fresh else 200, self.headers.get("If-None-Match"), since))
            if fresh:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return None
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
            self.end_headers()
            return open(path, "rb")
        self.log.append((self.path, 404, None, None))
        return super().send_head()

    def log_message(self, format, *args):  # keep the test output clean
        pass


@pytest.fixture
def server(policy_repo):
    """The site built without site_url (root-relative URLs), served over HTTP on a free port."""
    site = history_site(policy_repo, "served").build(epoch=BEFORE_2_0)
    Handler.log = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", Handler.log
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_over_http_the_consumer_polls_with_conditional_get(server, tmp_path):
    url, log = server
    cache = tmp_path / "cache"
    first, err = run(url, "--accepted", "0", "--cache", str(cache), "--lang", "en")
    assert first["action"] == "ask-consent" and first["read"] == "/en/privacy/1.2/"
    assert [(path, status) for path, status, _, _ in log] == [("/api/privacy/releases.json", 200), ("/api/privacy/1.2.json", 200)]
    assert "(200)" in err
    log.clear()
    second, err = run(url, "--accepted", "0", "--cache", str(cache), "--lang", "en")
    assert second == first  # answered from the cache
    assert [(path, status) for path, status, _, _ in log] == [("/api/privacy/releases.json", 304), ("/api/privacy/1.2.json", 304)]
    assert all(etag and since for _, _, etag, since in log)  # both validators sent
    assert "(304, from cache)" in err


# -- what changed since the user's version (api/<doc>/since/<version>.json) ------------------------------
def test_a_returning_user_sees_every_change_since_their_version_in_one_comparison(policy_repo):
    site = history_site(policy_repo, "since", site_url="https://example.com/legal/").build(epoch=AFTER_2_0)
    out, _ = run(str(site), "--accepted", "1", "--seen", "1.0", "--lang", "en")
    assert out["action"] == "ask-consent"
    assert out["since"] == "1.0 → 2.0 (releases: 1.1, 1.2, 2.0; consent required: yes)"
    assert out["changed data"] == "Data we collect (modified, +25 -7) https://example.com/legal/en/privacy/2.0/#data"
    assert out["changed cookies"].startswith("Cookies (added, +33 -0) ")
    assert out["changed sharing"] == "Sharing (removed, +0 -55) https://example.com/legal/en/privacy/1.0/#sharing"
    assert "changed contact" not in out  # unchanged from 1.0 to 2.0
    assert out["redline"] == "https://example.com/legal/en/privacy/since/1.0/"
    ja, _ = run(str(site), "--accepted", "1", "--seen", "1.2", "--lang", "ja")
    assert ja["since"] == "1.2 → 2.0 (releases: 2.0; consent required: yes)"
    assert ja["changed data"].startswith("収集する情報 (modified, ")
    assert set(k for k in ja if k.startswith("changed ")) == {"changed data"}


def test_consent_required_is_right_for_a_user_at_any_older_version(site):
    # Built before 2.0 takes effect: 1.2 is in force, and no material release came after 1.0.
    for seen in ("1.0", "1.1"):
        out, _ = run(str(site), "--accepted", "1", "--seen", seen)
        assert out["since"].endswith("consent required: no)"), seen
    out, _ = run(str(site), "--accepted", "1", "--seen", "1.2")
    assert out["action"] == "none" and "since" not in out  # already at the release in force


def test_over_http_the_since_file_is_read_too(server, tmp_path):
    url, log = server
    out, _ = run(url, "--accepted", "1", "--seen", "1.0", "--lang", "en", "--cache", str(tmp_path / "cache"))
    assert out["action"] == "notify" and out["redline"] == "/en/privacy/since/1.0/"
    assert ("/api/privacy/since/1.0.json", 200) in [(path, status) for path, status, _, _ in log]
