"""Benchmark: `kerjasama code` on N synthetic records, start-up included, beside `kerjasama clean` on the same
register.

Usage: python benchmarks/bench_code.py [--n 10000 100000] [--seed 0]

For each N: a synthetic messy register (kerjasama_study.synthetic.make_register) is written as CSV (not timed);
then `kerjasama clean REGISTER --out DIR` and `kerjasama code --processed DIR` run as fresh processes, each timed
from launch to exit, with its peak resident memory (sampled every 0.1 s). Reported: records per second of
`code`, its peak memory, and its time as a ratio to `clean`. Results go to benchmarks/results/bench_code.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))


def timed(cmd: list[str]) -> tuple[float, float]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak, stop = [0], threading.Event()

    def sample():
        p = psutil.Process(proc.pid)
        while not stop.is_set():
            try:
                peak[0] = max(peak[0], sum(x.memory_info().rss for x in [p, *p.children(recursive=True)]))
            except psutil.Error:
                pass
            time.sleep(0.1)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, _ = proc.communicate()
    seconds = time.perf_counter() - t0
    stop.set()
    thread.join()
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out}")
    return seconds, peak[0] / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    from kerjasama_study.synthetic import make_register, write_register

    exe = str(Path(sys.executable).with_name("kerjasama"))
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    for n in args.n:
        with tempfile.TemporaryDirectory() as tmp:
            register = write_register(make_register(n, seed=args.seed), Path(tmp) / f"synthetic_{n}.csv")
            processed = Path(tmp) / "processed"
            clean_s, clean_mib = timed([exe, "clean", str(register), "--out", str(processed)])
            code_s, code_mib = timed([exe, "code", "--processed", str(processed), "--as-of", "2026-11-28"])
            kept = json.loads((processed / "manifest.json").read_text())["inputs"][0]["kept"]
        result = {"n": n, "kept": kept, "clean_seconds": round(clean_s, 2), "clean_peak_mib": round(clean_mib),
                  "code_seconds": round(code_s, 2), "code_peak_mib": round(code_mib),
                  "code_records_per_second": round(kept / code_s), "code_to_clean_ratio": round(code_s / clean_s, 2),
                  "cores": os.cpu_count(), "python": platform.python_version(),
                  "created_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        with open(out_dir / "bench_code.jsonl", "a") as fh:
            fh.write(json.dumps(result) + "\n")
        print(f"n={n}: clean {clean_s:.1f} s ({clean_mib:.0f} MiB); code {code_s:.1f} s ({code_mib:.0f} MiB), "
              f"{kept / code_s:,.0f} records/s, {code_s / clean_s:.1f}x clean")


if __name__ == "__main__":
    main()
