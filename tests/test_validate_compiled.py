"""The compiled schema validator (jsonschema-rs) gives the reference validator's (jsonschema) verdict on the real
outputs of a build and on every way they can be broken; a build refuses what either refuses."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from publish_sites import AFTER_2_0, BEFORE_2_0, api_files, history_site

from mkdocs_policy.publish import PublishError
from mkdocs_policy.publish.validate import compiled, validate


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[tuple[str, dict]]:
    """(schema name, document) for every API file of a real site, built before and after 2.0 takes effect."""
    from policyrepo import PolicyRepo

    base = tmp_path_factory.mktemp("compiled")
    made = lambda name, **kwargs: PolicyRepo(base / name, **kwargs)  # noqa: E731
    repo = history_site(made, site_url="https://example.com/legal/")
    found = []
    for epoch in (BEFORE_2_0, AFTER_2_0):
        site = repo.build(epoch=epoch)
        for path, name in api_files(site):
            found.append((name, json.loads(path.read_text(encoding="utf-8"))))
    assert {name for name, _ in found} == {"releases", "release", "since"} and len(found) >= 10
    return found


def breakages(data):
    """Every document made by one change to ``data``: each key dropped, each value replaced by values of other
    types and by near-miss strings (a date that does not exist, a digest one character short, an unknown key)."""
    replacements = [
        None,
        0,
        -1,
        1.5,
        True,
        "",
        "x",
        [],
        {},
        "2026-02-30",
        "2026-13-01",
        "26-01-01",
        "sha256:" + "0" * 63,
        "SHA256:" + "0" * 64,
    ]

    def walk(node, path):
        if isinstance(node, dict):
            for key in list(node):
                yield (*path, key), "drop", None
                for value in replacements:
                    yield (*path, key), "set", value
                yield from walk(node[key], (*path, key))
            yield (*path, "unexpected_key"), "set", "x"
        elif isinstance(node, list):
            for index, value in enumerate(node[:3]):  # a few items of each list: the rest have the same schema
                yield (*path, index), "drop", None
                yield from walk(value, (*path, index))

    for path, action, value in walk(data, ()):
        broken = copy.deepcopy(data)
        holder = broken
        for part in path[:-1]:
            holder = holder[part]
        if action == "drop":
            del holder[path[-1]]
        else:
            holder[path[-1]] = value
        yield path, broken


def test_compiled_and_reference_agree_on_every_real_output_and_every_one_change_breakage(documents):
    from mkdocs_policy.publish.validate import validator

    checked = disagreements = invalid = 0
    picked = {}
    for name, data in documents:  # two documents of each schema
        picked.setdefault(name, []).append(data)
    for name, data in [(name, data) for name, found in sorted(picked.items()) for data in found[:2]]:
        assert compiled(name).is_valid(data) and validator(name).is_valid(data), name
        for path, broken in breakages(data):
            ours, theirs = compiled(name).is_valid(broken), validator(name).is_valid(broken)
            checked += 1
            invalid += not theirs
            if ours != theirs:
                disagreements += 1
                pytest.fail(f"{name} {path}: compiled says {ours}, jsonschema says {theirs}")
    assert checked > 500 and invalid > 300 and disagreements == 0


def test_every_real_output_is_valid_by_both(documents):
    from mkdocs_policy.publish.validate import validator

    for name, data in documents:
        assert compiled(name).is_valid(data)
        assert validator(name).is_valid(data)
        validate(f"api/x/{name}.json", data, name)  # does not raise


def test_a_broken_output_is_refused_with_the_reference_validators_explanation(documents):
    name, data = next((n, d) for n, d in documents if n == "release")
    broken = copy.deepcopy(data)
    broken["published"] = "2026-02-30"
    del broken["digest"]
    with pytest.raises(PublishError) as caught:
        validate("api/privacy/1.0.json", broken, name)
    message = str(caught.value)
    assert "api/privacy/1.0.json: /: 'digest' is a required property" in message
    assert "api/privacy/1.0.json: /published: '2026-02-30' is not a 'date'" in message


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["", "ja", "1.0", "2026-01-10", "2026-02-30", "sha256:" + "a" * 64]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["version", "sequence", "sections", "ja", "x"]), inner, max_size=3)
    ),
    max_leaves=8,
)


def paths(node, path=()):
    """Every place in a document where a value stands."""
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:3]):
            yield from paths(value, (*path, index))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_compiled_and_reference_agree_on_random_values_grafted_into_real_outputs(documents, data):
    from mkdocs_policy.publish.validate import validator

    name, document = data.draw(st.sampled_from(documents))
    where = data.draw(st.sampled_from([p for p in paths(document) if p]))
    broken = copy.deepcopy(document)
    holder = broken
    for part in where[:-1]:
        holder = holder[part]
    holder[where[-1]] = data.draw(json_values)
    assert compiled(name).is_valid(broken) == validator(name).is_valid(broken), where


def test_the_formats_the_compiled_validator_checks_are_the_ones_jsonschema_checks():
    from jsonschema import FormatChecker

    from mkdocs_policy.publish.validate import CHECKED_FORMATS, formats_in, schema_text

    used = {fmt for name in ("releases", "release", "since") for fmt in formats_in(json.loads(schema_text(name)))}
    assert used >= CHECKED_FORMATS
    assert used & set(FormatChecker().checkers) == CHECKED_FORMATS


def test_a_build_process_imports_jsonschema_only_to_explain_a_refusal():
    import subprocess
    import sys

    code = "import sys, mkdocs_policy.plugin, mkdocs_policy.cli; print(sorted(m for m in ('jsonschema', 'bs4', 'mammoth', 'weasyprint', 'pypdf') if m in sys.modules))"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert found == "[]"
