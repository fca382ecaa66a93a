"""Findings: what checks and readers report, as data. They never print or exit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ERROR = "error"
EDITORIAL = "editorial"


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    message: str
    kind: str = ERROR  # ERROR or EDITORIAL
    code: str = ""  # stable short name, e.g. "missing-section", for --format json and tests

    def __post_init__(self) -> None:
        # One finding, one line: text quoted from the input must not break `path:line: message`.
        if "\n" in self.message or "\r" in self.message:
            object.__setattr__(self, "message", " ".join(self.message.splitlines()))

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "message": self.message, "kind": self.kind, "code": self.code}


class PolicyError(Exception):
    """Raised when findings of kind ERROR stop a build or a command."""

    def __init__(self, findings: Iterable[Finding]):
        self.findings = sorted(set(findings))
        super().__init__("\n".join(str(f) for f in self.findings))


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return sorted({f for f in findings if f.kind == ERROR})


def editorial(findings: Iterable[Finding]) -> list[Finding]:
    return sorted({f for f in findings if f.kind == EDITORIAL})
