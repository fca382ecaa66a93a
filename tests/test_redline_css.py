"""redline.css: marks that do not rely on colour, and colours with contrast >= 4.5:1 in both Material palettes."""

from __future__ import annotations

import re
from importlib import resources

CSS = resources.files("mkdocs_policy").joinpath("assets", "redline.css").read_text(encoding="utf-8")


def block(selector: str) -> dict[str, str]:
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", CSS)
    assert match, selector
    return dict((k.strip(), v.strip()) for k, v in (d.split(":", 1) for d in match.group(1).split(";") if ":" in d))


def luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_mark_colour_has_enough_contrast_in_light_and_dark():
    for scheme in (':root,\n[data-md-color-scheme="default"]', '[data-md-color-scheme="slate"]'):
        colours = block(scheme)
        for kind in ("ins", "del", "moved"):
            ratio = contrast(colours[f"--policy-{kind}-fg"], colours[f"--policy-{kind}-bg"])
            assert ratio >= 4.5, (scheme, kind, ratio)


def test_marks_do_not_rely_on_colour():
    assert "underline" in block(".md-typeset .policy-redline ins,\n.md-typeset .policy-rl-legend ins")["text-decoration"]
    assert "line-through" in block(".md-typeset .policy-redline del,\n.md-typeset .policy-rl-legend del")["text-decoration"]
    assert (
        block(".md-typeset .policy-redline ins.policy-moved,\n.md-typeset .policy-rl-legend ins.policy-moved")["text-decoration"]
        == "underline double"
    )
    assert (
        block(".md-typeset .policy-redline del.policy-moved,\n.md-typeset .policy-rl-legend del.policy-moved")["text-decoration"]
        == "line-through double"
    )


def test_screen_reader_labels_are_visually_hidden_and_come_from_the_page():
    hidden = block(
        ".policy-redline ins::before,\n.policy-redline ins::after,\n.policy-redline del::before,\n.policy-redline del::after,\n"
        ".policy-redline .policy-rl-restyled::after"
    )
    assert hidden["position"] == "absolute" and hidden["width"] == "1px" and hidden["overflow"] == "hidden"
    assert "var(--policy-ins-start)" in CSS and "var(--policy-del-start)" in CSS


def test_marks_keep_their_colours_in_print():
    assert re.search(r"@media print \{.*print-color-adjust: exact", CSS, re.S)
