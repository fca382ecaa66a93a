"""Japanese search (SPEC §13): the plugin adds the kanji/katakana boundary to Material's search separator (the
browser tests, tests/browser/test_browser_search_ja.py, show what it finds)."""

from __future__ import annotations

import json
import re

from policyrepo import epoch_of

BOUNDARY = "(?<=[\\u3400-\\u4dbf"


def separator(site) -> str:
    return json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["config"]["separator"]


def test_a_japanese_site_splits_queries_where_kanji_meet_katakana(simple_site):
    value = separator(simple_site.build(epoch=epoch_of("2026-03-01")))
    assert value.startswith("[\\s\\-")  # Material's own separator is kept…
    assert value.count("|(?<=[") == 2 and BOUNDARY in value  # …with both boundaries (kanji→katakana and back), once
    # The same rule in Python: 個人データ splits into 個人 and データ, 第三者提供 and English stay whole.
    rule = re.compile(value)
    assert [p for p in rule.split("個人データの第三者提供 personal data") if p] == ["個人", "データの第三者提供", "personal", "data"]


def test_a_site_without_japanese_keeps_materials_separator(policy_repo):
    repo = policy_repo(languages=("en",))
    repo.write_document("privacy", {"en": {"intro": "## Introduction\n\nText.\n"}}, title={"en": "Privacy Policy"})
    repo.release("privacy", "1.0", published="2026-01-01")
    assert BOUNDARY not in separator(repo.build(epoch=epoch_of("2026-03-01")))
