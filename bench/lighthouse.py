"""Lighthouse scores of the public pages, served by gunicorn with the production settings.

A scratch SQLite database gets the demo neighbourhood (migrate and `load_demo`, as `make
run` does); `bench/server.py` serves it. Lighthouse (npm, `package-lock.json`) audits the
home page, the directory, a listing with a map, a story and the map page in Debian's
Chromium with its default mobile settings, `--runs` times each, and the run with the
median performance score is reported. The map tile server is blocked (nothing outside is
reachable here), so tiles are neither waited for nor counted in the page weight.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

# Run as a script, this folder comes first on the path and bench/directory.py would
# shadow the directory app; the repository root must win.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import SPAWN
from bench.server import FORWARDED_HTTPS, ROOT, ProductionServer, manage, print_machine

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
# Headless, and nothing Chromium would fetch from outside on its own (updates, sync).
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
CATEGORIES = ["performance", "accessibility", "best-practices"]
PERFORMANCE_TARGET = 90
ACCESSIBILITY_TARGET = 100
WEIGHT_TARGET_KB = 500
KB = 1000
RUN_TIMEOUT_S = 180
ATTEMPTS = 3  # tries per run
METRICS = [
    ("first-contentful-paint", "FCP"),
    ("largest-contentful-paint", "LCP"),
    ("total-blocking-time", "TBT"),
    ("cumulative-layout-shift", "CLS"),
    ("speed-index", "SI"),
]


def pick_pages(database):
    """In a fresh process: the pages to audit, and a URL pattern for the map's tile server."""
    from bench.generate import setup_django

    setup_django(database)
    from django.conf import settings
    from django.db.models import Count

    from directory.models import DirectoryIndexPage, Listing
    from mapping.models import MapPage
    from stories.models import StoryIndexPage

    # The listing with a location (so its page draws a map) that has the most connections:
    # the fullest listing page.
    listing = (
        Listing.objects.publicly_detailed()
        .exclude(latitude=None)
        .annotate(
            links=Count("connections", distinct=True) + Count("incoming_connections", distinct=True)
        )
        .order_by("-links", "path")
        .first()
    )
    story = StoryIndexPage.objects.get().stories().order_by("path").first()
    tiles = urlsplit(settings.MAP_TILE_URL)
    return {
        "home": "/",
        "directory": DirectoryIndexPage.objects.get().url,
        "listing": listing.url,
        "story": story.url,
        "map": MapPage.objects.live().public().get().url,
    }, f"{tiles.scheme}://{tiles.netloc}/*"


def lighthouse(url, output, tile_pattern):
    """Run Lighthouse on url, its JSON report written to output; the report, or None."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROMIUM_FLAGS)}",
        # What the HTTPS proxy in front of a deployment adds: without it, production
        # redirects to https://, which nothing here serves.
        f"--extra-headers={json.dumps(FORWARDED_HTTPS)}",
        f"--blocked-url-patterns={tile_pattern}",
        "--quiet",
    ]
    environment = {**os.environ, "CHROME_PATH": CHROMIUM}
    try:
        result = subprocess.run(  # noqa: S603 (fixed command, no shell)
            command,
            env=environment,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        print(f"    Lighthouse took over {RUN_TIMEOUT_S} s on {url}")
        return None
    if result.returncode != 0 or not Path(output).exists():
        print(f"    Lighthouse failed on {url}:\n{result.stderr[-2000:]}")
        return None
    return json.loads(Path(output).read_text())


def score(report, category):
    """A category's score out of 100, or None if Lighthouse could not compute it."""
    value = report["categories"][category]["score"]
    return None if value is None else round(value * 100)


def summarise(report, tile_pattern):
    """What the tables print from one report."""
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    tile_host = urlsplit(tile_pattern.rstrip("*")).netloc
    tiles = sum(1 for item in requests if urlsplit(item["url"]).netloc == tile_host)
    # Accessibility and best practices: the scored audits not passed. Performance: its
    # metrics are printed as figures, so the hints (weight 0) with savings are listed
    # instead, without Lighthouse's "insight" duplicates of them.
    failing = {
        category: [
            audits[ref["id"]]["title"]
            for ref in report["categories"][category]["auditRefs"]
            if (audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1)
            and (
                ref["weight"] > 0
                if category != "performance"
                else ref["weight"] == 0
                and audits[ref["id"]]["scoreDisplayMode"] == "metricSavings"
                and not ref["id"].endswith("-insight")
            )
        ]
        for category in CATEGORIES
    }
    return {
        "scores": {category: score(report, category) for category in CATEGORIES},
        "weight": audits["total-byte-weight"]["numericValue"],
        "requests": len(requests) - tiles,
        "tiles": tiles,
        "metrics": {name: audits[key]["numericValue"] for key, name in METRICS},
        "final_url": report.get("finalDisplayedUrl") or report.get("finalUrl"),
        "failing": failing,
        "heaviest": sorted(
            (
                (item["totalBytes"], item["url"])
                for item in audits["total-byte-weight"]["details"]["items"]
            ),
            reverse=True,
        )[:3],
        "runtime_error": (report.get("runtimeError") or {}).get("message"),
        "warnings": report.get("runWarnings", []),
    }


def median_run(runs):
    """The run whose performance score is the median one (Lighthouse's advice for noise)."""
    ordered = sorted(runs, key=lambda run: run["scores"]["performance"] or 0)
    return ordered[len(ordered) // 2]


def audit_pages(server, pages, tile_pattern, runs, reports_folder):
    results = {}
    for name, path in pages.items():
        url = server.url + path
        print(f"Lighthouse on {name} ({path}), {runs} run(s) ...", flush=True)
        reports = []
        for number in range(runs):
            output = reports_folder / f"{name}-{number + 1}.json"
            # Now and then Chromium's trace of the load is lost (NO_NAVSTART) and Lighthouse
            # says to run it again: a run gets ATTEMPTS tries.
            for _attempt in range(ATTEMPTS):
                report = lighthouse(url, output, tile_pattern)
                if report is not None:
                    reports.append(summarise(report, tile_pattern))
                    break
        results[name] = {
            "url": url,
            "path": path,
            "runs": reports,
            "median": median_run(reports) if reports else None,
        }
    return results


def verdict(met):
    return "PASS" if met else "MISS"


def print_results(results):
    print(
        f"\n  {'page':<10} {'perf':>4} {'a11y':>4} {'best':>4} {'weight kB':>9} {'reqs':>4} "
        f"{'FCP s':>5} {'LCP s':>5} {'TBT ms':>6} {'CLS':>5} {'tiles':>5}  perf of each run"
    )
    misses = 0
    for name, result in results.items():
        run = result["median"]
        if run is None:
            print(f"  {name:<10} no report")
            misses += 1
            continue
        scores, metrics = run["scores"], run["metrics"]
        every = ", ".join(str(each["scores"]["performance"]) for each in result["runs"])
        # A score Lighthouse could not compute is None, shown as "-".
        perf, a11y, best = (
            str(scores[category]) if scores[category] is not None else "-"
            for category in CATEGORIES
        )
        print(
            f"  {name:<10} {perf:>4} {a11y:>4} {best:>4} "
            f"{run['weight'] / KB:>9.0f} {run['requests']:>4} "
            f"{metrics['FCP'] / 1000:>5.1f} {metrics['LCP'] / 1000:>5.1f} {metrics['TBT']:>6.0f} "
            f"{metrics['CLS']:>5.3f} {run['tiles']:>5}  {every}"
        )
    print(
        "  (the run with the median performance score; perf, a11y and best = Lighthouse's "
        "performance, accessibility and best-practices scores; weight = total-byte-weight; "
        "reqs = requests, tiles apart; FCP, LCP, TBT, CLS as Lighthouse simulates them on its "
        "throttled mobile device; tiles = requests to the blocked tile server)"
    )
    print("\nTargets")
    for name, result in results.items():
        run = result["median"]
        if run is None:
            continue
        scores, weight = run["scores"], run["weight"] / KB
        checks = [
            (
                f"performance {scores['performance']} >= {PERFORMANCE_TARGET}",
                (scores["performance"] or 0) >= PERFORMANCE_TARGET,
            ),
            (
                f"accessibility {scores['accessibility']} = {ACCESSIBILITY_TARGET}",
                (scores["accessibility"] or 0) >= ACCESSIBILITY_TARGET,
            ),
            (f"weight {weight:.0f} kB <= {WEIGHT_TARGET_KB} kB", weight <= WEIGHT_TARGET_KB),
        ]
        misses += sum(1 for _label, met in checks if not met)
        line = "; ".join(f"{label}: {verdict(met)}" for label, met in checks)
        print(f"  {name:<10} {line}")
        redirected = run["final_url"] != result["url"]
        if redirected:
            print(f"  {'':<10} redirected to {run['final_url']}")
        for category, titles in run["failing"].items():
            if titles:
                label = "hints" if category == "performance" else "audits not passed"
                print(f"  {'':<10} {category} {label}: {'; '.join(titles)}")
        heaviest = ", ".join(
            f"{urlsplit(url).path.rsplit('/', 1)[-1] or urlsplit(url).path} {size / KB:.0f} kB"
            for size, url in run["heaviest"]
        )
        print(f"  {'':<10} heaviest: {heaviest}")
        if run["runtime_error"]:
            print(f"  {'':<10} runtime error: {run['runtime_error']}")
        for warning in run["warnings"]:
            print(f"  {'':<10} warning: {warning}")
    return misses


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument(
        "--workers", type=int, default=None, help="gunicorn workers (default: 2 per core + 1)"
    )
    parser.add_argument(
        "--reports",
        type=Path,
        default=None,
        help="keep Lighthouse's JSON reports in this folder (default: thrown away)",
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `make install` (npm ci).")
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: run `make chromium`.")
    print_machine()
    with tempfile.TemporaryDirectory(prefix="lc-lighthouse-") as folder:
        scratch = Path(folder)
        database = scratch / "demo.sqlite3"
        print("Migrating a scratch database and loading the demo neighbourhood ...", flush=True)
        manage(database, scratch, "migrate", "--noinput", dev=True)
        manage(database, scratch, "load_demo", dev=True)
        with SPAWN.Pool(1) as pool:
            pages, tile_pattern = pool.apply(pick_pages, (database,))
        print("Starting gunicorn with the production settings ...", flush=True)
        try:
            with ProductionServer(database, workers=args.workers) as server:
                reports_folder = args.reports or scratch
                reports_folder.mkdir(parents=True, exist_ok=True)
                results = audit_pages(server, pages, tile_pattern, args.runs, reports_folder)
        except KeyboardInterrupt:
            print("\nInterrupted; gunicorn stopped.")
            return 130
    print_machine()
    print(f"Blocked (unreachable here): {tile_pattern}")
    misses = print_results(results)
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
