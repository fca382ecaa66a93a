"""The contract's digests (SPEC §3), and nothing else, so anyone can recompute them."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Mapping


def normalize_markdown(text: str) -> str:
    """BOM removed, CRLF/CR → LF, NFC, trailing whitespace stripped per line, exactly one final LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).rstrip("\n") + "\n"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def section_digest(markdown: str) -> str:
    return _sha256(normalize_markdown(markdown))


def language_digest(sections: Iterable[tuple[str, str]]) -> str:
    """``sections``: (section id, section hex digest) in document order."""
    return _sha256("".join(f"{sid}\n{hexd}\n" for sid, hexd in sections))


def release_digest(languages: Mapping[str, str]) -> str:
    """``languages``: language code → language hex digest."""
    return _sha256("".join(f"{lang}\n{languages[lang]}\n" for lang in sorted(languages)))


def prefixed(hexdigest: str) -> str:
    return f"sha256:{hexdigest}"
