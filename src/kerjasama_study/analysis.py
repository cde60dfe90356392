"""Analysis helpers used by the notebooks: loading the processed tables, coverage, sectors, region profiles.

All functions take DataFrames and return new ones.

>>> tables = load_tables()
>>> int(coverage_by_year(tables["agreements"]).loc[2025])
17
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import config

TABLES = ("agreements", "parties", "quarantine", "sectors", "regions", "dyads", "adjacency", "reliability",
          "relationships", "follow_through", "network_metrics", "dyads_all", "region_year", "region_pair_year")
PERIODS = [(0, 2007, "sebelum 2008"), (2008, 2013, "2008-2013"), (2014, 2017, "2014-2017"),
           (2018, 2021, "2018-2021"), (2022, 2100, "2022-")]


@lru_cache(maxsize=4)
def _default_build(raw: str) -> str:
    """Clean and code the default register into a temporary folder (once per process)."""
    from .pipeline import clean_to_dir, code_to_dir

    out = Path(tempfile.mkdtemp(prefix="kerjasama-processed-"))
    clean_to_dir([Path(raw)], out)
    code_to_dir(out)
    return str(out)


def processed_dir_or_default(processed_dir: str | Path | None = None) -> Path:
    """``processed_dir`` if it holds coded tables; else ``data/processed`` if it does; else a temporary folder
    built from the default register (so that a notebook runs end to end on a fresh clone)."""
    for candidate in (processed_dir, config.PROCESSED_DIR):
        if candidate and (Path(candidate) / "sectors.parquet").exists():
            return Path(candidate)
    if processed_dir:
        raise FileNotFoundError(f"{processed_dir}: no coded tables (run `kerjasama build` or `kerjasama code`)")
    return Path(_default_build(str(config.DEFAULT_REGISTER)))


def load_tables(processed_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Every processed table that exists (Parquet), plus the manifest under ``"manifest"``."""
    from .pipeline import read_manifest

    d = processed_dir_or_default(processed_dir)
    tables: dict = {n: pd.read_parquet(d / f"{n}.parquet") for n in TABLES if (d / f"{n}.parquet").exists()}
    tables["manifest"] = read_manifest(d)
    tables["processed_dir"] = d
    return tables


# --- display helpers for notebooks -----------------------------------------------------------------------------

_last_heading = {"text": ""}


def md(text: str) -> None:
    """Show Markdown text in a notebook (narrative that follows the report language); its last heading names the
    tables exported after it."""
    from IPython.display import Markdown, display

    headings = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
    if headings:
        _last_heading["text"] = headings[-1]
    display(Markdown(text))


def format_p(p: float, lang: str = "en") -> str:
    """A p-value as a journal prints it (decimal comma in Indonesian).

    >>> format_p(0.00004), format_p(0.0312), format_p(float("nan")), format_p(0.0312, "id")
    ('< 0.001', '0.031', '', '0,031')
    """
    if p is None or pd.isna(p):
        return ""
    text = "< 0.001" if p < 0.001 else f"{p:.3f}"
    return text.replace(".", ",") if lang == "id" else text


def with_p(table: pd.DataFrame | None, lang: str = "en") -> pd.DataFrame | None:
    """A model table with ``p_value`` printed by :func:`format_p`."""
    if table is None or "p_value" not in table:
        return table
    return table.assign(p_value=table["p_value"].map(lambda p: format_p(p, lang)))


def regression_table(result: dict, lang: str = "en") -> pd.DataFrame | None:
    """A fitted model's table as a journal prints it: estimates, 95% CI, p (:func:`format_p`) and, on every row,
    the model's n and number of events (so the exported CSV/LaTeX table carries them too).

    >>> t = pd.DataFrame({"covariate": ["contiguous"], "odds_ratio": [3.8], "ci_low": [1.5], "ci_high": [10.0],
    ...                   "p_value": [0.0004]})
    >>> regression_table({"table": t, "n_dyads": 1200, "n_events": 30}).iloc[0].to_dict()["p_value"]
    '< 0.001'
    """
    table = result.get("table")
    if table is None:
        return None
    n = result.get("n", result.get("n_dyads"))
    events = result.get("events", result.get("n_events"))
    return with_p(table, lang).assign(n=n, events=events)


def export_table(df: pd.DataFrame, title: str | None = None) -> None:
    """During a build, save a report table as CSV and LaTeX (booktabs) under ``tables/`` with a stable name."""
    from .plots import export_name

    target = export_name("tab", title or _last_heading["text"])
    if target is None:
        return
    folder = Path(target[0]) / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    df.to_csv(folder / f"{target[1]}.csv", index=False)
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    caption = (title or _last_heading["text"]).replace("\\", "")
    latex = out.style.hide(axis="index").format(precision=3, na_rep="", escape="latex").format_index(
        escape="latex", axis=1).to_latex(hrules=True, caption=caption.replace("_", " "))
    (folder / f"{target[1]}.tex").write_text(latex, encoding="utf-8")


def show_table(df: pd.DataFrame, lang: str, max_rows: int = 60, empty: str | None = None,
               precision: int = 3, title: str | None = None, labels: bool = True) -> None:
    """Show a table for readers in ``lang``: codebook labels as headers, coded values named, yes/no, dates with
    month names, numbers with the language's separators, no index, at most ``max_rows`` rows. The exported copy
    (``tables/`` during a build) keeps the column names and values as they are, for reuse. ``labels=False`` keeps
    the headers and values as given (a preview of the user's own register). ``lang`` has no default: a table
    shown without it would carry Indonesian headers into an English report."""
    from IPython.display import display

    from .i18n import plain
    from .labels import styled_table

    if df is None or len(df) == 0:
        if empty != "":
            md(f"*{plain('none', lang) if empty is None else empty}*")
        return
    export_table(df, title)
    display(styled_table(df.head(max_rows), lang, precision, labels))
    if len(df) > max_rows:
        md(f"*{plain('more_rows', lang, n=len(df) - max_rows)}*")


def labelled_counts(values: pd.Series, lang: str = "id") -> pd.Series:
    """Counts of a coded column with each value written as its name (the series' name picks the codebook list).

    >>> labelled_counts(pd.Series(["day", "day", "month"], name="date_precision"), "id").to_dict()
    {'hari': 2, 'bulan': 1}
    """
    from .labels import label_value

    return values.map(lambda v: label_value(str(values.name), v, lang)).value_counts()


def read_register_preview(path: str | Path, rows: int = 8) -> pd.DataFrame:
    """The first rows of a register's first table as a clerk sees them (header row found, cells as read)."""
    from .readers import read_register

    sheet = read_register(Path(path))[0]
    body = [cells for _, cells in sheet.rows[:rows]]
    return pd.DataFrame(body, columns=sheet.headers).astype("string")


# --- coverage ------------------------------------------------------------------------------------------------

def coverage_by_year(agreements: pd.DataFrame) -> pd.Series:
    """Records per signing year (records without a date are left out; see :func:`undated`)."""
    years = agreements["date_signed"].dropna().dt.year.astype(int)
    counts = years.value_counts().sort_index().rename("records")
    if counts.empty:
        return counts
    return counts.reindex(range(counts.index.min(), counts.index.max() + 1), fill_value=0)


def undated(agreements: pd.DataFrame) -> int:
    return int(agreements["date_signed"].isna().sum())


def period_of(year) -> str | None:
    """The analysis period of a year.

    >>> period_of(2016), period_of(2025)
    ('2014-2017', '2022-')
    """
    if year is None or pd.isna(year):
        return None
    for lo, hi, label in PERIODS:
        if lo <= int(year) <= hi:
            return label
    return None


def coverage_by_province(parties: pd.DataFrame, regions: pd.DataFrame | None = None) -> pd.Series:
    """Records per province of their region parties (a record counts once per province); with ``regions``,
    every province is listed, those without a record at 0."""
    reg = parties.dropna(subset=["province_code"]).drop_duplicates(["record_id", "province_code"])
    counts = reg["province_code"].value_counts()
    if regions is not None:
        provinces = regions.loc[regions["kind"] == "provinsi", "code"]
        counts = counts.reindex(sorted(set(provinces) | set(counts.index)), fill_value=0)
        names = regions.set_index("code")["name"].str.replace("Provinsi ", "", regex=False)
        counts.index = counts.index.map(lambda c: names.get(c, c))
        counts = counts.sort_values(ascending=False, kind="stable")
    return counts.rename("records")


def last_year_partial(agreements: pd.DataFrame, as_of) -> bool:
    """True when the last year with a record is not over at the as-of date (its bar is not a full year)."""
    years = agreements["date_signed"].dropna().dt.year
    if not len(years) or not as_of:
        return False
    as_of = pd.Timestamp(as_of)
    return int(years.max()) >= as_of.year and as_of < pd.Timestamp(as_of.year, 12, 31)


def party_kind_counts(parties: pd.DataFrame) -> pd.Series:
    return parties["party_kind"].value_counts().rename("parties")


@dataclass(frozen=True)
class NewsSources:
    """How many articles and outlets fed a register built by ``kerjasama extract``."""

    records: int
    articles: int
    per_record: pd.Series  # index: articles per record; values: records
    outlets: pd.DataFrame  # outlet, records_reported, articles_count (articles of the records it reported)


def news_sources(agreements: pd.DataFrame) -> NewsSources | None:
    """The news sources of an extracted register (its ``jumlah_artikel`` and ``outlet`` columns), or None for a
    register that did not come from ``kerjasama extract``.

    >>> a = pd.DataFrame({"jumlah_artikel": ["2", "1"], "outlet": ["a.id; b.id", "a.id"]})
    >>> ns = news_sources(a)
    >>> ns.articles, ns.outlets.values.tolist()
    (3, [['a.id', 2, 3], ['b.id', 1, 2]])
    """
    if "jumlah_artikel" not in agreements.columns or "outlet" not in agreements.columns:
        return None
    counts = pd.to_numeric(agreements["jumlah_artikel"], errors="coerce").fillna(0).astype(int)
    per_record = counts.value_counts().sort_index().rename("records")
    rows: dict[str, list[int]] = {}
    for outlets, n in zip(agreements["outlet"].fillna(""), counts):
        for o in filter(None, (x.strip() for x in str(outlets).split(";"))):
            rows.setdefault(o, [0, 0])
            rows[o][0] += 1
            rows[o][1] += n
    table = pd.DataFrame([(o, r, n) for o, (r, n) in rows.items()],
                         columns=["outlet", "records_reported", "articles_count"])
    table = table.sort_values(["records_reported", "outlet"], ascending=[False, True], ignore_index=True)
    return NewsSources(len(agreements), int(counts.sum()), per_record, table)


def doc_type_counts(agreements: pd.DataFrame) -> pd.Series:
    return agreements["doc_type_code"].value_counts().rename("records")


def quarantine_reasons(quarantine: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Quarantined rows per reason (the reason in ``lang``, up to its first colon or column note).

    >>> q = pd.DataFrame({"reason": ["no party named (column 'Pihak')", "unreadable date: 'x' (column 'Tgl')"] * 2})
    >>> quarantine_reasons(q, "id").to_dict("records")
    [{'reason': 'tanggal tidak terbaca', 'rows': 2}, {'reason': 'tidak ada pihak', 'rows': 2}]
    """
    from .labels import label_reason

    if quarantine.empty:
        return pd.DataFrame({"reason": pd.Series(dtype="string"), "rows": pd.Series(dtype="int64")})
    text = quarantine["reason"].map(lambda r: label_reason(r, lang))
    short = text.str.replace(r"(:| \((column|kolom) ).*$", "", regex=True)
    counts = short.value_counts()
    return (counts.rename_axis("reason").rename("rows").reset_index()
            .sort_values(["rows", "reason"], ascending=[False, True], ignore_index=True))


# --- sectors -------------------------------------------------------------------------------------------------

def _specific(sectors: pd.DataFrame) -> pd.DataFrame:
    return sectors[sectors["urusan_code"] != "0.00"]


def sector_label(sectors: pd.DataFrame, lang: str = "id") -> pd.Series:
    """``code name`` with the name cut before any parenthesis (chart labels stay short)."""
    name = sectors["urusan_name"] if lang == "id" else sectors["urusan_name_en"]
    return sectors["urusan_code"] + " " + name.str.split(" (", regex=False).str[0]


def sector_shares(sectors: pd.DataFrame, agreements: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """Per urusan: records naming it and their share of all records (%), most frequent first."""
    s = sectors.assign(label=sector_label(sectors, lang))
    counts = s.groupby("label")["record_id"].nunique().sort_values(ascending=False)
    out = counts.rename("records").to_frame()
    out["share_pct"] = (100 * out["records"] / max(len(agreements), 1)).round(1)
    return out


def sectors_by(sectors: pd.DataFrame, agreements: pd.DataFrame, column: str, lang: str = "id",
               top: int = 10) -> pd.DataFrame:
    """Share (%) of records in each group of ``agreements[column]`` that name each of the ``top`` urusan."""
    s = _specific(sectors).assign(label=lambda d: sector_label(d, lang))
    groups = agreements.set_index("record_id")[column]
    s = s.assign(group=s["record_id"].map(groups))
    keep = s.groupby("label")["record_id"].nunique().nlargest(top).index
    table = s[s["label"].isin(keep)].groupby(["label", "group"])["record_id"].nunique().unstack(fill_value=0)
    sizes = groups.value_counts().reindex(table.columns).astype(float)
    out = (100 * table.astype(float).div(sizes, axis=1)).round(1)
    out.columns = [f"{c}\n(n={int(sizes[c])})" for c in out.columns]
    out.attrs["small"] = [f"{c}\n(n={int(sizes[c])})" for c in sizes.index if sizes[c] < MIN_SHARE_N]
    return out


#: A share is coloured only when its group has at least this many records (smaller groups are greyed out).
MIN_SHARE_N = 5


def category_shares(sectors: pd.DataFrame, lang: str = "id") -> pd.Series:
    """Records naming at least one urusan of each category (labels in ``lang``)."""
    from .codebook import CATEGORY_LABELS

    out = sectors.groupby("category")["record_id"].nunique().sort_values(ascending=False).rename("records")
    return out.rename(index=lambda c: CATEGORY_LABELS.get(c, {}).get(lang, c))


def cooccurrence(sectors: pd.DataFrame, top: int = 15, lang: str = "id") -> pd.DataFrame:
    """Records naming both urusan (rows and columns: the ``top`` most frequent specific urusan)."""
    s = _specific(sectors).assign(label=lambda d: sector_label(d, lang))
    if s.empty:
        return pd.DataFrame()
    keep = s.groupby("label")["record_id"].nunique().nlargest(top).index
    onehot = pd.crosstab(s["record_id"], s["label"]).clip(upper=1)[list(keep)]
    matrix = onehot.T.dot(onehot)
    matrix.columns = [c.split(" ", 1)[0] for c in matrix.columns]  # codes across the top, names down the side
    matrix.index.name = matrix.columns.name = None
    return matrix


def sector_trend(sectors: pd.DataFrame, agreements: pd.DataFrame, top: int = 5, lang: str = "id") -> pd.DataFrame:
    """Records per year naming each of the ``top`` urusan."""
    s = _specific(sectors).assign(label=lambda d: sector_label(d, lang))
    years = agreements.set_index("record_id")["date_signed"].dt.year
    s = s.assign(year=s["record_id"].map(years)).dropna(subset=["year"])
    if s.empty:
        return pd.DataFrame(index=pd.Index([], dtype="int64", name="year"))
    keep = s.groupby("label")["record_id"].nunique().nlargest(top).index
    table = s[s["label"].isin(keep)].groupby(["year", "label"])["record_id"].nunique().unstack(fill_value=0)
    table.index = table.index.astype(int)
    return table


def top_sectors_by_province(sectors: pd.DataFrame, parties: pd.DataFrame, regions: pd.DataFrame | None = None,
                            n: int = 3, lang: str = "id") -> pd.DataFrame:
    """The ``n`` most frequent urusan in the records of each province (by the provinces of region parties). Ties
    are shown as ties: every urusan whose count reaches the n-th highest is listed, with its ``rank`` (shared
    ranks for equal counts) and ``tied`` = True."""
    prov = parties.dropna(subset=["province_code"])[["record_id", "province_code"]].drop_duplicates()
    s = _specific(sectors).assign(label=lambda d: sector_label(d, lang)).merge(prov, on="record_id")
    counts = s.groupby(["province_code", "label"])["record_id"].nunique().rename("records").reset_index()
    counts = counts.sort_values(["province_code", "records", "label"], ascending=[True, False, True])
    counts["rank"] = counts.groupby("province_code")["records"].rank(method="min", ascending=False).astype(int)
    counts["tied"] = counts.duplicated(["province_code", "records"], keep=False)
    top = counts[counts["rank"] <= n]
    names = regions.set_index("code")["name"] if regions is not None else pd.Series(dtype=str)
    top = top.assign(province=top["province_code"].map(lambda c: names.get(c, c)))
    return top[["province_code", "province", "rank", "label", "records", "tied"]].rename(
        columns={"label": "urusan"}).reset_index(drop=True)


def level_mismatches(sectors: pd.DataFrame, agreements: pd.DataFrame) -> pd.DataFrame:
    """Records coding a provincial affair with no province among the parties."""
    m = sectors[sectors["authority_mismatch"]]
    cols = ["record_id", "date_signed", "parties_raw", "subject"]
    return m[["record_id", "urusan_code", "urusan_name", "evidence"]].merge(agreements[cols], on="record_id")


# --- region profile ------------------------------------------------------------------------------------------

def find_region(region: str) -> tuple[str, str]:
    """(code, canonical name) of a region given as a Kemendagri code or a name.

    >>> find_region("Kotim"), find_region("62.07")
    (('62.02', 'Kabupaten Kotawaringin Timur'), ('62.07', 'Kabupaten Seruyan'))
    """
    from .regions import gazetteer, resolve_name

    gaz = gazetteer()
    key = str(region).strip()
    if key in gaz.by_code:
        return key, gaz.by_code[key].name
    m = resolve_name(key)
    if m.region_code is None:
        raise LookupError(f"{region!r} is not a region code or a resolvable region name ({m.match_method})")
    return m.region_code, m.name_canonical


def region_records(region_code: str, tables: dict) -> pd.DataFrame:
    """The agreements in which the region is a party, oldest first."""
    p = tables["parties"]
    ids = set(p.loc[p["region_code"] == region_code, "record_id"])
    a = tables["agreements"]
    cols = [c for c in ["record_id", "date_signed", "date_precision", "doc_type_code", "stage", "cooperation_kind",
                        "parties_raw", "subject", "status", "source_url"] if c in a.columns]
    return a[a["record_id"].isin(ids)][cols].sort_values(["date_signed", "record_id"], na_position="last")


def region_partners(region_code: str, tables: dict) -> pd.DataFrame:
    """Every partner of the region with the number of shared records, most frequent first."""
    p = tables["parties"]
    ids = set(p.loc[p["region_code"] == region_code, "record_id"])
    others = p[p["record_id"].isin(ids) & (p["region_code"].fillna("") != region_code)]
    others = others.assign(partner=others["name_canonical"])
    out = (others.groupby(["partner", "party_kind"])["record_id"].nunique().rename("records").reset_index()
           .sort_values(["records", "partner"], ascending=[False, True], ignore_index=True))
    if "dyads" in tables and not tables["dyads"].empty:
        d = tables["dyads"]
        mine = d[(d["code_a"] == region_code) | (d["code_b"] == region_code)]
        partner_code = mine["code_b"].where(mine["code_a"] == region_code, mine["code_a"])
        flags = mine.assign(partner_code=partner_code).drop_duplicates("partner_code").set_index("partner_code")
        codes = others.drop_duplicates("partner").set_index("partner")["region_code"]
        out["contiguous"] = out["partner"].map(codes).map(flags["contiguous"]) if "contiguous" in flags else None
        out["parent_child"] = out["partner"].map(codes).map(flags["parent_child"])
    return out


def region_sectors(region_code: str, tables: dict, lang: str = "id") -> pd.Series:
    ids = set(region_records(region_code, tables)["record_id"])
    s = tables["sectors"]
    s = s[s["record_id"].isin(ids)]
    return s.assign(label=sector_label(s, lang)).groupby("label")["record_id"].nunique().sort_values(ascending=False)


def open_followups(records: pd.DataFrame, tables: dict, older_than_months: int = 12,
                   ending_within_months: int = 6) -> pd.DataFrame:
    """A region's open items: its rows of every watch list (:func:`followthrough.watch_lists`, measured at the
    pipeline's as-of date) with the ``rule`` that put them there, plus plans, letters of intent and forums not
    yet signed (rule ``not_signed``)."""
    from . import followthrough as F

    cols = ["rule", "record_id", "doc_type_code", "doc_number", "parties_raw", "subject", "date_signed",
            "expiry_date", "expiry_basis"]
    drafts = records[records["doc_type_code"].isin(["DRAFT", "LOI", "FORUM"])].assign(rule="not_signed")
    drafts = drafts.reindex(columns=cols)
    ft, rel = tables.get("follow_through"), tables.get("relationships")
    if ft is None or rel is None:
        return drafts.reset_index(drop=True)
    as_of = tables["manifest"].get("coding", {}).get("as_of")
    watch = F.watch_lists(ft, tables["agreements"], rel, older_than_months, ending_within_months, as_of=as_of)
    mine = [w[w["record_id"].isin(records["record_id"])].reindex(columns=cols) for w in watch.values()]
    return pd.concat([m for m in [*mine, drafts] if len(m)] or [drafts], ignore_index=True)


# --- cooperation potential -----------------------------------------------------------------------------------

def _neighbours(region_code: str, adjacency: pd.DataFrame) -> pd.DataFrame:
    """(neighbour code, border km) of a kabupaten/kota."""
    a = adjacency[adjacency["code_a"] == region_code][["code_b", "border_km"]].rename(columns={"code_b": "code"})
    b = adjacency[adjacency["code_b"] == region_code][["code_a", "border_km"]].rename(columns={"code_a": "code"})
    return pd.concat([a, b], ignore_index=True)


def neighbour_agreements(region_code: str, tables: dict) -> pd.DataFrame:
    """Every region bordering ``region_code`` with the agreements the two share (none is a gap: KSDD is mandatory
    between bordering regions for shared affairs), and how many agreements the neighbour has with others.

    Empty when boundary data are missing (no ``adjacency`` table).
    """
    cols = ["neighbour_code", "neighbour", "border_km", "shared_records", "shared_ids", "latest", "records_elsewhere"]
    adj = tables.get("adjacency")
    if adj is None or adj.empty:
        return pd.DataFrame(columns=cols)
    regions = tables["regions"].set_index("code")
    p, a = tables["parties"], tables["agreements"].set_index("record_id")
    ids_of: dict[str, set] = {}
    for code, rid in zip(p["region_code"].tolist(), p["record_id"].tolist()):
        if code is not None and not pd.isna(code):
            ids_of.setdefault(code, set()).add(rid)
    mine = ids_of.get(region_code, set())
    rows = []
    for n in _neighbours(region_code, adj).itertuples(index=False):
        theirs = ids_of.get(n.code, set())
        shared = sorted(mine & theirs)
        dates = a.loc[shared, "date_signed"].dropna() if shared else pd.Series(dtype="datetime64[ns]")
        rows.append({"neighbour_code": n.code, "neighbour": regions.at[n.code, "name"] if n.code in regions.index
                     else n.code, "border_km": round(float(n.border_km), 1), "shared_records": len(shared),
                     "shared_ids": "; ".join(shared), "latest": dates.max() if len(dates) else pd.NaT,
                     "records_elsewhere": len(theirs - mine)})
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["shared_records", "border_km"], ascending=[True, False], ignore_index=True)


def neighbour_sectors_elsewhere(region_code: str, tables: dict, lang: str = "id") -> pd.DataFrame:
    """The affairs the region's neighbours cooperate on in agreements without the region: what it could take up
    with them. One row per affair: how many neighbours and records."""
    cols = ["affair", "neighbours", "records"]
    adj = tables.get("adjacency")
    if adj is None or adj.empty:
        return pd.DataFrame(columns=cols)
    p, s = tables["parties"], _specific(tables["sectors"])
    neighbours = set(_neighbours(region_code, adj)["code"])
    mine = set(p.loc[p["region_code"] == region_code, "record_id"])
    theirs = p[p["region_code"].isin(neighbours) & ~p["record_id"].isin(mine)][["record_id", "region_code"]]
    s = s.merge(theirs, on="record_id").assign(affair=lambda d: sector_label(d, lang))
    out = s.groupby("affair").agg(neighbours=("region_code", "nunique"), records=("record_id", "nunique"))
    return out.reset_index().sort_values(["neighbours", "records", "affair"], ascending=[False, False, True],
                                         ignore_index=True)


def bordering_pairs_without_agreement(tables: dict, province: str | None = None) -> pd.DataFrame:
    """Pairs of bordering kabupaten/kota with no agreement between them in the data (within ``province``, a code
    or name, when given), longest border first."""
    cols = ["code_a", "region_a", "code_b", "region_b", "border_km"]
    adj = tables.get("adjacency")
    if adj is None or adj.empty:
        return pd.DataFrame(columns=cols)
    names = tables["regions"].set_index("code")["name"]
    if province:
        prov = find_region(province)[0][:2]
        adj = adj[(adj["code_a"].str[:2] == prov) & (adj["code_b"].str[:2] == prov)]
    d = tables.get("dyads")
    tied = set()
    if d is not None and len(d):
        tied = {tuple(sorted(x)) for x in zip(d["code_a"], d["code_b"])}
    gap = adj[[tuple(sorted(x)) not in tied for x in zip(adj["code_a"], adj["code_b"])]]
    out = gap.assign(region_a=gap["code_a"].map(names), region_b=gap["code_b"].map(names))[cols]
    return out.sort_values("border_km", ascending=False, ignore_index=True)
