"""One report: its variant in ``reports.yml``, its parameters, its execution with papermill and its HTML page;
and the Excel workbook for staff.

The variants are listed in ``reports.yml`` (name, notebook, parameters, whether to show code). Every parameter
name is checked against the notebook's tagged ``parameters`` cell (papermill's inspection) before anything runs:
an unknown name is an error. A notebook is executed with the ``python3`` kernel, absolute paths and an
execution timeout, then exported to HTML with code hidden (cells tagged ``report-hide`` are dropped) and a
colophon (package versions, git commit, parameters, input sha256, codebook version, build time). The build of
many reports (steps, cache, parallel runs, index) is :mod:`kerjasama_study.build`.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from . import config
from .i18n import plain
from .outputs import FORMULA_START

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
    family: str = ""  # the family (reports.yml ``families``) this variant was expanded from

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
                       processed_dir: Path, inspect=None) -> dict[str, dict]:
    """Final parameters of every variant; unknown parameter names or keys are errors. ``inspect``: how to read a
    notebook's declared parameters (default :func:`notebook_parameters`)."""
    inspect = inspect or notebook_parameters
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
        declared = inspect(v.path)
        unknown = sorted(set(params) - set(declared))
        if unknown:
            raise BuildError(f"{v.notebook}: unknown parameter(s) {unknown} for report {v.name!r}; the notebook "
                             f"declares {sorted(declared)}")
        final[v.name] = params
    return final


def execute(variant: Variant, params: dict, out_ipynb: Path, timeout: int = EXECUTION_TIMEOUT, km=None) -> None:
    """Run the variant's notebook with papermill into ``out_ipynb``; ``km``: a started kernel manager to run in
    (kept running afterwards), else papermill starts and stops a kernel of its own."""
    import papermill

    extra = {"km": km} if km is not None else {}
    papermill.execute_notebook(
        str(variant.path), str(out_ipynb), parameters=params, kernel_name="python3",
        cwd=str(variant.path.parent), execution_timeout=timeout, progress_bar=False, log_output=False,
        request_save_on_cell_execute=False, **extra,
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
