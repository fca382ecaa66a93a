"""The hand-written JSON Schemas: valid 2020-12, every field described, strict about the contract's keys."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from jsonschema import Draft202012Validator

NAMES = ("releases", "release")


def schema(name: str) -> dict:
    return json.loads(resources.files("mkdocs_policy").joinpath("schema", f"{name}.schema.json").read_text(encoding="utf-8"))


def walk(node, path="#"):
    """Every (path, field schema) declared under `properties` or `$defs`."""
    if isinstance(node, dict):
        for key in ("properties", "$defs"):
            for name, sub in node.get(key, {}).items():
                yield f"{path}/{key}/{name}", sub
        for key, value in node.items():
            yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{path}/{i}")


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_2020_12_and_describes_every_field(name):
    data = schema(name)
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(data)
    assert data["description"]
    fields = [(path, sub) for path, sub in walk(data) if "/if/" not in path]  # an `if` condition is not a field
    assert len(fields) > 15
    missing = [path for path, sub in fields if not (isinstance(sub, dict) and sub.get("description"))]
    assert missing == []


def test_required_keys_are_the_contracts():
    index = schema("releases")
    assert set(index["required"]) == {"document", "title", "current", "latest", "upcoming", "consent_version", "releases"}
    assert set(index["$defs"]["entry"]["required"]) == {
        "version", "sequence", "published", "effective", "change", "consent_version", "digest", "url"}  # fmt: skip
    release = schema("release")
    assert set(release["required"]) == {"document", "version", "sequence", "previous", "change", "consent_version", "published",
                                        "effective", "authoritative_language", "digest", "summary", "languages"}  # fmt: skip
    assert set(release["$defs"]["language"]["required"]) == {"title", "url", "changes_url", "digest", "sections"}
    assert set(release["$defs"]["section"]["required"]) == {"id", "title", "url", "digest", "status", "markdown", "html", "stats"}
    assert release["$defs"]["section"]["properties"]["status"]["enum"] == ["added", "removed", "modified", "unchanged", "renamed"]


def test_renamed_from_is_there_exactly_when_renamed():
    section = {"id": "b", "title": "B", "url": "/en/d/1/#b", "digest": "sha256:" + "0" * 64, "markdown": "## B\n", "html": "<h2>B</h2>",
               "stats": {"inserted": 0, "deleted": 0}}  # fmt: skip
    sub = Draft202012Validator({"$defs": schema("release")["$defs"], "$ref": "#/$defs/section"})
    assert sub.is_valid({**section, "status": "renamed", "renamed_from": "a"})
    assert not sub.is_valid({**section, "status": "renamed"})
    assert not sub.is_valid({**section, "status": "modified", "renamed_from": "a"})
    assert sub.is_valid({**section, "status": "modified"})


def test_the_build_validator_judges_like_the_published_schema(simple_site):
    """The build validates with $refs inlined (faster); it must accept and reject exactly what the shipped schema does."""
    import copy

    from mkdocs_policy.publish.validate import validator

    site = simple_site.build()
    release = json.loads((site / "api/privacy/1.1.json").read_text(encoding="utf-8"))
    index = json.loads((site / "api/privacy/releases.json").read_text(encoding="utf-8"))
    cases = [("release", release), ("releases", index)]
    for key in list(release):
        cases.append(("release", {k: v for k, v in release.items() if k != key}))
    for key in list(index):
        cases.append(("releases", {k: v for k, v in index.items() if k != key}))
    for path, value in [(("languages", "en", "sections", 0, "status"), "moved"), (("languages", "en", "sections", 0, "status"), "renamed"),
                        (("languages", "en", "digest"), "sha256:xyz"), (("languages", "ja", "url"), "ja/privacy/1.1/"),
                        (("languages", "en", "sections", 1, "stats", "inserted"), -1), (("published",), "2026-13-01x")]:  # fmt: skip
        broken = copy.deepcopy(release)
        target = broken
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        cases.append(("release", broken))
    for name, data in cases:
        assert validator(name).is_valid(data) == Draft202012Validator(schema(name)).is_valid(data), (name, data.keys())
    assert sum(not validator(name).is_valid(data) for name, data in cases) == len(cases) - 2
