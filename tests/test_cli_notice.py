"""`mkdocs-policy notice DOC [VERSION] [--since VERSION] [--lang L] [--format text|html|eml]` (SPEC §14)."""

from __future__ import annotations

from datetime import datetime
from email import message_from_bytes
from email.parser import BytesParser
from email.policy import default
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from guardkit import cli
from publish_sites import AFTER_2_0, BEFORE_2_0, history_site

BASE = "https://example.com/legal/"


@pytest.fixture
def site(policy_repo):
    return history_site(policy_repo, site_url=BASE)


def run(site, *args: str, epoch=AFTER_2_0):
    result = cli(site, "notice", *args, epoch=str(epoch))
    assert result.exit_code == 0, result.output
    return result


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.langs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.hrefs.append(attrs["href"])
        if "lang" in attrs:
            self.langs.append(attrs["lang"])


def links(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def test_text_notice_of_the_latest_release_in_both_languages(site):
    out = run(site, "privacy").stdout
    ja, en = out.split("\n----------------------------------------\n")
    # Subject, effective date (Babel, long), summary, the material line: in each language, from the catalogs.
    assert ja.startswith("プライバシーポリシー：第2.0版（2026年4月1日施行。改めて同意をお願いします）\n")
    assert "重要な変更のため、改めて同意をお願いします。" in ja and "第2.0版：第2.0版の要約（変更点）。" in ja
    assert en.lstrip().startswith("Privacy Policy: version 2.0, in force from April 1, 2026 (your consent is needed)\n")
    assert "Privacy Policy has been updated: version 2.0, in force from April 1, 2026." in en
    assert "- Version 2.0: What changed in 2.0 & why." in en
    # Changed sections against 1.2 with their statistics and links; unchanged ones are not listed.
    assert "- Data we collect (Changed; 10 characters inserted, 7 deleted)\n  https://example.com/legal/en/privacy/2.0/#data" in en
    assert "Introduction" not in en and "Cookies" not in en
    assert "- 収集する情報（変更された項・追加 9 文字、削除 9 文字）\n  https://example.com/legal/ja/privacy/2.0/#data" in ja
    assert "See every change: https://example.com/legal/en/privacy/changes/#v2-0" in en
    assert "Read the policy: https://example.com/legal/en/privacy/2.0/" in en
    assert "本文を読む：https://example.com/legal/ja/privacy/2.0/" in ja


def test_since_an_older_release_every_change_is_counted_once(site):
    out = run(site, "privacy", "2.0", "--since", "1.0", "--lang", "en").stdout
    assert "----" not in out and "プライバシー" not in out  # one language
    assert "What changed since version 1.0:" in out
    assert out.index("Version 1.1:") < out.index("Version 1.2:") < out.index("Version 2.0:")
    assert "- Cookies (New section; 33 characters inserted, 0 deleted)" in out
    assert "- Sharing (Section removed; 0 characters inserted, 55 deleted)\n  https://example.com/legal/en/privacy/1.0/#sharing" in out
    # 2.0 is in force: the redline link is the cumulative page.
    assert "See every change: https://example.com/legal/en/privacy/since/1.0/" in out


def test_a_notice_without_material_change_does_not_ask_for_consent(site):
    out = run(site, "privacy", "1.1", "--lang", "en", epoch=BEFORE_2_0).stdout
    assert out.startswith("Privacy Policy: version 1.1, in force from February 1, 2026\n")
    assert "consent" not in out
    out = run(site, "privacy", "1.2", "--lang", "en", epoch=BEFORE_2_0).stdout
    assert "- Introduction (Changed; " in out  # the editorial typo fix is still a change of text
    first = run(site, "privacy", "1.0", "--lang", "ja").stdout
    assert "この文書の最初の版です。" in first and "変更された項：" not in first


def test_html_notice_is_a_page_with_each_language_tagged_and_absolute_links(site):
    out = run(site, "privacy", "--since", "1.1", "--format", "html").stdout
    assert out.startswith("<!doctype html>")
    parsed = links(out)
    assert parsed.langs == ["ja", "ja", "en"]  # <html lang>, then one section per language
    assert "https://example.com/legal/ja/privacy/since/1.1/" in parsed.hrefs
    assert "https://example.com/legal/en/privacy/2.0/#data" in parsed.hrefs
    assert all(href.startswith(BASE) for href in parsed.hrefs)
    assert "What changed in 2.0 &amp; why." in out  # summaries are text, escaped


def test_eml_is_a_complete_message_that_parses_back(site):
    raw = run(site, "privacy", "--since", "1.0", "--format", "eml", "--to", "Taro <taro@example.org>").stdout_bytes
    assert b"\r\n" in raw and raw.isascii()  # RFC 5322 lines; 8-bit text only inside encoded parts
    message = BytesParser(policy=default).parsebytes(raw)
    assert message["Subject"] == (
        "プライバシーポリシー：第2.0版（2026年4月1日施行。改めて同意をお願いします） / "
        "Privacy Policy: version 2.0, in force from April 1, 2026 (your consent is needed)"
    )
    assert message["From"] == "no-reply@example.com" and message["To"] == "Taro <taro@example.org>"
    # Date: the build date (SOURCE_DATE_EPOCH) in the site's time zone.
    assert parsedate_to_datetime(message["Date"]) == datetime.fromtimestamp(AFTER_2_0, ZoneInfo("Asia/Tokyo"))
    assert message["Message-ID"].startswith("<privacy.2.0.1.0.") and message["Message-ID"].endswith("@example.com>")
    assert message["Content-Language"] == "ja, en" and message["MIME-Version"] == "1.0"
    assert message.get_content_type() == "multipart/alternative"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in parts)
    text, html = (p.get_content() for p in parts)
    for body in (text, html):
        assert "https://example.com/legal/ja/privacy/since/1.0/" in body
        assert "https://example.com/legal/en/privacy/2.0/" in body
        assert "第2.0版の要約（変更点）。" in body
    assert "Data we collect (Changed; 25 characters inserted, 7 deleted)" in text
    assert "https://example.com/legal/en/privacy/1.0/#sharing" in links(html).hrefs
    # What a mail client does with the file: the same message.
    assert message_from_bytes(raw, policy=default)["Subject"] == message["Subject"]


def test_the_same_notice_is_the_same_message(site):
    first = run(site, "privacy", "--format", "eml").stdout_bytes
    second = run(site, "privacy", "--format", "eml").stdout_bytes
    strip = lambda raw: [line for line in raw.split(b"\r\n") if b"boundary" not in line and not line.startswith(b"--=")]  # noqa: E731
    assert strip(first) == strip(second)


def test_without_site_url_links_are_root_relative(policy_repo):
    repo = history_site(policy_repo, "local")
    out = run(repo, "privacy", "--lang", "en").stdout
    assert "Read the policy: /en/privacy/2.0/" in out
    message = BytesParser(policy=default).parsebytes(run(repo, "privacy", "--format", "eml").stdout_bytes)
    assert message["From"] == "no-reply@localhost"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("privacy", "9.9"), 1, "has no release '9.9'"),
        (("terms",), 1, "unknown document 'terms'"),
        (("privacy", "1.1", "--since", "1.2"), 2, "not older"),
        (("privacy", "--since", "0.1"), 1, "has no release '0.1'"),
        (("privacy", "--lang", "fr"), 2, "not a language of this site"),
        (("privacy", "--format", "pdf"), 2, "Invalid value"),
    ],
)
def test_errors(site, args, code, message):
    result = cli(site, "notice", *args, epoch=str(AFTER_2_0))
    assert result.exit_code == code, result.output
    assert message in result.output


def test_help():
    from click.testing import CliRunner

    from mkdocs_policy.cli import main

    result = CliRunner().invoke(main, ["notice", "--help"])
    assert result.exit_code == 0 and "--since" in result.output and "eml" in result.output
