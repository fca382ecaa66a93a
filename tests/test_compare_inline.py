"""Inline changes read as a reader expects: a clause marked as that clause, in Japanese and in English."""

from __future__ import annotations

from mkdocs_policy.compare import redline
from mkdocs_policy.compare.phrases import is_phrase_boundary


def changed_block(a: str, b: str):
    diff = redline(f"## T\n\n{a}\n", f"## T\n\n{b}\n")
    changed = [block for block in diff.blocks if block.status != "equal"]
    assert len(changed) == 1, [block.status for block in diff.blocks]
    return diff, changed[0]


def ops(block) -> list[tuple[str, str]]:
    return [(run.op, run.text) for run in block.runs if run.op != "equal"]


def test_a_clause_inserted_in_a_japanese_sentence_is_that_clause():
    diff, block = changed_block(
        "当社は、お客様の個人情報を、利用目的の達成に必要な範囲で利用します。",
        "当社は、お客様の個人情報を、法令に基づく場合を除き、利用目的の達成に必要な範囲で利用します。",
    )
    clause = "法令に基づく場合を除き、"
    assert block.status == "modified"
    assert abs(diff.inserted - len(clause)) <= 3
    assert diff.deleted <= 2
    assert ops(block) == [("insert", clause)]


def test_a_reworded_japanese_clause_is_one_deletion_and_one_insertion():
    diff, block = changed_block(
        "当社は、法令に定める場合を除き、個人情報を第三者に提供しません。",
        "当社は、法令に基づく場合を除き、個人情報を第三者に提供しません。",
    )
    changes = ops(block)
    assert [op for op, _ in changes] == ["delete", "insert"]
    # 定める → 基づく (or the whole 法令に定める → 法令に基づく): about the clause, never the sentence
    assert 3 <= diff.deleted <= 7 and 3 <= diff.inserted <= 7
    assert changes[0][1].endswith("定める") and changes[1][1].endswith("基づく")


def test_a_change_inside_a_japanese_phrase_widens_to_the_phrase_not_the_sentence():
    sentence = "お客様は、当社に対し、保有個人データの開示を請求することができます。"
    diff, block = changed_block(sentence, sentence.replace("開示", "訂正、追加または削除"))
    changes = ops(block)
    assert [op for op, _ in changes] == ["delete", "insert"]
    deleted, inserted = changes[0][1], changes[1][1]
    assert "開示" in deleted and "訂正、追加または削除" in inserted
    assert len(deleted) <= 6  # the phrase 開示を, not the sentence
    assert diff.deleted < len(sentence) / 4


def test_changes_in_a_japanese_phrase_are_not_a_scatter_of_characters():
    _, block = changed_block("当社は、個人情報を適切に管理します。", "当社は、個人データを安全に管理します。")
    changes = ops(block)
    assert len(changes) == 2, changes  # one deletion, one insertion: 個人情報を適切に → 個人データを安全に
    assert "管理します" not in changes[0][1]


def test_a_clause_inserted_in_an_english_sentence_is_that_clause():
    diff, block = changed_block(
        "We use your data to provide the services.", "We use your data, where the law allows it, to provide the services."
    )
    assert ops(block) == [("insert", ", where the law allows it,")]
    assert diff.inserted == len(", where the law allows it,".replace(" ", ""))
    assert diff.deleted == 0


def test_a_reworded_english_clause_is_one_deletion_and_one_insertion():
    _, block = changed_block(
        "We keep your data as long as required by applicable law and for our records.",
        "We keep your data only while the law of Japan requires it and for our records.",
    )
    changes = ops(block)
    assert [op for op, _ in changes] == ["delete", "insert"]
    assert changes[0][1].strip() == "as long as required by applicable law"
    assert changes[1][1].strip() == "only while the law of Japan requires it"


def test_english_words_are_compared_as_words():
    _, block = changed_block("We keep your data as required by law.", "We keep your data as permitted by law.")
    assert ops(block) == [("delete", "required"), ("insert", "permitted")]


def test_japanese_fragments_in_english_text_are_struck_out_as_such():
    _, block = changed_block(
        "In connection with payment services, 情報, including but not limited to, bank account numbers may be collected.",
        "In connection with payment services, information, including but not limited to, bank account numbers may be collected.",
    )
    assert ops(block) == [("delete", "情報"), ("insert", "information")]


def test_statistics_leave_out_whitespace_and_markup():
    diff = redline("## T\n\nText.\n", "## T\n\nText.\n\nA **bold** [link](#x) here.\n")
    assert diff.inserted == len("Aboldlinkhere.")
    assert diff.deleted == 0
    # Markup alone (a link added to the same words) is no text inserted or deleted.
    diff = redline("## T\n\nSee Cookies below.\n", "## T\n\nSee [Cookies](#cookies) below.\n")
    assert diff.changed and diff.inserted == 0 and diff.deleted == 0


def test_phrase_boundaries_come_from_budoux_on_a_small_window():
    import budoux

    text = "当社は、法令に定めるところにより、個人情報を収集します。"
    chunks = budoux.load_default_japanese_parser().parse(text)
    boundaries = set()
    position = 0
    for chunk in chunks[:-1]:
        position += len(chunk)
        boundaries.add(position)
    for offset in range(1, len(text)):
        window = text[max(0, offset - 4) : offset + 3]
        assert is_phrase_boundary(window, offset - max(0, offset - 4)) == (offset in boundaries), offset
