"""Time the directory's exports at 10,000 listings (Kumu XLSX and CSV, HSDS): time, size, memory.

Each run happens in a fresh process on the generated neighbourhood (`generate.py`); its peak
memory is the process's peak resident size, Django and the data included. The public export
applies the visibility rule; "everything" is what editors download from the admin's
Spreadsheets page.
"""

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

# Run as a script, this folder comes first on the path and a bench module could shadow an
# app of the same name; the repository root must win.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.directory import database_path
from bench.generate import generate
from bench.measure import SPAWN, ensure_database, print_load

SIZE = 10_000
EXPORT_TARGET_S = 15
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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="exports of each kind")
    args = parser.parse_args(argv)
    print_load()
    database = database_path(SIZE)
    ensure_database(database, generate, SIZE)
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
