"""Score `kerjasama extract` against a gold file: event precision and recall, merge quality, party-set F1,
date and document-type accuracy, and negative-article rejection (definitions in
kerjasama_study.extract_eval).

Usage: python benchmarks/eval_extract.py [ARTICLES.jsonl ...] [--gold GOLD.csv] [--as-of YYYY-MM-DD]
       [--detail FILE.csv]

Defaults: the development corpus in ../shared/news (never copied into the project). Any folder of articles
with a gold file of the same columns (doc_id, record_id, label, event_date, parties, doc_type) can be scored,
which is how the extractor is measured on articles it was not developed on. Results are printed and appended to
benchmarks/results/eval_extract.jsonl; --detail writes one row per gold article with what the extractor made
of it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
NEWS = HERE.parents[1] / "shared" / "news"

#: The issue's targets (on the development corpus).
TARGETS = {"event_precision": 0.85, "event_recall": 0.90, "merge_f1": 0.90, "region_party_f1": 0.92,
           "date_accuracy": 0.85, "doc_type_accuracy": 0.80, "negative_rejection": 0.85}


def main() -> None:
    from kerjasama_study.articles import read_articles
    from kerjasama_study.extract import extract, news_cues
    from kerjasama_study.extract_eval import evaluate

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("articles", nargs="*", type=Path, default=[NEWS / "articles.jsonl"])
    ap.add_argument("--gold", type=Path, default=NEWS / "gold.csv")
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2026, 11, 29))
    ap.add_argument("--detail", type=Path, default=None)
    args = ap.parse_args()
    t0 = time.perf_counter()
    found = read_articles(args.articles)
    result = extract(found.articles, found.problems, as_of=args.as_of)
    scores, detail = evaluate(result, pd.read_csv(args.gold, dtype=str))
    seconds = time.perf_counter() - t0
    out = scores.as_dict()
    print(f"{len(found.articles)} articles, {len(found.problems)} unreadable inputs, {seconds:.1f} s; news cues "
          f"{news_cues().version}")
    width = max(len(k) for k in out)
    for key, value in out.items():
        target = TARGETS.get(key)
        mark = "" if target is None else f"   target {target:.2f} {'met' if value >= target else 'NOT met'}"
        print(f"{key:<{width}}  {value}{mark}")
    if args.detail:
        detail.to_csv(args.detail, index=False)
    (HERE / "results").mkdir(exist_ok=True)
    with open(HERE / "results" / "eval_extract.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"when": time.strftime("%Y-%m-%dT%H:%M:%S"), "articles": [str(a) for a in args.articles],
                             "gold": str(args.gold), "news_cues": news_cues().version, **out}) + "\n")


if __name__ == "__main__":
    main()
