"""Safe YAML with line numbers: values plus the line each came from, for `path:line:` messages."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import yaml

from ..diskcache import WARM
from ..lru import Lru


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
# Least recently used go first: the seal reads one ledger text per commit that touched it, and a long history
# has more of those than the memo holds, while HEAD's ledger is read at every rebuild.
_PARSED: Lru[tuple[Node | None, YamlError | None]] = Lru(256)


def parse(text: str) -> Node | None:
    """Parse one YAML document safely (no tags, no Python objects)."""
    node, error = _PARSED.get_or_make(text, lambda: _stored(text) or _parsed_and_stored(text))
    if error is not None:
        raise YamlError(error.line, str(error))
    return node


def _parsed_and_stored(text: str) -> tuple[Node | None, YamlError | None]:
    try:
        found: tuple[Node | None, YamlError | None] = (_parse(text), None)
    except YamlError as exc:
        found = (None, exc)
    _store(text, found)
    return found


# -- kept on disk between builds --------------------------------------------------------------------
# The seal reads the ledger as committed at every commit that touched it: a warm build reads those parses
# (and HEAD's) from diskcache.WARM, keyed by the text's digest and PyYAML's version (the package's code is in
# every key too), instead of scanning the whole ledger again in pure Python. Values are written with their
# types (a date stays a date, "1.0" stays a string, 1.0 a float), so a stored parse is the very same Node tree.
_GENERATION = f"yaml/{yaml.__version__}"


def _key(text: str) -> list[str]:
    return ["yaml", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()]


def _stored(text: str) -> tuple[Node | None, YamlError | None] | None:
    if WARM.directory is None:
        return None
    value = WARM.get(_GENERATION, _key(text))
    if not isinstance(value, dict):
        return None
    try:
        if "error" in value:
            line, message = value["error"]
            return None, YamlError(int(line), str(message))
        return (None if value["node"] is None else _decode(value["node"])), None
    except (KeyError, TypeError, ValueError):
        return None  # not written by this code: parse again


def _store(text: str, found: tuple[Node | None, YamlError | None]) -> None:
    if WARM.directory is None:
        return
    node, error = found
    try:
        value = {"error": [error.line, str(error)]} if error is not None else {"node": None if node is None else _encode(node)}
    except TypeError:
        return  # a value of another type: not kept
    WARM.put(_GENERATION, _key(text), value)  # a lone surrogate (YAML's "\\ud800") is not UTF-8: put keeps nothing


def _encode(node: Node) -> list:
    value = node.value
    if isinstance(value, dict):
        kept: Any = {"m": [[k, _encode(v)] for k, v in value.items()]}
    elif isinstance(value, list):
        kept = {"l": [_encode(v) for v in value]}
    elif value is None:
        kept = {"n": 0}
    elif isinstance(value, bool):
        kept = {"b": value}
    elif isinstance(value, int):
        kept = {"i": str(value)}
    elif isinstance(value, float):
        kept = {"f": repr(value)}
    elif isinstance(value, str):
        kept = {"s": value}
    elif isinstance(value, datetime.datetime):
        kept = {"t": value.isoformat()}
    elif isinstance(value, datetime.date):
        kept = {"d": value.isoformat()}
    else:
        raise TypeError(type(value).__name__)
    return [kept, node.line, node.quoted]


def _decode(data: list) -> Node:
    kept, line, quoted = data
    ((kind, raw),) = kept.items()
    if kind == "m":
        value: Any = {k: _decode(v) for k, v in raw}
    elif kind == "l":
        value = [_decode(v) for v in raw]
    elif kind == "n":
        value = None
    elif kind == "b":
        value = bool(raw)
    elif kind == "i":
        value = int(raw)
    elif kind == "f":
        value = float(raw)
    elif kind == "s":
        value = str(raw)
    elif kind == "t":
        value = datetime.datetime.fromisoformat(raw)
    elif kind == "d":
        value = datetime.date.fromisoformat(raw)
    else:
        raise ValueError(kind)
    return Node(value, int(line), bool(quoted))


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
