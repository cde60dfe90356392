"""Follow-through: link records into relationships and threads, code status words, measure KB -> PKS.

- :func:`status_events` codes a status text ("sudah PKS", "belum ditindaklanjuti", "berakhir", "diperpanjang",
  "dibatalkan", "tidak aktif", and the English notes of compiled datasets) into events with evidence.
- :func:`link_lifecycles` builds the ``relationships`` table: one row per record with its relationship, thread,
  the event it contributes and its date, and its expiry (with the basis of the expiry date).
- :func:`follow_through` builds the ``follow_through`` table: one row per KB with whether it reached a PKS
  (yes / no / censored at the as-of date), months to PKS, implementation reported, expiry without PKS.
- :func:`watch_lists` lists what staff can act on: KBs without a PKS, PKS without implementation, implementation
  without evaluation, signed documents about to expire and those that expired without renewal.

The rules are in the codebook (``followthrough`` and ``status_events`` in ``codebook.yml``).

>>> [e for e, _ in status_events("Sudah PKS; kegiatan sudah berjalan")]
['pks_signed', 'implemented']
>>> parse_duration_months("5 (lima) tahun"), parse_duration_months("Valid 12 months"), parse_duration_months("")
(60, 12, None)
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from .codebook import load_codebook
from .text import fold, is_blank, map_distinct

KB_TYPES = ("KB", "KB+PKS", "NK")
PKS_TYPES = ("PKS", "KB+PKS")
DOC_EVENTS = {"KB": "kb", "NK": "kb", "PKS": "pks", "KB+PKS": "kb+pks", "ADENDUM": "adendum", "LOI": "loi",
              "DRAFT": "rencana", "BERITA_ACARA": "berita_acara", "EVALUASI": "evaluasi", "FORUM": "forum",
              "UNKNOWN": "dokumen"}
RELATIONSHIP_COLUMNS = ["record_id", "relationship_id", "thread_id", "event", "event_date", "date_precision",
                        "status_events", "status_evidence", "expiry_date", "expiry_basis", "party_key"]
#: A status phrase right after a negation ("PKS not extended", "tidak diperpanjang") is not that event.
_NEGATED = re.compile(r"\b(?:not|no|never|tidak|belum|bukan)\s+(?:\w+\s+)?$")
_NUMBER_WORDS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "sepuluh": 10, "one": 1,
                 "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10}


# --- status words --------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _status_matchers() -> list[tuple[str, re.Pattern, list[re.Pattern]]]:
    out = []
    for ev in load_codebook().raw["status_events"]:
        phrases = sorted({fold(p) for p in ev["phrases"]}, key=len, reverse=True)
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, phrases)) + r")\b")
        out.append((ev["code"], pattern, [re.compile(p) for p in ev.get("patterns") or []]))
    return out


@lru_cache(maxsize=20_000)
def status_events(text: str | None) -> tuple[tuple[str, str], ...]:
    """Events reported in a status text, in codebook order, each with the phrase that triggered it."""
    if not text:
        return ()
    folded = fold(text)
    lowered = " ".join(str(text).lower().split())  # patterns see punctuation: a clause ends at . or ;
    found = []
    for code, pattern, extra in _status_matchers():
        m = next((m for m in pattern.finditer(folded) if not _NEGATED.search(folded[:m.start()])), None)
        if m:
            found.append((code, m.group(0)))
            continue
        for p in extra:
            m = p.search(lowered)
            if m:
                found.append((code, m.group(0)))
                break
    return tuple(found)


_DURATION = re.compile(r"\b(\d+|" + "|".join(_NUMBER_WORDS) + r")\s*(?:\(\s*\w+\s*\)\s*)?(?:(?:budget|fiscal)\s+)?"
                       r"(tahun|thn|years?|bulan|bln|months?)\b")
_YEAR_SPAN = re.compile(r"\b(20\d{2})\s*(?:-|–|s\.?d\.?|sampai|to)\s*(20\d{2})\b")


def parse_duration_months(text: str | None) -> int | None:
    """A duration in months from text such as "5 tahun", "3 (tiga) tahun", "24 bulan", "valid 12 months"."""
    if not text:
        return None
    m = _DURATION.search(fold(text))
    if not m:
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else _NUMBER_WORDS[m.group(1)]
    return n * 12 if m.group(2).startswith(("tahun", "thn", "year")) else n


def year_span_end(text: str | None) -> pd.Timestamp | None:
    """The end of a year span such as "2025-2030" (31 December of the last year)."""
    m = _YEAR_SPAN.search(str(text or ""))
    if m and int(m.group(2)) > int(m.group(1)):
        return pd.Timestamp(int(m.group(2)), 12, 31)
    return None


def expiry(date_signed, end_date, duration, status, max_years: int = 5) -> tuple[pd.Timestamp | None, str]:
    """(expiry date, basis): the end date; else signing date + duration (column or status text); else the
    maximum term (an assumption, stated in the basis)."""
    duration, status = _str(duration), _str(status)
    if end_date is not None and not pd.isna(end_date):
        return pd.Timestamp(end_date), "end_date"
    span = year_span_end(duration) or year_span_end(status)
    if span is not None:
        return span, "year_span"
    if date_signed is None or pd.isna(date_signed):
        return None, "unknown"
    months = parse_duration_months(duration)
    if months:
        return pd.Timestamp(date_signed) + pd.DateOffset(months=months), "jangka_waktu"
    months = parse_duration_months(status)
    if months:
        return pd.Timestamp(date_signed) + pd.DateOffset(months=months), "status_text"
    return pd.Timestamp(date_signed) + pd.DateOffset(years=max_years), f"assumed_{max_years}y"


def _str(value) -> str | None:
    return None if is_blank(value) else str(value)


# --- linking -------------------------------------------------------------------------------------------------

def party_keys(parties: pd.DataFrame) -> pd.Series:
    """The order-free key of each record's party set: region codes, other parties by normalised name; indexed by
    record id in the order the records first appear.

    >>> party_keys(pd.DataFrame({"record_id": ["A", "A", "B"], "region_code": ["62.02", None, "62"],
    ...                          "name_raw": ["Kab. Kotim", "PT Maju Jaya", "Kalteng"]})).to_dict()
    {'A': '62.02|~maju jaya', 'B': '62'}
    """
    if parties.empty:
        return pd.Series(dtype=object, index=pd.Index([], dtype=object))
    region = parties["region_code"].astype(object)
    names = parties["name_raw"].astype(object).where(region.isna())
    other = map_distinct(names, lambda n: None if n is None else "~" + _normalise_party_name(n))
    key = np.where(region.notna().to_numpy(), region.to_numpy(dtype=object), np.asarray(other, dtype=object))
    record, records = pd.factorize(parties["record_id"].astype(object))  # records in the order they first appear
    key_no, keys = pd.factorize(key)
    keys = np.asarray(keys, dtype=object)
    rank = np.argsort(np.argsort(keys.astype(str), kind="stable"), kind="stable")[key_no]
    order = np.lexsort((rank, record))  # by record, then by key text
    record, key_no = record[order], key_no[order]
    new = np.r_[True, (record[1:] != record[:-1]) | (key_no[1:] != key_no[:-1])]  # each key once per record
    record, key_no = record[new], key_no[new]
    bounds = np.r_[np.flatnonzero(np.r_[True, record[1:] != record[:-1]]), len(record)]
    words = keys[key_no].tolist()
    joined = ["|".join(words[i:j]) for i, j in zip(bounds[:-1].tolist(), bounds[1:].tolist())]
    return pd.Series(joined, index=pd.Index(records[record[bounds[:-1]]], dtype=object), dtype=object)


def _normalise_party_name(name: str) -> str:
    folded = fold(name)
    folded = re.sub(r"\b(pt|cv|tbk|persero|perseroan terbatas)\b", " ", folded)
    return " ".join(folded.split())


def expiry_columns(date_signed: pd.Series, end_date: pd.Series, duration: pd.Series, status: pd.Series,
                   max_years: int = 5) -> tuple[pd.Series, pd.Series]:
    """:func:`expiry` over columns (each text parsed once per distinct value, dates shifted once per distinct
    number of months): ``(expiry date, basis)``."""
    index = date_signed.index
    date = pd.to_datetime(date_signed)
    end = pd.to_datetime(end_date) if end_date is not None else pd.Series(pd.NaT, index=index)
    blank = pd.Series(None, index=index, dtype=object)
    dur = pd.Series(map_distinct(duration, _str), index=index, dtype=object) if duration is not None else blank
    st = pd.Series(map_distinct(status, _str), index=index, dtype=object) if status is not None else blank

    def per_value(series, fn):
        return pd.Series(map_distinct(series, lambda v: None if v is None else fn(v)), index=index, dtype=object)

    span = per_value(dur, year_span_end).combine_first(per_value(st, year_span_end))
    m_dur, m_st = per_value(dur, parse_duration_months), per_value(st, parse_duration_months)
    out = pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    basis = pd.Series("unknown", index=index, dtype=object)
    todo = pd.Series(True, index=index)

    def assign(mask, values, name):
        nonlocal todo
        mask = mask.fillna(False).astype(bool) & todo
        out[mask] = values[mask] if isinstance(values, pd.Series) else values
        basis[mask] = name
        todo = todo & ~mask

    assign(end.notna(), end, "end_date")
    assign(span.notna(), pd.to_datetime(span), "year_span")
    todo &= date.notna().to_numpy()
    for months, name in ((m_dur, "jangka_waktu"), (m_st, "status_text")):
        months = months.where(todo)
        for m in pd.unique(months.dropna()):
            assign(months == m, date + pd.DateOffset(months=int(m)), name)
    assign(todo, date + pd.DateOffset(years=max_years), f"assumed_{max_years}y")
    return out, basis


def link_lifecycles(agreements: pd.DataFrame, parties: pd.DataFrame, sectors: pd.DataFrame,
                    window_months: int | None = None, max_years: int | None = None) -> pd.DataFrame:
    """The ``relationships`` table (one row per record, ordered by relationship, thread and date).

    Everything per record is computed column-wise first (status events and durations once per distinct text,
    expiry dates once per distinct term); only the assignment of records to threads walks the records of each
    relationship in date order, over plain Python values."""
    cfg = load_codebook().raw["followthrough"]
    window_months = window_months if window_months is not None else cfg["thread_window_months"]
    max_years = max_years if max_years is not None else cfg["max_term_years"]
    keys = party_keys(parties)
    specific = sectors.loc[sectors["urusan_code"] != "0.00", ["record_id", "urusan_code"]].astype(object)
    sectors_of: dict[str, set] = {}
    for r, c in zip(specific["record_id"].tolist(), specific["urusan_code"].tolist()):
        sectors_of.setdefault(r, set()).add(c)
    a = agreements.assign(party_key=agreements["record_id"].astype(object).map(keys))
    a = a[a["party_key"].notna()].copy()
    a["_order"] = a["date_signed"].fillna(pd.Timestamp.max)
    a = a.sort_values(["party_key", "_order", "record_id"])
    if a.empty:
        return _relationships_frame([])

    status = a["status"].astype(object) if "status" in a else pd.Series(None, index=a.index, dtype=object)
    events = map_distinct(status, lambda s: status_events(_str(s)))
    exp, basis = expiry_columns(a["date_signed"], a.get("end_date"), a.get("duration"), a.get("status"), max_years)
    party_key = a["party_key"].to_numpy(dtype=object)
    bounds = np.r_[np.flatnonzero(np.r_[True, party_key[1:] != party_key[:-1]]), len(a)]
    shared = np.repeat(np.diff(bounds) > 1, np.diff(bounds))  # rows of a relationship with several records
    parts = [map_distinct(a.loc[shared, c].astype(object), lambda v: "" if is_blank(v) else str(v))
             for c in ("doc_type", "subject", "status")]
    texts = np.full(len(a), "", dtype=object)  # what a record says, searched for earlier document numbers
    texts[shared] = [" ".join(x for x in row if x) for row in zip(*parts)]
    is_kb = a["doc_type_code"].isin(KB_TYPES).tolist()
    renewal_stage = (a["stage"] == "S6").fillna(False).tolist() if "stage" in a else [False] * len(a)
    doc_event = a["doc_type_code"].map(DOC_EVENTS).fillna("dokumen").tolist()
    rid = a["record_id"].to_numpy(dtype=object)
    ns = a["date_signed"].to_numpy(dtype="datetime64[ns]")
    days = pd.Series(ns.astype("datetime64[D]").astype(np.int64), dtype=object).where(~np.isnat(ns), None).tolist()
    sects = [frozenset(sectors_of.get(r, ())) if several else None for r, several in zip(rid, shared)]
    numbers = map_distinct(a["doc_number"].astype(object), lambda x: None if is_blank(x) or len(str(x)) < 5 else x)

    rel_of = {k: f"REL-{i:04d}" for i, k in enumerate(sorted(pd.unique(party_key)), start=1)}
    thread_ids, event_kind = [], []
    for start, stop in zip(bounds[:-1].tolist(), bounds[1:].tolist()):  # one relationship (party set) at a time
        rel_id = rel_of[party_key[start]]
        if stop - start == 1:  # a relationship of one record: one thread
            thread_ids.append(f"{rel_id}-T1")
            event_kind.append("perpanjangan" if is_kb[start] and renewal_stage[start] else doc_event[start])
            continue
        threads: list[dict] = []
        for i in range(start, stop):
            thread = _find_thread(threads, sects[i], days[i], texts[i], window_months)
            if thread is None:
                thread = {"id": f"{rel_id}-T{len(threads) + 1}", "sectors": set(), "last": None, "numbers": []}
                threads.append(thread)
            earlier_kb = thread.get("has_kb", False)  # a second KB in a thread renews the first
            if is_kb[i]:
                thread["has_kb"] = True
            thread["sectors"] |= sects[i]
            if days[i] is not None:
                thread["last"] = days[i]
            if numbers[i] is not None:
                thread["numbers"].append(numbers[i])
            thread_ids.append(thread["id"])
            event_kind.append("perpanjangan" if is_kb[i] and (renewal_stage[i] or earlier_kb) else doc_event[i])
    joined = map_distinct(pd.Series(events, dtype=object), lambda ev: (";".join(e for e, _ in ev or ()),
                                                                      "; ".join(f"{e}: {x}" for e, x in ev or ())))
    out = pd.DataFrame({
        "record_id": rid, "relationship_id": [rel_of[k] for k in party_key], "thread_id": thread_ids,
        "event": event_kind, "event_date": ns, "date_precision": a["date_precision"].to_numpy(),
        "status_events": [j[0] for j in joined], "status_evidence": [j[1] for j in joined],
        "expiry_date": exp.to_numpy(), "expiry_basis": basis.to_numpy(), "party_key": party_key,
    })
    return _relationships_frame(out)


def _relationships_frame(rows) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=RELATIONSHIP_COLUMNS) if isinstance(rows, list) else rows
    for col in ("event_date", "expiry_date"):
        out[col] = pd.to_datetime(out[col]).astype("datetime64[ns]")
    for col in ("record_id", "relationship_id", "thread_id", "event", "date_precision", "status_events",
                "status_evidence", "expiry_basis", "party_key"):
        out[col] = out[col].astype("string")
    return out.reset_index(drop=True)


def _find_thread(threads: list[dict], sect: frozenset, day: int | None, text: str, window_months: int) -> dict | None:
    """The thread a record joins (``day``: its signing date as a day number, None when unknown)."""
    for thread in threads:  # an explicit citation of an earlier document number wins
        if any(num in text for num in thread["numbers"]):
            return thread
    best = None
    for thread in threads:
        general = not sect or not thread["sectors"]
        if not (general or sect & thread["sectors"]):
            continue
        if thread["last"] is not None and day is not None:
            months = (day - thread["last"]) / 30.44
            if months > window_months:
                continue
        best = thread  # the most recent compatible thread
    return best


# --- measures per KB -----------------------------------------------------------------------------------------

#: Flags that make a signing date unfit to date the analysis (see ``clean``).
IMPLAUSIBLE_DATE_FLAGS = ("date_in_future", "date_before_1945")


def as_of_date(agreements: pd.DataFrame) -> pd.Timestamp:
    """The data's as-of date: the latest plausible signing date in the register (deterministic, unlike today's
    date); a date flagged as in the future or before 1945 never sets it."""
    flags = agreements["flags"].fillna("") if "flags" in agreements else pd.Series("", index=agreements.index)
    implausible = flags.str.contains("|".join(IMPLAUSIBLE_DATE_FLAGS), regex=True)
    dates = agreements.loc[~implausible, "date_signed"].dropna()
    return dates.max() if len(dates) else pd.Timestamp("1970-01-01")


FOLLOW_THROUGH_COLUMNS = [
    "record_id", "relationship_id", "thread_id", "kb_date", "date_precision", "doc_type_code", "cooperation_kind",
    "ksdd_basis", "n_sectors", "n_parties", "reached_pks", "pks_date", "pks_basis", "months_to_pks",
    "implementation_reported", "renewed", "cancelled", "expiry_date", "expiry_basis", "expired_without_pks",
    "age_months", "time_months", "event", "as_of",
]  # fmt: skip


def follow_through(agreements: pd.DataFrame, relationships: pd.DataFrame, as_of=None) -> pd.DataFrame:
    """One row per KB (KB, KB+PKS, NK records) with its follow-through measures.

    ``reached_pks``: ``yes`` (a PKS in the same thread on or after the KB, a KB+PKS, or a status saying a PKS
    was signed), ``no`` (the KB expired before the as-of date without one) or ``censored`` (still open).
    ``time_months``/``event`` are the survival variables: months from the KB to its PKS (event 1) or to the
    earlier of expiry and the as-of date (event 0). Computed column-wise: the later PKS of every KB by one join
    of the KBs with the PKS records of their threads.
    """
    as_of = pd.Timestamp(as_of) if as_of is not None else as_of_date(agreements)
    a = agreements.set_index("record_id")
    rel = relationships.reset_index(drop=True)
    rel = rel.assign(_pos=np.arange(len(rel)), doc_type_code=rel["record_id"].map(a["doc_type_code"]))
    kb = rel[rel["doc_type_code"].isin(KB_TYPES)].copy()
    if kb.empty:
        return _follow_through_frame(pd.DataFrame(columns=FOLLOW_THROUGH_COLUMNS))
    # the earliest PKS in the same thread on or after the KB (ties: the first in the thread's order)
    pks = rel.loc[rel["doc_type_code"].isin(PKS_TYPES), ["thread_id", "record_id", "event_date", "_pos"]]
    pairs = kb[["record_id", "thread_id", "event_date"]].merge(pks, on="thread_id", suffixes=("", "_pks"))
    pairs = pairs[(pairs["record_id_pks"] != pairs["record_id"]) & pairs["event_date"].notna()
                  & (pairs["event_date_pks"] >= pairs["event_date"])]
    first = (pairs.sort_values(["record_id", "event_date_pks", "_pos"], kind="mergesort")
             .drop_duplicates("record_id")[["record_id", "record_id_pks", "event_date_pks"]])
    kb = kb.merge(first, on="record_id", how="left")
    def event_sets(codes: pd.Series) -> pd.Series:
        return pd.Series(map_distinct(codes, lambda s: frozenset(e for e in (s or "").split(";") if e)),
                         index=codes.index, dtype=object)

    implemented = event_sets(rel["status_events"]).map(lambda e: "implemented" in e)
    thread_implemented = implemented.groupby(rel["thread_id"].astype(object)).any()  # its own status included
    events = event_sets(kb["status_events"])
    kb_date = kb["event_date"]
    linked_date = pd.to_datetime(kb["event_date_pks"])
    linked_id = kb["record_id_pks"].astype(object).where(kb["record_id_pks"].notna(), None)
    same = kb["doc_type_code"] == "KB+PKS"
    has_pks_status = events.map(lambda e: "pks_signed" in e)
    pks_date = kb_date.where(same, linked_date.where(linked_id.notna()))
    pks_basis = pd.Series(np.select([same, linked_id.notna(), has_pks_status],
                                    ["same_event", "linked:" + linked_id.fillna("").astype(str), "status_text"],
                                    default=""), index=kb.index, dtype=object).replace("", None)
    expiry_date = kb["expiry_date"]
    expired = expiry_date.notna() & (expiry_date < as_of)
    reached = np.select([pks_basis.notna(), expired], ["yes", "no"], default="censored")
    months = (pks_date - kb_date).dt.days / 30.44
    months = months.where(pks_date.notna() & kb_date.notna())
    end = expiry_date.where(expiry_date.notna() & (expiry_date < as_of), as_of)
    open_time = ((end - kb_date).dt.days / 30.44).clip(lower=0.0)
    has_date = kb_date.notna()
    yes = reached == "yes"
    time_months = np.where(~has_date, np.nan, np.where(yes, months, open_time))
    event = np.where(~has_date | (yes & months.isna()), np.nan, np.where(yes, 1.0, 0.0))
    out = pd.DataFrame({
        "record_id": kb["record_id"], "relationship_id": kb["relationship_id"], "thread_id": kb["thread_id"],
        "kb_date": kb_date, "date_precision": kb["date_precision"], "doc_type_code": kb["doc_type_code"],
        "cooperation_kind": kb["record_id"].map(a["cooperation_kind"]),
        "ksdd_basis": kb["record_id"].map(a["ksdd_basis"]),
        "n_sectors": kb["record_id"].map(a["n_sectors"]), "n_parties": kb["record_id"].map(a["n_parties"]),
        "reached_pks": reached, "pks_date": pks_date, "pks_basis": pks_basis,
        "months_to_pks": months.round(1),
        "implementation_reported": kb["thread_id"].astype(object).map(thread_implemented).fillna(False),
        "renewed": events.map(lambda e: "renewed" in e) | (kb["event"] == "perpanjangan"),
        "cancelled": events.map(lambda e: "cancelled" in e),
        "expiry_date": expiry_date, "expiry_basis": kb["expiry_basis"], "expired_without_pks": reached == "no",
        "age_months": ((as_of - kb_date).dt.days / 30.44).round(1),
        "time_months": pd.Series(time_months, index=kb.index).round(2), "event": event, "as_of": as_of,
    }, columns=FOLLOW_THROUGH_COLUMNS)
    return _follow_through_frame(out)


def _follow_through_frame(out: pd.DataFrame) -> pd.DataFrame:
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


#: Document types that are signed agreements with a term (plans, drafts, forums and minutes are not).
SIGNED_TYPES = ("KB", "NK", "PKS", "KB+PKS", "ADENDUM")
#: Records that are no signed agreement at all: they make no partner tie and count in no panel.
NOT_SIGNED = ("DRAFT", "FORUM", "LOI", "EVALUASI")
#: Status events that report progress after a signing.
PROGRESS_EVENTS = ("implemented", "pks_signed")
#: The rules of the watch lists, in the order they are shown.
WATCH_RULES = ("kb_without_pks", "pks_without_implementation", "implementation_without_evaluation",
               "expiring", "expired_without_renewal")
#: Default windows of the watch lists, in months.
OLDER_THAN_MONTHS, ENDING_WITHIN_MONTHS, EXPIRED_WITHIN_MONTHS = 12, 6, 24


def watch_windows(older_than_months: int = OLDER_THAN_MONTHS, ending_within_months: int = ENDING_WITHIN_MONTHS,
                  expired_within_months: int = EXPIRED_WITHIN_MONTHS) -> dict[str, int | str]:
    """The window (months) each watch-list rule uses, for its label ("" for a rule without one)."""
    return {"kb_without_pks": older_than_months, "pks_without_implementation": older_than_months,
            "implementation_without_evaluation": "", "expiring": ending_within_months,
            "expired_without_renewal": expired_within_months}


WATCH_COLUMNS = ["rule", "record_id", "doc_type_code", "doc_number", "parties_raw", "subject", "date_signed",
                 "age_months", "expiry_date", "expiry_basis", "source_url"]


def watch_lists(ft: pd.DataFrame, agreements: pd.DataFrame, relationships: pd.DataFrame,
                older_than_months: int = OLDER_THAN_MONTHS, ending_within_months: int = ENDING_WITHIN_MONTHS,
                expired_within_months: int = EXPIRED_WITHIN_MONTHS, as_of=None) -> dict[str, pd.DataFrame]:
    """The follow-ups staff can act on, one list per rule (:data:`WATCH_RULES`), each row with what is needed to
    act (document number, parties, subject, dates, source) and the ``rule`` that put it there.

    - ``kb_without_pks``: a KB (or NK) signed more than ``older_than_months`` before ``as_of``, still valid, with
      no PKS and no status reporting progress ("sudah berjalan", "already under way");
    - ``pks_without_implementation``: a PKS (or KB+PKS) older than ``older_than_months``, still valid, with no
      implementation reported in its thread;
    - ``implementation_without_evaluation``: a valid agreement whose thread reports implementation but holds no
      evaluation record;
    - ``expiring``: a signed agreement (never a plan, draft or forum) whose expiry falls after ``as_of`` and within
      ``ending_within_months``, not replaced by a later signed document of its thread and not cancelled;
    - ``expired_without_renewal``: a signed agreement that expired in the ``expired_within_months`` before ``as_of``
      with no later signed document in its thread and no cancellation.

    ``as_of`` defaults to the as-of date of ``ft`` (the date the pipeline used). An expiry whose basis is
    ``assumed_5y`` rests on the 5-year maximum term, not on the document.
    """
    as_of = pd.Timestamp(as_of) if as_of else (ft["as_of"].iloc[0] if len(ft) else None)
    empty = {rule: pd.DataFrame(columns=WATCH_COLUMNS) for rule in WATCH_RULES}
    if as_of is None or pd.isna(as_of) or relationships.empty:
        return empty
    rel = relationships.merge(
        agreements[["record_id", "doc_type_code", "doc_number", "parties_raw", "subject", "source_url"]]
        .rename(columns={"doc_type_code": "doc_type"}), on="record_id", how="left")
    rel["events"] = [set(str(e or "").split(";")) - {""} for e in rel["status_events"].tolist()]
    thread_events: dict[str, set] = {}
    for thread, events in zip(rel["thread_id"].tolist(), rel["events"].tolist()):
        thread_events.setdefault(thread, set()).update(events)
    rel["thread_events"] = [thread_events[t] for t in rel["thread_id"].tolist()]
    evaluated = set(rel.loc[rel["doc_type"] == "EVALUASI", "relationship_id"])
    signed = rel["doc_type"].isin(SIGNED_TYPES) & rel["event_date"].notna()
    # a signed document is replaced by a later signed document of its thread
    last_signed = rel[signed].groupby("thread_id")["event_date"].max()
    later = pd.to_datetime(rel["thread_id"].map(last_signed.to_dict()).astype(object), errors="coerce")
    replaced = (rel["event_date"] < later).fillna(False)
    cancelled = rel["events"].map(lambda e: "cancelled" in e)
    valid = signed & ~cancelled & (rel["expiry_date"] > as_of)
    age = ((as_of - rel["event_date"]).dt.days / 30.44).round(1)
    old = age > older_than_months
    progress = rel["thread_events"].map(lambda e: bool(e & set(PROGRESS_EVENTS)))
    implemented = rel["thread_events"].map(lambda e: "implemented" in e)
    reached = rel["record_id"].map(ft.set_index("record_id")["reached_pks"]) if len(ft) else None
    horizon = as_of + pd.DateOffset(months=ending_within_months)
    since = as_of - pd.DateOffset(months=expired_within_months)
    masks = {
        "kb_without_pks": valid & rel["doc_type"].isin(["KB", "NK"]) & old & ~progress
        & (reached.eq("censored") if reached is not None else False),
        "pks_without_implementation": valid & rel["doc_type"].isin(["PKS", "KB+PKS"]) & old & ~implemented,
        "implementation_without_evaluation": valid & implemented & ~rel["relationship_id"].isin(evaluated),
        "expiring": valid & ~replaced & (rel["expiry_date"] <= horizon),
        "expired_without_renewal": signed & ~cancelled & ~replaced & (rel["expiry_date"] <= as_of)
        & (rel["expiry_date"] > since),
    }
    out = {}
    for rule, mask in masks.items():
        rows = rel[mask.fillna(False).astype(bool)].assign(rule=rule, age_months=age[mask.fillna(False).astype(bool)])
        rows = rows.rename(columns={"doc_type": "doc_type_code", "event_date": "date_signed"})[WATCH_COLUMNS]
        key = ["expiry_date", "record_id"] if rule in ("expiring", "expired_without_renewal") else ["date_signed",
                                                                                                    "record_id"]
        out[rule] = rows.sort_values(key, ignore_index=True)
    return out


def funnel(ft: pd.DataFrame) -> pd.Series:
    """KB -> PKS -> implementation counts; implementation is counted by any route (with or without a PKS in the
    data), since registers and reports often skip the PKS.

    >>> funnel(pd.DataFrame({"reached_pks": ["yes", "no", "censored"], "implementation_reported": [False, True, False]})).tolist()
    [3, 1, 1]
    """
    return pd.Series({
        "KB": len(ft),
        "PKS": int((ft["reached_pks"] == "yes").sum()),
        "implementation": int(ft["implementation_reported"].fillna(False).astype(bool).sum()),
    })
