"""The shipped JSON Schemas (package data in ``mkdocs_policy/schema/``) and the check of a build's own API output."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import jsonschema_rs

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

# The formats of the schemas that the reference validator checks (jsonschema's FormatChecker as installed: `date`;
# `uri-reference` only with an optional RFC 3987 package): the compiled validator checks them and accepts the others.
# Named here, not asked of jsonschema, so that a build imports jsonschema (~0.3 s) only to explain a refusal;
# tests/test_validate_compiled.py holds this to jsonschema's FormatChecker.
CHECKED_FORMATS = frozenset({"date"})

SCHEMAS = ("releases", "release", "since")  # api/schema/<name>.schema.json


class PublishError(Exception):
    """A file the build was about to publish does not conform to its schema: a bug, never bad input."""


def schema_text(name: str) -> str:
    """The schema exactly as shipped (published byte for byte)."""
    return resources.files("mkdocs_policy").joinpath("schema", f"{name}.schema.json").read_text(encoding="utf-8")


def inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every local ``$ref`` replaced by its definition: the same rules, validated twice as fast
    (a build validates thousands of sections). The shipped files keep ``$defs``, which document the format."""
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].removeprefix("#/$defs/")
            siblings = {k: v for k, v in node.items() if k not in ("$ref", "description")}
            return {**inline_refs(defs[name], defs), **inline_refs(siblings, defs)}
        return {key: inline_refs(value, defs) for key, value in node.items() if key != "$defs"}
    if isinstance(node, list):
        return [inline_refs(value, defs) for value in node]
    return node


@cache
def validator(name: str) -> Draft202012Validator:
    """The reference validator (jsonschema): it explains what is wrong when the compiled one finds a problem."""
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads(schema_text(name))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(inline_refs(schema, schema.get("$defs", {})), format_checker=FormatChecker())


@cache
def compiled(name: str) -> jsonschema_rs.Draft202012Validator:
    """The same schema compiled (jsonschema-rs, in Rust): a build validates thousands of sections, and the
    reference validator cost a fifth of the plugin's work. Formats are checked as the reference checks them
    (tests/test_publish_schema.py holds the two to the same verdicts): ``date`` by both; ``uri-reference``,
    which jsonschema checks only when an optional RFC 3987 package is installed, by neither."""
    unchecked = sorted(set(formats_in(json.loads(schema_text(name)))) - CHECKED_FORMATS)
    return jsonschema_rs.Draft202012Validator(
        json.loads(schema_text(name)), validate_formats=True, formats={fmt: _any for fmt in unchecked}, ignore_unknown_formats=True
    )


def _any(_value: str) -> bool:
    return True


def formats_in(node: Any):
    if isinstance(node, dict):
        if isinstance(node.get("format"), str):
            yield node["format"]
        for value in node.values():
            yield from formats_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from formats_in(value)


# (schema, sha256 of a JSON text) found conforming: a fact about the text alone, so it holds across rebuilds (a
# caller that has only the text, such as the since files, skips parsing it again).
_CONFORMING: set[tuple[str, bytes]] = set()
_CONFORMING_MAX = 10_000


def conforming(name: str, text: str) -> bool:
    """``text`` was already found to conform to schema ``name`` (in this process)."""
    return (name, hashlib.sha256(text.encode("utf-8")).digest()) in _CONFORMING


def validate(path: str, data: Any, name: str, text: str | None = None) -> None:
    """Raise PublishError listing every violation of ``data`` (to be published at ``path``) against schema ``name``.

    ``text``: the JSON text ``data`` is published as; recorded as conforming when it does (``conforming``).
    """
    if compiled(name).is_valid(data):
        if text is not None:
            if len(_CONFORMING) >= _CONFORMING_MAX:
                _CONFORMING.clear()
            _CONFORMING.add((name, hashlib.sha256(text.encode("utf-8")).digest()))
        return
    problems = sorted(validator(name).iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if not problems:  # the two validators disagree: say so rather than publish or hide it
        problems_text = [f"{path}: {error}" for error in list(compiled(name).iter_errors(data))[:20]]
        raise PublishError(
            f"the JSON API does not conform to api/schema/{name}.schema.json by jsonschema-rs, though jsonschema accepts it "
            "(a bug in mkdocs-policy; nothing was built):\n" + "\n".join(problems_text)
        )
    lines = [f"{path}: /{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in problems[:20]]
    if len(problems) > 20:
        lines.append(f"… and {len(problems) - 20} more")
    raise PublishError(
        f"the JSON API does not conform to api/schema/{name}.schema.json (a bug in mkdocs-policy; nothing was built):\n" + "\n".join(lines)
    )
