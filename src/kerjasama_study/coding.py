"""The automatic coder: sectors (urusan), document type and stage, cooperation kind, KSDD basis, regime.

Every function is pure: it takes the cleaned tables and returns new ones. Every code carries its evidence.

Sectors are coded from the subject text (multi-label): the text is split into segments at ``;`` and ``|``,
folded, and scanned for the codebook's keywords on word boundaries, the longest phrase first, so that
"kesehatan hewan" is agriculture, "perdagangan orang" is child and women protection and "KB" alone is never
a sector. Process words and generic aims are read as phrases too and ignored. A weak keyword
("infrastruktur") counts only in a segment that names no other affair. A record with no codable phrase is
coded 0.00.

>>> code_sector_text("peternakan dan kesehatan hewan; pencegahan perdagangan orang")
[('2.08', 'perdagangan orang'), ('3.27', 'peternakan; kesehatan hewan')]
>>> code_sector_text("pengembangan potensi daerah; pelayanan publik")
[('0.00', 'pengembangan potensi daerah; pelayanan publik')]
>>> code_doc_type("kesepakatan bersama (MoU) + 3 perjanjian kerja sama OPD")
('KB+PKS', 'kesepakatan bersama + perjanjian kerja sama')
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from .codebook import load_codebook
from .text import fold, map_distinct, phrase_alternation

_STOP = "__stop__"
_GENERIC = "__generic__"
_REGION_KINDS = ("provinsi", "kabupaten", "kota")
_FOREIGN_GOVERNMENT = re.compile(
    r"\b(?:city|kota|province|provinsi|prefecture|prefektur|state|negara bagian|county|municipality|"
    r"gemeente|region|district|distrik|wilayah)\b"
)


# --- sectors -------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _sector_matcher() -> tuple[re.Pattern, dict[str, list[tuple[str, bool]]]]:
    cb = load_codebook()
    phrases: dict[str, list[tuple[str, bool]]] = {}
    for row in cb.urusan.itertuples():
        for kw in str(row.keywords).split(";"):
            if kw:
                phrases.setdefault(fold(kw), []).append((row.code, False))
        for kw in str(row.weak_keywords).split(";"):
            if kw:
                phrases.setdefault(fold(kw), []).append((row.code, True))
    for p in cb.raw["stop_phrases"]:
        phrases.setdefault(fold(p), []).append((_STOP, False))
    for p in cb.raw["generic_phrases"]:
        phrases.setdefault(fold(p), []).append((_GENERIC, False))
    return re.compile(rf"\b(?:{phrase_alternation(phrases)})\b"), phrases  # the longest phrase that fits


@lru_cache(maxsize=50_000)
def code_sector_text(text: str | None) -> list[tuple[str, str]]:
    """Urusan codes named in a subject text, each with its evidence phrases, sorted by code."""
    pattern, phrases = _sector_matcher()
    evidence: dict[str, list[str]] = {}
    generic: list[str] = []
    for segment in re.split(r"[;|\n]", text or ""):
        strong: dict[str, list[str]] = {}
        weak: dict[str, list[str]] = {}
        for m in pattern.finditer(fold(segment)):
            phrase = m.group(0)
            for code, is_weak in phrases[phrase]:
                if code == _GENERIC:
                    generic.append(phrase)
                elif code != _STOP:
                    (weak if is_weak else strong).setdefault(code, []).append(phrase)
        for code, found in (strong or weak).items():
            evidence.setdefault(code, []).extend(found)
    if not evidence:
        return [("0.00", "; ".join(dict.fromkeys(generic)) or "(no affair named)")]
    return [(code, "; ".join(dict.fromkeys(ev))) for code, ev in sorted(evidence.items())]


def code_sectors(agreements: pd.DataFrame, parties: pd.DataFrame | None = None,
                 text_column: str = "subject") -> pd.DataFrame:
    """The ``sectors`` table: one row per (record, urusan) with name, category, evidence and flags.

    ``authority_mismatch`` is True for a provincial affair (forestry, energy and mining) in a record with no
    province among its parties (needs ``parties``).
    """
    cb = load_codebook()
    provinces = set()
    if parties is not None:
        provinces = set(parties.loc[parties["party_kind"] == "provinsi", "record_id"])
    texts = agreements[text_column].astype(object)
    which, uniques = pd.factorize(texts.where(texts.notna(), ""))  # each distinct text coded once
    per_text = pd.DataFrame(
        [(i, code, ev, len(ev.split("; "))) for i, t in enumerate(uniques) for code, ev in code_sector_text(t or None)],
        columns=["text_no", "urusan_code", "evidence", "hits"])
    # the primary code of a text: most evidence phrases, the lowest code on a tie
    first = per_text.sort_values(["text_no", "hits", "urusan_code"], ascending=[True, False, True]).drop_duplicates(
        "text_no")
    per_text["primary"] = per_text.index.isin(first.index)
    rows = pd.DataFrame({"record_id": agreements["record_id"].to_numpy(dtype=object), "text_no": which}).merge(
        per_text, on="text_no", how="left", sort=False)  # a record's rows in its text's code order
    rids, codes = rows["record_id"].to_numpy(dtype=object), rows["urusan_code"].to_numpy(dtype=object)
    u = cb.urusan.loc[codes] if len(codes) else cb.urusan.iloc[:0]
    out = pd.DataFrame({
        "record_id": rids, "urusan_code": codes, "urusan_name": u["name_id"].to_numpy(),
        "urusan_name_en": u["name_en"].to_numpy(), "category": u["category"].to_numpy(),
        "evidence": rows["evidence"].to_numpy(dtype=object), "hits": rows["hits"].to_numpy(),
        "primary": rows["primary"].to_numpy(),
        "authority_mismatch": (parties is not None) & (u["authority"].to_numpy() == "provinsi")
        & ~pd.Series(rids, dtype=object).isin(provinces).to_numpy(),
    }, columns=["record_id", "urusan_code", "urusan_name", "urusan_name_en", "category", "evidence", "hits",
                "primary", "authority_mismatch"])
    for col in ("record_id", "urusan_code", "urusan_name", "urusan_name_en", "category", "evidence"):
        out[col] = out[col].astype("string")
    out = out.astype({"hits": "int64", "primary": "bool", "authority_mismatch": "bool"})
    return out


# --- document type and stage ---------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _doc_cues() -> list[tuple[str, re.Pattern]]:
    cues = []
    for d in load_codebook().doc_types:
        if d["cues"]:
            words = sorted((fold(c) for c in d["cues"]), key=len, reverse=True)
            cues.append((d["code"], re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")))
    return cues


_JOINERS = re.compile(r"\s*(?:\+|\bdan\b|\bserta\b|\bbeserta\b|\bplus\b)\s*")
_SINGLE_TYPES = ("DRAFT", "EVALUASI", "BERITA_ACARA", "FORUM", "LOI", "ADENDUM")


def _kb_or_pks(part: str) -> tuple[str | None, str]:
    """The type of one document mention: PKS if a PKS cue is present (the head noun 'perjanjian'), else KB."""
    cues = dict(_doc_cues())
    folded = fold(part)
    m = cues["PKS"].search(folded)
    if m:
        return "PKS", m.group(0)
    m = cues["KB"].search(folded)
    if m:
        return "KB", m.group(0)
    return None, ""


@lru_cache(maxsize=20_000)
def code_doc_type(text: str | None) -> tuple[str, str]:
    """(doc_type_code, evidence) of a document-type text. See ``doc_type_rules`` in the codebook."""
    if not text or not str(text).strip():
        return "UNKNOWN", ""
    lead = str(text).split(";")[0]
    folded_lead = fold(lead)
    for code, pattern in _doc_cues():
        if code in _SINGLE_TYPES:
            m = pattern.search(folded_lead)
            if m:
                return code, m.group(0)
    alternatives = [a for a in lead.split("/") if a.strip()]
    chosen = alternatives[-1] if alternatives else lead
    # A slash between alternatives that name no document type ("PKS / kontrak") keeps the typed ones.
    typed = [a for a in alternatives if _kb_or_pks(a)[0]]
    if typed:
        chosen = typed[-1]
    found = [(_kb_or_pks(p)) for p in _JOINERS.split(chosen)]
    kinds = [k for k, _ in found if k]
    evidence = " + ".join(e for k, e in found if k)
    if "KB" in kinds and "PKS" in kinds:
        return "KB+PKS", evidence
    if kinds:
        return kinds[0], evidence
    if re.search(r"\bkerja\s*sama\b", fold(text)):
        return "KB", "kerja sama"
    return "UNKNOWN", ""


@lru_cache(maxsize=1)
def _renewal_pattern() -> re.Pattern:
    words = [fold(w) for w in load_codebook().raw["renewal_cues"]]
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")


def stage_of(doc_type: str, text: str | None = None, foreign: bool = False) -> str:
    """The stage S0-S7 a record's document reached (renewal words set S6).

    >>> stage_of("KB"), stage_of("KB+PKS"), stage_of("KB", "kesepakatan kerjasama (perpanjangan)")
    ('S1', 'S3', 'S6')
    """
    if doc_type in ("KB", "PKS", "KB+PKS", "NK") and text and _renewal_pattern().search(fold(text)):
        return "S6"
    for d in load_codebook().doc_types:
        if d["code"] == doc_type:
            return d.get("stage_luar_negeri", d["stage"]) if foreign else d["stage"]
    return ""


# --- cooperation kind, regime, KSDD basis --------------------------------------------------------------------

def cooperation_kind(party_kinds: list[str], names: list[str] | None = None, document: str = "") -> str:
    """KSDD / KSDPK / PUSAT / KSDPL / KSDLL from the kinds of a record's parties, joined with '+'.

    A foreign party is a regional government (KSDPL) when its name says so ("City of", "Province") or when the
    document calls itself a sister-city or sister-province agreement (``document``: its type and subject).

    >>> cooperation_kind(["kota", "luar_negeri"], ["Kota Kupang", "City of Darwin (Australia)"])
    'KSDPL'
    >>> cooperation_kind(["kota", "luar_negeri"], ["Kota Jayapura", "Vanimo (Papua New Guinea)"], "MoU sister city")
    'KSDPL'
    >>> cooperation_kind(["provinsi", "kabupaten", "pusat", "unknown"])
    'KSDD+PUSAT'
    """
    names = names or [""] * len(party_kinds)
    n_region = sum(k in _REGION_KINDS for k in party_kinds)
    kinds = []
    if n_region >= 2:
        kinds.append("KSDD")
    if "pihak_ketiga" in party_kinds:
        kinds.append("KSDPK")
    if "pusat" in party_kinds:
        kinds.append("PUSAT")
    foreign = [n for k, n in zip(party_kinds, names) if k == "luar_negeri"]
    if any(_FOREIGN_GOVERNMENT.search(fold(n)) for n in foreign) or (foreign and _sister_document(document)):
        kinds.append("KSDPL")
    elif foreign:
        kinds.append("KSDLL")
    return "+".join(kinds) if kinds else "UNKNOWN"


def _sister_document(document: str) -> bool:
    folded = fold(document or "")
    return any(re.search(rf"\b{re.escape(p)}\b", folded) for p in load_codebook().raw.get("sister_phrases", []))


def regime_of(date) -> str:
    """Regulatory regime by the year of signing.

    >>> regime_of(pd.Timestamp("2016-08-23")), regime_of(pd.Timestamp("2018-02-13")), regime_of(pd.NaT)
    ('PP50_2007', 'PP28_2018', 'unknown')
    """
    if date is None or pd.isna(date):
        return "unknown"
    if date.year >= 2018:
        return "PP28_2018"
    if date.year >= 2008:
        return "PP50_2007"
    return "pra_PP50_2007"


def signed_facts(agreements: pd.DataFrame, parties: pd.DataFrame) -> pd.DataFrame:
    """Per record (in the order of ``agreements``): ``record_id``, ``date_signed``, ``doc_type_code``,
    ``doc_type_evidence``, ``cooperation_kind``, ``n_parties`` and ``abroad`` (a foreign party): the codes that
    need no sector and no boundary data, which the partner and panel tables read.

    >>> a = pd.DataFrame({"record_id": ["A", "B"], "date_signed": pd.to_datetime(["2021-03-01", None]),
    ...                   "doc_type": ["MoU", "PKS"], "subject": ["pariwisata", "air minum"]})
    >>> p = pd.DataFrame({"record_id": ["A", "A", "B", "B"], "party_kind": ["kota", "luar_negeri", "kota", "kabupaten"],
    ...                   "name_raw": ["Kota Kupang", "City of Darwin", "Kota Palu", "Kabupaten Sigi"]})
    >>> signed_facts(a, p)[["record_id", "doc_type_code", "cooperation_kind", "n_parties"]].values.tolist()
    [['A', 'KB', 'KSDPL', 2], ['B', 'PKS', 'KSDD', 2]]
    """
    rid = agreements["record_id"].astype(object)
    kind = parties["party_kind"].astype(object)
    foreign_party = (kind == "luar_negeri").to_numpy()
    government = np.zeros(len(parties), dtype=bool)
    government[foreign_party] = map_distinct(parties.loc[foreign_party, "name_raw"], _foreign_government)
    counts = pd.DataFrame({
        "record_id": parties["record_id"].astype(object), "n": 1, "region": kind.isin(_REGION_KINDS),
        "third": kind == "pihak_ketiga", "pusat": kind == "pusat", "foreign": foreign_party, "government": government,
    }).groupby("record_id", sort=False).sum().reindex(rid.to_numpy(), fill_value=0)
    doc = map_distinct(agreements["doc_type"], code_doc_type)
    foreign, government = counts["foreign"].to_numpy() > 0, counts["government"].to_numpy() > 0
    sister = np.zeros(len(agreements), dtype=bool)
    ask = foreign & ~government  # the document names a sister-city agreement
    if ask.any():
        documents = agreements["doc_type"].fillna("") + " | " + agreements["subject"].fillna("")
        sister[ask] = map_distinct(documents.astype(object)[ask], _sister_document)
    parts = {"KSDD": counts["region"].to_numpy() >= 2, "KSDPK": counts["third"].to_numpy() > 0,
             "PUSAT": counts["pusat"].to_numpy() > 0, "KSDPL": government | (foreign & sister),
             "KSDLL": foreign & ~government & ~sister}
    kinds = pd.Series("", index=agreements.index, dtype=object)
    for name, present in parts.items():  # in the order of cooperation_kind
        kinds = kinds + np.where(present, "+" + name, "")
    return pd.DataFrame({
        "record_id": agreements["record_id"], "date_signed": agreements["date_signed"],
        "doc_type_code": [d[0] for d in doc], "doc_type_evidence": [d[1] for d in doc],
        "cooperation_kind": kinds.str[1:].replace("", "UNKNOWN"), "n_parties": counts["n"].to_numpy().astype("int64"),
        "abroad": parts["KSDPL"] | parts["KSDLL"],
    }, index=agreements.index)


def code_agreements(agreements: pd.DataFrame, parties: pd.DataFrame, sectors: pd.DataFrame,
                    contiguous=None) -> pd.DataFrame:
    """``agreements`` with doc_type_code, doc_type_evidence, stage, cooperation_kind, ksdd_basis, regime,
    n_parties and n_sectors added.

    ``contiguous(code_a, code_b) -> bool | None`` tells whether two regions share a border (None: unknown);
    without it ``ksdd_basis`` is ``unknown``.
    """
    out = agreements.copy()
    facts = signed_facts(agreements, parties)
    for col in ("doc_type_code", "doc_type_evidence", "cooperation_kind"):
        out[col] = facts[col]
    doc_text = out["doc_type"].astype(object).where(out["doc_type"].notna(), None).to_numpy()
    keys = list(zip(facts["doc_type_code"].to_numpy(), doc_text, facts["abroad"].to_numpy()))
    out["stage"] = map_distinct(pd.Series(keys, index=out.index, dtype=object), lambda k: stage_of(*k))
    ksdd = facts["cooperation_kind"].str.contains("KSDD", regex=False).to_numpy()
    rid = out["record_id"].to_numpy(dtype=object)
    out["ksdd_basis"] = ksdd_basis(parties, rid[ksdd], contiguous).reindex(rid).to_numpy()
    year = out["date_signed"].dt.year
    out["regime"] = np.select([year >= 2018, year >= 2008, year.notna()], ["PP28_2018", "PP50_2007", "pra_PP50_2007"],
                              default="unknown")
    out["n_parties"] = facts["n_parties"]
    specific = sectors[sectors["urusan_code"] != "0.00"].groupby("record_id").size()
    out["n_sectors"] = out["record_id"].map(specific).fillna(0).astype("int64")
    for col in ("doc_type_code", "doc_type_evidence", "cooperation_kind", "stage", "ksdd_basis", "regime"):
        out[col] = out[col].astype("string")
    return out


@lru_cache(maxsize=10_000)
def _foreign_government(name: str | None) -> bool:
    return bool(_FOREIGN_GOVERNMENT.search(fold(name)))


def ksdd_basis(parties: pd.DataFrame, records, contiguous=None) -> pd.Series:
    """``wajib`` (two of the record's regions share a border), ``sukarela`` (no two do) or ``unknown`` (no
    boundary data, or fewer than two region codes), per record of ``records``; indexed by record id.

    ``contiguous(code_a, code_b)``; when it has a ``many(codes_a, codes_b)`` method the pairs are asked at once.

    >>> p = pd.DataFrame({"record_id": ["A", "A", "B", "B", "C"], "region_code": ["62.02", "62.07", "62.02", "15.03",
    ...                                                                          "62.02"]})
    >>> ksdd_basis(p, ["A", "B", "C"], lambda a, b: {a, b} == {"62.02", "62.07"}).to_dict()
    {'A': 'wajib', 'B': 'sukarela', 'C': 'unknown'}
    """
    records = pd.Index(pd.unique(pd.Series(records, dtype=object)))
    if contiguous is None or not len(records):
        return pd.Series("unknown", index=records, dtype=object)
    reg = parties[["record_id", "region_code"]].astype(object)
    reg = reg[reg["region_code"].notna() & reg["record_id"].isin(records)]
    reg = reg.assign(pos=np.arange(len(reg)))
    pairs = reg.merge(reg, on="record_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["pos_a"] < pairs["pos_b"]]
    a, b = pairs["region_code_a"].to_numpy(), pairs["region_code_b"].to_numpy()
    if hasattr(contiguous, "many"):
        answers = pd.Series(contiguous.many(a, b), dtype=object)
    else:
        answers = pd.Series(map_distinct(pd.Series(list(zip(a, b)), dtype=object), lambda k: contiguous(*k)), dtype=object)
    rid = pairs["record_id"].to_numpy()
    is_true = answers.eq(True).to_numpy()
    is_false = answers.eq(False).to_numpy()
    grouped = pd.DataFrame({"t": is_true, "f": is_false, "n": 1}, index=rid).groupby(level=0).sum()
    basis = np.select([grouped["t"] > 0, grouped["f"] == grouped["n"]], ["wajib", "sukarela"], default="unknown")
    return pd.Series(basis, index=grouped.index, dtype=object).reindex(records, fill_value="unknown")
