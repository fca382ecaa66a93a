"""Outputs for machines: release JSON, the index, JSON Schemas, JSON Feed, Atom.

Public interface (called by build.py):
    publish_files(context: PublishContext) -> dict[str, str]   # site path -> file text
    PublishError                                               # the output does not conform to its schema

Every API file is validated against the shipped schema (``mkdocs_policy/schema/``) before it is returned,
so a build never publishes JSON that breaks its own contract.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .. import urls
from ..render.since import since_releases
from .api import index_json, release_json
from .context import PublishContext
from .feeds import atom_feed, feed_items, json_feed
from .notice_script import SCRIPT_PATH, notice_script
from .since import since_text
from .validate import SCHEMAS, PublishError, conforming, schema_text, validate

__all__ = ["PublishContext", "PublishError", "dump_json", "publish_files"]


def dump_json(data: Any) -> str:
    """The one JSON style of the site: UTF-8 text (not \\u escapes), one line, final newline.

    Not indented: the standard library then serialises it in C, about three times faster (50 releases are
    megabytes of JSON on every rebuild); `python -m json.tool` or `jq` make it readable.
    """
    return json.dumps(data, ensure_ascii=False) + "\n"


def publish_files(context: PublishContext, sink: Callable[[str, str], None] | None = None) -> dict[str, str]:
    """Site path → text of every API file, schema and feed. With ``sink``, each file is handed to it as soon as
    it is made and not kept (a long history's API is hundreds of megabytes): the texts are then empty."""
    files: dict[str, str] = {}

    def add(path: str, text: str) -> None:
        if path in files:  # e.g. a release named "releases" would overwrite the index
            raise PublishError(f"{path} would be written twice: rename the release or document that clashes with it")
        if sink is not None:
            sink(path, text)
            text = ""
        files[path] = text

    for name in SCHEMAS:
        add(urls.api_schema(name), schema_text(name))
    add(SCRIPT_PATH, notice_script(context.options.languages))  # the drop-in notice for websites (SPEC §14)
    for document in sorted(context.site.documents, key=lambda d: d.id):
        index = index_json(context, document)
        path, text = urls.api_index(document.id), dump_json(index)
        if context.validate:
            validate(path, index, "releases")
        add(path, text)
        for release in document.releases:
            data = release_json(context, document, release)
            path, text = urls.api_release(document.id, release.version), dump_json(data)
            if context.validate:
                validate(path, data, "release")
            add(path, text)
        current = document.current(context.options.today)
        for release in since_releases(document, context.options.today):  # SPEC §14: one comparison each, to the one in force
            path, text = urls.api_since(document.id, release.version), since_text(context, document, release, current)
            if context.validate and not conforming("since", text):  # parsed only when not yet found valid
                validate(path, json.loads(text), "since", text)
            add(path, text)
        for lang in context.options.languages:
            items = feed_items(context, document, lang)
            add(urls.feed_json(lang, document.id), dump_json(json_feed(context, document, lang, items)))
            add(urls.feed_xml(lang, document.id), atom_feed(context, document, lang, items))
    return dict(sorted(files.items()))
