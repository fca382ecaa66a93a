"""Catalogs and dates: every UI string has a Japanese translation; dates come from Babel."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

from babel.messages.pofile import read_po

from mkdocs_policy.i18n import gettext_for, language_name, long_date

ROOT = Path(__file__).resolve().parents[1]


def test_dates_in_both_languages():
    assert long_date(date(2026, 11, 25), "ja") == "2026年11月25日"
    assert long_date(date(2026, 11, 25), "en") == "November 25, 2026"


def test_language_names():
    assert language_name("ja") == "日本語" and language_name("en") == "English"
    assert language_name("ja", "en") == "Japanese"


def test_every_string_in_code_and_templates_is_translated_to_japanese(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-o", str(pot), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        extracted = {m.id for m in read_po(handle) if m.id}
    assert len(extracted) > 20
    with (ROOT / "locales/ja/LC_MESSAGES/messages.po").open("rb") as handle:
        ja = {m.id: m.string for m in read_po(handle) if m.id}
    missing = sorted(m for m in extracted if not ja.get(m))
    assert missing == []
    # placeholders survive translation
    for msgid in extracted:
        assert sorted(re.findall(r"%\(\w+\)s", msgid)) == sorted(re.findall(r"%\(\w+\)s", ja[msgid])), msgid


def test_gettext_uses_the_catalog():
    assert gettext_for("ja")("Translation") == "翻訳"
    assert gettext_for("en")("Translation") == "Translation"


def test_an_edited_catalog_is_read_again(tmp_path, monkeypatch):
    import os

    from mkdocs_policy import i18n

    po = tmp_path / "ja" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Translation"\nmsgstr "訳"\n', encoding="utf-8"
    )
    monkeypatch.setattr(i18n, "_catalog_path", lambda lang: po)
    assert i18n.gettext_for("ja")("Translation") == "訳"
    po.write_text(po.read_text(encoding="utf-8").replace("訳", "翻訳版"), encoding="utf-8")
    os.utime(po, ns=(1, 2_000_000_000_000_000_000))
    assert i18n.gettext_for("ja")("Translation") == "翻訳版"


def test_no_catalog_defines_a_msgid_twice():
    """Babel keeps one translation of a msgid silently: a second entry (two features adding the same
    string) would make one of them wrong without any error."""
    folder = Path(__file__).resolve().parents[1] / "locales"
    for catalog in [folder / "messages.pot", *sorted(folder.glob("*/LC_MESSAGES/messages.po"))]:
        ids = re.findall(r'^msgid ((?:"[^\n]*"\n)+)', catalog.read_text(encoding="utf-8"), flags=re.M)
        repeated = sorted({i for i in ids if ids.count(i) > 1 and i != '""\n'})
        assert repeated == [], (catalog, repeated)
