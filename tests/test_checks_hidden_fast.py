"""The compiled pattern that finds hidden characters names exactly the characters hidden_problem refuses."""

from __future__ import annotations

from mkdocs_policy.checks.hidden import HIDDEN, hidden_in, hidden_problem


def test_the_pattern_and_the_rule_agree_on_every_code_point():
    disagree = [hex(code) for code in range(0x110000) if (HIDDEN.search(chr(code)) is not None) != (hidden_problem(chr(code)) is not None)]
    assert disagree == []


def test_hidden_characters_are_found_on_their_lines_once_per_kind():
    text = "## Title\n\nplain text 日本語\nA\u202eB\u202eC\x07\n\ud800\n"
    found = hidden_in(text)
    assert [line for line, _ in found] == [4, 4, 5]
    assert "U+202E" in found[0][1] and "control character U+0007" in found[1][1] and "lone surrogate" in found[2][1]
    assert hidden_in("## Title\n\n日本語のテキスト\ttab\n") == []
