"""Name resolution: official names, aliases, messy variants, kab/kota homonyms, non-region parties."""

from __future__ import annotations

import csv

import pytest

from kerjasama_study.regions import (
    ALIASES_FILE,
    FUZZY_THRESHOLD,
    classify_non_region,
    gazetteer,
    resolve_name,
)

GAZ = gazetteer()


def test_gazetteer_has_all_kemendagri_2025_regions():
    assert len(GAZ.provinces) == 38
    assert len(GAZ.kabkota) == 514
    assert sum(r.kind == "kota" for r in GAZ.kabkota) == 98


@pytest.mark.parametrize("region", GAZ.regions, ids=lambda r: r.code)
def test_every_official_name_resolves_to_itself(region):
    m = resolve_name(region.name)
    assert (m.region_code, m.match_method, m.match_score) == (region.code, "exact", 100.0)
    assert m.party_kind == region.kind and m.province_code == region.code[:2]


def _alias_rows():
    with open(ALIASES_FILE, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("row", _alias_rows(), ids=lambda r: r["alias"])
def test_every_alias_resolves_with_its_kind_prefix(row):
    target = GAZ.by_code[row["code"]]
    prefix = {"provinsi": "Provinsi", "kabupaten": "Kabupaten", "kota": "Kota"}[target.kind]
    m = resolve_name(f"{prefix} {row['alias'].title()}")
    assert m.region_code == row["code"], m
    assert m.match_method in ("alias", "exact")


def test_alias_table_is_consistent_with_gazetteer():
    rows = _alias_rows()
    assert len({r["alias"] for r in rows}) == len(rows), "an alias is listed twice"
    for r in rows:
        official = GAZ.by_code[r["code"]].name
        assert official.endswith(r["official_name"]), (r, official)
        assert r["alias_type"] in {"abbreviation", "former_name", "spelling", "short_name", "official_name"}


@pytest.mark.parametrize(
    "name, code",
    [
        ("Pemkab Kotim", "62.02"), ("PEMKAB KOTIM", "62.02"), ("Bupati Kotawaringin Timur", "62.02"),
        ("Kab. Batang Hari", "15.04"), ("Kabupaten Batanghari", "15.04"), ("Pemerintah Kabupaten Batang-Hari", "15.04"),
        ("Muko Muko", "17.06"), ("Kab. Muko-Muko", "17.06"), ("Kota Padang Sidempuan", "12.77"),
        ("Kota Padangsidimpuan", "12.77"), ("Pemprov Kalteng", "62"), ("Jateng", "33"), ("Prov. Jabar", "32"),
        ("Pemprov Jatim", "35"), ("Sumbar", "13"), ("Kaltim", "64"), ("Sulsel", "73"), ("NTB", "52"),
        ("DKI Jakarta", "31"), ("Pemprov DKI", "31"), ("DIY", "34"), ("Provinsi D.I. Yogyakarta", "34"),
        ("Kobar", "62.01"), ("Sarolangun Bangko", "15.02"), ("Pemkab Kutai", "64.02"),
        ("Kabupaten Toba Samosir", "12.12"), ("Kabupaten Pasir", "64.01"), ("Pemkab Pontianak", "61.02"),
        ("Kota Baru", "63.02"), ("Kota Waringin Timur", "62.02"), ("Kota Adm. Jakarta Selatan", "31.74"),
        ("Kab. Kep. Mentawai", "13.09"), ("Kabupaten Pangkajene dan Kepulauan", "73.10"),
        ("Kabupaten Tojo Una-Una", "72.09"), ("Kabupaten Toli Toli", "72.04"), ("Walikota Surabaya", "35.78"),
        ("Wali Kota Bau-Bau", "74.72"), ("Gubernur Jawa Timur", "35"), ("  kabupaten   sleman ", "34.04"),
        ("Pemerintah Kabupaten Administrasi Kepulauan Seribu", "31.01"),
    ],
)
def test_messy_variants(name, code):
    assert resolve_name(name).region_code == code


@pytest.mark.parametrize("base", sorted(b for b, codes in GAZ.base_index.items()
                                        if len({GAZ.by_code[c].kind for c in codes}) > 1))
def test_kabupaten_and_kota_with_one_base_name_are_never_confused(base):
    codes = GAZ.base_index[base]
    for code in codes:
        reg = GAZ.by_code[code]
        forms = {"kabupaten": ["Kabupaten {}", "Pemkab {}", "Kab. {}", "Bupati {}"],
                 "kota": ["Kota {}", "Pemkot {}", "Wali Kota {}"],
                 "provinsi": ["Provinsi {}", "Pemprov {}"]}[reg.kind]
        for form in forms:
            assert resolve_name(form.format(base.title())).region_code == code
    bare = resolve_name(base.title())
    assert bare.match_method == "ambiguous" and bare.region_code is None and bare.party_kind == "unknown"
    assert all(c in bare.candidates for c in codes)


def test_fuzzy_matches_typos_above_threshold_only():
    m = resolve_name("Kabupaten Kotawaringin Timor")
    assert m.region_code == "62.02" and m.match_method == "fuzzy" and m.match_score >= FUZZY_THRESHOLD
    far = resolve_name("Kabupaten Dharma swara")  # the source's misspelling of Dharmasraya: below threshold
    assert far.region_code is None and far.match_method == "unresolved"
    assert resolve_name("Kabupaten Antah Berantah").match_method == "unresolved"


@pytest.mark.parametrize(
    "name, kind",
    [
        ("PT Food Station Tjipinang Jaya (BUMD DKI Jakarta)", "pihak_ketiga"),
        ("Universitas Andalas", "pihak_ketiga"), ("Institut Teknologi Nasional (ITN) Malang", "pihak_ketiga"),
        ("Bank BTN", "pihak_ketiga"), ("UIN Sumatera Utara", "pihak_ketiga"), ("Perumda Air Minum Tirta Raharja", "pihak_ketiga"),
        ("Yayasan Bina Desa", "pihak_ketiga"), ("Koperasi Unit Desa Makmur", "pihak_ketiga"), ("CV Sentosa", "pihak_ketiga"),
        ("Kejaksaan Negeri Jayapura", "pusat"), ("Balai Besar Wilayah Sungai (BBWS)", "pusat"),
        ("Kementerian Dalam Negeri", "pusat"), ("Kemendagri", "pusat"), ("Polres Kotawaringin Timur", "pusat"),
        ("Kodim 1015 Sampit", "pusat"), ("Kantor Wilayah BPN Jawa Tengah", "pusat"),
        ("City of Darwin (Australia)", "luar_negeri"), ("Madang Province (Papua New Guinea)", "luar_negeri"),
        ("Kota Kitakyushu (Jepang)", "luar_negeri"), ("Negara Bagian Queensland", "luar_negeri"),
    ],
)
def test_non_region_parties_are_typed(name, kind):
    m = resolve_name(name)
    assert (m.party_kind, m.region_code) == (kind, None)


@pytest.mark.parametrize("name", ["Kota Tanjung Balai", "Kabupaten Bangka", "Kabupaten Pati", "Kota Batu",
                                  "Kabupaten Kepulauan Sula", "Kabupaten Banjar"])
def test_region_names_do_not_trip_non_region_cues(name):
    assert classify_non_region(name) is None
    assert resolve_name(name).region_code is not None


@pytest.mark.parametrize("name, code, office", [
    ("Dinas Pengelolaan Sumber Daya Air (PSDA) Jawa Barat", "32", "Dinas Pengelolaan Sumber Daya Air"),
    ("UPTD RSJ Provinsi Jawa Barat", "32", "UPTD RSJ"),
    ("Kadispar Kab. Bantul", "34.02", "Kadispar"),
    ("Dinas Kesehatan Kota Padang", "13.71", "Dinas Kesehatan"),
    ("Disdik Kotim", "62.02", "Disdik"),
])
def test_office_resolves_to_its_region_with_the_office_recorded(name, code, office):
    m = resolve_name(name)
    assert (m.region_code, m.match_method, m.office) == (code, "office", office)


@pytest.mark.parametrize("name", ["Dinas Pendidikan", "Bappeda", "RSUD dr. Soekardjo"])
def test_office_without_a_region_is_kept_as_unknown(name):
    m = resolve_name(name)
    assert (m.party_kind, m.match_method, m.region_code) == ("unknown", "perangkat_daerah", None)


@pytest.mark.parametrize("name", [
    "AKPER Pemkab Ngawi", "AKBID Harapan Bunda", "STIKES Dharma Husada Bandung", "Poltekkes Kemenkes Bandung",
    "STIE Ekuitas", "STMIK Amikom", "Univ. Padjadjaran", "Fakultas Kedokteran Universitas Padjadjaran",
    "AKADEMI PEREKAM MEDIS DAN INFORMATIKA KESEHATAN (APIKES) BANDUNG",
])
def test_health_and_education_schools_are_third_parties(name):
    assert resolve_name(name).party_kind == "pihak_ketiga"


def test_pemerintahan_prefix_and_cue_file_version():
    from kerjasama_study.regions import party_cues

    assert resolve_name("Pemerintahan Kabupaten Lampung Barat").region_code == "18.04"
    assert party_cues().version
