#!/usr/bin/env python
"""The mkdocs-policy benchmark (SPEC §9): the plugin against plain MkDocs and one build per release.

    python bench/run.py --releases 50 --sections 15 --json out.json

Makes a synthetic git history (documents × releases × sections × ja/en), then measures, side by side,
each in fresh processes and repeated (medians reported):

- full_build_s          `mkdocs build` of the site with the plugin, WARM: a second build, which finds the previous
                        build's results in `.cache/mkdocs-policy/` (since pages, side-by-side sections, change history
                        entries; PDFs as `--pdf-cache`/`--no-pdf` say). The SPEC §15 targets are judged on this figure;
- full_build_cold_s     the same build COLD: `.cache/mkdocs-policy/` emptied first (its `pdf` folder kept: PDFs have
                        their own cold figure, `--pdf`), printed beside the warm one;
- plain_render_s        the same pages (the plugin's generated Markdown written out as ordinary files,
                        same theme, extensions, nav entries and static files) built by MkDocs without the plugin;
- per_release_builds_s  the mike model: every release checked out and built as its own one-version site, summed;
- serve_rebuild_s       a `mkdocs serve` rebuild after one draft section is edited (same plugin instance, warm caches);
- worst_redline_s       a 50 KB Japanese section fully rewritten, through the comparison engine;
- peak_rss_mb           the largest max RSS of a full-build process (whole process: interpreter, MkDocs, Material).

Builds are timed inside the child process from loading the config (which imports the plugins) to the end
of the build; the interpreter and MkDocs' own import are outside the timer, on both sides alike.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import make_history  # noqa: E402

# SPEC §15 (second targets), by scale: key -> (comparison, limit, what the SPEC says).
TARGETS_AT = {
    50: {
        "overhead_ratio": ("<=", 0.0, "full build no slower than the plain render (50 releases)"),
        "speedup_vs_per_release": (">=", 12.0, "≥ 12× faster than one build per release (50 releases)"),
        "worst_redline_s": ("<", 0.5, "worst redline < 0.5 s (§9)"),
    },
    200: {
        "speedup_vs_per_release": (">=", 12.0, "≥ 12× faster than one build per release (200 releases)"),
        "serve_rebuild_s": ("<=", 0.5, "serve rebuild after one draft edit ≤ 0.5 s (200 releases)"),
        "peak_rss_mb": ("<=", 400.0, "peak memory ≤ 400 MB (200 releases)"),
    },
    500: {
        "full_to_plain_ratio": ("<=", 0.5, "the full build at most half the plain render (500 releases)"),
        "largest_page_mb": ("<=", 1.0, "no page over 1 MB (500 releases)"),
        "peak_rss_mb": ("<=", 1000.0, "peak memory ≤ 1 GB (500 releases)"),
    },
}


def targets_for(releases: int) -> dict[str, tuple[str, float, str]]:
    """The §15 targets of the nearest scale the SPEC names at or below ``releases`` (the 50-release ones below 50)."""
    scale = max((s for s in TARGETS_AT if s <= releases), default=50)
    return TARGETS_AT[scale]


def child(mode: str, args: dict, env: dict[str, str]) -> dict:
    """Run one measurement in a fresh interpreter; its JSON result.

    ``command_seconds``: from starting the process to the end of the build (what `time mkdocs build` sees:
    interpreter start, imports, config, build), when the child reports when its build ended.
    """
    spawned = time.time()
    result = subprocess.run(
        [sys.executable, str(HERE / "child.py"), mode, json.dumps(args)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    marker = result.stdout.rfind("@@RESULT@@")
    if result.returncode != 0 or marker < 0:
        raise RuntimeError(f"bench child {mode} failed (exit {result.returncode}):\n{result.stderr[-4000:]}")
    data = json.loads(result.stdout[marker + len("@@RESULT@@") :])
    if "end_epoch" in data:
        data["command_seconds"] = data["end_epoch"] - spawned
    return data


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    ram_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass

    def version(dist: str) -> str | None:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return None

    git_version = subprocess.run(["git", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return {
        "cpu": cpu or platform.machine(),
        "cpu_count": os.cpu_count(),
        "ram_gb": ram_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "mkdocs": version("mkdocs"),
        "mkdocs_material": version("mkdocs-material"),
        "markdown": version("Markdown"),
        "gitpython": version("GitPython"),
        "mkdocs_policy": version("mkdocs-policy"),
        "git": git_version,
    }


def met(key: str, value: float | None, targets: dict[str, tuple[str, float, str]]) -> bool | None:
    if value is None:
        return None
    op, limit, _ = targets[key]
    return {"<=": value <= limit, ">=": value >= limit, "<": value < limit}[op]


def set_pdf(site: Path, cache: Path | None, pdf: bool) -> None:
    """The synthetic site's PDFs: on or off, kept in ``cache`` (plugin option pdf_cache_dir, an absolute path)."""
    import yaml

    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "policy" in plugin:
            plugin["policy"]["pdf"] = pdf
            if cache is not None:
                plugin["policy"]["pdf_cache_dir"] = str(cache)
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def empty_cache(site: Path) -> None:
    """A cold build: the plugin's results of earlier builds gone (the PDF folder stays; see --pdf for its cold cost)."""
    cache = site / ".cache" / "mkdocs-policy"
    if cache.is_dir():
        for entry in sorted(cache.iterdir()):
            if entry.name != "pdf":
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def median(values: list[float]) -> float:
    return statistics.median(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1)
    parser.add_argument("--releases", type=int, default=50)
    parser.add_argument("--sections", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of each build (medians are reported)")
    parser.add_argument("--per-release-repeat", type=int, default=None, help="repetitions of the per-release builds (default: --repeat)")
    parser.add_argument("--redline-bytes", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file")
    parser.add_argument("--workdir", type=Path, help="keep the synthetic site here (default: a temp dir, removed)")
    parser.add_argument("--skip-per-release", action="store_true", help="do not run the (slow) one-build-per-release comparison")
    parser.add_argument("--skip-serve", action="store_true", help="do not time the `mkdocs serve` rebuild (its first build is a full one)")
    parser.add_argument("--no-pdf", action="store_true", help="build the synthetic site without PDFs (plugin option pdf: false)")
    parser.add_argument(
        "--pdf-cache",
        type=Path,
        help="keep the PDFs in this folder (the site's pdf_cache_dir): a cache warmed once serves every later run",
    )
    parser.add_argument(
        "--pdf", action="store_true", help="also time the PDFs alone: every release rendered into an empty cache, then warm"
    )
    options = parser.parse_args(argv)

    temp = Path(tempfile.mkdtemp(prefix="policy-bench-")) if options.workdir is None else options.workdir
    if options.workdir is not None and options.workdir.exists():
        shutil.rmtree(options.workdir)
    work = temp / "work"
    try:
        return run(options, temp, work)
    finally:
        if options.workdir is None:
            shutil.rmtree(temp, ignore_errors=True)


def run(options: argparse.Namespace, temp: Path, work: Path) -> int:
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    started = time.perf_counter()
    load_at_start = list(os.getloadavg())
    # As `pip install` does for a regular install: an editable one under PYTHONDONTWRITEBYTECODE=1 (this machine)
    # would compile the package from source in every measured process, the full build and each per-release one.
    import mkdocs_policy

    compileall.compile_dir(str(Path(mkdocs_policy.__file__).parent), quiet=1)
    log(f"making history: {options.documents} document(s) × {options.releases} releases × {options.sections} sections × 2 languages …")
    history = make_history(temp / "site", options.documents, options.releases, options.sections, options.seed)
    env = {"SOURCE_DATE_EPOCH": str(history.epoch), "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    site, plain = history.root, temp / "plain"
    if options.pdf_cache is not None or options.no_pdf:
        set_pdf(site, options.pdf_cache.resolve() if options.pdf_cache is not None else None, not options.no_pdf)
    log(f"  {len(history.releases)} releases in {time.perf_counter() - started:.1f} s; writing the plain site …")
    dump = child("dump", {"site": str(site), "plain": str(plain), "out": str(work / "dump")}, env)
    if dump["warnings"]:
        raise RuntimeError("the plugin build warned:\n" + "\n".join(dump["warnings"]))

    full, cold, plain_runs = [], [], []
    for rep in range(options.repeat):
        log(f"  full build cold, warm, and plain build {rep + 1}/{options.repeat} …")
        empty_cache(site)
        cold.append(child("build", {"site": str(site), "out": str(work / "full")}, env))
        full.append(child("build", {"site": str(site), "out": str(work / "full")}, env))
        # The plain site has no plugin and no .cache of it: the warm cache neither helps nor hinders it.
        plain_runs.append(child("build", {"site": str(plain), "out": str(work / "plain")}, env))
    full_s = median([r["command_seconds"] for r in full])
    cold_s = median([r["command_seconds"] for r in cold])
    plain_s = median([r["command_seconds"] for r in plain_runs])
    full_in, plain_in = median([r["seconds"] for r in full]), median([r["seconds"] for r in plain_runs])

    per_release_s = per_release_in = None
    per_release_runs = []
    if not options.skip_per_release:
        reps = options.per_release_repeat or options.repeat
        for rep in range(reps):
            log(f"  one build per release ({len(history.releases)} mkdocs builds) {rep + 1}/{reps} …")
            builds = [
                child(
                    "one_release", {"repo": str(site), "work": str(work / "mike"), "languages": ["ja", "en"], "doc": doc, "sha": sha}, env
                )
                for doc, _version, sha in history.releases
            ]
            per_release_runs.append(
                {
                    "seconds": sum(b["seconds"] for b in builds),
                    "command_seconds": sum(b["command_seconds"] for b in builds),
                    "cpu_seconds": sum(b["cpu_seconds"] for b in builds),
                    "process_cpu_seconds": sum(b["process_cpu_seconds"] for b in builds),
                    "checkout_seconds": sum(b["checkout_seconds"] for b in builds),
                    "rss_mb": max(b["rss_mb"] for b in builds),
                }
            )
        per_release_s = median([r["command_seconds"] for r in per_release_runs])
        per_release_in = median([r["seconds"] for r in per_release_runs])

    doc = history.documents[0]
    draft_section = history.section_files[doc][len(history.section_files[doc]) // 2]
    serve = {"seconds": None, "each": [], "first_seconds": None, "same_plugin_instance": None, "draft_built": None}
    if not options.skip_serve:
        log("  serve rebuilds …")
        serve = child(
            "serve",
            {
                "site": str(site),
                "out": str(work / "serve"),
                "repeat": max(3, options.repeat),
                "draft_file": f"policy/{doc}/ja/{draft_section}.md",
            },
            env,
        )
    pdf = None
    if options.pdf:
        log("  PDFs, cold then warm …")
        pdf = child("pdf", {"site": str(site), "cache": str(work / "pdf-cache")}, env)
    log("  worst redline …")
    redline = child("redline", {"bytes": options.redline_bytes, "repeat": max(3, options.repeat)}, env)

    results = {
        "full_build_s": round(full_s, 4),
        "full_build_cold_s": round(cold_s, 4),
        # What an empty cache costs, per release of the history (SPEC §15: "the cold cost per release is reported").
        "cold_cost_per_release_s": round((cold_s - full_s) / max(1, len(history.releases)), 4),
        "full_build_cache": "warm: the second build, with the first one's .cache/mkdocs-policy (cold: emptied first)",
        "plain_render_s": round(plain_s, 4),
        "per_release_builds_s": round(per_release_s, 4) if per_release_s is not None else None,
        "overhead_ratio": round(full_s / plain_s - 1, 4),
        "overhead_ratio_cold": round(cold_s / plain_s - 1, 4),
        "speedup_vs_per_release_cold": round(per_release_s / cold_s, 2) if per_release_s is not None else None,
        "full_to_plain_ratio": round(full_s / plain_s, 4),
        "speedup_vs_per_release": round(per_release_s / full_s, 2) if per_release_s is not None else None,
        "serve_rebuild_s": round(serve["seconds"], 4) if serve["seconds"] is not None else None,
        "largest_page_mb": round(full[0]["largest_page_bytes"] / 1e6, 3),
        "largest_page": full[0]["largest_page"],
        "worst_redline_s": round(redline["seconds"], 4) if redline.get("seconds") is not None else None,
        "peak_rss_mb": round(max(r["rss_mb"] for r in full), 1),
        "peak_rss_cold_mb": round(max(r["rss_mb"] for r in cold), 1),
        "peak_rss_kind": "max RSS (ru_maxrss) of the whole full-build process",
        "timing": "wall time of each `mkdocs build` process, from its start to the end of its build (median of repeats)",
        "cpu": cpu_view(full, plain_runs, per_release_runs),
        "cpu_cold": cpu_view(cold, plain_runs, per_release_runs),
        "in_process": {
            # The same builds timed inside their process, from loading the config (which imports the plugins)
            # to the end of the build: without the interpreter's start and MkDocs' own import (the same on all sides).
            "full_build_s": round(full_in, 4),
            "full_build_cold_s": round(median([r["seconds"] for r in cold]), 4),
            "plain_render_s": round(plain_in, 4),
            "per_release_builds_s": round(per_release_in, 4) if per_release_in is not None else None,
            "overhead_ratio": round(full_in / plain_in - 1, 4),
            "speedup_vs_per_release": round(per_release_in / full_in, 2) if per_release_in is not None else None,
        },
        "pdf_in_builds": "off" if options.no_pdf else "warm cache" if options.pdf_cache is not None else "cache filled by the first build",
        "scale": {
            "documents": options.documents,
            "releases": options.releases,
            "releases_total": len(history.releases),
            "sections": options.sections,
            "languages": 2,
            "pages": dump["pages"],
            "page_kinds": dump["kinds"],
            "generated_files": dump["files"],
            "nav_entries": dump["nav"],
            "markdown_mb": round(dump["markdown_bytes"] / 1e6, 2),
            "html_files": full[0]["html_files"],
            "edits": history.edits,
        },
        "repeat": options.repeat,
        "samples": {
            "full_build_s": [round(r["command_seconds"], 4) for r in full],
            "full_build_cold_s": [round(r["command_seconds"], 4) for r in cold],
            "full_build_cold_in_process_s": [round(r["seconds"], 4) for r in cold],
            "full_build_cold_cpu_s": [round(r["cpu_seconds"], 4) for r in cold],
            "plain_render_s": [round(r["command_seconds"], 4) for r in plain_runs],
            "full_build_in_process_s": [round(r["seconds"], 4) for r in full],
            "plain_render_in_process_s": [round(r["seconds"], 4) for r in plain_runs],
            "full_build_cpu_s": [round(r["cpu_seconds"], 4) for r in full],
            "plain_render_cpu_s": [round(r["cpu_seconds"], 4) for r in plain_runs],
            "per_release_builds_s": [round(r["command_seconds"], 4) for r in per_release_runs],
            "per_release_builds_in_process_s": [round(r["seconds"], 4) for r in per_release_runs],
            "per_release_checkout_s": [round(r["checkout_seconds"], 4) for r in per_release_runs],
            "serve_rebuild_s": [round(x, 4) for x in serve["each"]],
            "serve_first_build_s": round(serve["first_seconds"], 4) if serve["first_seconds"] is not None else None,
            "worst_redline_s": [round(x, 4) for x in redline.get("each", [])],
        },
        "checks": {
            "subprocesses_per_full_build": full[0]["subprocesses"],
            "subprocess_commands": full[0]["subprocess_commands"],
            "serve_same_plugin_instance": serve["same_plugin_instance"],
            "serve_draft_built": serve["draft_built"],
            "redline_engine": redline.get("engine"),
            "redline_bytes": redline.get("bytes"),
            "redline_rewritten_marked_share": redline.get("rewritten_marked_share"),
            "redline_30_clauses_edited_s": round(redline["edited_seconds"], 4) if redline.get("edited_seconds") is not None else None,
            "redline_30_clauses_edited_marked_share": redline.get("edited_marked_share"),
            "full_build_warnings": full[0]["warnings"],
            "plain_rss_mb": round(max(r["rss_mb"] for r in plain_runs), 1),
        },
        "machine": {**machine(), "load_average_at_start": load_at_start, "load_average_at_end": list(os.getloadavg())},
    }
    if pdf is not None:  # the cost of a release's PDFs (both languages) when first built, and of a build that finds them cached
        results["pdf"] = {
            "cold_s_per_release": round(pdf["cold_seconds"] / max(1, pdf["releases"]), 4),
            "cold_cpu_s_per_release": round(pdf["cold_cpu_seconds"] / max(1, pdf["releases"]), 4),
            "warm_s": round(pdf["warm_seconds"], 4),
            "warm_s_per_release": round(pdf["warm_seconds"] / max(1, pdf["releases"]), 5),
            "rendered_cold": pdf["cold_rendered"],
            "rendered_warm": pdf["warm_rendered"],
            "mean_kb": round(pdf["mean_bytes"] / 1024, 1),
            "rss_mb": round(pdf["rss_mb"], 1),
        }
    targets = targets_for(options.releases)
    results["targets"] = {
        key: {"value": results[key], "target": f"{op} {limit}", "met": met(key, results[key], targets), "what": what}
        for key, (op, limit, what) in targets.items()
    }
    results["all_targets_met"] = all(t["met"] is True for t in results["targets"].values())
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    print(table(results))
    if options.json:
        options.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def cpu_view(full: list[dict], plain: list[dict], per_release: list[dict]) -> dict:
    """The same ratios in CPU seconds (user + system of the build process): steadier than wall time on a shared machine."""
    view: dict = {}
    for kind, key in (("process", "process_cpu_seconds"), ("in_process", "cpu_seconds")):
        f, p = median([r[key] for r in full]), median([r[key] for r in plain])
        m = median([r[key] for r in per_release]) if per_release else None
        view[kind] = {
            "full_build_s": round(f, 4),
            "plain_render_s": round(p, 4),
            "per_release_builds_s": round(m, 4) if m is not None else None,
            "overhead_ratio": round(f / p - 1, 4),
            "speedup_vs_per_release": round(m / f, 2) if m is not None else None,
        }
    return view


def table(r: dict) -> str:
    s, m, inp = r["scale"], r["machine"], r["in_process"]

    def fmt(value, unit="s"):
        if value is None:
            return "n/a"
        if unit == "s":
            return f"{value:.3f} s"
        if unit == "%":
            return f"{value * 100:.1f} %"
        return f"{value:.1f} MB" if unit == "MB" else f"{value:.2f}{unit}"

    rows = [
        ("full build (plugin), warm cache", fmt(r["full_build_s"]), fmt(inp["full_build_s"]), ""),
        ("full build (plugin), cold cache", fmt(r.get("full_build_cold_s")), fmt(inp.get("full_build_cold_s")), ""),
        ("  cold cost per release", fmt(r.get("cold_cost_per_release_s")), "", ""),
        ("plain MkDocs, same pages", fmt(r["plain_render_s"]), fmt(inp["plain_render_s"]), ""),
        ("one build per release (mike)", fmt(r["per_release_builds_s"]), fmt(inp["per_release_builds_s"]), ""),
        ("overhead (full / plain - 1)", fmt(r["overhead_ratio"], "%"), fmt(inp["overhead_ratio"], "%"), "overhead_ratio"),
        ("  the same, cold cache", fmt(r.get("overhead_ratio_cold"), "%"), "", ""),
        (
            "speedup vs per-release",
            fmt(r["speedup_vs_per_release"], "x"),
            fmt(inp["speedup_vs_per_release"], "x"),
            "speedup_vs_per_release",
        ),
        ("  the same, cold cache", fmt(r.get("speedup_vs_per_release_cold"), "x"), "", ""),
        ("serve rebuild (warm)", fmt(r["serve_rebuild_s"]), "", "serve_rebuild_s"),
        ("worst redline (50 KB ja)", fmt(r["worst_redline_s"]), "", "worst_redline_s"),
        ("peak RSS (full build)", fmt(r["peak_rss_mb"], "MB"), "", "peak_rss_mb"),
        ("full / plain", fmt(r["full_to_plain_ratio"], "x"), "", "full_to_plain_ratio"),
        ("largest page", fmt(r["largest_page_mb"], "MB"), "", "largest_page_mb"),
    ]
    if r.get("pdf"):
        p = r["pdf"]
        rows.append(("PDFs of a release, cold (ja+en)", fmt(p["cold_s_per_release"]), "", ""))
        rows.append((f"PDFs, warm cache ({p['rendered_cold']} files)", fmt(p["warm_s"]), "", ""))
    lines = [
        f"mkdocs-policy bench: {s['documents']} doc x {s['releases']} releases x {s['sections']} sections x 2 languages "
        f"({s['pages']} pages), median of {r['repeat']}",
        f"{m['cpu']}, {m['cpu_count']} cores, {m['ram_gb']} GB, Python {m['python']}, mkdocs {m['mkdocs']}, material {m['mkdocs_material']}"
        f" (load {m['load_average_at_start'][0]:.1f})",
        "",
        f"{'measure':<32} {'process':>12} {'in-process':>12}   target",
    ]
    for label, value, inner, key in rows:
        target = ""
        if key and key in r["targets"]:
            t = r["targets"][key]
            mark = "n/a" if t["met"] is None else "met" if t["met"] else "NOT MET"
            target = f"{t['target']:<8} {mark}"
        lines.append(f"{label:<32} {value:>12} {inner:>12}   {target}")
    lines.append("")
    lines.append("targets are judged on the full build with a warm cache (SPEC §15); the cold figures are shown beside them")
    lines.append("all targets met" if r["all_targets_met"] else "some targets not met")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
