"""The data dictionary of the processed tables, and a Frictionless Tabular Data Package describing them.

Every column of every table in a processed folder gets its type (from the Parquet schema) and its label and
definition (from the codebook's ``variables``; a column kept from the input register is described as such).
:func:`write_datapackage` writes ``datapackage.json`` beside the CSV files, so that ``frictionless validate
datapackage.json`` (or any Data Package reader) knows every field.

>>> field_type("int64"), field_type("timestamp[ns]"), field_type("bool"), field_type("large_string")
('integer', 'date', 'boolean', 'string')
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

#: Where a column's description comes from when the codebook has none: a column of the input register.
INPUT_COLUMN = {"en": "A column of the input register, kept under its own name.",
                "id": "Kolom dari register masukan, disimpan dengan namanya sendiri."}


def field_type(arrow_type: str) -> str:
    """The Frictionless field type of an Arrow type name."""
    t = str(arrow_type)
    if t.startswith(("int", "uint")):
        return "integer"
    if t.startswith(("double", "float", "decimal")):
        return "number"
    if t == "bool":
        return "boolean"
    if t.startswith(("timestamp", "date")):
        return "date"
    return "string"


def data_dictionary(processed_dir: Path | str, lang: str = "en") -> pd.DataFrame:
    """One row per (table, column) of the processed folder: type, label and definition."""
    import pyarrow.parquet as pq

    from .codebook import load_codebook

    d = Path(processed_dir)
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    variables: dict[tuple[str, str], dict] = {}
    for v in load_codebook().raw["variables"]:
        variables.setdefault((v["table"], v["name"]), v)
        variables.setdefault(("*", v["name"]), v)
    rows = []
    for table in manifest["outputs"]:
        if not (d / f"{table}.parquet").exists():
            continue
        for f in pq.read_schema(d / f"{table}.parquet"):
            v = variables.get((table, f.name)) or variables.get(("*", f.name))
            rows.append({"table": table, "column": f.name, "type": field_type(f.type),
                         "label": v["label"][lang] if v else f.name,
                         "description": v["definition"][lang] if v else INPUT_COLUMN[lang]})
    return pd.DataFrame(rows, columns=["table", "column", "type", "label", "description"])


def datapackage(processed_dir: Path | str) -> dict:
    """The Frictionless Tabular Data Package descriptor of a processed folder (CSV resources)."""
    from . import __version__

    d = Path(processed_dir)
    dic = data_dictionary(d)
    resources = []
    for table, cols in dic.groupby("table", sort=False):
        resources.append({
            "name": table.replace("_", "-"), "path": f"{table}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": [{"name": r.column, "type": r.type, "title": r.label, "description": r.description}
                                  for r in cols.itertuples()],
                       "missingValues": [""]},
        })
    return {
        "profile": "tabular-data-package",
        "name": "kerjasama-study-processed",
        "title": "kerjasama-study: cleaned and coded records of Indonesian regional cooperation agreements",
        "version": __version__,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "sources": [{"title": "Public news reports and regional-government portals (URL in every record)"}],
        "resources": resources,
    }


def write_datapackage(processed_dir: Path | str) -> Path:
    """Write ``datapackage.json`` into the processed folder."""
    from .outputs import write_json

    path = Path(processed_dir) / "datapackage.json"
    write_json(datapackage(processed_dir), path)
    return path
