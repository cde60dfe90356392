"""Benchmark: the report build (kerjasama build) forced, cached, after small changes, and per region profile.

Usage: python benchmarks/bench_build.py [--jobs N] [--profiles 10 50]

Every scenario runs `kerjasama build` as a fresh process (start-up included) on a working copy in a temporary
folder: a copy of the default register, of the notebooks and of reports.yml, so that editing them touches
nothing in the project. Measured, in one run on one machine:

1. a forced sequential build (--jobs 1 --force), the reference;
2. a forced parallel build (--jobs N --force) and its peak memory (resident memory of the builder, its workers
   and their kernels, sampled every 0.2 s);
3. a rebuild with nothing changed;
4. a rebuild after changing one parameter of one variant (03_follow_through older_than_months);
5. a rebuild after editing one notebook (a Markdown cell added to 02_sectors);
6. a rebuild after adding one row to the register;
7. the marginal cost of one region profile: forced builds of a family of 10 and of 50 profiles (the busiest
   regions of the default data, Indonesian only), (t50 - t10) / 40.

Each is reported in seconds and as a ratio to the forced sequential build, with the reports each run executed
(from the build's manifest). Results go to benchmarks/results/bench_build.json (and .jsonl, appended).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))


class PeakRSS:
    """Peak of the summed resident memory of a process and all its descendants."""

    def __init__(self, pid: int):
        self.proc, self.peak, self._stop = psutil.Process(pid), 0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            time.sleep(0.2)

    def stop(self) -> float:
        self._stop.set()
        self.thread.join()
        return self.peak / 2**20


def run(work: Path, *args: str) -> dict:
    cmd = [str(Path(sys.executable).with_name("kerjasama")), "build", "--input", str(work / "register.csv"),
           "--processed", str(work / "processed"), "--reports", str(work / "reports"),
           "--variants", str(work / "reports.yml"), *args]
    env = dict(os.environ)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    mem = PeakRSS(proc.pid)
    out, _ = proc.communicate()
    seconds = time.perf_counter() - t0
    peak = mem.stop()
    if proc.returncode:
        raise SystemExit(f"build failed ({' '.join(args)}):\n{out}")
    manifest = json.loads((work / "reports" / "manifest.json").read_text())
    executed = sorted(r["name"] for r in manifest["reports"] if not r.get("reused"))
    return {"seconds": round(seconds, 2), "peak_rss_mib": round(peak), "executed": executed,
            "n_executed": len(executed), "n_reports": len(manifest["reports"])}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    ap.add_argument("--profiles", type=int, nargs=2, default=[10, 50])
    args = ap.parse_args()
    from kerjasama_study import config

    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    shutil.copy(config.DEFAULT_REGISTER, work / "register.csv")
    shutil.copytree(config.NOTEBOOKS_DIR, work / "notebooks")
    variants = yaml.safe_load((ROOT / "reports.yml").read_text())
    for v in variants["reports"] + variants.get("families", []):
        v["notebook"] = str(work / "notebooks" / v["notebook"])
    (work / "reports.yml").write_text(yaml.safe_dump(variants, allow_unicode=True))
    results: dict = {"machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                                 "platform": platform.platform()}, "jobs": args.jobs}
    as_of = ["--as-of", "2026-11-28"]
    print("1. forced sequential build ...", flush=True)
    results["forced_sequential"] = run(work, "--jobs", "1", "--force", *as_of)
    print("2. forced parallel build ...", flush=True)
    results["forced_parallel"] = run(work, "--jobs", str(args.jobs), "--force", *as_of)
    print("3. no change ...", flush=True)
    results["no_change"] = run(work, *as_of)
    print("4. one parameter of one variant ...", flush=True)
    params = work / "params.yml"
    params.write_text(yaml.safe_dump({"03_follow_through": {"older_than_months": 18}}))
    results["one_parameter"] = run(work, "--params", str(params), *as_of)
    print("5. one notebook edited ...", flush=True)
    nb_path = work / "notebooks" / "02_sectors.ipynb"
    nb = nbformat.read(nb_path, 4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Catatan tambahan untuk uji kinerja."))
    nbformat.write(nb, nb_path)
    results["one_notebook"] = run(work, "--params", str(params), *as_of)
    print("6. one row added to the register ...", flush=True)
    with open(work / "register.csv", "a", encoding="utf-8") as fh:
        last = (work / "register.csv").read_text(encoding="utf-8").rstrip("\n").splitlines()[-1]
        fh.write(last.replace("PR-", "PX-", 1) + "\n")
    results["one_row"] = run(work, "--params", str(params), *as_of)
    ref = results["forced_sequential"]["seconds"]
    for key in ("forced_sequential", "forced_parallel", "no_change", "one_parameter", "one_notebook", "one_row"):
        results[key]["ratio_to_forced_sequential"] = round(results[key]["seconds"] / ref, 3)
    print("7. region profiles ...", flush=True)
    profile_runs = {}
    for n in args.profiles:
        fam = {"reports": [], "families": [{"name": "05_profil", "notebook": str(work / "notebooks" /
                                                                                "05_region_profile.ipynb"),
                                            "min_records": 1, "limit": n}]}
        (work / "reports.yml").write_text(yaml.safe_dump(fam))
        profile_runs[n] = run(work, "--jobs", str(args.jobs), "--force", "--lang", "id", *as_of)
    lo, hi = args.profiles
    marginal = (profile_runs[hi]["seconds"] - profile_runs[lo]["seconds"]) / (hi - lo)
    results["profiles"] = {str(n): {k: r[k] for k in ("seconds", "n_executed", "peak_rss_mib")}
                           for n, r in profile_runs.items()}
    results["marginal_seconds_per_profile"] = round(marginal, 2)
    results["created_utc"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "bench_build.json").write_text(json.dumps(results, indent=2) + "\n")
    with open(out / "bench_build.jsonl", "a") as fh:
        fh.write(json.dumps(results) + "\n")
    for key in ("forced_sequential", "forced_parallel", "no_change", "one_parameter", "one_notebook", "one_row"):
        r = results[key]
        print(f"{key:18} {r['seconds']:7.1f} s  ratio {r['ratio_to_forced_sequential']:.3f}  executed "
              f"{r['n_executed']}/{r['n_reports']}  peak {r['peak_rss_mib']} MiB"
              + (f"  {r['executed']}" if r["n_executed"] <= 4 else ""))
    print(f"profiles {lo}: {profile_runs[lo]['seconds']:.1f} s, {hi}: {profile_runs[hi]['seconds']:.1f} s -> "
          f"{marginal:.2f} s per additional profile")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
