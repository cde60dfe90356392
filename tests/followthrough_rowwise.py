"""The row-wise follow-through code as it was before it became columnar (commit e2f3646), kept as the oracle
that the columnar functions must match table for table (tests/test_followthrough.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kerjasama_study.codebook import load_codebook
from kerjasama_study.followthrough import (
    DOC_EVENTS,
    FOLLOW_THROUGH_COLUMNS,
    KB_TYPES,
    PKS_TYPES,
    RELATIONSHIP_COLUMNS,
    _normalise_party_name,
    _str,
    as_of_date,
    expiry,
    status_events,
)
from kerjasama_study.text import is_blank


def party_keys(parties: pd.DataFrame) -> pd.Series:
    """The order-free key of each record's party set (row-wise, as before the columnar version)."""
    key = parties["region_code"].where(parties["region_code"].notna(),
                                       "~" + parties["name_raw"].map(_normalise_party_name))
    return key.groupby(parties["record_id"], sort=False).agg(lambda s: "|".join(sorted(set(s))))


def link_lifecycles_rowwise(agreements: pd.DataFrame, parties: pd.DataFrame, sectors: pd.DataFrame,
                    window_months: int | None = None, max_years: int | None = None) -> pd.DataFrame:
    """The ``relationships`` table (one row per record, ordered by relationship, thread and date)."""
    cfg = load_codebook().raw["followthrough"]
    window_months = window_months if window_months is not None else cfg["thread_window_months"]
    max_years = max_years if max_years is not None else cfg["max_term_years"]
    keys = party_keys(parties)
    codes = sectors.groupby("record_id")["urusan_code"].agg(lambda s: frozenset(s) - {"0.00"})
    a = agreements.assign(party_key=agreements["record_id"].map(keys))
    a = a[a["party_key"].notna()].copy()
    a["_order"] = a["date_signed"].fillna(pd.Timestamp.max)
    a = a.sort_values(["party_key", "_order", "record_id"])

    rel_ids = {k: f"REL-{i:04d}" for i, k in enumerate(sorted(a["party_key"].unique()), start=1)}
    rows = []
    for key, group in a.groupby("party_key", sort=True):
        threads: list[dict] = []
        for r in group.itertuples(index=False):
            sect = codes.get(r.record_id, frozenset())
            text = " ".join(str(x) for x in (r.doc_type, r.subject, r.status) if not is_blank(x))
            thread = _find_thread(threads, sect, r.date_signed, text, window_months)
            if thread is None:
                thread = {"id": f"{rel_ids[key]}-T{len(threads) + 1}", "sectors": set(), "last": None,
                          "numbers": []}
                threads.append(thread)
            status = _str(r.status)
            events = status_events(status)
            earlier_kb = thread.get("has_kb", False)  # a second KB in a thread renews the first
            if r.doc_type_code in KB_TYPES:
                thread["has_kb"] = True
            thread["sectors"] |= sect
            if not pd.isna(r.date_signed):
                thread["last"] = r.date_signed
            if not is_blank(r.doc_number) and len(str(r.doc_number)) >= 5:
                thread["numbers"].append(r.doc_number)
            exp, basis = expiry(r.date_signed, r.end_date, r.duration, status, max_years)
            rows.append({
                "record_id": r.record_id, "relationship_id": rel_ids[key], "thread_id": thread["id"],
                "event": "perpanjangan" if (r.doc_type_code in KB_TYPES and (r.stage == "S6" or earlier_kb))
                else DOC_EVENTS.get(r.doc_type_code, "dokumen"),
                "event_date": r.date_signed, "date_precision": r.date_precision,
                "status_events": ";".join(e for e, _ in events),
                "status_evidence": "; ".join(f"{e}: {ev}" for e, ev in events),
                "expiry_date": exp, "expiry_basis": basis, "party_key": key,
            })
    out = pd.DataFrame(rows, columns=RELATIONSHIP_COLUMNS)
    for col in ("event_date", "expiry_date"):
        out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
    for col in ("record_id", "relationship_id", "thread_id", "event", "date_precision", "status_events",
                "status_evidence", "expiry_basis", "party_key"):
        out[col] = out[col].astype("string")
    return out


def _find_thread(threads: list[dict], sect: frozenset, date, text: str, window_months: int) -> dict | None:
    for thread in threads:  # an explicit citation of an earlier document number wins
        if any(num in text for num in thread["numbers"]):
            return thread
    best = None
    for thread in threads:
        general = not sect or not thread["sectors"]
        if not (general or sect & thread["sectors"]):
            continue
        if thread["last"] is not None and not pd.isna(date):
            months = (date - thread["last"]).days / 30.44
            if months > window_months:
                continue
        best = thread  # the most recent compatible thread
    return best


def follow_through_rowwise(agreements: pd.DataFrame, relationships: pd.DataFrame, as_of=None) -> pd.DataFrame:
    """One row per KB (KB, KB+PKS, NK records) with its follow-through measures.

    ``reached_pks``: ``yes`` (a PKS in the same thread on or after the KB, a KB+PKS, or a status saying a PKS
    was signed), ``no`` (the KB expired before the as-of date without one) or ``censored`` (still open).
    ``time_months``/``event`` are the survival variables: months from the KB to its PKS (event 1) or to the
    earlier of expiry and the as-of date (event 0).
    """
    as_of = pd.Timestamp(as_of) if as_of is not None else as_of_date(agreements)
    a = agreements.set_index("record_id")
    rel = relationships.set_index("record_id")
    rows = []
    for rid, r in rel.iterrows():
        doc = a.at[rid, "doc_type_code"]
        if doc not in KB_TYPES:
            continue
        kb_date = r["event_date"]
        thread = relationships[relationships["thread_id"] == r["thread_id"]]
        later = thread[(thread["record_id"] != rid)
                       & thread["record_id"].map(a["doc_type_code"]).isin(PKS_TYPES)
                       & (thread["event_date"] >= kb_date if not pd.isna(kb_date) else False)]
        events = set(str(r["status_events"] or "").split(";")) - {""}
        thread_events = set(";".join(thread["status_events"].fillna("")).split(";")) - {""}
        pks_date, pks_basis = None, None
        if doc == "KB+PKS":
            pks_date, pks_basis = kb_date, "same_event"
        elif len(later):
            first = later.sort_values("event_date").iloc[0]
            pks_date, pks_basis = first["event_date"], f"linked:{first['record_id']}"
        elif "pks_signed" in events:
            pks_basis = "status_text"
        expiry_date = r["expiry_date"]
        if pks_basis:
            reached = "yes"
        elif not pd.isna(expiry_date) and expiry_date < as_of:
            reached = "no"
        else:
            reached = "censored"
        months = ((pks_date - kb_date).days / 30.44) if (pks_date is not None and not pd.isna(kb_date)) else np.nan
        if pd.isna(kb_date):
            time_months, event = np.nan, np.nan
        elif reached == "yes" and not np.isnan(months):
            time_months, event = months, 1
        elif reached == "yes":  # PKS reported without a date: the event time is unknown
            time_months, event = np.nan, np.nan
        else:
            end = min(as_of, expiry_date) if not pd.isna(expiry_date) else as_of
            time_months, event = max((end - kb_date).days / 30.44, 0.0), 0
        rows.append({
            "record_id": rid, "relationship_id": r["relationship_id"], "thread_id": r["thread_id"],
            "kb_date": kb_date, "date_precision": r["date_precision"], "doc_type_code": doc,
            "cooperation_kind": a.at[rid, "cooperation_kind"], "ksdd_basis": a.at[rid, "ksdd_basis"],
            "n_sectors": a.at[rid, "n_sectors"], "n_parties": a.at[rid, "n_parties"],
            "reached_pks": reached, "pks_date": pks_date, "pks_basis": pks_basis,
            "months_to_pks": round(months, 1) if not np.isnan(months) else np.nan,
            "implementation_reported": bool({"implemented"} & (events | thread_events)),
            "renewed": bool({"renewed"} & events) or r["event"] == "perpanjangan",
            "cancelled": "cancelled" in events,
            "expiry_date": expiry_date, "expiry_basis": r["expiry_basis"],
            "expired_without_pks": reached == "no",
            "age_months": round((as_of - kb_date).days / 30.44, 1) if not pd.isna(kb_date) else np.nan,
            "time_months": round(time_months, 2) if not np.isnan(time_months) else np.nan, "event": event,
            "as_of": as_of,
        })
    out = pd.DataFrame(rows, columns=FOLLOW_THROUGH_COLUMNS)
    if out.empty:  # no KB in the data: the same columns and types, no rows
        out = out.astype({"months_to_pks": "float64", "age_months": "float64", "time_months": "float64",
                          "n_sectors": "int64", "n_parties": "int64", "implementation_reported": "bool",
                          "renewed": "bool", "cancelled": "bool", "expired_without_pks": "bool"})
    for col in ("kb_date", "pks_date", "expiry_date", "as_of"):
        out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
    out["event"] = out["event"].astype("Float64")
    for col in ("record_id", "relationship_id", "thread_id", "date_precision", "doc_type_code", "cooperation_kind",
                "ksdd_basis", "reached_pks", "pks_basis", "expiry_basis"):
        out[col] = out[col].astype("string")
    return out.sort_values(["kb_date", "record_id"], na_position="last", ignore_index=True)
