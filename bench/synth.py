"""Synthetic but realistic policy histories for the benchmark.

A document is a list of sections; a section is a list of blocks (paragraphs, lists, subheadings);
a sentence is a tuple of choices rendered in Japanese and in English from aligned phrase tables,
so both languages say the same thing and change together. Every release applies a few edits
scattered like real revisions: a changed clause, an added or dropped sentence, an added
paragraph, a new section, a renamed section, a retitled section, an English-only wording fix.

Everything is seeded: the same arguments make the same history (and the same commits: dates are fixed).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

# -- phrase tables (index-aligned: JA[i] and EN[i] mean the same) ---------------------------------------
SUBJECTS = [
    ("当社は", "We"),
    ("当社及び当社の委託先は", "We and our processors"),
    ("当社グループ会社は", "Our group companies"),
    ("本サービスの運営者は", "The operator of the Service"),
]
CONDITIONS = [
    ("", ""),
    ("法令に定める場合を除き、", "except where the law provides otherwise, "),
    ("お客様の同意を得た上で、", "with your consent, "),
    ("必要かつ相当な範囲において、", "to the extent necessary and proportionate, "),
    ("適用されるデータ保護法に従い、", "in accordance with applicable data protection law, "),
    ("合理的な期間内に、", "within a reasonable period, "),
]
PURPOSES = [
    ("本サービスを提供するため", "to provide the Service"),
    ("お問い合わせに対応するため", "to answer your enquiries"),
    ("本サービスの改善及び新機能の開発のため", "to improve the Service and develop new features"),
    ("不正利用を検知し防止するため", "to detect and prevent fraudulent use"),
    ("法令に基づく義務を履行するため", "to meet our legal obligations"),
    ("広告の配信及び効果測定のため", "to deliver advertising and measure its effect"),
    ("お客様の本人確認を行うため", "to verify your identity"),
    ("利用状況を統計的に分析するため", "to analyse usage statistically"),
    ("料金の請求及び決済を行うため", "to bill and process payments"),
    ("重要なお知らせをお送りするため", "to send you important notices"),
]
OBJECTS = [
    ("お客様の氏名、住所及び電話番号", "your name, address and telephone number"),
    ("お客様のメールアドレス", "your email address"),
    ("本サービスのご利用履歴", "your history of use of the Service"),
    ("Cookie及び類似の技術により取得する情報", "information collected through cookies and similar technologies"),
    ("決済に関する情報", "payment information"),
    ("端末の識別子及びIPアドレス", "device identifiers and IP addresses"),
    ("おおよその位置情報", "approximate location information"),
    ("お問い合わせの内容及び対応の記録", "the content of enquiries and records of our replies"),
    ("ご注文の履歴", "your order history"),
    ("アンケートへのご回答", "your answers to surveys"),
]
VERBS = [
    ("取得します", "collect"),
    ("利用します", "use"),
    ("第三者に提供することがあります", "may disclose to third parties"),
    ("安全に管理します", "keep securely"),
    ("適切に保管します", "store appropriately"),
    ("削除し、又は匿名化します", "delete or anonymise"),
    ("委託先に取り扱わせることがあります", "may have processors handle"),
]
TAILS = [
    ("", ""),
    ("詳しくは[はじめに](#introduction)をご覧ください。", "See [Introduction](#introduction) for details."),
    ("この取扱いは、お客様との契約の履行に必要なものです。", "This processing is necessary to perform our contract with you."),
    ("お客様はいつでもこの取扱いに異議を述べることができます。", "You may object to this processing at any time."),
    ("当社は、この目的に必要な期間に限り情報を保持します。", "We keep the information only for as long as this purpose requires."),
]
SECTION_TITLES = [
    ("個人情報の収集", "Information we collect"),
    ("利用目的", "How we use information"),
    ("第三者提供", "Disclosure to third parties"),
    ("委託", "Processors"),
    ("国外への移転", "International transfers"),
    ("安全管理措置", "Security measures"),
    ("保存期間", "Retention"),
    ("お客様の権利", "Your rights"),
    ("Cookie等の利用", "Cookies and similar technologies"),
    ("広告", "Advertising"),
    ("未成年者の個人情報", "Children's information"),
    ("匿名加工情報", "Anonymised information"),
    ("共同利用", "Joint use"),
    ("開示等の請求", "Requests for disclosure"),
    ("苦情の受付", "Complaints"),
    ("本ポリシーの変更", "Changes to this policy"),
    ("お問い合わせ窓口", "Contact"),
    ("適用法及び管轄", "Governing law and jurisdiction"),
]
SUB_TITLES = [
    ("取得の方法", "How we obtain it"),
    ("具体例", "Examples"),
    ("例外", "Exceptions"),
    ("手続", "Procedure"),
    ("お客様の選択", "Your choices"),
]
DOC_TITLES = [
    ("privacy", "プライバシーポリシー", "Privacy Policy"),
    ("terms", "利用規約", "Terms of Service"),
    ("cookies", "Cookieポリシー", "Cookie Policy"),
    ("security", "情報セキュリティ方針", "Information Security Policy"),
    ("retention", "データ保存方針", "Data Retention Policy"),
]
LANGUAGES = ("ja", "en")
# A section's largest size (its Japanese text, UTF-8): the size of the largest new section (7 paragraphs).
SECTION_MAX_BYTES = 6000


@dataclass
class Sentence:
    subject: int
    condition: int
    purpose: int
    object: int
    verb: int
    tail: int
    en_variant: int = 0  # an English-only rewording (editorial fix) that leaves the meaning alone

    def render(self, lang: str) -> str:
        s, c, p, o, v, t = (
            SUBJECTS[self.subject],
            CONDITIONS[self.condition],
            PURPOSES[self.purpose],
            OBJECTS[self.object],
            VERBS[self.verb],
            TAILS[self.tail],
        )
        if lang == "ja":
            text = f"{s[0]}、{c[0]}{p[0]}、{o[0]}を{v[0]}。{t[0]}"
        else:
            cond = c[1]
            text = f"{s[1]} {cond}{v[1]} {o[1]} {p[1]}." if not cond else f"{s[1]}, {cond}{v[1]} {o[1]} {p[1]}."
            if self.en_variant % 2:
                text = text.replace(" and ", " as well as ", 1)
            if t[1]:
                text += " " + t[1]
        return text


@dataclass
class Block:
    kind: str  # "p" | "ul" | "h3"
    sentences: list[Sentence] = field(default_factory=list)
    heading: tuple[str, str, str] | None = None  # (id, ja, en) for h3

    def render(self, lang: str) -> str:
        if self.kind == "h3":
            assert self.heading is not None
            hid, ja, en = self.heading
            return f"### {ja if lang == 'ja' else en} {{#{hid}}}"
        if self.kind == "ul":
            return "\n".join(f"- {s.render(lang)}" for s in self.sentences)
        joiner = "" if lang == "ja" else " "
        return joiner.join(s.render(lang) for s in self.sentences)


@dataclass
class SectionState:
    id: str
    title: tuple[str, str]
    blocks: list[Block]

    def render(self, lang: str) -> str:
        title = self.title[0] if lang == "ja" else self.title[1]
        return f"## {title}\n\n" + "\n\n".join(b.render(lang) for b in self.blocks) + "\n"


class Writer:
    """Makes sections and edits them, from one seeded random source."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.counter = 0

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def sentence(self) -> Sentence:
        r = self.rng
        return Sentence(
            r.randrange(len(SUBJECTS)),
            r.randrange(len(CONDITIONS)),
            r.randrange(len(PURPOSES)),
            r.randrange(len(OBJECTS)),
            r.randrange(len(VERBS)),
            r.choice([0, 0, 0, 1, 2, 3, 4]),
        )

    def paragraph(self) -> Block:
        return Block("p", [self.sentence() for _ in range(self.rng.randint(2, 5))])

    def block_list(self) -> Block:
        return Block("ul", [self.sentence() for _ in range(self.rng.randint(3, 6))])

    def section(self, sid: str, title: tuple[str, str] | None = None, size: int | None = None) -> SectionState:
        r = self.rng
        blocks: list[Block] = []
        for _ in range(size or r.randint(3, 7)):
            roll = r.random()
            if roll < 0.15 and blocks:
                ja, en = r.choice(SUB_TITLES)
                blocks.append(Block("h3", heading=(self.next_id("h"), ja, en)))
                blocks.append(self.paragraph())
            elif roll < 0.35:
                blocks.append(self.block_list())
            else:
                blocks.append(self.paragraph())
        return SectionState(sid, title or r.choice(SECTION_TITLES), blocks)

    def text_block(self, section: SectionState) -> Block | None:
        candidates = [b for b in section.blocks if b.kind != "h3"]
        return self.rng.choice(candidates) if candidates else None

    # -- edits (each returns a short description) --------------------------------------------------
    def edit(self, sections: list[SectionState], target_sections: int) -> str:
        """One revision; a section that grew past SECTION_MAX_BYTES loses a block (a dropped paragraph), so a
        long history keeps the policy's size, as real ones do (without it, 500 releases grew every section
        to ~37 KB: a 0.56 MB policy per language)."""
        done = self._edit(sections, target_sections)
        for section in sections:
            while len(section.render("ja").encode()) > SECTION_MAX_BYTES:
                candidates = [i for i, b in enumerate(section.blocks) if b.kind != "h3"]
                if len(candidates) <= 1:
                    break
                index = self.rng.choice(candidates[1:])
                del section.blocks[index]
                if (
                    index > 0
                    and section.blocks[index - 1].kind == "h3"
                    and (index == len(section.blocks) or section.blocks[index].kind == "h3")
                ):
                    del section.blocks[index - 1]  # a subheading left with no text goes with it
                done += f"+trim:{section.id}"
        return done

    def _edit(self, sections: list[SectionState], target_sections: int) -> str:
        r = self.rng
        roll = r.random()
        if roll < 0.40:  # one changed clause
            section = r.choice(sections)
            block = self.text_block(section)
            if block is None:
                return "noop"
            sentence = r.choice(block.sentences)
            field_name = r.choice(["purpose", "object", "verb", "condition", "tail"])
            table = {"purpose": PURPOSES, "object": OBJECTS, "verb": VERBS, "condition": CONDITIONS, "tail": TAILS}[field_name]
            setattr(sentence, field_name, (getattr(sentence, field_name) + r.randrange(1, len(table))) % len(table))
            return f"clause:{section.id}"
        if roll < 0.55:  # an added sentence, or a dropped one
            section = r.choice(sections)
            block = self.text_block(section)
            if block is None:
                return "noop"
            if len(block.sentences) > 2 and r.random() < 0.3:
                block.sentences.pop(r.randrange(len(block.sentences)))
            else:
                block.sentences.insert(r.randrange(len(block.sentences) + 1), self.sentence())
            return f"sentence:{section.id}"
        if roll < 0.72:  # an added paragraph
            section = r.choice(sections)
            section.blocks.insert(r.randrange(len(section.blocks) + 1), self.paragraph())
            return f"paragraph:{section.id}"
        if roll < 0.80:  # a new section (and, past the target size, two sections merged into one)
            position = r.randrange(1, len(sections) + 1)
            sections.insert(position, self.section(self.next_id("s")))
            if len(sections) > target_sections + 1:
                index = r.randrange(1, len(sections))
                gone = sections.pop(index)
                keep = sections[index - 1]
                keep.blocks.extend(b for b in gone.blocks if b.kind != "h3")
                return f"new-section+merge:{gone.id}"
            return "new-section"
        if roll < 0.86:  # a renamed section: new id, new title, same text
            candidates = [s for s in sections[1:]]
            if not candidates:
                return "noop"
            section = r.choice(candidates)
            section.id = self.next_id("s")
            section.title = r.choice(SECTION_TITLES)
            return f"rename:{section.id}"
        if roll < 0.92:  # a retitled section
            section = r.choice(sections[1:] or sections)
            section.title = r.choice(SECTION_TITLES)
            return f"retitle:{section.id}"
        # an English-only wording fix (an editorial release)
        section = r.choice(sections)
        block = self.text_block(section)
        if block is None:
            return "noop"
        r.choice(block.sentences).en_variant += 1
        return f"wording-en:{section.id}"


@dataclass
class DocState:
    id: str
    title: tuple[str, str]
    sections: list[SectionState]
    ledger: list[str] = field(default_factory=list)


# -- git ---------------------------------------------------------------------------------------------
def git(root: Path, *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None) -> str:
    full_env = {**os.environ, **(env or {})}
    result = subprocess.run(["git", *args], cwd=root, env=full_env, input=stdin, capture_output=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {result.stderr.decode(errors='replace')}")
    return result.stdout.decode().strip()


def commit(root: Path, message: str, when: datetime) -> str:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message, env={"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})
    return git(root, "rev-parse", "HEAD")


# -- the site ------------------------------------------------------------------------------------------
MKDOCS_YML = {
    "site_name": "Example Co. / 株式会社エグザンプル",
    "site_url": "https://policy.example.com/",
    "docs_dir": "docs",
    "theme": {"name": "material", "language": "ja", "features": ["navigation.footer", "search.highlight"]},
    "markdown_extensions": ["attr_list", "md_in_html", {"toc": {"permalink": True}}],
    "plugins": [{"search": {"lang": ["ja", "en"]}}, {"policy": {"languages": ["ja", "en"], "timezone": "Asia/Tokyo"}}],
}


@dataclass
class History:
    root: Path
    documents: list[str]
    releases: list[tuple[str, str, str]]  # (document, version, commit sha), oldest first
    epoch: int  # SOURCE_DATE_EPOCH: a day after the last effective date
    section_files: dict[str, list[str]]  # document -> current section ids
    edits: dict[str, int]


def write_document(root: Path, doc: DocState) -> None:
    import yaml

    base = root / "policy" / doc.id
    meta = {"title": {"ja": doc.title[0], "en": doc.title[1]}, "authoritative": "ja", "sections": [s.id for s in doc.sections]}
    (base).mkdir(parents=True, exist_ok=True)
    (base / "document.yml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for lang in LANGUAGES:
        folder = base / lang
        folder.mkdir(exist_ok=True)
        wanted = {f"{s.id}.md" for s in doc.sections}
        for old in folder.glob("*.md"):
            if old.name not in wanted:
                old.unlink()
        for section in doc.sections:
            path = folder / f"{section.id}.md"
            text = section.render(lang)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")


def digest_of(root: Path, doc_id: str) -> str:
    """The release digest of the working tree's text, computed by the plugin's own reader."""
    from mkdocs_policy.sources.document import read_text
    from mkdocs_policy.sources.files import WorkingTree

    text, findings = read_text(WorkingTree(root), doc_id, f"policy/{doc_id}", LANGUAGES)
    problems = [f for f in findings if getattr(f, "kind", "error") == "error"]
    if text is None or problems:
        raise RuntimeError(f"synthetic text of {doc_id} is invalid: {findings}")
    return text.digest


def ledger_entry(version: str, sha: str, published: date, effective: date, change: str, summary: tuple[str, str], digest: str) -> str:
    return (
        f"- version: {json.dumps(version)}\n  commit: {sha}\n  published: {published.isoformat()}\n"
        f"  effective: {effective.isoformat()}\n  change: {change}\n  summary:\n"
        f"    ja: {json.dumps(summary[0], ensure_ascii=False)}\n    en: {json.dumps(summary[1])}\n  digest: {digest}\n"
    )


SUMMARIES = {
    "material": ("個人情報の利用目的を変更しました。", "We changed the purposes for which we use personal information."),
    "minor": ("記載を明確にし、新しい項を追加しました。", "We clarified the text and added a section."),
    "editorial": ("誤字を修正しました。", "We fixed typos."),
}


def make_history(root: Path, documents: int = 1, releases: int = 10, sections: int = 15, seed: int = 6) -> History:
    """A git repository at ``root`` holding a policy site with the given history (root must not exist)."""
    import yaml

    root.mkdir(parents=True)
    rng = random.Random(seed)
    writer = Writer(rng)
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Bench")
    git(root, "config", "user.email", "bench@example.invalid")
    git(root, "config", "commit.gpgsign", "false")
    (root / "docs").mkdir()
    (root / "docs" / ".gitkeep").write_text("")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(MKDOCS_YML, allow_unicode=True, sort_keys=False), encoding="utf-8")
    docs: list[DocState] = []
    for index in range(documents):
        doc_id, ja, en = DOC_TITLES[index] if index < len(DOC_TITLES) else (f"policy-{index}", f"方針{index}", f"Policy {index}")
        first = writer.section("introduction", ("はじめに", "Introduction"), size=2)
        body = [writer.section(writer.next_id("s"), SECTION_TITLES[i % len(SECTION_TITLES)]) for i in range(sections - 1)]
        docs.append(DocState(doc_id, (ja, en), [first, *body]))
    start = date(2008, 4, 1)
    when = datetime(2008, 4, 1, tzinfo=timezone.utc)
    history: list[tuple[str, str, str]] = []
    edits: dict[str, int] = {}
    last_effective = start
    for number in range(releases):
        for doc in docs:
            if number > 0:
                for _ in range(rng.randint(1, 3)):
                    kind = writer.edit(doc.sections, sections).split(":")[0]
                    edits[kind] = edits.get(kind, 0) + 1
            write_document(root, doc)
            when += timedelta(hours=1)
            sha = commit(root, f"{doc.id}: text of {number + 1}", when)
            change = "material" if number == 0 else rng.choices(["material", "minor", "editorial"], [2, 5, 3])[0]
            published = start + timedelta(days=20 * number)
            effective = published + timedelta(days=14 if change == "material" else 0)
            last_effective = max(last_effective, effective)
            version = f"{1 + number // 10}.{number % 10}"
            doc.ledger.append(ledger_entry(version, sha, published, effective, change, SUMMARIES[change], digest_of(root, doc.id)))
            (root / "policy" / doc.id / "releases.yml").write_text("".join(doc.ledger), encoding="utf-8")
            history.append((doc.id, version, sha))
    when += timedelta(hours=1)
    commit(root, "ledger", when)
    epoch = int(datetime.combine(last_effective + timedelta(days=1), datetime.min.time(), timezone.utc).timestamp()) + 3 * 3600
    return History(root, [d.id for d in docs], history, epoch, {d.id: [s.id for s in d.sections] for d in docs}, edits)


def japanese_section(size_bytes: int, seed: int) -> str:
    """A long Japanese section (title, paragraphs, lists, subheadings) of at least ``size_bytes`` UTF-8 bytes."""
    writer = Writer(random.Random(seed))
    section = SectionState("long", ("長い項", "A long section"), [])
    while len(section.render("ja").encode()) < size_bytes:
        section.blocks.extend(writer.section("x", size=6).blocks)
    return section.render("ja")


def japanese_section_edited(size_bytes: int, seed: int, clauses: int) -> tuple[str, str]:
    """A long Japanese section and the same section with ``clauses`` clauses changed here and there."""
    rng = random.Random(seed)
    writer = Writer(rng)
    section = SectionState("long", ("長い項", "A long section"), [])
    while len(section.render("ja").encode()) < size_bytes:
        section.blocks.extend(writer.section("x", size=6).blocks)
    old = section.render("ja")
    sentences = [s for b in section.blocks if b.kind != "h3" for s in b.sentences]
    for sentence in rng.sample(sentences, min(clauses, len(sentences))):
        name = rng.choice(["purpose", "object", "verb"])
        table = {"purpose": PURPOSES, "object": OBJECTS, "verb": VERBS}[name]
        setattr(sentence, name, (getattr(sentence, name) + rng.randrange(1, len(table))) % len(table))
    return old, section.render("ja")


if __name__ == "__main__":  # handy for looking at a history: python bench/synth.py DIR [releases] [sections] [documents]
    target = Path(sys.argv[1])
    made = make_history(
        target,
        int(sys.argv[4]) if len(sys.argv) > 4 else 1,
        int(sys.argv[2]) if len(sys.argv) > 2 else 10,
        int(sys.argv[3]) if len(sys.argv) > 3 else 15,
    )
    print(json.dumps({"releases": len(made.releases), "epoch": made.epoch, "edits": made.edits}, indent=1))
