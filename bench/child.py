"""One measurement, run in a fresh Python process: ``python bench/child.py MODE ARGS_JSON`` → JSON on stdout.

A fresh process per measurement is what `mkdocs build` is (nothing warm), and its peak RSS is the
build's own. Timings start after the interpreter and MkDocs itself are imported (the same for both
sides); loading the config (which imports the plugins) and the whole build are inside the timer.
"""

from __future__ import annotations

import io
import json
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"


class Counter(logging.Handler):
    """Counts warnings and errors of a build (a benchmark of a broken build measures nothing)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage()[:300])


def quiet() -> Counter:
    counter = Counter()
    for name in ("mkdocs", "mkdocs.plugins"):
        logger = logging.getLogger(name)
        logger.addHandler(counter)
        logger.propagate = False
    return counter


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def cpu_seconds() -> float:
    """CPU time of this process (user + system): steadier than wall time on a busy machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class SpawnCounter:
    """Counts the subprocesses a build starts (there must be no subprocess per git blob)."""

    def __init__(self) -> None:
        self.commands: list[str] = []
        original = subprocess.Popen.__init__
        counter = self

        def counting_init(popen_self, args, *a, **kw):
            counter.commands.append(" ".join(map(str, args[:3])) if isinstance(args, (list, tuple)) else str(args)[:60])
            return original(popen_self, args, *a, **kw)

        subprocess.Popen.__init__ = counting_init  # type: ignore[method-assign]


def mode_build(args: dict) -> dict:
    """One timed `mkdocs build` of a site (with or without the plugin)."""
    counter = quiet()
    spawns = SpawnCounter()
    os.chdir(args["site"])
    cpu_start = cpu_seconds()
    start = time.perf_counter()
    config = load_config(str(Path(args["site"]) / "mkdocs.yml"), site_dir=args["out"])
    build(config)
    seconds = time.perf_counter() - start
    end_epoch = time.time()
    process_cpu = cpu_seconds()
    cpu = process_cpu - cpu_start
    html = [(path.stat().st_size, str(path.relative_to(args["out"]))) for path in Path(args["out"]).rglob("*.html")]
    pages = len(html)
    largest_bytes, largest = max(html, default=(0, ""))
    if not args.get("keep"):
        shutil.rmtree(args["out"], ignore_errors=True)
    return {
        "seconds": seconds,
        "end_epoch": end_epoch,
        "cpu_seconds": cpu,
        "process_cpu_seconds": process_cpu,
        "rss_mb": max_rss_mb(),
        "warnings": counter.messages,
        "html_files": pages,
        "largest_page_bytes": largest_bytes,
        "largest_page": largest,
        "subprocesses": len(spawns.commands),
        "subprocess_commands": sorted(set(spawns.commands)),
    }


def section_markdown(text) -> str:
    """A language's sections as one Markdown body, each title carrying its section id (as a hand-written page would)."""
    parts = []
    for section in text.sections:
        title_line, _, rest = section.markdown.partition("\n")
        heading = title_line.rstrip() if "{#" in title_line else f"{title_line.rstrip()} {{#{section.id}}}"
        parts.append(f"{heading}\n{rest}")
    return "\n".join(parts)


def texts_by_slot(documents) -> dict[str, str]:
    """Slot key of a pre-rendered text (``text-<lang>-<digest>``) -> that text's sections as Markdown."""
    found: dict[str, str] = {}
    for document in documents:
        texts = [r.text for r in document.releases] + ([document.draft] if document.draft is not None else [])
        for text in texts:
            for lang, lang_text in text.languages.items():
                found[f"text-{lang}-{lang_text.digest}"] = section_markdown(lang_text)
    return found


def plain_markdown(planned, texts: dict[str, str] | None = None) -> str:
    """A generated page as an ordinary Markdown file: the policy text as Markdown, raw HTML where the plugin swaps in other slots."""
    from mkdocs_policy.render.pages import slot_html

    markdown = planned.markdown
    slots = {**planned.slots, **{key: "\n".join(parts) for key, parts in getattr(planned, "texts", {}).items()}}
    for key, value in slots.items():
        # The plugin renders section text once; a plain site has it as Markdown. A lazy slot (a since page's
        # redline) is made here: the plain site holds the whole page, as the plugin's output does.
        value = texts[key] if texts and key in texts else slot_html(value)
        markdown = markdown.replace(f'<div data-policy-slot="{key}"></div>', f"\n{value}\n")
    front, body = "", markdown
    if markdown.startswith("---\n"):
        end = markdown.index("\n---\n", 4)
        lines = [line for line in markdown[4:end].split("\n") if not line.startswith("template:")]
        front, body = "---\n" + "\n".join(lines) + "\n---\n\n", markdown[end + 5 :]
    extra = "".join(f"\n{html}\n" for html in (getattr(planned, "announce", ""), getattr(planned, "notices", "")) if html)
    if extra:
        # After the page title, where the plugin's template shows them.
        head, sep, rest = body.partition("\n")
        body = head + sep + extra + "\n" + rest if head.startswith("# ") else extra + "\n" + body
    return front + body


def mode_dump(args: dict) -> dict:
    """Build the plugin site once and write its pages and files as a plain MkDocs site (no plugin)."""
    import yaml

    counter = quiet()
    site, plain = Path(args["site"]), Path(args["plain"])
    os.chdir(site)
    from mkdocs_policy.plugin import PolicyPlugin

    generated: dict[str, str] = {}
    binary: dict = {}
    documents: list = []
    hand_over = PolicyPlugin.on_files
    import mkdocs_policy.plugin as plugin_module

    build_site = plugin_module.build_site

    def keep_build(*args, **kwargs):
        built = build_site(*args, **kwargs)
        documents[:] = built.site.documents  # the texts, for the plain site's Markdown
        return built

    def on_files(self, files, *, config):
        generated.update(self.outputs)  # the API and feeds, before the plugin hands them to MkDocs
        generated.update({path: Path(location).read_text(encoding="utf-8") for path, location in self.spilled.items()})
        binary.update(self.binary)  # the PDFs: the plain site copies them as static files too
        return hand_over(self, files, config=config)

    plugin_module.build_site = keep_build

    PolicyPlugin.on_files = on_files  # before the config loads: MkDocs binds event methods when it loads a plugin
    config = load_config(str(site / "mkdocs.yml"), site_dir=args["out"])
    plugin = config.plugins["policy"]
    build(config)
    docs = plain / "docs"
    if plain.exists():
        shutil.rmtree(plain)
    shutil.copytree(site / "docs", docs)
    pages = list(plugin.pages.values())
    texts = texts_by_slot(documents)
    for planned in pages:
        target = docs / planned.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(plain_markdown(planned, texts), encoding="utf-8")
    for path, content in generated.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    for path, source in binary.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    package = Path(sys.modules[type(plugin).__module__].__file__).parent
    assets = []
    for asset in sorted((package / "assets").iterdir()):
        target = docs / "assets" / "policy" / asset.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(asset, target)
        assets.append(f"assets/policy/{asset.name}")
    # The same nav entries as the plugin's per-language navigations (which hold no archived releases).
    nav, seen = [], set()
    for lang_nav in plugin.navs.values():
        for page in lang_nav.pages:
            uri = page.file.src_uri
            if uri not in seen:
                seen.add(uri)
                planned = plugin.pages.get(uri)
                nav.append({(planned.nav_title or planned.title) if planned else (page.title or uri): uri})
    raw = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    raw["plugins"] = [p for p in raw["plugins"] if not (isinstance(p, dict) and "policy" in p) and p != "policy"]
    features = raw["theme"].setdefault("features", [])
    if "announce.dismiss" not in features:
        features.append("announce.dismiss")
    raw["extra_css"] = [a for a in assets if a.endswith(".css")]
    raw["extra_javascript"] = [a for a in assets if a.endswith(".js")]
    raw["nav"] = nav
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    kinds: dict[str, int] = {}
    for planned in pages:
        kinds[planned.kind] = kinds.get(planned.kind, 0) + 1
    shutil.rmtree(args["out"], ignore_errors=True)
    return {
        "pages": len(pages),
        "kinds": kinds,
        "files": len(generated),
        "nav": len(nav),
        "warnings": counter.messages,
        "markdown_bytes": sum(len(plain_markdown(p, texts).encode()) for p in pages),
    }


def release_site(text, doc_id: str, languages: list[str], raw_config: dict) -> tuple[dict[str, str], dict]:
    """The single-version site of one release (what one mike build publishes): its text in every language."""
    files = {"index.md": "# " + doc_id + "\n\n" + "\n".join(f"- [{lang}]({lang}/{doc_id}/index.md)" for lang in languages) + "\n"}
    nav = []
    for lang in languages:
        lang_text = text.language(lang)
        files[f"{lang}/{doc_id}/index.md"] = f"# {lang_text.title}\n\n" + section_markdown(lang_text)
        nav.append({lang_text.title: f"{lang}/{doc_id}/index.md"})
    config = {k: v for k, v in raw_config.items() if k not in ("plugins", "nav")}
    config["plugins"] = [p for p in raw_config["plugins"] if not (isinstance(p, dict) and "policy" in p) and p != "policy"]
    config["nav"] = nav
    config["docs_dir"] = "docs"
    return files, config


def mode_one_release(args: dict) -> dict:
    """The mike model, one release: check its commit out into a temp dir and `mkdocs build` a one-version site of it.

    Each release is its own process, as with mike (one `mkdocs build` per version), timed like the full build.
    """
    import yaml

    from mkdocs_policy.sources.document import read_text
    from mkdocs_policy.sources.files import WorkingTree

    counter = quiet()
    repo, work = Path(args["repo"]), Path(args["work"])
    doc_id, sha, languages = args["doc"], args["sha"], args["languages"]
    cpu_start = cpu_seconds()
    start = time.perf_counter()
    folder = work / "checkout"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", sha, "mkdocs.yml", "docs", f"policy/{doc_id}"], cwd=repo, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    raw_config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    text, _ = read_text(WorkingTree(folder), doc_id, f"policy/{doc_id}", tuple(languages))
    pages, config = release_site(text, doc_id, languages, raw_config)
    for path, content in pages.items():
        target = folder / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    checkout = time.perf_counter() - start
    os.chdir(folder)
    loaded = load_config(str(folder / "mkdocs.yml"), site_dir=str(work / "site"))
    build(loaded)
    seconds = time.perf_counter() - start
    end_epoch = time.time()
    process_cpu = cpu_seconds()
    cpu = process_cpu - cpu_start
    os.chdir(repo)
    shutil.rmtree(work, ignore_errors=True)
    return {
        "seconds": seconds,
        "end_epoch": end_epoch,
        "cpu_seconds": cpu,
        "process_cpu_seconds": process_cpu,
        "checkout_seconds": checkout,
        "rss_mb": max_rss_mb(),
        "warnings": counter.messages[:20],
    }


def mode_serve(args: dict) -> dict:
    """`mkdocs serve` as it rebuilds: config reloaded, the same plugin instance (MkDocs caches it), warm caches."""
    counter = quiet()
    site = Path(args["site"])
    os.chdir(site)
    draft_file = site / args["draft_file"]
    original = draft_file.read_text(encoding="utf-8")

    def get_config():
        config = load_config(str(site / "mkdocs.yml"), site_dir=args["out"])
        config.site_url = SERVE_URL
        return config

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    plugin = config.plugins["policy"]
    start = time.perf_counter()
    build(config, serve_url=SERVE_URL, dirty=False)
    first = time.perf_counter() - start
    times = []
    same_instance = True
    try:
        for rep in range(args["repeat"]):
            # One editor's save: a clause of the draft section rewritten.
            edited = original.replace("当社", f"当社（改訂{rep + 1}）", 1) if "当社" in original else original + f"\n追記{rep + 1}。\n"
            draft_file.write_text(edited, encoding="utf-8")
            start = time.perf_counter()
            config = get_config()
            build(config, serve_url=SERVE_URL, dirty=False)
            times.append(time.perf_counter() - start)
            same_instance = same_instance and config.plugins["policy"] is plugin
        draft_built = any(Path(args["out"]).glob("*/*/draft/index.html"))
    finally:
        draft_file.write_text(original, encoding="utf-8")
        config.plugins.on_shutdown()
        shutil.rmtree(args["out"], ignore_errors=True)
    return {
        "first_seconds": first,
        "seconds": statistics.median(times),
        "each": times,
        "same_plugin_instance": same_instance,
        "draft_built": draft_built,
        "rss_mb": max_rss_mb(),
        "warnings": counter.messages[:20],
    }


def find_redline():
    """The comparison engine's entry for one section pair, whatever it is called when this runs (None: not there yet)."""
    from mkdocs_policy import compare

    candidates = []
    try:
        from mkdocs_policy.render import redline as redline_module

        candidates.append(redline_module)
    except ImportError:
        pass
    candidates.append(compare)
    for module in candidates:
        for name in ("section_redline", "redline_section", "redline_html", "render_redline", "redline"):
            function = getattr(module, name, None)
            if callable(function):
                return f"{module.__name__}.{name}", function
    return None


def mode_redline(args: dict) -> dict:
    """The worst redline: a 50 KB Japanese section fully rewritten, through the comparison engine."""
    sys.path.insert(0, str(Path(__file__).parent))
    from synth import japanese_section, japanese_section_edited

    from mkdocs_policy import digest
    from mkdocs_policy.model import LanguageText, Section

    found = find_redline()
    if found is None:
        return {"seconds": None, "engine": None}
    name, function = found

    def section(markdown: str) -> Section:
        markdown = digest.normalize_markdown(markdown)
        return Section("long", markdown.split("\n", 1)[0][3:], markdown, digest.section_digest(markdown), "ja/long.md")

    times, sizes = [], []
    for rep in range(args["repeat"]):
        # New texts every time: a cache of comparisons must not make later repetitions free.
        old = section(japanese_section(args["bytes"], seed=1000 + 2 * rep))
        new = section(japanese_section(args["bytes"], seed=1001 + 2 * rep))
        sizes.append(len(old.markdown.encode()))
        old_text = LanguageText("ja", "T", (old,), "x")
        new_text = LanguageText("ja", "T", (new,), "y")
        start = time.perf_counter()
        result = call_redline(function, old, new, old_text, new_text)
        times.append(time.perf_counter() - start)
        if not result:
            return {"seconds": None, "engine": name, "error": "empty redline"}
    # The same engine on a 50 KB section with 30 clauses changed: it must stay fine-grained at this size (an engine
    # that gives up on long input would mark whole paragraphs; the share of text marked tells).
    edited_times, marked = [], []
    for rep in range(args["repeat"]):
        before, after = japanese_section_edited(args["bytes"], seed=2000 + rep, clauses=30)
        old, new = section(before), section(after)
        start = time.perf_counter()
        html = str(call_redline(function, old, new, LanguageText("ja", "T", (old,), "x"), LanguageText("ja", "T", (new,), "y")))
        edited_times.append(time.perf_counter() - start)
        marked.append(marked_share(html))
    return {
        "seconds": statistics.median(times),
        "each": times,
        "engine": name,
        "bytes": min(sizes),
        "output_chars": len(str(result)),
        "rewritten_marked_share": marked_share(str(result)),
        "edited_seconds": statistics.median(edited_times),
        "edited_marked_share": statistics.median(marked),
    }


def marked_share(html: str) -> float:
    """Share of the visible text of a redline inside <ins> or <del> (0 when the engine returns no HTML)."""
    import re

    if "<" not in html:
        return 0.0
    text = re.sub(r"<[^>]+>", "", html)
    inside = "".join(body for _tag, body in re.findall(r"<(ins|del)\b[^>]*>(.*?)</\1>", html, re.S))
    inside = re.sub(r"<[^>]+>", "", inside)
    return round(len(inside) / max(1, len(text)), 4)


def call_redline(function, old, new, old_text, new_text):
    """Call the engine with what its signature asks for (sections, texts, language)."""
    import inspect

    params = list(inspect.signature(function).parameters.values())
    values = []
    for param in params:
        name = param.name
        if param.default is not inspect.Parameter.empty and name not in ("lang", "language"):
            continue
        if name in ("lang", "language"):
            values.append("ja")
        elif "old" in name or "before" in name or name in ("a", "left"):
            values.append(old_text if "text" in name else old.markdown if "markdown" in name else old)
        elif "new" in name or "after" in name or name in ("b", "right"):
            values.append(new_text if "text" in name else new.markdown if "markdown" in name else new)
        else:
            values.append(None)
    return function(*values)


def mode_pdf(args: dict) -> dict:
    """The PDF step alone (publish/pdf.py): every release's PDFs into an empty cache (cold), then again (warm)."""
    from mkdocs_policy.build import build_site
    from mkdocs_policy.publish.pdf import publish_pdfs

    quiet()
    site, cache = Path(args["site"]), Path(args["cache"])
    shutil.rmtree(cache, ignore_errors=True)
    config = load_config(str(site / "mkdocs.yml"))
    base = build_site(
        site, site_url=config.site_url, markdown_extensions=list(config.markdown_extensions), mdx_configs=dict(config.mdx_configs)
    )
    releases = sum(len(d.releases) for d in base.site.documents)
    timings = {}
    for kind in ("cold", "warm"):
        cpu, start = cpu_seconds(), time.perf_counter()
        outputs = publish_pdfs(base.site, base.options, base.renderer, config.site_url, cache, config.site_name)
        timings[kind] = (time.perf_counter() - start, cpu_seconds() - cpu, len(outputs.rendered))
    sizes = [path.stat().st_size for path in outputs.files.values()]
    return {
        "releases": releases,
        "pdfs": len(outputs.files),
        "cold_seconds": timings["cold"][0],
        "cold_cpu_seconds": timings["cold"][1],
        "cold_rendered": timings["cold"][2],
        "warm_seconds": timings["warm"][0],
        "warm_rendered": timings["warm"][2],
        "mean_bytes": statistics.mean(sizes) if sizes else 0,
        "rss_mb": max_rss_mb(),
    }


MODES = {
    "build": mode_build,
    "dump": mode_dump,
    "one_release": mode_one_release,
    "serve": mode_serve,
    "redline": mode_redline,
    "pdf": mode_pdf,
}

if __name__ == "__main__":
    mode, raw_args = sys.argv[1], json.loads(sys.argv[2])
    result = MODES[mode](raw_args)
    sys.stdout.write("\n@@RESULT@@" + json.dumps(result) + "\n")
