"""Safe YAML with line numbers: values plus the line each came from, for `path:line:` messages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import yaml


@dataclass(frozen=True)
class Node:
    """A YAML value with where it stood. ``quoted`` tells a string written in quotes (versions must be)."""

    value: Any  # str | bool | int | float | None | list[Node] | dict[str, Node]
    line: int
    quoted: bool = False

    def get(self, key: str) -> Node | None:
        return self.value.get(key) if isinstance(self.value, dict) else None

    def plain(self) -> Any:
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


def language_texts(node: Node, languages: Iterable[str], missing: Callable[[str], None]) -> dict[str, str]:
    """Each language's text in a mapping such as ``{ja: …, en: …}``, stripped; ``missing(lang)`` for each language
    without a non-empty text (document titles, release summaries)."""
    texts: dict[str, str] = {}
    for lang in languages:
        value = node.get(lang)
        if value is None or not isinstance(value.value, str) or not value.value.strip():
            missing(lang)
        else:
            texts[lang] = value.value.strip()
    return texts


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


# Parsed texts by content: most releases carry the very same document.yml, and `mkdocs serve` reads the
# same ledger again at every rebuild. Nodes are never modified by their readers, so they can be shared.
_PARSED: dict[str, tuple[Node | None, YamlError | None]] = {}
_PARSED_MAX = 256


def parse(text: str) -> Node | None:
    """Parse one YAML document safely (no tags, no Python objects)."""
    found = _PARSED.get(text)
    if found is None:
        try:
            found = (_parse(text), None)
        except YamlError as exc:
            found = (None, exc)
        if len(_PARSED) >= _PARSED_MAX:
            del _PARSED[next(iter(_PARSED))]
        _PARSED[text] = found
    node, error = found
    if error is not None:
        raise YamlError(error.line, str(error))
    return node


def _parse(text: str) -> Node | None:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError((mark.line + 1) if mark else 1, _one_line(f"invalid YAML: {exc.problem or exc}")) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise YamlError(
            line,
            f"invalid YAML: the character U+{ord(exc.character) if isinstance(exc.character, str) else exc.character:04X} is not allowed in YAML: remove it",
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError(1, _one_line(f"invalid YAML: {exc}")) from None
    except RecursionError:
        raise YamlError(1, f"invalid YAML: nested deeper than {MAX_DEPTH} levels") from None
    return None if root is None else _convert(root, set(), 0)


def _one_line(message: str) -> str:
    """A finding is one line: PyYAML's messages span several."""
    return " ".join(message.split())


# Policy files never need aliases (``*name``): refusing them stops "billion laughs" alias bombs, which
# would otherwise expand exponentially below, and recursive aliases. Nesting is bounded too.
MAX_DEPTH = 50


def _convert(node: yaml.Node, seen: set[int], depth: int) -> Node:
    line = node.start_mark.line + 1
    if id(node) in seen:
        raise YamlError(line, "YAML aliases (*name) are not allowed here: write the value out")
    if depth > MAX_DEPTH:
        raise YamlError(line, f"invalid YAML: nested deeper than {MAX_DEPTH} levels")
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        seen.add(id(node))
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
        raise YamlError(line, f"unsupported YAML tag {node.tag}")
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if not isinstance(key, (str, int, float, bool)):
                raise YamlError(key_node.start_mark.line + 1, "mapping keys must be plain text")
            key = str(key)
            if key in result:
                raise YamlError(key_node.start_mark.line + 1, f"duplicate key {key!r}")
            result[key] = _convert(value_node, seen, depth + 1)
        return Node(result, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(item, seen, depth + 1) for item in node.value], line)
    if isinstance(node, yaml.ScalarNode):
        return Node(_scalar(node), line, quoted=node.style in ("'", '"'))
    raise YamlError(line, "unsupported YAML node")


def _scalar(node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise YamlError(node.start_mark.line + 1, "expected a plain value here")
    if node.tag.startswith("tag:yaml.org,2002:") and node.tag.rsplit(":", 1)[1] in (
        "str",
        "int",
        "float",
        "bool",
        "null",
        "timestamp",
    ):
        loader = yaml.SafeLoader("")
        try:
            return loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            raise YamlError(node.start_mark.line + 1, f"invalid value: {exc}") from None
        finally:
            loader.dispose()
    raise YamlError(node.start_mark.line + 1, f"unsupported YAML tag {node.tag}")
