"""The demo site of the browser tests: a small bilingual privacy policy with three releases.

Built on DEMO_BUILD_DAY: 1.0 is archived, 1.1 is in force, 1.2 is published but not yet in force (the banner).
Its releases change the way real policies do: a clause reworded, a list item added, a sentence dropped,
a section added, an address changed; 1.0 already has the #cookies section (the deep-link test needs it).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from policyrepo import PolicyRepo

DEMO_BUILD_DAY = "2026-01-10"

DEMO_THEME = {
    "name": "material",
    "language": "ja",
    # No third-party requests: a privacy policy should not hand its readers' addresses to a font CDN.
    "font": False,
    "features": ["announce.dismiss", "search.highlight", "navigation.footer"],
    "palette": [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "toggle": {"icon": "material/brightness-7", "name": "Dark"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "toggle": {"icon": "material/brightness-4", "name": "Light"}},
    ],
}


def _md(title: str, *blocks: str) -> str:
    return f"## {title}\n\n" + "\n\n".join(blocks) + "\n"


def demo_sections(version: str) -> dict[str, dict[str, str]]:
    """A small privacy policy whose releases change the way real ones do: clauses, list items, a new section."""
    v11 = version >= "1.1"
    v12 = version >= "1.2"
    ja: dict[str, str] = {
        "introduction": _md(
            "はじめに",
            "株式会社エグザンプル（以下「当社」）は、お客様の個人情報を大切に取り扱います。本ポリシーは当社のすべてのサービスに適用されます。",
        ),
        "collection": _md(
            "収集する情報",
            "当社は、次の情報を収集します。",
            "- 氏名およびメールアドレス\n- ご注文の履歴" + ("\n- お使いの端末の情報（OSの種類など）" if v11 else ""),
        ),
        "use": _md(
            "利用目的",
            "当社は、収集した情報をサービスの提供、"
            + ("お問い合わせへの回答および不正利用の防止" if v11 else "お問い合わせへの回答")
            + "のために利用します。"
            + ("" if v11 else "当社は、情報を広告のために利用することがあります。"),
        ),
        "cookies": _md(
            "クッキー",
            "当社は、ログイン状態を保つためにクッキーを使用します。" + ("アクセス解析のためのクッキーは使用しません。" if v11 else ""),
            "### クッキーの管理 {#managing-cookies}",
            "ブラウザの設定でクッキーを無効にできます。詳しくは[お問い合わせ](#contact)ください。",
        ),
        "contact": _md(
            "お問い合わせ",
            "個人情報の取扱いに関するお問い合わせは、"
            + ("privacy@example.com" if v12 else "info@example.com")
            + "までご連絡ください。請求の様式は https://example.com/privacy/requests/data-subject-access-request-form-for-customers-and-visitors で入手できます。",
        ),
    }
    en: dict[str, str] = {
        "introduction": _md(
            "Introduction", "Example Co. (“we”) takes care of your personal information. This policy applies to all of our services."
        ),
        "collection": _md(
            "Information we collect",
            "We collect the following information.",
            "- your name and email address\n- your order history"
            + ("\n- information about your device (such as its operating system)" if v11 else ""),
        ),
        "use": _md(
            "How we use it",
            "We use the information to provide our services and "
            + ("to answer your questions and prevent misuse" if v11 else "to answer your questions")
            + "."
            + ("" if v11 else " We may use the information for advertising."),
        ),
        "cookies": _md(
            "Cookies",
            "We use cookies to keep you signed in." + (" We do not use cookies for analytics." if v11 else ""),
            "### Managing cookies {#managing-cookies}",
            "You can turn cookies off in your browser settings. For details, [contact us](#contact).",
        ),
        "contact": _md(
            "Contact",
            "Questions about how we handle personal information: "
            + ("privacy@example.com" if v12 else "info@example.com")
            + ". The request form is at https://example.com/privacy/requests/data-subject-access-request-form-for-customers-and-visitors.",
        ),
    }
    if v11:
        ja["transfers"] = _md("海外への移転", "当社は、クラウドサービスの利用のため、情報を日本国外に保管することがあります。")
        en["transfers"] = _md("Transfers abroad", "We may store information outside Japan when we use cloud services.")
    order = ["introduction", "collection", "use", "cookies", *(["transfers"] if v11 else []), "contact"]
    return {"ja": {k: ja[k] for k in order}, "en": {k: en[k] for k in order}}


DEMO_TITLE = {"ja": "プライバシーポリシー", "en": "Privacy Policy"}
DEMO_RELEASES = (
    # version, published, effective, change, summary
    ("1.0", "2025-10-01", "2025-10-01", "material", {"ja": "初版を公開しました。", "en": "First publication."}),
    (
        "1.1",
        "2025-12-01",
        "2025-12-15",
        "material",
        {"ja": "端末情報の収集と海外移転について追記しました。", "en": "Device information and transfers abroad."},
    ),
    ("1.2", "2026-01-05", "2026-02-01", "minor", {"ja": "お問い合わせ先を変更します。", "en": "New contact address."}),
)


def make_demo_repo(path: Path, releases=DEMO_RELEASES) -> PolicyRepo:
    repo = PolicyRepo(path)
    data = yaml.safe_load(repo.read("mkdocs.yml"))
    data["site_name"] = "Example Co."
    # As in this repository's mkdocs.yml: with [ja, en], English words that the stemmer changes are not found.
    data["plugins"] = [{"search": {"lang": "ja"}}, *data["plugins"][1:]]
    data["theme"] = DEMO_THEME
    data["markdown_extensions"] = ["attr_list", "md_in_html", {"toc": {"permalink": True}}, "tables"]
    repo.write("mkdocs.yml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    for entry in releases:
        add_demo_release(repo, entry)
    return repo


def add_demo_release(repo: PolicyRepo, entry: tuple) -> None:
    """Commit the text of ``entry``'s version and record it in the ledger."""
    version, published, effective, change, summary = entry
    repo.write_document("privacy", demo_sections(version), title=DEMO_TITLE, authoritative="ja")
    repo.release("privacy", version, published=published, effective=effective, change=change, summary=summary)


def edit_demo_draft(repo: PolicyRepo) -> None:
    """An uncommitted edit of the working tree (the draft) on top of the last release, and ``draft: true``."""
    sections = demo_sections("1.2")
    sections["en"]["use"] = sections["en"]["use"].replace("prevent misuse", "prevent fraud and misuse")
    sections["ja"]["use"] = sections["ja"]["use"].replace("不正利用の防止", "詐欺および不正利用の防止")
    sections["en"]["contact"] = sections["en"]["contact"].replace(" The request form", " The form")
    sections["ja"]["contact"] = sections["ja"]["contact"].replace("請求の様式は", "様式は")
    repo.write_document("privacy", sections, title=DEMO_TITLE, authoritative="ja")
    data = yaml.safe_load(repo.read("mkdocs.yml"))
    data["plugins"][-1]["policy"]["draft"] = True
    repo.write("mkdocs.yml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
