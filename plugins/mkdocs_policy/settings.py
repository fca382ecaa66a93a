"""The site's settings and their one validation (SPEC §10), shared by `check`, `release` and the build.

The values come from MkDocs' own config loading (``config.load_settings`` in the adapter: INHERIT, !ENV);
the rules live here, without MkDocs: languages, time zone, and the Markdown extensions a policy may render
through (an allowlist: none may read a file or run code).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import babel

from .sources.markdown_model import Pipeline

DEFAULTS: dict[str, Any] = {
    "policy_dir": "policy",
    "languages": ["ja", "en"],
    "draft": False,
    "timezone": "Asia/Tokyo",
    "validate_api": True,
    "review_interval_days": 365,
    "pdf": True,
    "pdf_cache_dir": ".cache/mkdocs-policy/pdf",
}


@dataclass(frozen=True)
class SiteSettings:
    root: Path
    policy_dir: str = DEFAULTS["policy_dir"]
    languages: tuple[str, ...] = tuple(DEFAULTS["languages"])
    timezone: str = DEFAULTS["timezone"]
    site_url: str | None = None
    markdown_extensions: list = field(default_factory=list)
    mdx_configs: dict = field(default_factory=dict)
    draft: bool = DEFAULTS["draft"]
    validate_api: bool = DEFAULTS["validate_api"]
    review_interval_days: int = DEFAULTS["review_interval_days"]

    @property
    def pipeline(self) -> Pipeline:
        """The site's Markdown pipeline (extensions and their configs), as the build renders policy text."""
        return Pipeline.of(self.markdown_extensions, self.mdx_configs)


def language_problems(languages: Iterable[object]) -> list[str]:
    """``languages``: non-empty, unique, each a language Babel knows, never anything path-like."""
    languages = list(languages)
    if not languages:
        return ["languages is empty: list the site's languages, e.g. languages: [ja, en]"]
    problems = []
    seen: set[str] = set()
    for lang in languages:
        if not isinstance(lang, str):
            problems.append(f"languages: {lang!r} is not a language code such as ja or en")
            continue
        if lang in seen:
            problems.append(f"languages: {lang!r} is listed twice")
        seen.add(lang)
        if not lang or any(c in lang for c in "/\\.:") or lang != lang.strip() or not lang.replace("-", "").replace("_", "").isalnum():
            problems.append(f"languages: {lang!r} is not a language code (it is part of URLs and paths): use codes such as ja, en, pt-BR")
            continue
        try:
            babel.Locale.parse(lang.replace("-", "_"))
        except (ValueError, TypeError, babel.UnknownLocaleError):
            problems.append(f"languages: {lang!r} is not a language Babel knows: use codes such as ja, en, pt-BR")
    return problems


def timezone_problem(name: object) -> str | None:
    try:
        if not isinstance(name, str) or not name:
            raise ValueError
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        return f"timezone {name!r} is not a known IANA time zone (e.g. Asia/Tokyo, Europe/Berlin, UTC)"
    return None


def local_date(moment: datetime, timezone: str) -> date:
    """The date of ``moment`` in the site's time zone (already validated with the configuration): it decides
    which release is in force on a build date."""
    return moment.astimezone(ZoneInfo(timezone)).date()


# Markdown extensions that neither read files nor run code of the site's choosing. Anything else — snippets,
# includes, b64 (reads images), an extension given as a Python object — is refused by name.
SAFE_EXTENSIONS = frozenset(
    {
        "abbr",
        "admonition",
        "attr_list",
        "codehilite",
        "def_list",
        "extra",
        "fenced_code",
        "footnotes",
        "legacy_attrs",
        "legacy_em",
        "md_in_html",
        "meta",
        "nl2br",
        "sane_lists",
        "smarty",
        "tables",
        "toc",
        "wikilinks",
        "pymdownx.betterem",
        "pymdownx.blocks.admonition",
        "pymdownx.blocks.definition",
        "pymdownx.blocks.details",
        "pymdownx.blocks.tab",
        "pymdownx.caret",
        "pymdownx.critic",
        "pymdownx.details",
        "pymdownx.emoji",
        "pymdownx.escapeall",
        "pymdownx.highlight",
        "pymdownx.inlinehilite",
        "pymdownx.keys",
        "pymdownx.magiclink",
        "pymdownx.mark",
        "pymdownx.progressbar",
        "pymdownx.saneheaders",
        "pymdownx.smartsymbols",
        "pymdownx.superfences",
        "pymdownx.tabbed",
        "pymdownx.tasklist",
        "pymdownx.tilde",
    }
)
# Functions an allowed extension may be configured with (``!!python/name:…``): the formatters and slug
# functions the extensions themselves ship. Any other callable in an extension's options is refused.
SAFE_CALLABLES = (
    "pymdownx.superfences.fence_code_format",
    "pymdownx.superfences.fence_div_format",
    "pymdownx.emoji.",
    "material.extensions.emoji.twemoji",
    "material.extensions.emoji.to_svg",
    "pymdownx.slugs.",
    "markdown.extensions.toc.slugify",
)
_PLAIN = (str, int, float, bool, type(None), date, datetime)


def extension_name(ext: object) -> str | None:
    if not isinstance(ext, str):
        return None
    name = ext.split(":", 1)[0]
    return name.removeprefix("markdown.extensions.")


def extension_problems(extensions: Iterable[object], configs: Mapping[str, Any]) -> list[str]:
    """Extensions outside the allowlist, and code passed to an allowed one, each named."""
    problems = []
    for ext in extensions:
        name = extension_name(ext)
        if name is None:
            problems.append(
                f"markdown_extensions: {type(ext).__name__} object: an extension given as Python code is refused "
                "(policy text renders only through extensions that read no file and run no code)"
            )
            continue
        if name not in SAFE_EXTENSIONS:
            what = (
                "includes files"
                if any(w in name for w in ("snippet", "include", "b64"))
                else "is not known to read no file and run no code"
            )
            problems.append(
                f"markdown_extensions: {ext} {what}: policy text renders only through extensions that read no file and run no code "
                f"(allowed: {', '.join(sorted(SAFE_EXTENSIONS))}); remove it"
            )
            continue
        for where, value in _values(configs.get(ext) or {}, f"markdown_extensions: {ext}"):
            if isinstance(value, _PLAIN):
                continue
            qualified = _qualified(value)
            if (
                callable(value)
                and qualified
                and any(qualified == s or (s.endswith(".") and qualified.startswith(s)) for s in SAFE_CALLABLES)
            ):
                continue
            problems.append(
                f"{where}: {qualified or type(value).__name__} is code (`!!python/…`) that policy text would run; "
                "only the formatters the extensions ship are allowed: remove it"
            )
    return problems


def _values(value: Any, where: str):
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _values(item, f"{where}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _values(item, f"{where}[{index}]")
    else:
        yield where, value


def _qualified(value: object) -> str | None:
    module = getattr(value, "__module__", None)
    name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    return f"{module}.{name}" if module and name else None
