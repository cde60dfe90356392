"""Agreement between two codings of the same records (automatic vs human, coder A vs coder B).

Multi-label variables (urusan) are compared as a presence/absence decision per (record, code): per code,
precision, recall and F1 of coding 2 against coding 1 as reference, Cohen's kappa (statsmodels) and
Krippendorff's alpha (the ``krippendorff`` package, nominal); overall, micro and macro F1, pooled kappa and alpha
over every (record, code) decision, and exact-set agreement (the share of records whose code sets are
identical). Single-label variables (document type) get accuracy, kappa and alpha.

>>> a = {"r1": {"1.01"}, "r2": {"1.02", "2.11"}, "r3": {"0.00"}}
>>> b = {"r1": {"1.01"}, "r2": {"1.02"}, "r3": {"0.00"}}
>>> per_code, overall = compare_multilabel(a, b)
>>> overall["micro_f1"], overall["exact_set_agreement"]
(0.857, 0.667)
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def _kappa(x: np.ndarray, y: np.ndarray) -> float:
    from statsmodels.stats.inter_rater import cohens_kappa

    cats = sorted(set(x) | set(y))
    if len(cats) < 2:
        return float("nan")
    idx = {c: i for i, c in enumerate(cats)}
    table = np.zeros((len(cats), len(cats)))
    for u, v in zip(x, y):
        table[idx[u], idx[v]] += 1
    return float(cohens_kappa(table, return_results=False))


def _alpha(x, y) -> float:
    import krippendorff

    cats = sorted(set(x) | set(y))
    if len(cats) < 2:
        return float("nan")
    idx = {c: i for i, c in enumerate(cats)}
    data = np.array([[idx[v] for v in x], [idx[v] for v in y]], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f = 2 * p * r / (p + r) if (tp + fp) and (tp + fn) and (p + r) else float("nan")
    return p, r, f


def compare_multilabel(reference: dict[str, set], other: dict[str, set], codes: list[str] | None = None,
                       ndigits: int = 3) -> tuple[pd.DataFrame, dict]:
    """Per-code and overall agreement of ``other`` against ``reference`` (records = keys of ``reference``)."""
    records = sorted(reference)
    codes = sorted(codes or set().union(*reference.values(), *(other.get(r, set()) for r in records)))
    rows, all_x, all_y = [], [], []
    tp_all = fp_all = fn_all = 0
    for code in codes:
        x = np.array([code in reference[r] for r in records])
        y = np.array([code in other.get(r, set()) for r in records])
        tp, fp, fn = int((x & y).sum()), int((~x & y).sum()), int((x & ~y).sum())
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        p, r, f = _prf(tp, fp, fn)
        rows.append({"code": code, "support_reference": int(x.sum()), "support_other": int(y.sum()),
                     "tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f,
                     "kappa": _kappa(x, y), "alpha": _alpha(x.astype(int), y.astype(int))})
        all_x += list(x)
        all_y += list(y)
    per_code = pd.DataFrame(rows)
    p, r, f = _prf(tp_all, fp_all, fn_all)
    overall = {
        "n_records": len(records), "n_codes": len(codes), "n_decisions": len(all_x),
        "micro_precision": p, "micro_recall": r, "micro_f1": f,
        "macro_f1": float(per_code["f1"].mean(skipna=True)) if len(per_code) else float("nan"),
        "pooled_kappa": _kappa(np.array(all_x), np.array(all_y)),
        "pooled_alpha": _alpha(np.array(all_x, dtype=int), np.array(all_y, dtype=int)),
        "exact_set_agreement": float(np.mean([reference[r] == other.get(r, set()) for r in records])),
    }
    overall = {k: (round(v, ndigits) if isinstance(v, float) else v) for k, v in overall.items()}
    return per_code.round(ndigits), overall


def compare_labels(reference: dict[str, str], other: dict[str, str], ndigits: int = 3) -> dict:
    """Accuracy, Cohen's kappa and Krippendorff's alpha of a single-label variable."""
    records = sorted(reference)
    x = np.array([reference[r] for r in records])
    y = np.array([other.get(r, "") for r in records])
    return {"n_records": len(records), "accuracy": round(float((x == y).mean()), ndigits),
            "kappa": round(_kappa(x, y), ndigits), "alpha": round(_alpha(list(x), list(y)), ndigits)}


def parse_code_set(cell) -> set[str]:
    """``"1.01;1.02"`` -> ``{"1.01", "1.02"}`` (empty or NaN -> empty set)."""
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return set()
    return {c.strip() for c in str(cell).split(";") if c.strip()}


def normalise_human_doc_type(label: str) -> str:
    """Map the human coding's document-type labels onto the codebook's codes.

    >>> [normalise_human_doc_type(x) for x in ["KB (renewal)", "KB+PKS", "PKS (OPD level)", "draft PKS", "LoI (luar negeri)"]]
    ['KB', 'KB+PKS', 'PKS', 'DRAFT', 'LOI']
    """
    s = (label or "").strip()
    low = s.lower()
    for prefix, code in (("kb+pks", "KB+PKS"), ("pks", "PKS"), ("kb", "KB"), ("draft", "DRAFT"), ("rencana", "DRAFT"),
                         ("loi", "LOI"), ("berita acara", "BERITA_ACARA"), ("evaluasi", "EVALUASI"),
                         ("forum", "FORUM"), ("adendum", "ADENDUM"), ("nk", "NK")):
        if low.startswith(prefix):
            return code
    return "UNKNOWN"


#: The human follow-through codes (``status_tindak_lanjut``) and the automatic coding they are compared with.
FOLLOW_THROUGH_CODES = ("pks_same_event", "pks_later", "implemented", "renewed", "cancelled", "stalled",
                        "planned_followup", "expired")


def automatic_follow_through(agreements: pd.DataFrame, relationships: pd.DataFrame) -> dict[str, set]:
    """The follow-through codes of each record as the pipeline codes them, in the human codes' vocabulary:
    KB+PKS → pks_same_event; a status saying a PKS was signed (on a record that is not KB+PKS) → pks_later;
    implemented → implemented; renewed (or a renewal record) → renewed; cancelled → cancelled; inactive or no
    follow-up → stalled; planned → planned_followup; ended → expired."""
    doc = dict(zip(agreements["record_id"], agreements["doc_type_code"]))
    mapping = {"implemented": "implemented", "renewed": "renewed", "cancelled": "cancelled", "inactive": "stalled",
               "no_followup": "stalled", "planned": "planned_followup", "ended": "expired"}
    out: dict[str, set] = {}
    for rid, events, event in zip(relationships["record_id"], relationships["status_events"].fillna(""),
                                  relationships["event"].fillna("")):
        codes = {mapping[e] for e in str(events).split(";") if e in mapping}
        if doc.get(rid) == "KB+PKS":
            codes.add("pks_same_event")
        elif "pks_signed" in str(events).split(";"):
            codes.add("pks_later")
        if event == "perpanjangan":
            codes.add("renewed")
        out[rid] = codes
    return out


def reliability_report(sectors: pd.DataFrame, agreements: pd.DataFrame, human: pd.DataFrame,
                       relationships: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Reliability tables for the records in ``human`` (the project's human-coding file format).

    Returns ``overall`` (one row per comparison and variable) and ``per_code`` (one row per comparison and
    urusan code, and per follow-through code when ``relationships`` is given). Every figure is in-sample: the
    keyword and status-word tables were refined while reading these same records.
    """
    human = human.set_index("id")
    ids = [i for i in human.index if i in set(agreements["record_id"])]
    auto = {r: set() for r in ids}
    for rid, code in zip(sectors["record_id"], sectors["urusan_code"]):
        if rid in auto:
            auto[rid].add(code)
    gold = {r: parse_code_set(human.at[r, "urusan_kode"]) for r in ids}
    coder_a = {r: parse_code_set(human.at[r, "urusan_kode_coder_a"]) for r in ids}
    coder_b = {r: parse_code_set(human.at[r, "urusan_kode_coder_b"]) for r in ids}
    overall_rows, per_code_rows = [], []
    for name, ref, oth in (("auto_vs_adjudicated", gold, auto), ("auto_vs_coder_a", coder_a, auto),
                           ("auto_vs_coder_b", coder_b, auto), ("coder_a_vs_coder_b", coder_a, coder_b)):
        per_code, overall = compare_multilabel(ref, oth)
        overall_rows.append({"comparison": name, "variable": "urusan", **overall})
        per_code_rows.append(per_code.assign(comparison=name))
    doc_auto = dict(zip(agreements["record_id"], agreements["doc_type_code"]))
    doc_gold = {r: normalise_human_doc_type(human.at[r, "jenis_dokumen_kode"]) for r in ids}
    overall_rows.append({"comparison": "auto_vs_adjudicated", "variable": "doc_type",
                         **compare_labels(doc_gold, doc_auto)})
    three = {"KB", "PKS", "KB+PKS", "ADENDUM"}
    sub = [r for r in ids if doc_gold[r] in three]
    overall_rows.append({"comparison": "auto_vs_adjudicated", "variable": "doc_type_kb_pks_adendum",
                         **compare_labels({r: doc_gold[r] for r in sub}, doc_auto)})
    if relationships is not None and "status_tindak_lanjut" in human:
        auto_ft = automatic_follow_through(agreements, relationships)
        gold_ft = {r: {c.strip() for c in str(human.at[r, "status_tindak_lanjut"]).split(";")}
                   & set(FOLLOW_THROUGH_CODES) for r in ids}
        per_code, overall = compare_multilabel(gold_ft, auto_ft, codes=list(FOLLOW_THROUGH_CODES))
        overall_rows.append({"comparison": "auto_vs_adjudicated", "variable": "follow_through", **overall})
        per_code_rows.append(per_code.assign(comparison="auto_vs_adjudicated_follow_through"))
    per_code = pd.concat(per_code_rows, ignore_index=True)
    per_code = per_code[["comparison"] + [c for c in per_code.columns if c != "comparison"]]
    overall = pd.DataFrame(overall_rows).assign(in_sample=True)
    return {"overall": overall, "per_code": per_code}
