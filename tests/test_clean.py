"""Cleaning: every row accounted for, quarantine reasons, flags, and the default dataset against human coding."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from kerjasama_study.clean import clean_frame, clean_registers
from kerjasama_study.readers import RegisterError
from kerjasama_study.schemas import validate_tables

from .conftest import MESSY_ROWS


def _tables(result):
    return {"agreements": result.agreements, "parties": result.parties, "quarantine": result.quarantine}


def test_default_dataset_keeps_all_80_records(default_register):
    result = clean_registers([default_register])
    assert len(result.agreements) == 80 and len(result.quarantine) == 0
    [stats] = result.stats
    assert (stats.data_rows, stats.blank_rows, stats.kept) == (80, 0, 80)
    assert result.agreements["record_id"].tolist()[:2] == ["PR-001", "PR-002"]
    validate_tables(_tables(result))


def test_default_dataset_resolves_every_region_party_to_the_human_code(default_register, human_codes):
    parties = clean_registers([default_register]).parties
    expected = []
    for _, row in human_codes.iterrows():
        for pos, code in enumerate(row["kode_wilayah_pihak"].split(";"), start=1):
            expected.append((row["id"], pos, code.strip()))
    exp = pd.DataFrame(expected, columns=["record_id", "position", "code"])
    merged = exp.merge(parties, on=["record_id", "position"], how="left", validate="one_to_one")
    assert len(merged) == len(parties), "party positions differ from the human coding"
    regions = merged[merged["code"] != ""]
    assert len(regions) == 196
    mismatches = regions[regions["code"] != regions["region_code"]]
    assert mismatches.empty, mismatches[["record_id", "name_raw", "code", "region_code"]]
    others = merged[merged["code"] == ""]
    # the human coders left offices out; the cleaner resolves an office to its region and records the office
    offices = others[others["match_method"] == "office"]
    assert offices[["record_id", "region_code", "office"]].values.tolist() == [
        ["PR-043", "32", "Dinas Pengelolaan Sumber Daya Air"]]
    assert others.drop(offices.index)["region_code"].isna().all()


def test_default_dataset_keeps_input_columns_and_dates(default_register):
    a = clean_registers([default_register]).agreements.set_index("record_id")
    assert {"presisi_tanggal", "ringkasan_en", "klaster_peristiwa", "catatan", "sumber_lain"} <= set(a.columns)
    assert a.loc["PR-028", "date_precision"] == "month" and a.loc["PR-028", "date_signed"] == pd.Timestamp("2010-03-01")
    assert a.loc["PR-009", "date_precision"] == "unknown" and "no_date" in a.loc["PR-009", "flags"]
    assert a.loc["PR-064", "flags"] == "single_party"
    assert a.loc["PR-001", "source_url"].startswith("https://www.tintaborneo.com/")
    assert a.loc["PR-001", "source_row"] == 2


@pytest.mark.parametrize("fixture", ["messy_xlsx", "messy_csv"])
def test_messy_register_accounts_for_every_row(request, fixture):
    path = request.getfixturevalue(fixture)
    result = clean_registers([path])
    [stats] = result.stats
    assert stats.blank_rows == 1
    assert stats.data_rows == len(MESSY_ROWS) == stats.kept + stats.quarantined
    assert len(result.agreements) + len(result.quarantine) == len(MESSY_ROWS)
    validate_tables(_tables(result))

    by_no = {int(r["record_no"]): r for _, r in result.quarantine.iterrows()}
    for no, *_rest, expected in MESSY_ROWS:
        if isinstance(expected, str):
            assert no in by_no, f"row No {no} should be quarantined"
            assert by_no[no]["reason"].startswith(expected), by_no[no]["reason"]
    assert "row 5 (record 1)" in by_no[11]["reason"]  # the duplicate names the row it repeats
    assert "(column 'Tanggal Penandatanganan')" in by_no[8]["reason"]
    raw = json.loads(by_no[8]["raw"])
    assert raw["Para Pihak"] == "Pemkot Palu; Pemkab Sigi" and raw["Unit Pengusul"] == "Bagian Kerja Sama"


@pytest.mark.parametrize("fixture", ["messy_xlsx", "messy_csv"])
def test_messy_register_resolves_region_names(request, fixture):
    result = clean_registers([request.getfixturevalue(fixture)])
    parties = result.parties.merge(result.agreements[["record_id", "record_no"]], on="record_id")
    checked = 0
    for no, *_rest, expected in MESSY_ROWS:
        if isinstance(expected, str):
            continue
        got = parties[parties["record_no"] == str(no)].sort_values("position")
        assert got["region_code"].fillna("").tolist() == expected, no
        checked += len([c for c in expected if c])
    assert checked == 28


def test_flags_single_party_ambiguous_and_office(messy_xlsx):
    a = clean_registers([messy_xlsx]).agreements.set_index("record_no")
    assert a.loc["12", "flags"] == "single_party"
    assert "ambiguous_party" in a.loc["14", "flags"]
    assert "perangkat_daerah" not in a.loc["13", "flags"]  # "Dinas PUPR Kalbar" signs for Kalimantan Barat
    office = clean_frame(pd.DataFrame({"tanggal": ["2021"], "pihak": ["Kota Palu; Dinas PUPR; Bappeda Sigi"]}))
    assert office.agreements["flags"].tolist() == ["perangkat_daerah"]
    assert office.parties[["match_method", "region_code", "office"]].fillna("").values.tolist() == [
        ["exact", "72.71", ""], ["perangkat_daerah", "", ""], ["office", "72.10", "Bappeda"]]
    assert a.loc["5", "date_precision"] == "month" and a.loc["6", "date_precision"] == "year"
    assert a.loc["3", "date_signed"] == pd.Timestamp("2021-09-28")  # an Excel date cell (a CSV string in the CSV)
    assert "unit_pengusul" in a.columns  # unknown columns are kept


def test_missing_required_column_names_file_and_column(tmp_path):
    path = tmp_path / "tanpa_tanggal.csv"
    path.write_text("No,Para Pihak,Perihal\n1,Kota Palu; Kabupaten Sigi,air\n", encoding="utf-8")
    with pytest.raises(RegisterError, match=r"tanpa_tanggal\.csv: missing required column 'date_signed'"):
        clean_registers([path])


def test_party_columns_pihak_1_to_n(tmp_path):
    path = tmp_path / "kolom.csv"
    path.write_text("tanggal;pihak_1;pihak_2;pihak_3\n2021-01-05;Kota Palu;Kabupaten Sigi;\n"
                    "2021-02-05;Pemprov Sulteng;Kota Palu;Universitas Tadulako\n", encoding="utf-8")
    result = clean_registers([path])
    assert result.agreements["n_parties"].tolist() == [2, 3]
    assert result.parties["party_kind"].tolist() == ["kota", "kabupaten", "provinsi", "kota", "pihak_ketiga"]
    assert result.agreements["record_id"].tolist() == ["kolom-2", "kolom-3"]


def test_repeated_id_with_different_content_is_kept_and_flagged():
    frame = pd.DataFrame({"id": ["A", "A"], "tanggal": ["2020-01-01", "2021-01-01"],
                          "pihak": ["Kota Palu; Kabupaten Sigi", "Kota Palu; Kabupaten Sigi"]})
    a = clean_frame(frame, "reg.csv").agreements
    assert a["record_id"].tolist() == ["A", "reg-3"]
    assert a["flags"].tolist() == ["", "duplicate_id"]


def test_duplicates_across_files_name_the_earlier_file(tmp_path):
    body = "id,tanggal,pihak\n{0},2020-01-01,Kota Palu; Kabupaten Sigi\n"
    (tmp_path / "a.csv").write_text(body.format("A1"), encoding="utf-8")
    (tmp_path / "b.csv").write_text(body.format("B7"), encoding="utf-8")
    result = clean_registers([tmp_path / "a.csv", tmp_path / "b.csv"])
    assert len(result.agreements) == 1
    assert result.quarantine["reason"].tolist() == ["duplicate of a.csv row 2 (record A1)"]


def test_raw_data_is_not_modified(default_register):
    before = default_register.read_bytes()
    clean_registers([default_register])
    assert default_register.read_bytes() == before


def test_same_tables_whichever_way_the_csv_was_read(tmp_path, monkeypatch):
    """Cleaning columns read by Arrow and cells read row by row by the csv module gives identical tables."""
    from kerjasama_study import readers
    from kerjasama_study.synthetic import make_register, write_register

    path = write_register(make_register(1500, seed=12), tmp_path / "syn.csv")
    copy = tmp_path / "copy" / "syn.csv"
    copy.parent.mkdir()
    copy.write_bytes(path.read_bytes())
    fast = clean_registers([path, copy])  # the second copy: every row a duplicate of the first
    monkeypatch.setattr(readers, "_arrow_body", lambda *a: None)
    slow = clean_registers([path, copy])
    for name in ("agreements", "parties", "quarantine"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(slow, name))
    assert [vars(s) for s in fast.stats] == [vars(s) for s in slow.stats]
    second = fast.quarantine[fast.quarantine["source_file"] == "copy/syn.csv"].iloc[-1]
    assert second["reason"].startswith(f"duplicate of {tmp_path.name}/syn.csv row ")
    assert fast.stats[1].kept == 0 and fast.stats[1].quarantined == fast.stats[1].data_rows


def test_partner_only_register_with_owner(partner_register):
    r = clean_registers([partner_register], owner="Provinsi Jawa Barat")
    a, p = r.agreements.set_index("record_no"), r.parties
    assert r.quarantine.empty and len(a) == 7
    owners = p[p["role"] == "owner"]
    assert len(owners) == 7 and set(owners["region_code"]) == {"32"} and (owners["position"] == 1).all()
    listed = p[p["role"] == "listed"].set_index("record_id")
    assert listed["party_kind"].tolist()[:5] == ["pihak_ketiga"] * 5
    assert listed.loc["3", "name_raw"].startswith("AKADEMI PEREKAM MEDIS DAN INFORMATIKA")  # not split at DAN
    assert listed.loc["6", ["region_code", "office"]].tolist() == ["34.02", "Kadispar"]
    assert listed.loc["7", ["region_code", "office"]].tolist() == ["13.71", "Dinas Kesehatan"]
    assert a.loc["2", "doc_number"] == "445/014-RSJ/2021; 445/015-RSJ/2021"
    assert a.loc["1", "doc_number_partner"] == "012/AKPER/I/2022" and pd.isna(a.loc["2", "doc_number_partner"])
    assert a.loc["2", "date_signed"] == pd.Timestamp("2021-05-03") and a.loc["2", "date_raw"] == "03/05/2021"
    assert a.loc["2", "end_date"] == pd.Timestamp("2026-05-03") and a.loc["2", "duration"] == "5 (lima) tahun"
    assert a.loc["1", "flags"] == "date_from_start;owner_added" and pd.isna(a.loc["1", "status"])
    assert "no_date" in a.loc["7", "flags"]
    assert r.stats[0].owner == "Provinsi Jawa Barat" and r.stats[0].owner_source == "--owner"


def test_partner_only_owner_detected_from_a_title_row(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("DAFTAR KERJA SAMA PEMERINTAH KABUPATEN LAMPUNG BARAT TAHUN 2024\n\nNo;Mitra;Tanggal Mulai\n"
                    "1;Universitas Lampung;2024-03-01\n2;Kabupaten Pesisir Barat;2024-05-02\n", encoding="utf-8")
    r = clean_registers([path])
    assert r.stats[0].owner == "Kabupaten Lampung Barat" and r.stats[0].owner_source == "title row 1"
    assert any("owner Kabupaten Lampung Barat detected from title row 1" in n for n in r.notes)
    assert r.parties.groupby("record_id")["region_code"].first().tolist() == ["18.04", "18.04"]
    # a partner that is the owner itself is not added twice
    r2 = clean_registers([path], owner="Kabupaten Pesisir Barat")
    assert r2.agreements["flags"].tolist() == ["date_from_start;owner_added", "single_party;date_from_start"]
