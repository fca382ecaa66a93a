"""A policy as legal teams write them (SPEC §11): an untitled opening, a 4-column table of lawful bases whose
cells hold lists, a postal address with line breaks. Used by the build and browser tests."""

from __future__ import annotations

from policyrepo import PolicyRepo

OPENING = {
    "ja": "当社は、お客様の個人情報を適切に取り扱うことを社会的責務と考え、以下のとおり本ポリシーを定めます。\n",
    "en": "We regard the proper handling of your personal information as a social responsibility and set out this policy as follows.\n",
}


def bases_table(lang: str, storage: str) -> str:
    if lang == "ja":
        head = ("目的", "個人データの項目", "法的根拠", "保存期間")
        rows = [
            ("サービスの提供", ["氏名", "メールアドレス", "住所"], "契約の履行", storage),
            ("お問い合わせへの対応", ["氏名", "お問い合わせ内容"], "正当な利益", "対応完了後1年"),
            ("メールマガジンの配信", ["メールアドレス", "配信履歴"], "同意", "同意の撤回まで"),
        ]
    else:
        head = ("Purpose", "Personal data", "Lawful basis", "Retention")
        rows = [
            ("Providing the service", ["Name", "E-mail address", "Postal address"], "Performance of a contract", storage),
            ("Answering enquiries", ["Name", "Content of the enquiry"], "Legitimate interests", "One year after the answer"),
            ("Sending the newsletter", ["E-mail address", "Delivery history"], "Consent", "Until consent is withdrawn"),
        ]
    lines = ["<table>", "<thead>", "<tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr>", "</thead>", "<tbody>"]
    for purpose, items, basis, keep in rows:
        cells = "".join(f"<li>{item}</li>" for item in items)
        lines.append(f"<tr><td>{purpose}</td><td><ul>{cells}</ul></td><td>{basis}</td><td>{keep}</td></tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines) + "\n"


def sections(storage: dict[str, str] | None = None) -> dict[str, dict[str, str]]:
    storage = storage or {"ja": "契約終了後5年", "en": "Five years after the contract ends"}
    return {
        "ja": {
            "preamble": OPENING["ja"],
            "bases": "## 利用目的と法的根拠\n\n当社は、次の目的のために個人データを利用します。\n\n" + bases_table("ja", storage["ja"]),
            "contact": "## お問い合わせ\n\nジェンコンサルティング株式会社<br>\n〒100-0005<br>\n東京都千代田区丸の内1-1-1<br>\nメール: [info@example.com](mailto:info@example.com)\n",
        },
        "en": {
            "preamble": OPENING["en"],
            "bases": "## Purposes and lawful bases\n\nWe use personal data for the following purposes.\n\n"
            + bases_table("en", storage["en"]),
            "contact": "## Contact\n\nGEN Consulting Co., Ltd.<br>\n1-1-1 Marunouchi, Chiyoda-ku<br>\nTokyo 100-0005, Japan<br>\nE-mail: [info@example.com](mailto:info@example.com)\n",
        },
    }


def structured_site(repo: PolicyRepo) -> PolicyRepo:
    """Release 1.0, then 1.1 changing one table cell (the retention period of the first purpose)."""
    repo.write(".gitignore", "site/\n")
    title = {"ja": "プライバシーポリシー", "en": "Privacy Policy"}
    repo.write_document("privacy", sections(), title=title)
    repo.release("privacy", "1.0", published="2026-01-01", change="material")
    repo.write_document("privacy", sections({"ja": "契約終了後7年", "en": "Seven years after the contract ends"}), title=title)
    repo.release("privacy", "1.1", published="2026-01-01", change="minor")
    return repo
