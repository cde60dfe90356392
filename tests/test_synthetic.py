"""Synthetic messy registers: deterministic, and the cleaner recovers their truth."""

from __future__ import annotations

import pytest

from kerjasama_study.clean import clean_registers
from kerjasama_study.synthetic import make_register, write_register


def test_same_seed_same_register():
    a, b = make_register(200, seed=3), make_register(200, seed=3)
    assert a.frame.equals(b.frame) and a.truth_parties.equals(b.truth_parties)
    assert not a.frame.equals(make_register(200, seed=4).frame)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.slow
def test_cleaner_recovers_synthetic_truth(tmp_path, suffix):
    reg = make_register(1500, seed=11, excel_dates=suffix == ".xlsx")
    path = write_register(reg, tmp_path / f"sintetis{suffix}")
    result = clean_registers([path])
    [stats] = result.stats
    truth = reg.truth_rows["expected"]
    assert stats.blank_rows == (truth == "blank").sum()
    assert stats.data_rows == stats.kept + stats.quarantined == (truth != "blank").sum()
    assert stats.kept == (truth == "kept").sum()
    reasons = result.quarantine["reason"]
    assert reasons.str.startswith("duplicate of").sum() == (truth == "duplicate").sum()
    assert reasons.str.startswith("impossible date").sum() == (truth == "impossible_date").sum()
    assert reasons.str.startswith("no party named").sum() == (truth == "no_party").sum()
    assert reasons.str.startswith("no party resolves").sum() == (truth == "no_region").sum()

    header_row = 4  # two title rows and a blank row above the header
    truth_parties = reg.truth_parties.assign(source_row=reg.truth_parties["row"] + header_row + 1)
    got = result.parties.merge(result.agreements[["record_id", "source_row"]], on="record_id")
    merged = truth_parties.merge(got, on=["source_row", "position"], how="left", validate="one_to_one")
    regions = merged[merged["code"].notna()]
    accuracy = (regions["code"] == regions["region_code"]).mean()
    assert accuracy >= 0.97, accuracy
    wrong = regions[regions["region_code"].notna() & (regions["code"] != regions["region_code"])]
    assert len(wrong) <= 0.005 * len(regions), wrong[["name", "code", "region_code"]]
