"""The report builder: run the parameterized notebooks with papermill and export them as HTML reports.

The variants to build are listed in ``reports.yml`` (name, notebook, parameters, whether to show code).
Before anything runs, every parameter name is checked against the notebook's tagged ``parameters`` cell
(papermill's inspection): an unknown name is an error. Notebooks are executed with the ``python3`` kernel,
absolute paths and an execution timeout, then exported to HTML with code hidden (cells tagged ``report-hide``
are dropped), and every report gets a colophon (package versions, git commit, parameters, input sha256,
codebook version, build time). Everything is built in a temporary folder inside ``reports/`` and moved into
place only when every notebook succeeded, so a failing notebook leaves the previous reports intact.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from . import __version__, config
from .outputs import (
    FORMULA_START,
    check_replaceable,
    link_or_copy,
    now_utc,
    staged_folder,
    write_json,
    write_text,
)
from .i18n import plain
from .provenance import colophon_html

REPORTS_FILE = config.PROJECT_ROOT / "reports.yml"
EXECUTION_TIMEOUT = 900
#: Parameters every notebook receives from the builder.
BUILDER_PARAMETERS = ("processed_dir", "lang")


class BuildError(RuntimeError):
    """A report could not be built (unknown parameter, failing notebook); nothing was replaced."""


@dataclass
class Variant:
    name: str
    notebook: str
    title: dict = field(default_factory=dict)
    description: dict = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)
    show_code: bool = False

    @property
    def path(self) -> Path:
        nb = Path(self.notebook)
        return nb if nb.is_absolute() else config.NOTEBOOKS_DIR / nb


def load_variants(path: Path | str | None = None) -> list[Variant]:
    """The report variants of ``reports.yml``."""
    path = Path(path or REPORTS_FILE)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    variants = [Variant(**v) for v in data["reports"]]
    names = [v.name for v in variants]
    if len(names) != len(set(names)):
        raise BuildError(f"{path}: report names must be unique")
    return variants


def notebook_parameters(notebook: Path) -> dict:
    """The parameters a notebook declares (papermill's inspection of the tagged ``parameters`` cell)."""
    import papermill

    return papermill.inspect_notebook(str(notebook))


def resolve_parameters(variants: list[Variant], params_file: Path | None, lang: str,
                       processed_dir: Path) -> dict[str, dict]:
    """Final parameters of every variant; unknown parameter names or keys are errors."""
    overrides: dict = {}
    if params_file:
        overrides = yaml.safe_load(Path(params_file).read_text(encoding="utf-8")) or {}
        known = {v.name for v in variants} | {Path(v.notebook).stem for v in variants} | {"all"}
        bad = sorted(set(overrides) - known)
        if bad:
            raise BuildError(f"{params_file}: unknown report or notebook {bad}; use one of {sorted(known)}")
    final: dict[str, dict] = {}
    for v in variants:
        params = {"processed_dir": str(processed_dir), "lang": lang}
        params.update(v.parameters)
        for key in ("all", Path(v.notebook).stem, v.name):
            params.update(overrides.get(key) or {})
        declared = notebook_parameters(v.path)
        unknown = sorted(set(params) - set(declared))
        if unknown:
            raise BuildError(f"{v.notebook}: unknown parameter(s) {unknown} for report {v.name!r}; the notebook "
                             f"declares {sorted(declared)}")
        final[v.name] = params
    return final


def execute(variant: Variant, params: dict, out_ipynb: Path, timeout: int = EXECUTION_TIMEOUT) -> None:
    import papermill

    papermill.execute_notebook(
        str(variant.path), str(out_ipynb), parameters=params, kernel_name="python3",
        cwd=str(variant.path.parent), execution_timeout=timeout, progress_bar=False, log_output=False,
        request_save_on_cell_execute=False,
    )


#: The page template (JupyterLab's, with figure alt text): ``data/templates/kerjasama``.
TEMPLATES_DIR = config.PACKAGE_DATA_DIR / "templates"


def to_html(ipynb: Path, title: str, colophon: str, show_code: bool = False, lang: str = "id") -> str:
    """Export an executed notebook to standalone HTML (code hidden unless ``show_code``), in ``lang``: the page's
    language attribute, and every figure's alt text (its title; "Grafik"/"Chart" where a figure has none)."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    c = Config()
    c.TagRemovePreprocessor.remove_cell_tags = {"report-hide", "injected-parameters"}
    if not show_code:
        c.TagRemovePreprocessor.remove_cell_tags.add("parameters")
    c.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=c, template_name="kerjasama", extra_template_basedirs=[str(TEMPLATES_DIR)])
    exporter.exclude_input = not show_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.register_preprocessor(TagRemovePreprocessor(config=c), enabled=True)
    nb = nbformat.read(str(ipynb), as_version=4)
    nb.metadata["title"] = title
    exporter.language_code = lang
    body, _ = exporter.from_notebook_node(nb, resources={"default_alt": plain("chart", lang)})
    style = ("<style>.colophon{margin:3rem auto 1rem;max-width:1100px;font-size:.85rem;color:#444;"
             "border-top:1px solid #ccc;padding:0 1rem}.colophon code{font-size:.8rem}</style>")
    return body.replace("</body>", f"{style}{colophon}</body>", 1)


#: Columns wider than this (characters) wrap their text.
WRAP_OVER = 60
#: The sheet that explains every column, per language.
GUIDE_SHEET = {"id": "keterangan_kolom", "en": "column_guide"}


def column_labels(lang: str) -> dict[str, tuple[str, str]]:
    """``{column: (header, definition)}`` in ``lang`` from the codebook's variables."""
    from .codebook import load_codebook

    out = {}
    for v in load_codebook().raw["variables"]:
        out.setdefault(v["name"], (v["label"][lang], v["definition"][lang]))
    return out


def write_excel(tables: dict[str, pd.DataFrame], path: Path, lang: str | None = None) -> Path:
    """Write the tables as sheets of one workbook, atomically: bold headers with filters, frozen first row, dates
    as Excel dates (dd/mm/yyyy), long text wrapped, web links clickable, and text that a spreadsheet would run as a
    formula stored as text. With ``lang``, headers are the codebook's labels in that language, coded values are
    written with their names (``kb_without_pks`` -> *KB tanpa PKS*), and a first sheet explains every column."""
    from openpyxl.styles import Alignment, Font

    from .labels import label_value, value_labels

    path.parent.mkdir(parents=True, exist_ok=True)
    labels = column_labels(lang) if lang else {}
    coded = set(value_labels(lang)) if lang else set()
    sheets = dict(tables)
    if lang:
        guide = [{"sheet": name, "kolom": labels.get(c, (c, ""))[0], "nama_teknis": c,
                  "keterangan": labels.get(c, ("", ""))[1]} for name, df in tables.items() for c in df.columns]
        header = {"id": ["lembar", "kolom", "nama teknis", "keterangan"],
                  "en": ["sheet", "column", "technical name", "definition"]}[lang]
        sheets = {GUIDE_SHEET[lang]: pd.DataFrame(guide).set_axis(header, axis=1), **sheets}
    fd, tmp = tempfile.mkstemp(prefix=".xlsx-", suffix=".xlsx", dir=path.parent)
    os.close(fd)
    try:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xl:
            for sheet, df in sheets.items():
                out = df.copy()
                dates = []
                for col in out.columns:
                    if pd.api.types.is_datetime64_any_dtype(out[col]):
                        out[col] = out[col].dt.date
                        dates.append(col)
                    elif pd.api.types.is_string_dtype(out[col]) or out[col].dtype == object:
                        out[col] = out[col].astype(object).where(out[col].notna(), None)
                        if lang and sheet != GUIDE_SHEET[lang] and col in coded:  # codes written as names
                            out[col] = out[col].map(lambda v, c=col: None if v is None else label_value(c, v, lang))
                if sheet != GUIDE_SHEET.get(lang or ""):
                    out = out.rename(columns={c: labels[c][0] for c in out.columns if c in labels})
                out.to_excel(xl, sheet_name=sheet[:31], index=False)
                ws = xl.sheets[sheet[:31]]
                _cells_as_text(ws)
                ws.freeze_panes = "A2"
                if ws.max_row > 1:
                    ws.auto_filter.ref = ws.dimensions
                for cell in ws[1]:
                    cell.font = Font(bold=True)
                for i, (name, col) in enumerate(zip(df.columns, out.columns), start=1):
                    letter = ws.cell(1, i).column_letter
                    lengths = sorted(len(str(v)) for v in out[col].head(500) if v is not None)
                    typical = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0
                    ws.column_dimensions[letter].width = min(WRAP_OVER, max(10, len(str(col)) + 2, typical + 2))
                    cells = ws[letter][1:]
                    if name in dates:
                        for cell in cells:
                            cell.number_format = "DD/MM/YYYY"
                    elif typical > WRAP_OVER:
                        for cell in cells:
                            cell.alignment = Alignment(wrap_text=True, vertical="top")
                    if name in ("source_url", "url"):
                        for cell in cells:
                            link = str(cell.value or "").split(" | ")[0].strip()
                            if link.startswith(("http://", "https://")):
                                cell.hyperlink = link
                                cell.font = Font(color="0563C1", underline="single")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _cells_as_text(ws) -> None:
    """Store every text cell that a spreadsheet would run as a formula as plain text (shown as typed, never run),
    with Excel's quote prefix so that editing the cell keeps it text."""
    for row in ws.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, str) and value.startswith(FORMULA_START):
                cell.data_type = "s"  # openpyxl stores a string starting with "=" as a formula otherwise
                cell.quotePrefix = True


def excel_tables(processed_dir: Path) -> dict[str, pd.DataFrame]:
    """Main and summary tables for bureau staff (sheet names in Indonesian)."""
    from . import analysis as A

    t = A.load_tables(processed_dir)
    a, p, s = t["agreements"], t["parties"], t["sectors"]
    keep = [c for c in ["record_id", "date_signed", "date_precision", "doc_type", "doc_type_code", "stage",
                        "cooperation_kind", "ksdd_basis", "parties_raw", "subject", "status", "n_parties",
                        "n_sectors", "regime", "source_url", "flags", "source_file", "source_row"] if c in a.columns]
    out = {
        "catatan": a[keep],
        "pihak": p,
        "urusan": s,
        "karantina": t["quarantine"],
        "ringkasan_tahun": A.coverage_by_year(a).rename_axis("tahun").reset_index(),
        "ringkasan_urusan": A.sector_shares(s, a).reset_index().rename(columns={"label": "urusan"}),
        "ringkasan_provinsi": A.coverage_by_province(p, t.get("regions")).rename_axis("provinsi").reset_index(),
        "ringkasan_jenis_dokumen": A.doc_type_counts(a).rename_axis("jenis_dokumen").reset_index(),
    }
    if "follow_through" in t and "relationships" in t:
        from .followthrough import watch_lists, watch_windows
        from .i18n import plain

        as_of = t["manifest"].get("coding", {}).get("as_of")
        lists = watch_lists(t["follow_through"], a, t["relationships"], as_of=as_of)
        months = watch_windows()
        frames = [w.assign(keterangan=plain(f"watch_{rule}", "id", m=months[rule]), per_tanggal=as_of)
                  for rule, w in lists.items() if len(w)]
        if frames:
            out["daftar_pantau"] = pd.concat(frames, ignore_index=True)
    return out


def _shown(params: dict) -> dict:
    """Parameters as shown to readers: paths inside the project relative to it."""
    out = dict(params)
    try:
        out["processed_dir"] = str(Path(out["processed_dir"]).relative_to(config.PROJECT_ROOT))
    except (KeyError, ValueError):
        pass
    return out


INDEX_LABELS = {
    "id": {"report": "Laporan", "contents": "Isi", "notebook": "Buku catatan", "parameters": "Parameter",
           "other": "Laporan dalam bahasa Inggris",
           "extra": [("figures/", "Gambar untuk publikasi (SVG, PNG 300 dpi)"), ("tables/", "Tabel laporan (CSV, LaTeX)"),
                     ("{quality}", "Ringkasan mutu data"), ("codebook_id.html", "Buku kode"),
                     ("kerjasama_tables.xlsx", "Tabel untuk Excel")]},
    "en": {"report": "Report", "contents": "Contents", "notebook": "Notebook", "parameters": "Parameters",
           "other": "Reports in Indonesian",
           "extra": [("figures/", "Figures for publication (SVG, 300-dpi PNG)"), ("tables/", "Report tables (CSV, LaTeX)"),
                     ("{quality}", "Data-quality summary"), ("codebook_en.html", "Codebook"),
                     ("kerjasama_tables.xlsx", "Tables for Excel")]},
}


def page_file(stem: str, lang: str, primary: str) -> str:
    """``stem.html`` in the build's primary language, ``stem_<lang>.html`` in the other."""
    return f"{stem}.html" if lang == primary else f"{stem}_{lang}.html"


def _index_html(entries: list[dict], lang: str, manifest: dict, other: str | None = None, primary: str = "id") -> str:
    """The index page of the reports in ``lang``; ``other``: the other language, when its reports exist too."""
    from .i18n import t

    esc = html.escape
    L = INDEX_LABELS[lang]
    rows = "".join(
        f"<tr><td><a href='{esc(e['file'])}'>{esc(e['title'])}</a></td><td>{esc(e['description'])}</td>"
        f"<td><code>{esc(e['notebook'])}</code></td><td><code>{esc(json.dumps(_shown(e['parameters']), ensure_ascii=False))}"
        f"</code></td></tr>" for e in entries if e.get("lang", "id") == lang)
    extra = [(f.format(quality=page_file("data_quality", lang, primary)), label) for f, label in L["extra"]]
    extra += [(page_file("index", other, primary), L["other"])] if other else []
    links = "".join(f"<li><a href='{esc(f)}'>{esc(label)}</a></li>" for f, label in extra)
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{esc(t('index_title', lang))}"
            "</title><style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;"
            "line-height:1.45}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.35rem .6rem;"
            "text-align:left;vertical-align:top}th{background:#eef}code{font-size:.85rem}</style></head><body>"
            f"<h1>{esc(t('index_title', lang))}</h1><p>{esc(t('index_intro', lang))}</p>"
            f"<table><thead><tr><th>{L['report']}</th><th>{L['contents']}</th><th>{L['notebook']}</th>"
            f"<th>{L['parameters']}</th></tr></thead><tbody>{rows}</tbody></table><ul>{links}</ul>"
            f"<h2>{esc(t('cite_title', lang))}</h2><p>{esc(t('cite_text', lang))}</p>"
            f"{colophon_html(manifest, {'lang': lang}, lang=lang)}</body></html>")


def build_reports(inputs: list[Path] | None = None, params_file: Path | None = None, only: list[str] | None = None,
                  lang: str = "id", processed_dir: Path | None = None, reports_dir: Path | None = None,
                  variants_file: Path | None = None, timeout: int = EXECUTION_TIMEOUT, log=print,
                  owner: str | None = None, dayfirst: bool | None = None, as_of: str | None = None) -> dict:
    """Clean and code the registers, then build every report (see the module docstring). Returns the manifest.

    ``lang``: ``id``, ``en``, or ``both`` (every report in Indonesian, and in English as ``<name>_en.html``,
    both linked from the Indonesian index)."""
    from .codebook import write_codebook
    from .pipeline import clean_to_dir, code_to_dir, read_manifest
    from .quality import quality_report_html

    if lang not in ("id", "en", "both"):
        raise BuildError(f"--lang must be id, en or both, not {lang!r}")
    langs = ["id", "en"] if lang == "both" else [lang]
    lang = langs[0]  # the language of the index, the workbook and the unsuffixed reports
    t0 = time.perf_counter()
    processed = Path(processed_dir or config.PROCESSED_DIR).resolve()
    reports = Path(reports_dir or config.REPORTS_DIR).resolve()
    variants = load_variants(variants_file)
    if only:
        chosen = [v for v in variants if v.name in only or Path(v.notebook).stem in only]
        if not chosen:
            raise BuildError(f"--only {only}: no such report; reports are {[v.name for v in variants]}")
        variants = chosen
    # every (language, variant) to build, with its final parameters, checked before any work
    jobs = [(L, v, f"{v.name}_{L}" if L != lang else v.name, params)
            for L in langs for params in [resolve_parameters(variants, params_file, L, processed)] for v in variants]

    steps = 2 + len(jobs) + 1
    check_replaceable(reports)
    log(f"[1/{steps}] clean ({time.perf_counter() - t0:.1f} s)")
    cleaned = clean_to_dir(inputs, processed, dayfirst=dayfirst, owner=owner)
    for note in cleaned["notes"]:
        log(f"  note: {note}")
    log(f"[2/{steps}] code ({time.perf_counter() - t0:.1f} s)")
    manifest = code_to_dir(processed, as_of=as_of)
    for item in manifest["coding"]["missing_covariates"]:
        log(f"  missing covariate: {item}")

    entries = []
    with staged_folder(reports) as build:
        for i, (L, v, name, params) in enumerate(jobs, start=3):
            t1 = time.perf_counter()
            log(f"[{i}/{steps}] {name} ({v.notebook}) ...")
            executed = build / f".{name}.ipynb"
            try:
                with _export_to(build, name):
                    execute(v, params[v.name], executed, timeout)
            except Exception as exc:
                raise BuildError(_failure_message(v, exc)) from exc
            title = v.title.get(L) or v.name
            colophon = colophon_html(manifest, params[v.name], lang=L)
            write_text(to_html(executed, title, colophon, v.show_code, lang=L), build / f"{name}.html")
            executed.unlink()
            entries.append({"name": name, "file": f"{name}.html", "title": title, "lang": L,
                            "description": v.description.get(L, ""), "notebook": v.notebook,
                            "parameters": params[v.name], "seconds": round(time.perf_counter() - t1, 1)})
            log(f"    done in {time.perf_counter() - t1:.1f} s")
        log(f"[{steps}/{steps}] index, codebook, data quality, Excel ({time.perf_counter() - t0:.1f} s)")
        write_codebook(build)
        for L in langs:
            write_text(quality_report_html(processed, L), build / page_file("data_quality", L, lang))
        write_excel(excel_tables(processed), build / "kerjasama_tables.xlsx", lang=lang)
        previous = _previous_entries(reports, {e["name"] for e in entries}) if only else []
        for e in previous:  # reports not rebuilt by --only are kept
            link_or_copy(reports / e["file"], build / e["file"])
        if reports.is_dir():  # folders made by other tools (screenshots/) are kept
            for sub in reports.iterdir():
                if sub.is_dir() and not sub.name.startswith(".") and not (build / sub.name).exists():
                    shutil.copytree(sub, build / sub.name, copy_function=link_or_copy)
            rebuilt = tuple(f"{e['name']}-" for e in entries)
            for sub in ("figures", "tables"):  # exports of the reports --only did not rebuild
                if only and (reports / sub).is_dir() and (build / sub).is_dir():
                    for f in (reports / sub).iterdir():
                        if not f.name.startswith(rebuilt) and not (build / sub / f.name).exists():
                            link_or_copy(f, build / sub / f.name)
        all_entries = sorted(previous + entries, key=lambda e: e["name"])
        page_langs = sorted({e.get("lang", lang) for e in all_entries} | set(langs), key=lambda x: x != lang)
        for L in page_langs:
            other = next((x for x in page_langs if x != L), None)
            write_text(_index_html(all_entries, L, read_manifest(processed), other=other, primary=lang),
                       build / page_file("index", L, lang))
        report_manifest = {
            "package_version": __version__, "created_utc": now_utc(), "lang": "+".join(langs),
            "seconds": round(time.perf_counter() - t0, 1), "processed_dir": str(processed),
            "codebook_version": manifest.get("codebook_version"), "inputs": manifest["inputs"],
            "reports": all_entries,
        }
        write_json(report_manifest, build / "manifest.json")
    log(f"wrote {len(entries)} reports to {reports} in {time.perf_counter() - t0:.1f} s")
    return report_manifest


@contextlib.contextmanager
def _export_to(folder: Path, report: str):
    """Let the notebook's kernel export its figures and tables into ``folder`` (figures/, tables/)."""
    from .plots import EXPORT_DIR_ENV, REPORT_NAME_ENV

    saved = {k: os.environ.get(k) for k in (EXPORT_DIR_ENV, REPORT_NAME_ENV)}
    os.environ[EXPORT_DIR_ENV], os.environ[REPORT_NAME_ENV] = str(folder), report
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _previous_entries(reports: Path, rebuilt: set[str]) -> list[dict]:
    path = reports / "manifest.json"
    if not path.exists():
        return []
    old = json.loads(path.read_text(encoding="utf-8")).get("reports", [])
    return [e for e in old if e["name"] not in rebuilt and (reports / e["file"]).exists()]


def _failure_message(v: Variant, exc: Exception) -> str:
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    cell = getattr(exc, "exec_count", None)
    where = f" in cell {cell}" if cell else ""
    return f"notebook {v.notebook} (report {v.name}) failed{where}: {ename}: {evalue}. Previous reports were kept."
