"""The data dictionary and the Frictionless data package of the processed tables."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kerjasama_study.dictionary import INPUT_COLUMN, data_dictionary


def test_every_column_of_every_table_is_described(coded_dir):
    d, _ = coded_dir
    dic = data_dictionary(d)
    manifest = json.loads((d / "manifest.json").read_text())
    assert set(dic["table"]) == {t for t in manifest["outputs"] if (d / f"{t}.parquet").exists()}
    assert dic["description"].str.len().gt(0).all() and dic["label"].str.len().gt(0).all()
    from_input = dic[dic["description"] == INPUT_COLUMN["en"]]
    assert set(from_input["table"]) <= {"agreements"}  # only columns kept from the register lack a codebook entry
    assert len(data_dictionary(d, lang="id")) == len(dic)


def test_datapackage_matches_the_csv_files(coded_dir):
    """What `frictionless validate datapackage.json` checks, without the package: headers, types, values."""
    d, _ = coded_dir
    pkg = json.loads((d / "datapackage.json").read_text())
    assert pkg["profile"] == "tabular-data-package" and pkg["licenses"][0]["name"] == "CC-BY-4.0"
    for res in pkg["resources"]:
        csv = pd.read_csv(d / res["path"], dtype=str, keep_default_na=False)
        fields = res["schema"]["fields"]
        assert list(csv.columns) == [f["name"] for f in fields], res["name"]
        for f in fields:
            values = csv[f["name"]][csv[f["name"]] != ""]
            if f["type"] == "integer":
                assert values.str.fullmatch(r"-?\d+").all(), (res["name"], f["name"])
            elif f["type"] == "number":
                pd.to_numeric(values)
            elif f["type"] == "boolean":
                assert values.isin(["true", "false"]).all(), (res["name"], f["name"])
            elif f["type"] == "date":
                assert values.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all(), (res["name"], f["name"])


def test_frictionless_validates_the_package_when_installed(coded_dir):
    frictionless = pytest.importorskip("frictionless")
    d, _ = coded_dir
    report = frictionless.validate(str(d / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
