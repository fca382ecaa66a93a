"""Screenshots of this repository's own site, taken from the current code, for the README (screenshots/)."""

from __future__ import annotations

import struct

from pagecheck import visit

from mkdocs_policy import urls

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def png_size(path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def test_screenshots_of_the_current_changes_archived_and_side_by_side_pages(real, open_context, screenshots_dir):
    shots = {}
    context, watch = open_context(viewport=DESKTOP, color_scheme="light", device_scale_factor=1)
    page = context.new_page()
    for lang in ("ja", "en"):
        pages = {
            "current": urls.document(lang, real.doc),
            "changes": urls.changes(lang, real.doc),
            "archived": urls.release(lang, real.doc, real.archived[0]),
            "side-by-side": urls.side_by_side(lang, real.doc),
        }
        for kind, path in pages.items():
            visit(page, real.url(path))
            if kind == "changes":
                # Show the marks themselves: the first section of the newest redline with words inserted or deleted.
                page.evaluate(
                    """() => { const r = Array.from(document.querySelectorAll('.policy-redline .policy-rl-section'))
                                 .find(s => s.querySelector('ins:not(.policy-moved), del:not(.policy-moved)'));
                               if (r) window.scrollTo(0, r.getBoundingClientRect().top + scrollY - 80); }"""
                )
            target = screenshots_dir / f"{lang}-{kind}.png"
            page.screenshot(path=str(target), animations="disabled", caret="hide")
            shots[target] = DESKTOP
    phone, _ = open_context(viewport=PHONE, color_scheme="light", device_scale_factor=1, is_mobile=True, has_touch=True)
    mobile = phone.new_page()
    visit(mobile, real.url(urls.document("ja", real.doc)))
    target = screenshots_dir / "ja-current-phone.png"
    mobile.screenshot(path=str(target), animations="disabled", caret="hide")
    shots[target] = PHONE
    # Side by side on a phone: a section in Japanese, then in English.
    visit(mobile, real.url(urls.side_by_side("ja", real.doc) + "#collection"))
    target = screenshots_dir / "ja-side-by-side-phone.png"
    mobile.screenshot(path=str(target), animations="disabled", caret="hide")
    shots[target] = PHONE

    for target, viewport in shots.items():
        assert png_size(target) == (viewport["width"], viewport["height"])
        assert target.stat().st_size > 20_000, f"{target.name} looks blank"
    assert not watch.errors
