"""Properties of the comparison engine (Hypothesis): a redline rebuilds both texts exactly; A → A marks nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_policy.compare import redline
from mkdocs_policy.compare.blocks import parse_blocks
from mkdocs_policy.compare.sequence import Budget, matching_blocks, opcodes
from mkdocs_policy.compare.tokens import lex_inline

EN_WORDS = ["we", "collect", "your", "personal", "data", "the", "law", "may", "use", "cookies", "and", "of", "to", "GDPR", "e-mail"]
JA_PHRASES = [
    "当社は",
    "お客様の",
    "個人情報を",
    "法令に",
    "定める",
    "基づき",
    "収集します",
    "利用します",
    "、",
    "。",
    "Cookie",
    "第三者に",
    "提供することがあります",
]
INLINE = ["**", "*", "_", "`", "[", "](#contact)", "\\*", "&amp;", "<br>", "{#x}", "|", "  ", "\n", "(", ")", "!"]

en_text = st.lists(st.sampled_from([*EN_WORDS, ",", ".", " "]), min_size=0, max_size=30).map(" ".join)
ja_text = st.lists(st.sampled_from(JA_PHRASES), min_size=0, max_size=30).map("".join)
mixed_text = st.lists(st.sampled_from([*EN_WORDS, *JA_PHRASES, *INLINE]), min_size=0, max_size=40).map("".join)


@st.composite
def block_text(draw, words=mixed_text):
    kind = draw(st.sampled_from(["para", "item", "ordered", "heading", "quote", "table", "code", "nested"]))
    text = draw(words).replace("\n", " ").strip() or "x"
    if kind == "item":
        return f"- {text}"
    if kind == "ordered":
        return f"1. {text}"
    if kind == "nested":
        return f"- {text}\n    - {draw(words).strip() or 'y'}"
    if kind == "heading":
        return f"### {text} {{#h{draw(st.integers(0, 9))}}}"
    if kind == "quote":
        return f"> {text}"
    if kind == "table":
        return f"| a | b |\n|---|---|\n| {text} | {draw(words).strip()} |"
    if kind == "code":
        return f"```\n{text}\n```"
    return text


@st.composite
def section(draw, words=mixed_text):
    blocks = draw(st.lists(block_text(words), min_size=0, max_size=6))
    return "## " + (draw(words).strip() or "T") + "\n\n" + "\n\n".join(blocks) + "\n"


@st.composite
def edited(draw, words=mixed_text):
    """A section and an edited copy of it (edits keep most text, so blocks pair and inline diffs run)."""
    a = draw(section(words))
    pieces = a.split(" ")
    out = []
    for piece in pieces:
        action = draw(st.sampled_from(["keep"] * 6 + ["drop", "insert", "replace"]))
        if action == "keep":
            out.append(piece)
        elif action == "insert":
            out.extend([draw(words), piece])
        elif action == "replace":
            out.append(draw(words))
    b = " ".join(out)
    return a, b


def check_rebuild(a: str, b: str) -> None:
    diff = redline(a, b)
    assert diff.old_markdown() == a
    assert diff.new_markdown() == b
    for block in diff.blocks:
        kept_old = "".join(r.raw for r in block.runs if r.op != "insert")
        kept_new = "".join(r.raw for r in block.runs if r.op != "delete")
        if block.status in ("equal", "modified", "deleted", "moved-out"):
            assert kept_old == block.old.body
        if block.status in ("equal", "modified", "inserted", "moved-in"):
            assert kept_new == block.new.body


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(
    st.one_of(section(en_text), section(ja_text), section(mixed_text)), st.one_of(section(en_text), section(ja_text), section(mixed_text))
)
def test_redline_of_unrelated_texts_rebuilds_both_exactly(a, b):
    check_rebuild(a, b)


@SETTINGS
@given(st.one_of(edited(en_text), edited(ja_text), edited(mixed_text)))
def test_redline_of_edited_texts_rebuilds_both_exactly(pair):
    check_rebuild(*pair)


@SETTINGS
@given(st.one_of(section(en_text), section(ja_text), section(mixed_text)))
def test_a_text_against_itself_marks_nothing(a):
    diff = redline(a, a)
    assert not diff.changed
    assert diff.inserted == diff.deleted == 0
    assert all(run.op == "equal" for block in diff.blocks for run in block.runs)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("ab- #>|`*_[]()\n\t 法令にの、。\\{}!<>&;1.")), max_size=200))
def test_any_text_parses_into_blocks_and_tokens_that_cover_it_exactly(text):
    blocks = parse_blocks(text)
    assert "".join(b.raw for b in blocks) == text
    for block in blocks:
        assert "".join(t.raw for t in block.tokens) == block.body
    assert "".join(t.raw for t in lex_inline(text)) == text


@SETTINGS
@given(
    st.text(alphabet=st.sampled_from(list("abcde法令に、。 ")), max_size=120),
    st.text(alphabet=st.sampled_from(list("abcde法令に、。 ")), max_size=120),
    st.integers(10, 10_000_000),
)
def test_anchored_alignment_only_matches_equal_tokens_in_order(a, b, budget):
    a_list, b_list = list(a), list(b)
    matches = matching_blocks(a_list, b_list, Budget(budget))
    last_i = last_j = 0
    for i, j, size in matches:
        assert i >= last_i and j >= last_j and size > 0
        assert a_list[i : i + size] == b_list[j : j + size]
        last_i, last_j = i + size, j + size
    # The opcodes describe both sequences completely.
    rebuilt_a, rebuilt_b = [], []
    for tag, i1, i2, j1, j2 in opcodes(len(a_list), len(b_list), matches):
        rebuilt_a.extend(a_list[i1:i2])
        rebuilt_b.extend(b_list[j1:j2])
        if tag == "equal":
            assert a_list[i1:i2] == b_list[j1:j2]
    assert rebuilt_a == a_list and rebuilt_b == b_list
