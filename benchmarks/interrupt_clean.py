"""Ctrl-C trials: interrupt `kerjasama clean` of a large register into a populated folder at random moments, and
check that the folder is always either exactly the old one or a complete new one (never mixed).

    python benchmarks/interrupt_clean.py --n 100000 --trials 40

A folder is *old* when every file is byte-identical to the populated folder; *new* when its manifest names the
large register and every file it lists has the sha256 it records, with no other file; anything else is *mixed*.
Writes one JSON line per run to benchmarks/results/interrupt_clean.jsonl.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KERJASAMA = [sys.executable, "-m", "kerjasama_study.cli"]


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def state(folder: Path, old: dict[str, str], big_sha: str) -> str:
    if not folder.is_dir():
        return "missing"
    files = snapshot(folder)
    if files == old:
        return "old"
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError):
        return "mixed"
    listed = {f: h for t in manifest["outputs"].values() for f, h in t["files"].items()}
    if [i["sha256"] for i in manifest["inputs"]] == [big_sha] and set(files) == set(listed) | {"manifest.json"} and all(
            files[f] == h for f, h in listed.items()):
        return "new"
    return "mixed"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="rows of the large register")
    ap.add_argument("--trials", type=int, default=40)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from kerjasama_study.outputs import sha256_file
    from kerjasama_study.synthetic import make_register, write_register

    work = Path(tempfile.mkdtemp(prefix="interrupt-"))
    big = write_register(make_register(args.n, seed=args.seed), work / "big.csv")
    small = write_register(make_register(500, seed=args.seed + 1), work / "small.csv")
    out = work / "processed"
    subprocess.run([*KERJASAMA, "clean", str(small), "--out", str(out)], check=True, capture_output=True)
    old = snapshot(out)
    t0 = time.perf_counter()
    subprocess.run([*KERJASAMA, "clean", str(big), "--out", str(work / "timing")], check=True, capture_output=True)
    full = time.perf_counter() - t0
    big_sha = sha256_file(big)
    rng = random.Random(args.seed)
    counts: dict[str, int] = {}
    codes: dict[int, int] = {}
    tracebacks = 0
    for _ in range(args.trials):
        proc = subprocess.Popen([*KERJASAMA, "clean", str(big), "--out", str(out)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        time.sleep(rng.uniform(0.3, full * 1.05))
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate()
        if "Traceback" in err:
            tracebacks += 1
            print(err, file=sys.stderr)
        codes[proc.returncode] = codes.get(proc.returncode, 0) + 1
        s = state(out, old, big_sha)
        counts[s] = counts.get(s, 0) + 1
        leftovers = [p.name for p in work.iterdir() if p.name.startswith(".processed.")]
        if leftovers:
            counts["leftover_temp"] = counts.get("leftover_temp", 0) + 1
        if s == "new":  # restore the old folder for the next trial
            subprocess.run([*KERJASAMA, "clean", str(small), "--out", str(out)], check=True, capture_output=True)
            assert snapshot(out).keys() == old.keys()
            old = snapshot(out)
    result = {"n": args.n, "trials": args.trials, "full_clean_s": round(full, 2), "states": counts,
              "exit_codes": {str(k): v for k, v in sorted(codes.items())}, "tracebacks": tracebacks}
    print(json.dumps(result))
    results = ROOT / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    with open(results / "interrupt_clean.jsonl", "a") as fh:
        fh.write(json.dumps(result) + "\n")
    if counts.get("mixed") or counts.get("missing") or tracebacks:
        sys.exit(1)


if __name__ == "__main__":
    main()
