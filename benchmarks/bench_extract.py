"""Benchmark: `kerjasama extract` on N articles, start-up included.

Usage: python benchmarks/bench_extract.py [--n 10000] [--corpus ../shared/news/articles.jsonl]

The development corpus (never copied into the project; read from ../shared/news) is replicated to N articles;
each copy gets a new doc_id and URL, and its dates are moved by a whole number of weeks (so weekdays still fit)
and its years by the copy number, so that copies do not all merge into the same events. The file is written
to a temporary folder (not timed); then `kerjasama extract FILE --out X.csv` runs as a fresh process, timed from
launch to exit, with its peak resident memory (sampled every 0.1 s). Results go to
benchmarks/results/bench_extract.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_code import timed  # the same launch-to-exit timing and memory sampling

DEFAULT_CORPUS = HERE.parents[1] / "shared" / "news" / "articles.jsonl"
_YEAR = re.compile(r"\b(20[0-2]\d)\b")


def replicate(corpus: Path, n: int, dest: Path) -> None:
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    with open(dest, "w", encoding="utf-8") as fh:
        for i in range(n):
            row = dict(rows[i % len(rows)])
            copy = i // len(rows)
            shift = copy % 7  # years back: copies of one event in different years stay different events
            row["doc_id"] = f"{row['doc_id']}-{copy}"
            row["url"] = f"{row['url']}?copy={copy}"
            row["text"] = _YEAR.sub(lambda m, back=shift: str(int(m.group(1)) - back), row["text"])
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[10_000])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"{args.corpus}: the news corpus is not here (it lives in ../shared/news)")
    kerjasama = str(Path(sys.executable).with_name("kerjasama"))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.n:
            src = Path(tmp) / f"articles_{n}.jsonl"
            replicate(args.corpus, n, src)
            seconds, mib = timed([kerjasama, "extract", str(src), "--out", str(Path(tmp) / "x.csv"),
                                       "--as-of", "2026-11-29"])
            row = {"n_articles": n, "seconds": round(seconds, 2), "articles_per_s": round(n / seconds, 1),
                   "peak_mib": round(mib), "cores": os.cpu_count(), "python": platform.python_version()}
            print(json.dumps(row))
            results.append(row)
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    with open(out_dir / "bench_extract.jsonl", "a", encoding="utf-8") as fh:
        for row in results:
            fh.write(json.dumps({"when": time.strftime("%Y-%m-%dT%H:%M:%S"), **row}) + "\n")


if __name__ == "__main__":
    main()
