"""An imported text on its way to section files: Markdown lines, each with the line of the source file it came from.

Every reader (Markdown, HTML, Word) produces one ``SourceText``; splitting, pairing and the checks of the
written files then report at ``origins`` so that a message names the file the user gave and its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ImportRefused(Exception):
    """The input cannot be imported as asked (exit 1); ``problems`` are one line each (or a listing)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class SourceText:
    path: str  # the input file as the user named it
    lines: list[str]
    origins: list[int]  # 1-based line in ``path`` of each line (for a .docx: the paragraph number)
    notices: list[str] = field(default_factory=list)  # "path:line: notice: …", what was not kept and why

    @classmethod
    def plain(cls, text: str, path: str) -> SourceText:
        lines = text.split("\n")
        return cls(path, lines, list(range(1, len(lines) + 1)))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def notice(self, line: int, message: str) -> None:
        self.notices.append(f"{self.path}:{line}: notice: {message}")

    def origin(self, index: int) -> int:
        """The source line of line ``index`` (0-based); past the end, the last known line."""
        if not self.origins:
            return 1
        return self.origins[min(max(index, 0), len(self.origins) - 1)]


def decode(raw: bytes, path: str) -> str:
    """UTF-8 text with the BOM removed and line ends as LF; anything else is refused at its line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ImportRefused([f"{path}:{line}: not valid UTF-8 text: save the file as UTF-8 and import it again"]) from None
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")
