"""Sites for the tests of the machine-readable outputs (API, feeds, determinism, the example consumer).

``history_site``: one document, four releases, every section status and change class:
  1.0 material (2026-01-10)                          intro, data, sharing, contact
  1.1 minor    (2026-02-01)   sharing removed, data modified, cookies added
  1.2 editorial (2026-02-10)  a typo fixed in intro
  2.0 material (published 2026-02-20, effective 2026-04-01)   data modified again
Built on 2026-03-01, 1.2 is current and 2.0 upcoming; built on 2026-04-02, 2.0 is current.
"""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

from policyrepo import PolicyRepo, epoch_of

BEFORE_2_0 = epoch_of("2026-03-01")
AFTER_2_0 = epoch_of("2026-04-02")
TITLE = {"ja": "プライバシーポリシー", "en": "Privacy Policy"}


def texts(version: str) -> dict[str, dict[str, str]]:
    ja = {
        "intro": "## はじめに\n\n当社は、お客様の個人情報を大切にします。\n",
        "data": "## 収集する情報 {#data}\n\n当社は次の情報を収集します。\n\n- お客様の**氏名**\n- メールアドレス\n\n### 保存期間 {#retention}\n\n一年間保存します。詳しくは[お問い合わせ](#contact)へ。\n",
        "sharing": "## 第三者提供\n\n当社は、法令に基づく場合を除き、第三者に提供しません。\n",
        "contact": "## お問い合わせ\n\nprivacy@example.com までご連絡ください。\n",
    }
    en = {
        "intro": "## Introduction\n\nWe value the privacy of our customres.\n",
        "data": "## Data we collect {#data}\n\nWe collect the following:\n\n- your **name**\n- your email address\n\n### Retention {#retention}\n\nWe keep it for one year. See [contact](#contact).\n",
        "sharing": "## Sharing\n\nWe do not share your data except where the law requires it.\n",
        "contact": "## Contact\n\nWrite to privacy@example.com.\n",
    }
    if version >= "1.1":
        del ja["sharing"], en["sharing"]
        ja["data"] = ja["data"].replace("- メールアドレス\n", "- メールアドレス\n- 電話番号\n")
        en["data"] = en["data"].replace("- your email address\n", "- your email address\n- your phone number\n")
        ja["cookies"] = "## クッキー\n\n当社はクッキーを使用します。\n"
        en["cookies"] = "## Cookies\n\nWe use cookies & similar tools.\n"
    if version >= "1.2":
        en["intro"] = en["intro"].replace("customres", "customers")
    if version >= "2.0":
        ja["data"] = ja["data"].replace("一年間", "三年間")
        en["data"] = en["data"].replace("one year", "three years")
    order = [s for s in ("intro", "data", "cookies", "sharing", "contact") if s in ja]
    return {"ja": {s: ja[s] for s in order}, "en": {s: en[s] for s in order}}


RELEASES = [
    ("1.0", "2026-01-10", "2026-01-10", "material"),
    ("1.1", "2026-02-01", "2026-02-01", "minor"),
    ("1.2", "2026-02-10", "2026-02-10", "editorial"),
    ("2.0", "2026-02-20", "2026-04-01", "material"),
]


def history_site(policy_repo, name: str = "history", site_url: str | None = None, **kwargs) -> PolicyRepo:
    repo = policy_repo(name, site_url=site_url, **kwargs)
    for version, published, effective, change in RELEASES:
        repo.write_document("privacy", texts(version), title=TITLE)
        summary = {"ja": f"第{version}版の要約（変更点）。", "en": f"What changed in {version} & why."}
        repo.release("privacy", version, published=published, effective=effective, change=change, summary=summary)
    return repo


def load(site: Path, path: str):
    return json.loads((site / path).read_text(encoding="utf-8"))


def validators(site: Path) -> dict[str, Draft202012Validator]:
    """The schemas as the site publishes them (api/schema/), checked against the 2020-12 metaschema."""
    out = {}
    for name in ("releases", "release", "since"):
        schema = load(site, f"api/schema/{name}.schema.json")
        Draft202012Validator.check_schema(schema)
        out[name] = Draft202012Validator(schema, format_checker=FormatChecker())
    return out


def api_files(site: Path) -> list[tuple[Path, str]]:
    """Every API file of a built site with the schema it must conform to."""
    files = []
    for path in sorted((site / "api").rglob("*.json")):
        if path.parent.name == "schema":
            continue
        files.append((path, "releases" if path.name == "releases.json" else "since" if path.parent.name == "since" else "release"))
    return files
