"""Stable anchors: an imported heading that is the same heading as one of the latest release keeps its id.

Links into a policy (``…/privacy/#managing-cookies``) must survive a new version whose headings were
reworded ("Provide accounts" → "To provide accounts"). Each new heading is paired with at most one
heading of the latest release, by how alike they are:

- the title, in each language (the other language's title often did not change: the best language counts);
- the text below it (shingles of words or CJK characters, as the redline compares blocks);
- the position in the document (a small bonus when near the same place), and, for a subheading, being
  in the section that pairs with the old one.

Pairs are taken best first, each heading once, above ``THRESHOLD``. An id written in the new text wins
(an author's ``{#id}``), and one equal to an old id pairs with it first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..compare.similarity import jaccard, shingles, units

THRESHOLD = 0.45


@dataclass(frozen=True)
class Candidate:
    titles: Mapping[str, str]  # lang → title
    bodies: Mapping[str, str]  # lang → the text below the heading (up to the next one)
    position: float  # 0..1 in the document
    explicit_id: str | None = None
    group: str | None = None  # the section it belongs to (a subheading); for an old one, its section id


@dataclass(frozen=True)
class Published:
    """The headings of the latest release: sections, and subheadings of every section."""

    version: str
    sections: tuple[tuple[str, Candidate], ...]  # (id, candidate)
    subheadings: tuple[tuple[str, Candidate], ...] = ()
    ids: frozenset[str] = field(default_factory=frozenset)


def _alike(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    if len(sa) >= 2 and len(sb) >= 2:
        return jaccard(sa, sb)
    return jaccard(units(a), units(b))


def score(new: Candidate, old: Candidate, same_group: bool = False) -> float:
    langs = [lang for lang in new.titles if lang in old.titles]
    if not langs:
        return 0.0
    title = max(
        1.0 if new.titles[lang].strip() == old.titles[lang].strip() else _alike(new.titles[lang], old.titles[lang]) for lang in langs
    )
    bodies = [_alike(new.bodies.get(lang, ""), old.bodies.get(lang, "")) for lang in langs if new.bodies.get(lang) or old.bodies.get(lang)]
    body = max(bodies) if bodies else title
    near = 1.0 - min(1.0, abs(new.position - old.position) * 2)
    return 0.45 * title + 0.45 * body + 0.05 * near + (0.05 if same_group else 0.0)


def pair(news: Sequence[Candidate], olds: Sequence[tuple[str, Candidate]], groups: Mapping[int, str] | None = None) -> dict[int, str]:
    """{index of a new candidate: the old id it keeps}. ``groups``: new index → the old section id its section pairs with."""
    groups = groups or {}
    result: dict[int, str] = {}
    taken: set[str] = set()
    old_ids = {oid for oid, _ in olds}
    for index, new in enumerate(news):
        if new.explicit_id and new.explicit_id in old_ids and new.explicit_id not in taken:
            result[index] = new.explicit_id
            taken.add(new.explicit_id)
    scored = []
    for index, new in enumerate(news):
        if index in result or new.explicit_id:
            continue
        for oid, old in olds:
            if oid in taken:
                continue
            value = score(new, old, groups.get(index) is not None and groups.get(index) == old.group)
            if value >= THRESHOLD:
                scored.append((-value, index, oid))
    for _value, index, oid in sorted(scored):
        if index not in result and oid not in taken:
            result[index] = oid
            taken.add(oid)
    return result
