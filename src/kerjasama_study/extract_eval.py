"""Score an extraction against a gold file (one row per article), as ``benchmarks/eval_extract.py`` reports it.

The gold file has, per article: ``doc_id``, ``record_id`` (the event it reports; empty when none), ``label``
(positive/negative), ``event_date`` (ISO), ``parties`` (official names, ``; ``-separated) and ``doc_type``
(KB, PKS, KB+PKS, adendum, planned, MoU-unspecified or none). The metrics:

- **event precision**: the share of extracted events whose articles are mostly positive articles of one gold
  event; **event recall**: the share of gold events that are the majority event of some extracted event;
- **merge pairwise F1**: over pairs of articles that are positive in the gold and assigned to an event by the
  extractor, a pair is "together" when both are in one event (extracted) or one record (gold);
- **party-set F1** (micro, all parties) and **region-party F1** (regions only, compared by Kemendagri code);
  non-region parties match when their folded names share most words (rapidfuzz token-set ratio ≥ 80); each
  positive article assigned to an event contributes the parties of its event;
- **date accuracy**: the share of positive, assigned articles whose event date equals the gold date;
- **document-type accuracy**: the same, where the gold states a type (not ``MoU-unspecified``);
- **negatives rejected**: the share of negative articles assigned to no event.

>>> s = Scores(1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0)
>>> s.event_precision
1.0
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from itertools import combinations

import pandas as pd

from .extract import Extraction
from .regions import resolve_name
from .text import fold

DOC_TYPES_STATED = ("KB", "PKS", "KB+PKS", "adendum", "planned")


@dataclass(frozen=True)
class Scores:
    events_extracted: int
    events_correct: int
    gold_events: int
    gold_events_missed: int
    merge_precision: float
    merge_recall: float
    party_f1: float
    region_party_f1: float
    date_accuracy: float
    doc_type_accuracy: float
    negatives: int
    negatives_rejected: int
    positives_missed: int

    @property
    def event_precision(self) -> float:
        return self.events_correct / self.events_extracted if self.events_extracted else 0.0

    @property
    def event_recall(self) -> float:
        return (self.gold_events - self.gold_events_missed) / self.gold_events if self.gold_events else 0.0

    @property
    def merge_f1(self) -> float:
        p, r = self.merge_precision, self.merge_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def negative_rejection(self) -> float:
        return self.negatives_rejected / self.negatives if self.negatives else 1.0

    def as_dict(self) -> dict:
        out = asdict(self)
        out.update(event_precision=self.event_precision, event_recall=self.event_recall, merge_f1=self.merge_f1,
                   negative_rejection=self.negative_rejection)
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}


def _f1(tp: int, n_pred: int, n_gold: int) -> float:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def _party_keys(names) -> tuple[set[str], list[str]]:
    regions, others = set(), []
    for name in names:
        if not name:
            continue
        m = resolve_name(name)
        if m.region_code:
            regions.add(m.region_code)
        else:
            others.append(fold(name))
    return regions, others


def _match_others(pred: list[str], gold: list[str]) -> int:
    from rapidfuzz import fuzz

    used, tp = set(), 0
    for p in pred:
        for i, g in enumerate(gold):
            if i not in used and fuzz.token_set_ratio(p, g) >= 80:
                used.add(i)
                tp += 1
                break
    return tp


def evaluate(extraction: Extraction, gold: pd.DataFrame) -> tuple[Scores, pd.DataFrame]:
    """The scores, and one row per gold article with what the extractor made of it."""
    gold = gold.fillna("").astype(str).set_index("doc_id")
    by_event = {e.event_id: e for e in extraction.events}
    register = {r["id"]: r for r in extraction.register_rows()}
    assigned = {f.article.doc_id: e.event_id for e in extraction.events for f in e.facts}
    gold_event = {d: (r["record_id"] or d) if r["label"] == "positive" else "" for d, r in gold.iterrows()}

    # events
    correct, majority_of = 0, set()
    for eid, e in by_event.items():
        labels = Counter(gold_event.get(f.article.doc_id, "") for f in e.facts)
        top, _ = labels.most_common(1)[0]
        if top:
            correct += 1
            majority_of.add(top)
    gold_events = {g for g in gold_event.values() if g}
    # merge pairs
    both = sorted(d for d in gold.index if gold_event[d] and d in assigned)
    pred_pairs = {(a, b) for a, b in combinations(both, 2) if assigned[a] == assigned[b]}
    gold_pairs = {(a, b) for a, b in combinations(both, 2) if gold_event[a] == gold_event[b]}
    tp_pairs = len(pred_pairs & gold_pairs)
    # parties, dates, types
    p_tp = p_pred = p_gold = r_tp = r_pred = r_gold = 0
    dates_ok = dates_n = types_ok = types_n = 0
    detail = []
    for d, r in gold.iterrows():
        eid = assigned.get(d, "")
        row = register.get(eid, {})
        out = {"doc_id": d, "gold_record": gold_event[d], "event": eid, "gold_date": r["event_date"],
               "date": row.get("tanggal_penandatanganan", ""), "gold_doc_type": r["doc_type"],
               "doc_type": by_event[eid].doc_code if eid else "", "gold_parties": r["parties"],
               "parties": row.get("pihak", "")}
        detail.append(out)
        if not (gold_event[d] and eid):
            continue
        g_regions, g_others = _party_keys(r["parties"].split("; "))
        e_regions, e_others = _party_keys(row["pihak"].split("; "))
        r_tp += len(g_regions & e_regions)
        r_pred += len(e_regions)
        r_gold += len(g_regions)
        p_tp += len(g_regions & e_regions) + _match_others(e_others, g_others)
        p_pred += len(e_regions) + len(e_others)
        p_gold += len(g_regions) + len(g_others)
        if len(r["event_date"]) == 10:
            dates_n += 1
            dates_ok += row["tanggal_penandatanganan"] == r["event_date"]
        if r["doc_type"] in DOC_TYPES_STATED:
            types_n += 1
            types_ok += by_event[eid].doc_code == r["doc_type"]
    negatives = [d for d in gold.index if not gold_event[d]]
    scores = Scores(
        events_extracted=len(by_event), events_correct=correct, gold_events=len(gold_events),
        gold_events_missed=len(gold_events - majority_of),
        merge_precision=tp_pairs / len(pred_pairs) if pred_pairs else 1.0,
        merge_recall=tp_pairs / len(gold_pairs) if gold_pairs else 1.0,
        party_f1=_f1(p_tp, p_pred, p_gold), region_party_f1=_f1(r_tp, r_pred, r_gold),
        date_accuracy=dates_ok / dates_n if dates_n else 0.0,
        doc_type_accuracy=types_ok / types_n if types_n else 0.0,
        negatives=len(negatives), negatives_rejected=sum(1 for d in negatives if d not in assigned),
        positives_missed=sum(1 for d in gold.index if gold_event[d] and d not in assigned),
    )
    return scores, pd.DataFrame(detail)
