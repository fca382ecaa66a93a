"""The plugin's options, typed like MkDocs' own plugins (``mkdocs/contrib/search``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class PolicyConfig(base.Config):
    # Folder of the documents, relative to mkdocs.yml; independent of docs_dir.
    policy_dir = c.Type(str, default="policy")
    # The site's languages, in the order the entry page and switches list them.
    languages = c.ListOfItems(c.Type(str), default=["ja", "en"])
    # Publish the working tree as <lang>/<doc>/draft/ (always on under `mkdocs serve`).
    draft = c.Type(bool, default=False)
    # Time zone of dates (the build date decides which release is in force; feed timestamps).
    timezone = c.Type(str, default="Asia/Tokyo")
    # Validate the JSON API against the shipped schemas on every build.
    validate_api = c.Type(bool, default=True)
    # A PDF of every release in every language, beside its page and named in the release JSON (SPEC §13).
    pdf = c.Type(bool, default=True)
    # Where rendered PDFs are kept between builds, relative to mkdocs.yml: a build renders only new releases' PDFs.
    pdf_cache_dir = c.Type(str, default=".cache/mkdocs-policy/pdf")
