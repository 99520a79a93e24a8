"""Time the directory's spreadsheets at 10,000 listings: exports, and importing a workbook.

Exports (Kumu XLSX and CSV, HSDS) run on the generated neighbourhood (`generate.py`). The
import reads that neighbourhood's own export, topped up to 30,000 connections, into an empty
site (everything new, published), then again (everything unchanged). Each run happens in a
fresh process; its peak memory is the process's peak resident size, Django and the data
included. The public export applies the visibility rule; "everything" is what editors
download from the admin's Spreadsheets page.
"""

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, this folder comes first on the path and a bench module could shadow an
# app of the same name; the repository root must win.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.directory import database_path
from bench.generate import generate
from bench.measure import SPAWN, ensure_database, print_load

SIZE = 10_000
CONNECTIONS = 30_000
EXPORT_TARGET_S = 15
IMPORT_TARGET_S, REIMPORT_TARGET_S, IMPORT_TARGET_MB = 60, 30, 1024
MB = 1024 * 1024


def export_once(database, public, file_format):
    """In a fresh process: (seconds to build and write, bytes written, peak RSS MB, rows)."""
    from bench.generate import setup_django

    setup_django(database)
    from mapping.exchange.files import csv_zip_bytes, xlsx_bytes
    from mapping.exchange.hsds import hsds_zip_bytes
    from mapping.exchange.kumu import build_workbook

    started = time.perf_counter()
    if file_format == "hsds":
        body, rows = hsds_zip_bytes(public=public), "HSDS tables"
    else:
        workbook = build_workbook(public=public)
        body = {"xlsx": xlsx_bytes, "csv": csv_zip_bytes}[file_format](workbook)
        rows = f"{len(workbook.elements):,} elements, {len(workbook.connections):,} connections"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux gives KiB
    return seconds, len(body), peak / MB, rows


def measure(database, public, file_format, runs):
    results = []
    for _ in range(runs):
        with SPAWN.Pool(1) as pool:
            results.append(pool.apply(export_once, (database, public, file_format)))
    return results


def write_import_file(database, path, connections, seed=2024):
    """In a fresh process: the neighbourhood's export, topped up to `connections`, as XLSX."""
    from bench.generate import setup_django

    setup_django(database)
    from mapping.exchange.files import xlsx_bytes
    from mapping.exchange.kumu import build_workbook

    workbook = build_workbook(public=False)
    rng, ids = random.Random(seed), [row["ID"] for row in workbook.elements]
    seen = {(row["From"], row["To"], row["Type"]) for row in workbook.connections}
    while len(workbook.connections) < connections:
        source, target = rng.sample(ids, 2)
        key = (source, target, "supports")
        if key not in seen and (target, source, "supports") not in seen:
            seen.add(key)
            row = dict.fromkeys(workbook.connection_columns, "")
            row.update(From=source, To=target, Type="supports", Strength=rng.choice([1, 2, 3]))
            workbook.connections.append(row)
    path.write_bytes(xlsx_bytes(workbook))
    return len(workbook.elements), len(workbook.connections)


def make_empty_site(database):
    """In a fresh process: migrate a new file and add the home, directory and project pages."""
    from bench.generate import setup_django

    setup_django(database)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from stories.demo import ensure_project_index

    ensure_project_index()


def import_once(database, path):
    """In a fresh process: (seconds, peak RSS MB, summary) of importing and publishing path."""
    from bench.generate import setup_django

    setup_django(database)
    from mapping.exchange.importer import ImportOptions, import_workbook

    options = ImportOptions(publish=True, create_missing_relation_types=True)
    stages = {}

    def progress(_done, _total, stage):
        stages.setdefault(stage, time.perf_counter())

    started = time.perf_counter()
    result = import_workbook([(path.name, path.read_bytes())], options, progress=progress)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    # Each stage runs until the next begins; reading comes before the first, the commit
    # after the last.
    marks = [("reading", started), *stages.items(), ("commit", None)]
    ends = [*[mark for _name, mark in marks[1:-1]], started + seconds]
    split = ", ".join(
        f"{name.lower()} {end - begin:.1f} s"
        for (name, begin), end in zip(marks[:-1], ends, strict=True)
    )
    # The network's recomputation runs in the task worker in production; the development
    # settings run tasks at once, inside the import.
    network = next(
        (
            end - begin
            for (name, begin), end in zip(marks[:-1], ends, strict=True)
            if name.startswith("Refreshing")
        ),
        0.0,
    )
    return seconds, peak / MB, f"{result}\n             {split}", seconds - network


def in_process(function, *args):
    with SPAWN.Pool(1) as pool:
        return pool.apply(function, args)


def measure_import(database):
    """Print the import into an empty site, then the unchanged re-import."""
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        workbook, site = folder / "neighbourhood.xlsx", folder / "site.sqlite3"
        elements, connections = in_process(write_import_file, database, workbook, CONNECTIONS)
        in_process(make_empty_site, site)
        size = workbook.stat().st_size / 1024
        print(
            f"\nImport of {elements:,} elements and {connections:,} connections "
            f"({size:,.0f} KB XLSX) into an empty site, published"
        )
        runs = [
            ("new", IMPORT_TARGET_S, in_process(import_once, site, workbook)),
            ("unchanged", REIMPORT_TARGET_S, in_process(import_once, site, workbook)),
        ]
        for name, target, (seconds, peak, summary, to_commit) in runs:
            verdict = "met" if to_commit <= target and peak <= IMPORT_TARGET_MB else "MISSED"
            print(
                f"  {name:<10} {to_commit:>7.1f} s to the commit, {seconds:.1f} s with the "
                f"network recomputed; {peak:.0f} MB peak (target <= {target} s, "
                f"<= {IMPORT_TARGET_MB} MB: {verdict})\n             {summary}"
            )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="exports of each kind")
    parser.add_argument(
        "--only", choices=["export", "import"], help="measure only the exports or the import"
    )
    args = parser.parse_args(argv)
    print_load()
    database = database_path(SIZE)
    ensure_database(database, generate, SIZE)
    if args.only != "export":
        measure_import(database)
    if args.only == "import":
        return
    print(f"\nExport at {SIZE:,} listings ({database.name}, {args.runs} runs each)")
    print(f"  {'export':<18} {'median s':>9} {'max s':>7} {'size KB':>9} {'peak MB':>8}  rows")
    for public, scope in [(True, "public"), (False, "everything")]:
        for file_format in ("xlsx", "csv", "hsds"):
            results = measure(database, public, file_format, args.runs)
            seconds = [result[0] for result in results]
            _s, size, _peak, rows = results[-1]
            verdict = "met" if max(seconds) <= EXPORT_TARGET_S else "MISSED"
            print(
                f"  {scope + ' ' + file_format:<18} {statistics.median(seconds):>9.2f} "
                f"{max(seconds):>7.2f} {size / 1024:>9,.0f} {max(r[2] for r in results):>8.0f}  "
                f"{rows} (target <= {EXPORT_TARGET_S} s: {verdict})"
            )


if __name__ == "__main__":
    main()
