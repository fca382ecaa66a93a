"""``assets/policy-notice.js``: the drop-in notice script, with its words from the gettext catalogs.

The script ships in ``assets/policy-notice.js`` with English words only; every build publishes it at the
stable site path ``assets/policy-notice.js`` with the words of each of the site's languages put in at the
``/* @strings */`` marker, so a website that includes it speaks its page's language without asking any
other file or origin for them.
"""

from __future__ import annotations

import json
from importlib import resources

from ..i18n import gettext_for

SCRIPT_PATH = "assets/policy-notice.js"  # site path (SPEC §14), stable: websites link to it
MARKER = "/* @strings */ {}"


def notice_strings(lang: str) -> dict[str, str]:
    """The script's words in ``lang`` (placeholders ``%(name)s`` are filled in by the script)."""
    _ = gettext_for(lang)
    return {
        "region": _("Policy update"),
        "changed": _(
            "%(title)s has changed since you last read it: version %(version)s, in force from %(date)s, replaces version %(old)s."
        ),
        "material": _("The changes include a material change: please review them."),
        "since": _("What changed since version %(version)s"),
        "text": _("Read the policy"),
        "dismiss": _("Dismiss"),
    }


def notice_script(languages: tuple[str, ...]) -> str:
    """The script as published: the shipped file with every site language's words in it."""
    source = resources.files("mkdocs_policy").joinpath("assets", "policy-notice.js").read_text(encoding="utf-8")
    if MARKER not in source:
        raise RuntimeError(f"assets/policy-notice.js lost its {MARKER!r} marker")
    words = {lang: notice_strings(lang) for lang in languages}
    # JSON is a JavaScript literal; "</" is escaped so that the script may also be inlined in a page.
    literal = json.dumps(words, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return source.replace(MARKER, literal, 1)
