#!/usr/bin/env python
"""Markdown tables for bench/RESULTS.md from the JSON files of several runs of bench/run.py.

python bench/report.py out-10.json out-50.json out-200.json out-3docs.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def cell(value, unit: str = "s") -> str:
    if value is None:
        return "n/a"
    if unit == "s":
        return f"{value:.2f}"
    if unit == "%":
        return f"{value * 100:+.0f} %"
    if unit == "x":
        return f"{value:.1f}×"
    return f"{value:.0f}"


def main(paths: list[str]) -> int:
    runs = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    print(
        "| scale (docs × releases × sections) | pages | full build | plain MkDocs | overhead | one build per release | speedup "
        "| serve rebuild | worst redline | peak RSS MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        s = r["scale"]
        print(
            f"| {s['documents']} × {s['releases']} × {s['sections']} | {s['pages']} | {cell(r['full_build_s'])} | {cell(r['plain_render_s'])} "
            f"| {cell(r['overhead_ratio'], '%')} | {cell(r['per_release_builds_s'])} | {cell(r['speedup_vs_per_release'], 'x')} "
            f"| {cell(r['serve_rebuild_s'])} | {cell(r['worst_redline_s'])} | {cell(r['peak_rss_mb'], 'MB')} |"
        )
    print()
    print(
        "In-process timings (from loading the config to the end of the build, no interpreter start) and CPU seconds of the build process:"
    )
    print()
    print(
        "| scale | full (in-process) | plain (in-process) | per release (in-process) | overhead | speedup | full CPU | plain CPU "
        "| per release CPU | overhead (CPU) | speedup (CPU) | load avg |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        s, i, c = r["scale"], r["in_process"], r["cpu"]["process"]
        print(
            f"| {s['documents']} × {s['releases']} × {s['sections']} | {cell(i['full_build_s'])} | {cell(i['plain_render_s'])} "
            f"| {cell(i['per_release_builds_s'])} | {cell(i['overhead_ratio'], '%')} | {cell(i['speedup_vs_per_release'], 'x')} "
            f"| {cell(c['full_build_s'])} | {cell(c['plain_render_s'])} | {cell(c['per_release_builds_s'])} | {cell(c['overhead_ratio'], '%')} "
            f"| {cell(c['speedup_vs_per_release'], 'x')} | {r['machine']['load_average_at_start'][0]:.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
