"""The plugin's options, typed like MkDocs' own plugins (``mkdocs/contrib/search``), and the one loading of a
site's settings through MkDocs' own ``load_config`` (INHERIT, !ENV) for `check`, `release` and the build.

Defaults live in ``settings.DEFAULTS``; the rules in ``settings`` (no MkDocs there).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs import exceptions
from mkdocs.config import base, load_config
from mkdocs.config import config_options as c

from .findings import Finding
from .settings import DEFAULTS, SiteSettings, extension_problems, language_problems, timezone_problem


class _Languages(c.ListOfItems):
    def run_validation(self, value):
        value = super().run_validation(value)
        problems = language_problems(value)
        if problems:
            raise base.ValidationError("; ".join(problems) + " (plugin `policy` in mkdocs.yml)")
        return value


class _TimeZone(c.Type):
    def run_validation(self, value):
        value = super().run_validation(value)
        problem = timezone_problem(value)
        if problem:
            raise base.ValidationError(problem + " (plugin `policy` in mkdocs.yml)")
        return value


class PolicyConfig(base.Config):
    # Folder of the documents, relative to mkdocs.yml; independent of docs_dir.
    policy_dir = c.Type(str, default=DEFAULTS["policy_dir"])
    # The site's languages, in the order the entry page and switches list them: non-empty, unique, known to Babel.
    languages = _Languages(c.Type(str), default=list(DEFAULTS["languages"]))
    # Publish the working tree as <lang>/<doc>/draft/ (always on under `mkdocs serve`).
    draft = c.Type(bool, default=DEFAULTS["draft"])
    # Time zone of dates (the build date decides which release is in force; feed timestamps).
    timezone = _TimeZone(str, default=DEFAULTS["timezone"])
    # Validate the JSON API against the shipped schemas on every build.
    validate_api = c.Type(bool, default=DEFAULTS["validate_api"])
    # Days after document.yml `reviewed:` before `check` reports the document as due for review.
    review_interval_days = c.Type(int, default=DEFAULTS["review_interval_days"])
    # A PDF of every release in every language, beside its page and named in the release JSON (SPEC §13).
    pdf = c.Type(bool, default=DEFAULTS["pdf"])
    # Where rendered PDFs are kept between builds, relative to mkdocs.yml: a build renders only new releases' PDFs.
    pdf_cache_dir = c.Type(str, default=DEFAULTS["pdf_cache_dir"])

    def validate(self):
        # An unknown option is an error, not MkDocs' warning: a misspelt `languages` must not pass silently.
        failed, warnings = super().validate()
        known = ", ".join(sorted(k for k, _ in self._schema))
        for key, warning in warnings:
            if str(warning).startswith("Unrecognised configuration name"):
                failed.append(
                    (key, base.ValidationError(f"unknown option {key!r} of the plugin `policy` in mkdocs.yml (options: {known})"))
                )
        return failed, [(k, w) for k, w in warnings if not str(w).startswith("Unrecognised configuration name")]


class SettingsError(Exception):
    """The configuration is invalid: one finding (``mkdocs.yml:line: message``) per problem."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("\n".join(str(f) for f in findings))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _line_of(text: str, message: str) -> int:
    """The line of mkdocs.yml a MkDocs config message is about (its option name), else 1."""
    located = re.search(r"line (\d+)", message)  # YAML errors say where they are
    if located:
        return int(located.group(1))
    names = re.findall(r"option '([^']+)'", message) or re.findall(r"Config value '([^']+)'", message)
    for name in reversed(names):
        pattern = re.compile(rf"^\s*(?:-\s*)?{re.escape(name)}\s*:", re.M)
        found = pattern.search(text)
        if found:
            return text.count("\n", 0, found.start()) + 1
    return 1


def load_settings(config_file: str) -> SiteSettings:
    """The site's settings, loaded and validated as a build does (MkDocs' load_config), or SettingsError."""
    path = Path(config_file)
    shown = path.name  # findings name files relative to the site, as every other finding does
    text = path.read_text(encoding="utf-8", errors="replace")
    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    old_propagate = logger.propagate
    logger.addHandler(collector)
    logger.propagate = False
    try:
        config = load_config(str(path))
    except (exceptions.Abort, exceptions.ConfigurationError, base.ValidationError) as exc:
        messages = [r.getMessage() for r in collector.records if r.levelno >= logging.ERROR] or [str(exc)]
        raise SettingsError([Finding(shown, _line_of(text, m), " ".join(m.split()), code="config") for m in messages]) from None
    except Exception as exc:  # YAML errors and the like: MkDocs raises several kinds
        raise SettingsError([Finding(shown, 1, " ".join(f"invalid configuration: {exc}".split()), code="config")]) from None
    finally:
        logger.removeHandler(collector)
        logger.propagate = old_propagate
    plugin = config.plugins.get("policy")
    options = plugin.config if plugin is not None else PolicyConfig()
    if plugin is None:
        options.load_dict({})
        options.validate()
    settings = SiteSettings(
        root=path.resolve().parent,
        policy_dir=options.policy_dir,
        languages=tuple(options.languages),
        timezone=options.timezone,
        site_url=config.site_url or None,
        markdown_extensions=list(config.markdown_extensions),
        mdx_configs=dict(config.mdx_configs),
        draft=options.draft,
        validate_api=options.validate_api,
        review_interval_days=options.review_interval_days,
    )
    problems = extension_problems(settings.markdown_extensions, settings.mdx_configs)
    if problems:
        raise SettingsError([Finding(shown, _line_of_extension(text, p), p, code="config-extension") for p in problems])
    return settings


def _line_of_extension(text: str, problem: str) -> int:
    """The line of the extension (or of its option) a problem names, else 1."""
    word = problem.split(":", 2)[1].strip().split(" ")[0]
    lines = text.splitlines()
    extension = next((e for e in sorted(_names_in(lines), key=len, reverse=True) if word == e or word.startswith(e + ".")), None)
    if extension is None:
        return 1
    number = next(i for i, line in enumerate(lines) if extension in line)
    for key in re.sub(r"\[\d+\]", "", word[len(extension) :]).split("."):
        if not key:
            continue
        found = next((i for i in range(number, len(lines)) if re.search(rf"\b{re.escape(key)}\s*:", lines[i])), None)
        if found is not None:
            number = found
    return number + 1


def _names_in(lines: list[str]) -> set[str]:
    return {m for line in lines for m in re.findall(r"[A-Za-z_][\w.]*", line)}
