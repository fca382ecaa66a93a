#!/usr/bin/env python3
"""What an app shows its user after a policy change: a consumer of mkdocs-policy's releases.json.

    python check_consent.py https://gen-cons.com/policy/ --accepted 1 --seen 1.0 --lang en --cache ~/.cache/policy
    python check_consent.py ./site --accepted 1            # a built site folder works too

Rules (see the README, "For app developers"):
- ``consent_version`` of releases.json is the consent the policy in force needs. When the user accepted a
  lower number (or none), ask for consent again, showing the summary of the release in force.
- Otherwise, when the version the user last saw is older than ``current`` and a release since then is
  ``material`` or ``minor``, show a notice; ``editorial`` releases need nothing.
- ``upcoming`` is a published release not yet in force: it may be announced ahead of its date.
- To show what changed since the version the user last saw (or accepted), however many releases came in
  between, read that release's ``since`` file (its entry's ``since`` URL in releases.json): one cumulative
  comparison with the release in force, per language, with ``consent_required``.
- Poll with conditional GET (If-None-Match / If-Modified-Since): most polls then cost a 304.
  A release JSON never changes once published; cache it forever.

Standard library only. Prints ``key: value`` lines; exits 1 when the policy cannot be read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin


class Fetcher:
    """Reads JSON from a built site folder, or over HTTP with a small conditional-GET cache."""

    def __init__(self, source: str, cache: Path | None):
        self.remote = source.startswith(("http://", "https://"))
        self.source = source
        self.cache = cache

    def index_location(self, document: str) -> str:
        if self.source.endswith(".json"):
            return self.source
        if self.remote:
            return urljoin(self.source.rstrip("/") + "/", f"api/{document}/releases.json")
        return str(Path(self.source) / "api" / document / "releases.json")

    def resolve(self, base: str, url: str) -> str:
        """A URL from the JSON (absolute or root-relative) → where to read it from."""
        if self.remote:
            return urljoin(base, url)
        return str(Path(self.source) / "api" / url.rsplit("/api/", 1)[1])  # the API tree of the local site

    def get(self, location: str) -> dict:
        if not self.remote:
            return json.loads(Path(location).read_text(encoding="utf-8"))
        entry = self._cached(location)
        request = urllib.request.Request(location, headers={"Accept": "application/json", "User-Agent": "check-consent-example/1"})
        if entry and entry.get("etag"):
            request.add_header("If-None-Match", entry["etag"])
        if entry and entry.get("last_modified"):
            request.add_header("If-Modified-Since", entry["last_modified"])
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                body = response.read().decode("utf-8")
                entry = {"etag": response.headers.get("ETag"), "last_modified": response.headers.get("Last-Modified"), "body": body}
                print(f"fetched: {location} (200)", file=sys.stderr)
        except urllib.error.HTTPError as error:
            if error.code != 304 or entry is None:
                raise
            print(f"fetched: {location} (304, from cache)", file=sys.stderr)
        self._store(location, entry)
        return json.loads(entry["body"])

    def _path(self, location: str) -> Path | None:
        return self.cache / (hashlib.sha256(location.encode()).hexdigest() + ".json") if self.cache else None

    def _cached(self, location: str) -> dict | None:
        path = self._path(location)
        return json.loads(path.read_text(encoding="utf-8")) if path and path.is_file() else None

    def _store(self, location: str, entry: dict) -> None:
        path = self._path(location)
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(entry), encoding="utf-8")


def decide(index: dict, accepted: int | None, seen: str | None) -> str:
    """ask-consent, notify or none, for the release in force."""
    if index["current"] is None:
        return "none"
    if accepted is None or accepted < index["consent_version"]:
        return "ask-consent"
    if seen is None or seen == index["current"]:
        return "none"
    order = [r["version"] for r in index["releases"]]
    start = order.index(seen) + 1 if seen in order else 0
    since = index["releases"][start : order.index(index["current"]) + 1]
    return "notify" if any(r["change"] != "editorial" for r in since) else "none"


def print_since(since: dict, lang: str) -> None:
    """What changed from the user's version to the release in force, in one comparison (api/<doc>/since/<v>.json)."""
    text = since["languages"].get(lang) or next(iter(since["languages"].values()))
    versions = ", ".join(r["version"] for r in since["releases"])
    print(
        f"since: {since['since']} → {since['current']} (releases: {versions}; consent required: {'yes' if since['consent_required'] else 'no'})"
    )
    for section in text["sections"]:
        if section["status"] != "unchanged":
            stats = section["stats"]
            print(
                f"changed {section['id']}: {section['title']} ({section['status']}, +{stats['inserted']} -{stats['deleted']}) {section['url']}"
            )
    print(f"redline: {text['redline_url']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", help="the site's URL, a releases.json URL, or a built site folder")
    parser.add_argument("--document", default="privacy", help="document id (default: privacy)")
    parser.add_argument("--accepted", type=int, help="consent_version the user accepted (none: never)")
    parser.add_argument("--seen", help="the version the user last saw (or accepted): what changed since is printed")
    parser.add_argument("--lang", default="en", help="the user's language")
    parser.add_argument("--cache", type=Path, help="folder for the HTTP cache (ETag / Last-Modified)")
    args = parser.parse_args(argv)

    fetcher = Fetcher(args.source, args.cache)
    location = fetcher.index_location(args.document)
    try:
        index = fetcher.get(location)
    except (OSError, ValueError) as error:
        print(f"error: cannot read {location}: {error}", file=sys.stderr)
        return 1
    action = decide(index, args.accepted, args.seen)
    entries = {r["version"]: r for r in index["releases"]}
    print(f"action: {action}")
    print(f"current: {index['current'] or '-'}")
    print(f"consent_version: {index['consent_version']} (accepted: {args.accepted if args.accepted is not None else '-'})")
    if action != "none":
        release = fetcher.get(fetcher.resolve(location, entries[index["current"]]["url"]))
        text = release["languages"].get(args.lang) or release["languages"][release["authoritative_language"]]
        print(f"summary: {release['summary'].get(args.lang) or next(iter(release['summary'].values()))}")
        print(f"read: {text['url']}")
        print(f"changes: {text['changes_url']}")
    since_url = entries.get(args.seen or "", {}).get("since")  # present for every release before the one in force
    if since_url:
        print_since(fetcher.get(fetcher.resolve(location, since_url)), args.lang)
    if index["upcoming"]:
        upcoming = entries[index["upcoming"]]
        print(f"upcoming: {upcoming['version']} takes effect on {upcoming['effective']} ({upcoming['change']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
