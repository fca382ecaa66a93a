#!/usr/bin/env python
"""Markdown tables for bench/RESULTS.md from the JSON files of several runs of bench/run.py, and the growth chart.

python bench/report.py out-10.json out-50.json out-200.json out-3docs.json
python bench/report.py --chart bench/growth.svg results/1x10x15.json results/1x50x15.json …   # needs the bench extra

The full build is the warm one (a second build with the first one's .cache/mkdocs-policy; SPEC §15 judges it);
the cold one (cache emptied first) stands beside it. Runs made before the cold figure existed show n/a there.
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


def chart(runs: list[dict], target: Path) -> None:
    """Seconds (full build, plain MkDocs, one build per release, serve rebuild) and peak memory against releases."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "mkdocs-policy"  # the same SVG for the same figures
    runs = sorted((r for r in runs if r["scale"]["documents"] == 1 and r["scale"]["sections"] == 15), key=lambda r: r["scale"]["releases"])
    releases = [r["scale"]["releases"] for r in runs]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.2))
    series = [
        ("one build per release (mike)", "per_release_builds_s", "o-", "#b2182b"),
        ("plain MkDocs, same pages", "plain_render_s", "s-", "#4d4d4d"),
        ("mkdocs-policy full build (warm cache)", "full_build_s", "^-", "#2166ac"),
        ("mkdocs-policy full build (cold cache)", "full_build_cold_s", "v:", "#6baed6"),
        ("serve rebuild after a draft edit", "serve_rebuild_s", "d--", "#1b7837"),
    ]
    for label, key, style, colour in series:
        points = [(n, r[key]) for n, r in zip(releases, runs, strict=True) if r.get(key) is not None]
        if points:
            left.plot([n for n, _ in points], [v for _, v in points], style, label=label, color=colour)
    left.set(xscale="log", yscale="log", xlabel="releases (15 sections × ja/en)", ylabel="seconds (wall, median)", title="Build time")
    left.grid(True, which="both", alpha=0.3)
    left.legend(fontsize=8)
    right.plot(releases, [r["peak_rss_mb"] for r in runs], "^-", color="#2166ac", label="mkdocs-policy full build")
    right.plot(releases, [r["checks"]["plain_rss_mb"] for r in runs], "s-", color="#4d4d4d", label="plain MkDocs")
    right.set(xscale="log", xlabel="releases", ylabel="MB (max RSS of the build process)", title="Peak memory")
    right.grid(True, which="both", alpha=0.3)
    right.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(target, format=target.suffix.lstrip(".") or "svg", metadata={"Date": None} if target.suffix == ".svg" else None)


def main(paths: list[str]) -> int:
    if paths[:1] == ["--chart"]:
        target, paths = Path(paths[1]), paths[2:]
        chart([json.loads(Path(p).read_text(encoding="utf-8")) for p in paths], target)
        return 0
    runs = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    # By scale, not by file name (a shell's glob puts 200 before 50).
    runs.sort(key=lambda r: (r["scale"]["documents"], r["scale"]["releases"], r["scale"]["sections"]))
    print(
        "| scale (docs × releases × sections) | pages | full build (warm) | full build (cold) | plain MkDocs | overhead "
        "| one build per release | speedup | speedup (cold) | serve rebuild | worst redline | peak RSS MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        s = r["scale"]
        print(
            f"| {s['documents']} × {s['releases']} × {s['sections']} | {s['pages']} | {cell(r['full_build_s'])} "
            f"| {cell(r.get('full_build_cold_s'))} | {cell(r['plain_render_s'])} "
            f"| {cell(r['overhead_ratio'], '%')} | {cell(r['per_release_builds_s'])} | {cell(r['speedup_vs_per_release'], 'x')} "
            f"| {cell(r.get('speedup_vs_per_release_cold'), 'x')} "
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
