"""How tables, numbers and dates are written for readers, in Indonesian or English.

Column names become their codebook labels, coded values their names (``value_labels`` and the named sections of
the codebook), ``True``/``False`` become *ya*/*tidak*, missing values an empty cell, numbers get the language's
separators (152.076 and 0,25 in Indonesian) and dates the language's month names (29 Januari 2026).

>>> import pandas as pd
>>> row = pd.DataFrame({"record_id": ["PR-001"], "renewed": [True], "expiry_basis": ["assumed_5y"],
...                     "kb_date": [pd.Timestamp("2026-01-29")]})
>>> localize_table(row, "id").iloc[0].to_dict()
{'id catatan': 'PR-001', 'diperpanjang': 'ya', 'dasar tanggal berakhir': 'asumsi 5 tahun', 'tanggal KB': '29 Januari 2026'}
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import pandas as pd

from .i18n import format_date, plain

#: Columns that hold the register's own words (names, subjects, status notes as written): shown as they are, in
#: cells of class ``verbatim`` (set in italics and read by :mod:`kerjasama_study.pagecheck` as quotation).
VERBATIM_COLUMNS = frozenset({
    "record_id", "record_no", "shared_ids", "parties_raw", "subject", "status", "status_text", "name_raw", "candidates", "notes", "status_evidence",
    "evidence", "doc_type_raw", "doc_number", "source_url", "raw", "note", "file", "source_file", "source_sheet",
    "partner", "partners", "name", "region_name", "neighbour", "partner_name", "name_canonical", "title",
})


@lru_cache(maxsize=1)
def _codebook():
    from .codebook import load_codebook

    return load_codebook().raw


@lru_cache(maxsize=2)
def column_labels(lang: str) -> dict[str, str]:
    """``{column name: label}`` from the codebook's ``variables`` (first entry of a name wins) and, for the tables
    that reports compute, its ``report_columns``."""
    out: dict[str, str] = {}
    for v in _codebook()["variables"]:
        out.setdefault(v["name"], v["label"][lang])
    for name, label in _codebook()["report_columns"].items():
        out.setdefault(name, label[lang])
    return out


@lru_cache(maxsize=2)
def value_labels(lang: str) -> dict[str, dict[str, str]]:
    """``{column: {code: name}}``: the codebook's ``value_labels`` plus its stages, KSDD bases and status events."""
    raw = _codebook()
    out = {col: {str(code): names[lang] for code, names in values.items()}
           for col, values in raw["value_labels"].items()}
    out["stage"] = {s["code"]: f"{s['code']} {s['name'][lang]}" for s in raw["stages"]}
    out["ksdd_basis"] = {k["code"]: k["name"][lang] for k in raw["ksdd_basis"]}
    out["regime"] = {g["code"]: g["name"][lang] for g in raw["regimes"]}
    out["status_events"] = {e["code"]: e["name"][lang] for e in raw["status_events"]}
    for col in ("kind", "kind_a", "kind_b", "partner_kind"):
        out.setdefault(col, out["party_kind"])
    out.setdefault("property", out["covariate"])
    out.setdefault("flags", out["flag"])
    return out


def bool_label(value: bool, lang: str) -> str:
    return plain("yes" if value else "no", lang)


def label_value(column: str, value, lang: str) -> str:
    """The reader's name of one coded value of ``column`` (the value itself when the codebook has no name). A key
    ending in ``_`` or ``:`` names a prefix (``kinds_pair_kab-kota`` -> ``pasangan jenis kab-kota``); values joined
    by ``;`` are named one by one.

    >>> label_value("covariate", "kinds_pair_kab-kota", "id"), label_value("contiguous", True, "en")
    ('pasangan jenis kab-kota', 'bordering')
    """
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    names = value_labels(lang).get(column) or {}
    text = str(value.item() if hasattr(value, "item") else value)
    if text in names:
        return names[text]
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool_label(value, lang)
    for prefix, name in names.items():
        if prefix.endswith(("_", ":")) and text.startswith(prefix) and len(text) > len(prefix):
            rest = text[len(prefix):]
            return f"{name}{rest}" if name.endswith("-") else f"{name} {rest}"
    if ";" in text and names:
        return "; ".join(label_value(column, part.strip(), lang) for part in text.split(";"))
    return text


@lru_cache(maxsize=1)
def _reason_rules():
    import re

    rules = _codebook()["quarantine_reasons"]
    return [(re.compile(r["pattern"]), r) for r in rules["patterns"]], rules["fragments"]


def label_reason(reason: str, lang: str) -> str:
    """A quarantine reason in the reader's language (``quarantine_reasons`` of the codebook).

    >>> label_reason("impossible date: day 31 does not exist in 2023-02 (column 'Tanggal')", "id")
    "tanggal mustahil: tanggal 31 tidak ada pada 2023-02 (kolom 'Tanggal')"
    """
    if reason is None or (not isinstance(reason, str) and pd.isna(reason)):
        return ""
    patterns, fragments = _reason_rules()
    text = str(reason)
    for pattern, rule in patterns:
        m = pattern.fullmatch(text)
        if m:
            text = rule[lang].format(**{k: v or "" for k, v in m.groupdict().items()})
            break
    for source, target in fragments.items():
        if lang in target:
            text = text.replace(source, target[lang])
    return text


def label_evidence(evidence, lang: str) -> str:
    """``pks_signed: later pks; renewed: extension`` -> ``PKS ditandatangani: “later pks”; ...``: each event
    named, the register's words quoted."""
    if evidence is None or (not isinstance(evidence, str) and pd.isna(evidence)) or not str(evidence).strip():
        return ""
    parts = []
    for item in str(evidence).split(";"):
        code, _, phrase = item.strip().partition(":")
        name = label_value("status_events", code.strip(), lang)
        parts.append(f"{name}: “{phrase.strip()}”" if phrase else name)
    return "; ".join(parts)


def styled_table(df: pd.DataFrame, lang: str, precision: int = 3, labels: bool = True):
    """The table as readers see it (a pandas ``Styler``): :func:`localize_table` unless ``labels`` is False,
    numbers with the language's separators, every value and header HTML-escaped, no index, text left-aligned,
    and the register's own words (:data:`VERBATIM_COLUMNS`) in cells of class ``verbatim``."""
    from .i18n import format_number

    out = localize_table(df, lang) if labels else df.astype(object).where(df.notna(), "")
    shown = {new: old for old, new in zip(df.columns, out.columns)}
    numeric = [c for c in out.columns if pd.api.types.is_numeric_dtype(out[c])
               and not pd.api.types.is_bool_dtype(out[c])]
    text_cols = [c for c in out.columns if c not in numeric]
    # a stable id from the content, so that two builds of the same report give the same page
    uid = hashlib.sha256(pd.util.hash_pandas_object(out.astype(str), index=False).to_numpy().tobytes()
                         + "|".join(map(str, out.columns)).encode()).hexdigest()[:10]
    style = out.style.hide(axis="index").format(na_rep="", escape="html").set_uuid(uid)
    if numeric:
        style = style.format(lambda v: format_number(v, lang, precision), subset=numeric, escape="html")
    style = style.format_index(escape="html", axis=1)
    verbatim = [c for c in out.columns if not labels or shown.get(c) in VERBATIM_COLUMNS]
    if verbatim and len(out):
        classes = pd.DataFrame("", index=out.index, columns=out.columns)
        classes[verbatim] = "verbatim"
        style = style.set_td_classes(classes)
    return style.set_properties(subset=text_cols, **{"text-align": "left"}).set_table_styles(
        [{"selector": "th", "props": [("text-align", "left")]},
         {"selector": "td.verbatim", "props": [("font-style", "italic")]}])


def _kinds_named(text: str, lang: str) -> str:
    """``[pihak_ketiga]`` (a party kind in brackets, as the network writes non-region nodes) -> ``[pihak ketiga]``."""
    import re

    kinds = value_labels(lang)["party_kind"]
    return re.sub(r"\[([a-z_]+)\]", lambda m: f"[{kinds.get(m.group(1), m.group(1))}]", text)


def localize_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A copy of ``df`` for readers: codebook labels as headers, coded values named, booleans as ya/tidak, dates
    written out, missing values empty. Numbers stay numbers (format them with :func:`format_number`)."""
    out = df.copy()
    names = value_labels(lang)
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_bool_dtype(s) or (s.dtype == object and s.dropna().map(type).eq(bool).all()
                                             and s.notna().any()):
            out[col] = s.map(lambda v: "" if v is None or pd.isna(v) else bool_label(v, lang)).astype(object)
        elif pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s.map(lambda v: format_date(v, lang)).astype(object)
        elif col == "status_evidence":
            out[col] = s.map(lambda v: label_evidence(v, lang)).astype(object)
        elif col == "reason":
            out[col] = s.map(lambda v: label_reason(v, lang)).astype(object)
        elif col in names:
            out[col] = s.map(lambda v, c=col: label_value(c, v, lang)).astype(object)
        elif not pd.api.types.is_numeric_dtype(s):
            out[col] = s.map(lambda v: "" if v is None or (not isinstance(v, (list, tuple)) and pd.isna(v))
                             else _kinds_named(v, lang) if isinstance(v, str) and "[" in v else v).astype(object)
    labels = column_labels(lang)
    names = [labels.get(c, c) if isinstance(c, str) else c for c in out.columns]
    seen: dict = {}
    for i, name in enumerate(names):  # two columns with one label: number the later ones
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            names[i] = f"{name} ({seen[name]})"
    out.columns = names
    return out
