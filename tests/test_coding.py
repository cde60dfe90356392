"""The automatic coder: sectors, document type and stage, cooperation kind, regime."""

from __future__ import annotations

import pandas as pd
import pytest

from kerjasama_study.clean import clean_frame, clean_registers
from kerjasama_study.coding import (
    code_agreements,
    code_doc_type,
    code_sector_text,
    code_sectors,
    cooperation_kind,
    regime_of,
    stage_of,
)


def codes(text):
    return [c for c, _ in code_sector_text(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("kesehatan hewan", ["3.27"]),                      # longest phrase wins over 'kesehatan'
        ("pencegahan perdagangan orang", ["2.08"]),          # not trade
        ("benih ikan nila", ["3.25"]),
        ("pengendalian banjir", ["1.03"]), ("penanganan banjir", ["1.05"]),
        ("kebakaran hutan dan lahan", ["3.28"]), ("pemadam kebakaran", ["1.05"]),
        ("pengelolaan air limbah", ["1.03"]), ("limbah B3", ["2.11"]),
        ("percepatan penurunan stunting", ["2.14"]), ("stunting", ["1.02"]),
        ("pengendalian inflasi pangan", ["2.09"]), ("pengendalian inflasi", ["3.30"]),
        ("pengendalian penduduk dan KB", ["2.14"]),          # 'KB' alone is never a sector
        ("KB", ["0.00"]), ("Kesepakatan Bersama (KB) bidang pendidikan", ["1.01"]),
        ("padi dan jagung", ["3.27"]), ("bagi hasil PAD", ["5.02"]),      # whole words: 'pad' is not 'padi'
        ("media sosial pemerintah", ["2.16"]), ("perlindungan sosial", ["1.06"]),
        ("tanggung jawab sosial perusahaan", ["0.00"]),
        ("smart city dan e-government", ["2.16"]),
        ("UMKM, industri, perdagangan dan investasi", ["2.17", "2.18", "3.30", "3.31"]),
        ("tri dharma perguruan tinggi", ["1.01", "5.05"]),
        ("infrastruktur", ["1.03"]),                          # weak keyword alone in its segment counts
        ("infrastruktur pengolahan sampah regional", ["2.11"]),  # ... but not beside a specific affair
        ("pengembangan potensi daerah; pelayanan publik", ["0.00"]),
        ("", ["0.00"]), (None, ["0.00"]),
        ("Penegasan batas daerah dan pilar batas", ["4.01"]),
        ("SPAM regional (air minum) dan TPA sampah regional", ["1.03", "2.11"]),
    ],
)
def test_sector_rules(text, expected):
    assert codes(text) == expected


def test_every_code_carries_its_evidence():
    coded = dict(code_sector_text("peternakan dan kesehatan hewan; pasar rakyat"))
    assert coded == {"3.27": "peternakan; kesehatan hewan", "3.30": "pasar rakyat"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Kesepakatan Bersama tentang Kerja Sama Pembangunan Daerah", "KB"),
        ("nota kesepahaman (MoU)", "KB"), ("MoU", "KB"), ("Memorandum of Understanding (MoU)", "KB"),
        ("Perjanjian Kerja Sama (PKS)", "PKS"), ("kontrak kerja sama", "PKS"),
        ("kesepakatan bersama (MoU) + 3 perjanjian kerja sama OPD", "KB+PKS"),
        ("nota kesepahaman (MoU) dan perjanjian kerja sama (PKS); other outlets: kesepakatan bersama", "KB+PKS"),
        ("Nota Kesepahaman Bersama (MoU); 'perjanjian kerja sama' in another outlet", "KB"),
        ("perjanjian kerja sama (riaupos) / Kesepakatan Bersama, Nota Kesepahaman, MoU (cybernkri)", "KB"),
        ("Adendum Perjanjian Kerja Sama pengelolaan TPA", "ADENDUM"), ("addendum PKS", "ADENDUM"),
        ("Letter of Intent (LoI) sister province", "LOI"), ("FGD persiapan nota kesepahaman", "DRAFT"),
        ("Nota Perjanjian Kerja Sama (PKS) - rencana", "DRAFT"), ("Berita Acara Kesepakatan batas", "BERITA_ACARA"),
        ("sosialisasi dan evaluasi kerja sama daerah (TKKSD)", "EVALUASI"),
        ("forum/rapat koordinasi sinergitas Malang Raya", "FORUM"), ("Naskah Kerja Sama Pembangunan", "KB"),
        ("", "UNKNOWN"), (None, "UNKNOWN"), ("laporan tahunan", "UNKNOWN"),
    ],
)
def test_doc_type_rules(text, expected):
    assert code_doc_type(text)[0] == expected


def test_stage_and_renewal():
    assert stage_of("DRAFT") == "S0" and stage_of("KB") == "S1" and stage_of("PKS") == "S3"
    assert stage_of("ADENDUM") == "S6" and stage_of("EVALUASI") == "S5"
    assert stage_of("KB", "Nota Kesepakatan Kerjasama (NKB), perpanjangan kedua") == "S6"
    assert stage_of("LOI") == "S0" and stage_of("LOI", foreign=True) == "S1"


@pytest.mark.parametrize(
    "kinds, names, expected",
    [
        (["kabupaten", "kabupaten"], None, "KSDD"), (["provinsi", "kota"], None, "KSDD"),
        (["kota", "pihak_ketiga"], None, "KSDPK"), (["kabupaten", "pusat"], None, "PUSAT"),
        (["provinsi", "kabupaten", "pusat", "unknown"], None, "KSDD+PUSAT"),
        (["kota", "luar_negeri"], ["Kota Kupang", "City of Darwin (Australia)"], "KSDPL"),
        (["provinsi", "luar_negeri"], ["Provinsi Papua", "Madang Province (Papua New Guinea)"], "KSDPL"),
        (["kota", "luar_negeri"], ["Kota Surabaya", "Universitas Tokyo (Jepang)"], "KSDLL"),
        (["kabupaten"], None, "UNKNOWN"),
    ],
)
def test_cooperation_kind(kinds, names, expected):
    assert cooperation_kind(kinds, names) == expected


def test_regime_boundaries():
    assert regime_of(pd.Timestamp("2007-06-01")) == "pra_PP50_2007"
    assert regime_of(pd.Timestamp("2017-12-31")) == "PP50_2007"
    assert regime_of(pd.Timestamp("2018-01-01")) == "PP28_2018"


def test_code_agreements_on_default_data(default_register):
    r = clean_registers([default_register])
    sectors = code_sectors(r.agreements, r.parties)
    contiguous = {("62.02", "62.07"), ("15.03", "15.04")}
    coded = code_agreements(r.agreements, r.parties, sectors,
                            contiguous=lambda a, b: (a, b) in contiguous or (b, a) in contiguous).set_index("record_id")
    assert coded.loc["PR-001", ["doc_type_code", "stage", "cooperation_kind", "ksdd_basis", "regime"]].tolist() == \
        ["KB", "S1", "KSDD", "wajib", "PP28_2018"]
    assert coded.loc["PR-047", "cooperation_kind"] == "KSDPL"
    assert coded.loc["PR-061", "cooperation_kind"] == "KSDPL"
    assert coded.loc["PR-009", "cooperation_kind"] == "KSDPK" and pd.isna(coded.loc["PR-009", "ksdd_basis"])
    assert coded.loc["PR-004", "ksdd_basis"] == "sukarela"
    assert coded.loc["PR-002", "n_sectors"] == 15 and coded.loc["PR-006", "n_sectors"] == 0
    assert set(coded["regime"]) <= {"PP50_2007", "PP28_2018", "unknown"}
    assert (coded["regime"] == "PP50_2007").sum() == 7


def test_without_boundaries_ksdd_basis_is_unknown():
    r = clean_frame(pd.DataFrame({"tanggal": ["2021-01-05"], "pihak": ["Kota Palu; Kabupaten Sigi"],
                                  "jenis": ["MoU"], "bidang": ["air minum"]}))
    sectors = code_sectors(r.agreements, r.parties)
    coded = code_agreements(r.agreements, r.parties, sectors, contiguous=None)
    assert coded["ksdd_basis"].tolist() == ["unknown"]


def test_authority_mismatch_for_kabupaten_forestry():
    r = clean_frame(pd.DataFrame({"tanggal": ["2021-01-05", "2021-02-05"],
                                  "pihak": ["Kabupaten Kapuas; Kota Palangka Raya", "Provinsi Kalimantan Tengah; Kabupaten Kapuas"],
                                  "bidang": ["pencegahan kebakaran hutan dan lahan", "pencegahan kebakaran hutan dan lahan"]}))
    s = code_sectors(r.agreements, r.parties)
    assert s["authority_mismatch"].tolist() == [True, False]


def test_kota_jayapura_with_a_png_city_is_ksdpl_without_dyad():
    from kerjasama_study.dyads import build_dyads

    r = clean_frame(pd.DataFrame({"tanggal": ["2019-03-01"], "pihak": ["Kota Jayapura; Kota Vanimo (Papua Nugini)"],
                                  "jenis": ["MoU sister city"], "bidang": ["perdagangan lintas batas"]}))
    assert r.parties["party_kind"].tolist() == ["kota", "luar_negeri"]
    s = code_sectors(r.agreements, r.parties)
    coded = code_agreements(r.agreements, r.parties, s)
    assert coded["cooperation_kind"].tolist() == ["KSDPL"]
    regions = pd.DataFrame({"code": ["91.71"], "kind": ["kota"], "province_code": ["91"], "population": [400000],
                            "parent_code": [None], "centroid_lat": [-2.5], "centroid_lng": [140.7]})
    assert build_dyads(r.parties, regions).empty


def test_sister_city_document_makes_a_foreign_town_a_regional_government():
    r = clean_frame(pd.DataFrame({"tanggal": ["2023-05-01"], "pihak": ["Kota Jayapura; Vanimo (Papua New Guinea)"],
                                  "jenis": ["MoU sister city (pembaruan)"], "bidang": ["perdagangan"]}))
    coded = code_agreements(r.agreements, r.parties, code_sectors(r.agreements, r.parties))
    assert coded["cooperation_kind"].tolist() == ["KSDPL"]
    plain = clean_frame(pd.DataFrame({"tanggal": ["2023-05-01"], "pihak": ["Kota Jayapura; Vanimo (Papua New Guinea)"],
                                      "jenis": ["MoU"], "bidang": ["perdagangan"]}))
    coded = code_agreements(plain.agreements, plain.parties, code_sectors(plain.agreements, plain.parties))
    assert coded["cooperation_kind"].tolist() == ["KSDLL"]


@pytest.fixture(scope="module")
def synthetic_cleaned(tmp_path_factory):
    """A messy synthetic register and synthetic lifecycles, cleaned together (foreign parties added by hand)."""
    from kerjasama_study.synthetic import make_lifecycles, make_register, write_register

    folder = tmp_path_factory.mktemp("synthetic")
    paths = [write_register(make_register(1500, seed=5), folder / "register.csv"),
             write_register(make_lifecycles(150, seed=5), folder / "siklus.csv")]
    abroad = pd.DataFrame({"tanggal": ["2019-03-01", "2023-05-01", "2022-01-01"],
                           "pihak": ["Kota Jayapura; Kota Vanimo (Papua Nugini)",
                                     "Kota Jayapura; Vanimo (Papua New Guinea)", "Kota Kupang; City of Darwin (Australia)"],
                           "jenis": ["MoU sister city", "MoU", "MoU"], "bidang": ["perdagangan", "perdagangan", "budaya"]})
    abroad.to_csv(folder / "abroad.csv", index=False)
    return clean_registers([*paths, folder / "abroad.csv"])


def test_column_wise_coding_follows_the_per_record_rules(synthetic_cleaned):
    """code_sectors and code_agreements work on whole columns; record by record they give what the documented
    per-record rules (code_sector_text, cooperation_kind, stage_of, regime_of, the KSDD basis) give."""
    from kerjasama_study.geo import Contiguity

    a, p = synthetic_cleaned.agreements, synthetic_cleaned.parties
    codes = sorted(p["region_code"].dropna().unique())
    pairs = pd.DataFrame({"code_a": codes[::3], "code_b": codes[1::3][: len(codes[::3])]}).dropna()
    contiguity = Contiguity(pairs)  # an invented border table: what matters is that both paths read the same one
    sectors = code_sectors(a, p)
    coded = code_agreements(a, p, sectors, contiguity).set_index("record_id")
    by_record = {rid: g for rid, g in p.groupby("record_id", sort=False)}
    provinces = set(p.loc[p["party_kind"] == "provinsi", "record_id"])
    expected_sectors = []
    for rid, subject in zip(a["record_id"], a["subject"]):
        found = code_sector_text(None if pd.isna(subject) else str(subject))
        hits = [len(ev.split("; ")) for _, ev in found]
        best = max(sorted(zip((c for c, _ in found), hits)), key=lambda x: x[1])[0]
        expected_sectors += [(rid, c, ev, n, c == best) for (c, ev), n in zip(found, hits)]
    got = list(sectors[["record_id", "urusan_code", "evidence", "hits", "primary"]].itertuples(index=False, name=None))
    assert got == expected_sectors
    assert (sectors["authority_mismatch"] == ((sectors["urusan_code"].isin(["3.28", "3.29"]))
                                               & ~sectors["record_id"].isin(provinces))).all()
    for rid, row in coded.iterrows():
        g = by_record.get(rid, p.iloc[:0])
        kinds, names = g["party_kind"].tolist(), g["name_raw"].tolist()
        document = f"{'' if pd.isna(row['doc_type']) else row['doc_type']} | " \
                   f"{'' if pd.isna(row['subject']) else row['subject']}"
        kind = cooperation_kind(kinds, names, document)
        assert row["cooperation_kind"] == kind, rid
        doc = None if pd.isna(row["doc_type"]) else str(row["doc_type"])
        assert row["doc_type_code"] == code_doc_type(doc)[0]
        assert row["stage"] == stage_of(row["doc_type_code"], doc, "KSDPL" in kind or "KSDLL" in kind), rid
        assert row["regime"] == regime_of(row["date_signed"])
        assert row["n_parties"] == len(g)
        region_codes = g["region_code"].dropna().tolist()
        answers = [contiguity(x, y) for i, x in enumerate(region_codes) for y in region_codes[i + 1:]]
        basis = "wajib" if any(answers) else "sukarela" if answers else "unknown"
        assert (row["ksdd_basis"] == basis) if "KSDD" in kind else pd.isna(row["ksdd_basis"]), rid
    assert {"KSDPL", "KSDLL"} <= set(coded["cooperation_kind"]) and {"wajib", "sukarela"} <= set(coded["ksdd_basis"])
