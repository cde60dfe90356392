"""Benchmark: clean N synthetic messy records; report records per second and peak memory.

Usage: python benchmarks/bench_clean.py [--n 100000] [--seed 0] [--format csv|xlsx] [--repeat 3]

The register is generated and written first (not timed); the timed part is what ``kerjasama clean`` does:
read, resolve, parse, check, validate and write the tables. Each repeat runs in a fresh child process (as the
command line does), so the gazetteer is built and the name caches are empty every time; the figures are the
median, fastest and slowest run. Peak memory is the largest peak resident set size of those children.
Results are appended to benchmarks/results/bench_clean.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _child(register: str, out: str) -> None:
    from kerjasama_study.pipeline import clean_to_dir

    t0 = time.perf_counter()
    manifest = clean_to_dir([register], out)
    elapsed = time.perf_counter() - t0
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    inp = manifest["inputs"][0]
    print(json.dumps({"seconds": elapsed, "peak_rss_mib": peak_kib / 1024, "data_rows": inp["data_rows"],
                      "kept": inp["kept"], "quarantined": inp["quarantined"]}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    ap.add_argument("--repeat", type=int, default=3, help="fresh child processes to time (default 3)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(*args.child)
        return

    from kerjasama_study.synthetic import make_register, write_register

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        reg = make_register(args.n, seed=args.seed, excel_dates=args.format == "xlsx")
        path = write_register(reg, Path(tmp) / f"bench.{args.format}")
        gen = time.perf_counter() - t0
        runs = []
        for k in range(max(1, args.repeat)):
            proc = subprocess.run([sys.executable, __file__, "--child", str(path), str(Path(tmp) / f"out{k}")],
                                  capture_output=True, text=True, check=True)
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    seconds = sorted(r["seconds"] for r in runs)
    res = dict(runs[0])
    res.update({
        "n": args.n, "format": args.format, "seed": args.seed, "generate_seconds": round(gen, 2),
        "repeat": len(runs), "seconds": round(statistics.median(seconds), 2),
        "seconds_all": [round(x, 2) for x in seconds],
        "records_per_second": round(res["data_rows"] / statistics.median(seconds)),
        "records_per_second_range": [round(res["data_rows"] / seconds[-1]), round(res["data_rows"] / seconds[0])],
        "peak_rss_mib": round(max(r["peak_rss_mib"] for r in runs), 1),
        "cpus": os.cpu_count(), "python": platform.python_version(), "machine": platform.machine(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
    })
    lo, hi = res["records_per_second_range"]
    print(f"clean {res['data_rows']:,} {args.format} records, {len(runs)} runs: median {res['seconds']} s = "
          f"{res['records_per_second']:,} records/s (slowest {lo:,}, fastest {hi:,}), peak RSS "
          f"{res['peak_rss_mib']} MiB ({res['kept']:,} kept, {res['quarantined']:,} quarantined)")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    with open(out / "bench_clean.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(res) + "\n")


if __name__ == "__main__":
    main()
