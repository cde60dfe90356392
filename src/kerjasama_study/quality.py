"""Data-quality summary of a processed folder: what was kept, what was quarantined and why, how names matched.

>>> import tempfile
>>> from kerjasama_study import config
>>> from kerjasama_study.pipeline import clean_to_dir
>>> d = tempfile.mkdtemp(); _ = clean_to_dir([config.DEFAULT_REGISTER], d)
>>> summary = quality_tables(d)
>>> int(summary["inputs"]["kept"].sum())
80
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from . import config
from .outputs import write_text
from .pipeline import read_manifest
from .provenance import colophon_html


def load_processed(processed_dir: Path | str | None = None, names=("agreements", "parties", "quarantine")):
    """Read processed tables (Parquet) into a dict of DataFrames."""
    d = Path(processed_dir or config.PROCESSED_DIR)
    return {n: pd.read_parquet(d / f"{n}.parquet") for n in names if (d / f"{n}.parquet").exists()}


def _counts(series: pd.Series, label: str) -> pd.DataFrame:
    vc = series.astype("string").value_counts(dropna=False).rename_axis(label).reset_index(name="n")
    vc["percent"] = (100 * vc["n"] / max(len(series), 1)).round(1)
    return vc


def quality_tables(processed_dir: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Summary tables: inputs, quarantine reasons, match methods, party kinds, unresolved names, date precision, flags."""
    t = load_processed(processed_dir)
    manifest = read_manifest(processed_dir)
    inputs = pd.DataFrame(
        [{"file": i["path"], "data_rows": i["data_rows"], "blank_rows": i["blank_rows"], "kept": i["kept"],
          "quarantined": i["quarantined"], "encoding": i.get("encoding") or "",
          "owner": "; ".join(f"{s['owner']} ({s['owner_source']})" for s in i["sheets"] if s.get("owner")),
          "sha256": i["sha256"][:12]} for i in manifest["inputs"]]
    )
    notes = list(manifest.get("notes", []))
    if manifest.get("coding", {}).get("human_codes_note"):
        notes.append(manifest["coding"]["human_codes_note"])
    a, p, q = t["agreements"], t["parties"], t["quarantine"]
    reasons = q["reason"].str.replace(r":.*$", "", regex=True).str.replace(r" \(column.*$", "", regex=True)
    flags = a["flags"].fillna("").str.split(";").explode()
    flags = flags[flags != ""]
    unresolved = p[p["match_method"].isin(["unresolved", "ambiguous", "perangkat_daerah"])][
        ["record_id", "name_raw", "match_method", "candidates"]
    ]
    coding = {}
    d = Path(processed_dir or config.PROCESSED_DIR)
    if (d / "reliability.parquet").exists():
        rel = pd.read_parquet(d / "reliability.parquet")
        coding["reliability"] = rel.dropna(axis=1, how="all")
    if "doc_type_code" in a.columns:
        coding["doc_types"] = _counts(a["doc_type_code"], "doc_type_code")
        coding["cooperation_kinds"] = _counts(a["cooperation_kind"], "cooperation_kind")
    missing = manifest.get("coding", {}).get("missing_covariates", [])
    coding["missing_covariates"] = pd.DataFrame({"missing": missing})
    return {
        **coding,
        "inputs": inputs,
        "notes": pd.DataFrame({"note": notes}),
        "quarantine_reasons": _counts(reasons, "reason"),
        "quarantine": q[["source_file", "source_row", "record_no", "reason"]],
        "match_methods": _counts(p["match_method"], "match_method"),
        "party_kinds": _counts(p["party_kind"], "party_kind"),
        "unresolved_names": unresolved,
        "date_precision": _counts(a["date_precision"], "date_precision"),
        "flags": _counts(flags, "flag") if len(flags) else pd.DataFrame(columns=["flag", "n", "percent"]),
    }


_SECTIONS = [
    ("inputs", {"id": "Berkas masukan", "en": "Input files"},
     {"id": "Setiap baris data masukan dihitung: disimpan + dikarantina = baris data.",
      "en": "Every data row of the inputs is counted: kept + quarantined = data rows."}),
    ("notes", {"id": "Catatan pembacaan", "en": "Reading notes"},
     {"id": "Apa yang perlu diketahui tentang cara berkas dibaca (pemilik register, pengodean, sel gabungan, rumus, "
            "urutan tanggal, baris tak rata).",
      "en": "What to know about how the files were read (register owner, encoding, merged cells, formulas, "
            "date order, ragged rows)."}),
    ("quarantine_reasons", {"id": "Alasan karantina", "en": "Quarantine reasons"}, {}),
    ("quarantine", {"id": "Baris yang dikarantina", "en": "Quarantined rows"}, {}),
    ("match_methods", {"id": "Cara pencocokan nama", "en": "Name-matching methods"}, {}),
    ("party_kinds", {"id": "Jenis pihak", "en": "Party kinds"}, {}),
    ("unresolved_names", {"id": "Nama yang tidak terselesaikan atau ambigu", "en": "Unresolved or ambiguous names"},
     {}),
    ("date_precision", {"id": "Presisi tanggal", "en": "Date precision"}, {}),
    ("flags", {"id": "Penanda catatan", "en": "Record flags"}, {}),
    ("doc_types", {"id": "Jenis dokumen (kode otomatis)", "en": "Document types (automatic coding)"}, {}),
    ("cooperation_kinds", {"id": "Jenis kerja sama", "en": "Cooperation kinds"}, {}),
    ("reliability", {"id": "Keandalan pengodean", "en": "Coding reliability"},
     {"id": "Kode otomatis dibandingkan dengan kode manusia (hasil ajudikasi dan dua pengode independen), termasuk "
            "pengodean tindak lanjut terhadap status tindak lanjut. Semua angka in-sample: tabel kata kunci dan kata "
            "status disusun sambil membaca catatan yang sama, jadi angka ini lebih tinggi daripada pada data baru.",
      "en": "Automatic codes against the human codes (adjudicated, and two independent coders), including the "
            "follow-through coding against the human follow-up status. All figures are in-sample: the keyword and "
            "status-word tables were refined on these same records, so they are higher than on new data."}),
    ("missing_covariates", {"id": "Kovariat yang tidak tersedia", "en": "Missing covariates"},
     {"id": "Analisis yang memerlukannya dilewati atau diberi tanda. Untuk melengkapinya, jalankan sekali dengan "
            "akses internet, atau arahkan KERJASAMA_REFERENCE_MIRROR ke folder salinan berkas rujukan, lalu bangun "
            "ulang. Nama berkas dan alamatnya tercatat di manifest.json.",
      "en": "Analyses that need them are skipped or marked. To complete them, run once with internet access, or "
            "point KERJASAMA_REFERENCE_MIRROR at a folder holding copies of the reference files, then build again. "
            "The files and their addresses are recorded in manifest.json."}),
]
PAGE = {"id": {"title": "Ringkasan mutu data kerja sama daerah", "none": "(tidak ada)"},
        "en": {"title": "Data-quality summary of the cooperation register", "none": "(none)"}}

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2rem auto;
padding:0 1rem;color:#1b1b1b;line-height:1.45}
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.92rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}.colophon{margin-top:3rem;font-size:.85rem;color:#444;border-top:1px solid #ccc}
"""


#: The covariates the reference files provide, in the reader's words (keys: how the coding step names them).
_COVARIATES = {
    "boundaries": {"id": "batas wilayah (daerah tetangga, titik tengah, jarak, KSDD wajib atau sukarela)",
                   "en": "boundaries (neighbours, centroids, distances, KSDD mandatory or voluntary)"},
    "population": {"id": "jumlah penduduk", "en": "population"},
    "area_km2": {"id": "luas wilayah", "en": "area"},
    "parent region": {"id": "daerah induk dan undang-undang pembentukan", "en": "parent region and founding law"},
}
_GAP_REASONS = {
    "cannot download": {"id": "berkas rujukan tidak dapat diunduh dan tidak ada salinan luringnya",
                        "en": "the reference file could not be downloaded and no offline copy holds it"},
    "downloads are off": {"id": "berkas rujukan tidak ada di salinan luring dan unduhan dimatikan",
                          "en": "the reference file is in no offline copy and downloads are off"},
}


def missing_covariate(item: str, lang: str = "id") -> dict[str, str]:
    """A missing covariate as the coding step records it (``"<covariate>: <file>: <why>"``, for experts, kept in
    the manifest) in the reader's words: which covariate, and why in plain terms, without file names or
    addresses.

    >>> missing_covariate("population: penduduk_2020.csv: cannot download https://x.id/p.csv (ConnectionError)",
    ...                   "en")
    {'covariate': 'population', 'reason': 'the reference file could not be downloaded and no offline copy holds it'}
    """
    key = next((k for k in _COVARIATES if item.startswith(k)), "")
    reason = next((words for cue, words in _GAP_REASONS.items() if cue in item),
                  {"id": "tidak tersedia", "en": "not available"})
    return {"covariate": _COVARIATES[key][lang] if key else item.split(":")[0], "reason": reason[lang]}


def _table_html(df: pd.DataFrame, lang: str) -> str:
    from .labels import styled_table

    return styled_table(df, lang).to_html()


def quality_report_html(processed_dir: Path | str | None = None, lang: str = "id") -> str:
    """The data-quality page in ``lang``: every section's table with codebook labels and named values."""
    tables = quality_tables(processed_dir)
    manifest = read_manifest(processed_dir)
    page = PAGE[lang]
    parts = [
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>",
        f"<title>{html.escape(page['title'])}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(page['title'])}</h1>",
    ]
    for key, title, note in _SECTIONS:
        if key not in tables:
            continue
        df = tables[key]
        if key == "missing_covariates":  # the reader's words; the manifest keeps the files and addresses
            df = pd.DataFrame([missing_covariate(m, lang) for m in df["missing"]], columns=["covariate", "reason"])
        parts.append(f"<h2>{html.escape(title[lang])}</h2>")
        if note and not (key == "missing_covariates" and df.empty):
            parts.append(f"<p>{html.escape(note[lang])}</p>")
        parts.append(f"<p>{page['none']}</p>" if df.empty else _table_html(df, lang))
    parts.append(colophon_html(manifest, {"processed_dir": str(processed_dir or "data/processed")}, lang=lang))
    parts.append("</body></html>")
    return "\n".join(parts)


def write_quality_report(processed_dir: Path | str | None = None, out: Path | str | None = None) -> Path:
    out = Path(out) if out else config.REPORTS_DIR / "data_quality.html"
    write_text(quality_report_html(processed_dir), out)
    return out
