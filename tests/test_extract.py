"""From news to records: event decisions, parties, dates, document types, merging, and the corpus scores.

The short texts here are written for these tests. The development corpus of ../shared/news is read, never
copied, by the last tests (skipped when it is absent).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from kerjasama_study import config
from kerjasama_study.articles import Article, read_articles
from kerjasama_study.extract import extract, merge_events, read_article, reason_label

AS_OF = dt.date(2026, 11, 29)
NEWS = config.PROJECT_ROOT.parent / "shared" / "news"


def art(text: str, title: str = "", url: str = "https://warta.example.id/x", published: str = "",
        doc_id: str = "T") -> Article:
    return Article(doc_id, url, title, text, published, "uji.jsonl", 1)


def facts(text: str, **kw):
    return read_article(art(text, **kw), AS_OF)


def test_signing_between_two_regions_with_officials_and_kind_words():
    f = facts("SAMPIT – Bupati Kotim dan Pemerintah Kabupaten Seruyan resmi menandatangani kesepakatan bersama "
              "penanganan anak tidak sekolah di Aula Rumah Jabatan Bupati Kotim, Senin (3/11/2025).",
              title="Kotim dan Seruyan Teken Kesepakatan Bersama")
    assert f.decision == "event" and f.status == "signed"
    assert [p.code for p in f.regions] == ["62.02", "62.07"]
    assert (f.date.value, f.date.precision, f.date.how) == (dt.date(2025, 11, 3), "day", "stated")
    assert not f.date.weekday_conflict
    assert f.doc_code == "KB"


def test_weekday_that_contradicts_the_date_is_flagged_not_trusted():
    f = facts("Pemkab Sarolangun dan Pemkab Batanghari meneken MoU, Kamis (8/8/2025).")
    assert f.date.value == dt.date(2025, 8, 8) and f.date.weekday_conflict  # 8 August 2025 was a Friday


def test_year_left_out_comes_from_the_publication_date_or_the_weekday():
    f = facts("Gubernur Lampung dan Gubernur Bengkulu meneken nota kesepahaman, Kamis (27/11).",
              published="2025-11-28")
    assert f.date.value == dt.date(2025, 11, 27)
    f = facts("Pemprov Lampung dan Pemprov Bengkulu meneken MoU, Kamis (27/11).",
              url="https://warta.example.id/2026/01/teken")
    assert f.date.value == dt.date(2025, 11, 27)  # November lies ahead of January: last year
    f = facts("Wali Kota Bengkulu dan Bupati Lampung Selatan meneken nota kesepahaman, Kamis (28/1).")
    assert (f.date.value, f.date.how) == (dt.date(2021, 1, 28), "weekday")  # no year anywhere: the weekday


def test_relative_dates_resolve_against_the_publication_date():
    f = facts("Pemkot Palu dan Pemkab Sigi meneken perjanjian kerja sama air minum kemarin.",
              published="Selasa, 10 Juni 2025")
    assert (f.date.value, f.date.how) == (dt.date(2025, 6, 9), "relative")
    f = facts("Bupati Banjar menandatangani kerja sama dengan Wali Kota Banjarbaru, Selasa, di Martapura.",
              published="2025-06-13")
    assert f.date.value == dt.date(2025, 6, 10)


def test_english_and_written_out_month_names():
    assert facts("The City of Semarang signed a cooperation agreement with Pemkab Kendal on November 3, 2025."
                 ).date.value == dt.date(2025, 11, 3)
    assert facts("Pemprov Jateng dan Pemprov Jatim meneken 10 MoU pada 24 Oktober 2025 di Surabaya."
                 ).date.value == dt.date(2025, 10, 24)


def test_venues_qualifiers_and_baca_juga_are_not_parties():
    f = facts("Nota kesepahaman diteken Gubernur Kepri dan Gubernur Jateng pada Sabtu (14/6/2025) di Hotel "
              "Harbour Bay, Batuampar, Batam.\nBaca juga: Pemkot Medan luncurkan aplikasi baru\n"
              "Pemkab Kapuas, Kalimantan Tengah, ikut hadir sebagai undangan.")
    names = [p.name for p in f.regions]
    assert names == ["Provinsi Kepulauan Riau", "Provinsi Jawa Tengah"]


def test_region_inside_a_firm_or_university_name_is_not_a_region_party():
    f = facts("Universitas Kuningan dan PT Jakarta Propertindo meneken nota kesepahaman, Senin (2/6/2025).",
              title="Universitas Kuningan dan PT Jakarta Propertindo Teken MoU")
    assert f.decision == "no_event" and f.reason == "no_region"


def test_third_party_partner_is_typed():
    f = facts("Pemerintah Kabupaten Sumba Barat dan Universitas Nusa Cendana meneken nota kesepakatan kerja sama "
              "bidang pendidikan, Rabu (23/6/2021).")
    assert f.decision == "event"
    assert [(p.name, p.kind) for p in f.others] == [("Universitas Nusa Cendana", "pihak_ketiga")]


@pytest.mark.parametrize(("text", "reason"), [
    ("Bupati Tapin dan Bupati Banjar meneken kesepakatan batas daerah kedua kabupaten, Selasa (23/8/2016).",
     "boundary"),
    ("Bupati Gowa beraudiensi dengan Bupati Bone membahas peluang kerja sama daerah, Minggu (14/9/2025).",
     "discussion"),
    ("Pemkab Indramayu menggelar evaluasi kerja sama daerah bersama perangkat daerah, Kamis (11/12/2025).",
     "evaluation"),
    ("Wali Kota Serang menyebut kerja sama dengan Pemkab Serang belum ditandatangani hingga kini.", "negation"),
    ("Pemkab Kukar menggelar rapat koordinasi tim kerja sama daerah, Senin (3/3/2025).",
     "coordination"),
    ("Pemkab Pati menyalurkan bantuan sosial kepada warga, Senin (3/3/2025).", "no_cue"),
    ("Bupati Keerom dan Kejari Jayapura meneken nota kesepahaman pendampingan hukum, Kamis (22/4/2021).",
     "central_only"),
    ("Pemkab Sleman meneken MoU pengembangan UMKM, Senin (22/4/2024).", "one_region_only"),
])
def test_articles_without_an_event_say_why(text, reason):
    f = facts(text)
    assert (f.decision, f.reason) == ("no_event", reason)
    assert reason_label(reason) and reason_label(reason, "en")


def test_partners_counted_but_not_named_keep_the_event():
    text = "Gubernur Kalteng menandatangani nota kesepahaman bersama tujuh gubernur se-Kalimantan, Kamis (1/3/2018)."
    f = facts(text)
    assert (f.decision, f.unnamed_partners) == ("event", "tujuh gubernur")
    assert [p.code for p in f.regions] == ["62"]
    row = extract([art(text)], [], AS_OF).register_rows()[0]
    assert (row["pihak"], row["mitra_tanpa_nama"]) == ("Provinsi Kalimantan Tengah", "tujuh gubernur")
    f = facts("Kepala dinas pendidikan dari 6 kabupaten meneken perjanjian kerja sama di Brebes bersama Bupati "
              "Brebes, Senin (3/3/2025).")
    assert f.decision == "event" and f.unnamed_partners == "6 kabupaten"


def test_a_boundary_among_other_subjects_does_not_veto_the_memorandum():
    f = facts("Gubernur Sulteng dan Gubernur Sulbar meneken MoU tentang pariwisata, pendidikan dan batas wilayah "
              "kedua provinsi, Selasa (5/8/2014).")
    assert f.decision == "event" and {p.code for p in f.regions} == {"72", "76"}
    f = facts("Wali Kota Palu dan Bupati Sigi meneken kesepakatan penegasan batas wilayah, Selasa (5/8/2014).")
    assert (f.decision, f.reason) == ("no_event", "boundary")


def test_datelines_cities_named_like_their_province_and_common_words_are_not_parties():
    f = facts("KOTA BANDUNG – Pemprov Jawa Barat dan Pemprov Sulawesi Tengah meneken kesepakatan bersama, Senin "
              "(3/3/2025).", title="Jabar dan Sulteng Teken Kesepakatan Bersama")
    assert [p.code for p in f.regions] == ["32", "72"]
    f = facts("Jateng dan Yogyakarta sepakati kerja sama: Pemprov Jawa Tengah dan Pemprov Daerah Istimewa "
              "Yogyakarta meneken kesepakatan bersama, Senin (3/3/2025).")
    assert sorted(p.code for p in f.regions) == ["33", "34"]  # not Kota Yogyakarta
    f = facts("Pemkab Sintang meneken MoU dengan Yayasan Mitra Desa dan Pemkab Melawi, Senin (3/3/2025).")
    assert "71.07" not in {p.code for p in f.regions}  # "Mitra" (Minahasa Tenggara) is a common word


def test_regions_named_in_passing_beside_a_clear_pair_are_not_parties():
    pair = ("Gubernur Jawa Timur dan Wali Kota Ambon meneken nota kesepakatan bersama, Rabu (5/10/2022). "
            "Gubernur Jawa Timur dan Wali Kota Ambon menyebut kerja sama ini yang pertama.")
    title = "Jatim dan Ambon Teken MoU: Gubernur Jawa Timur dan Wali Kota Ambon"
    f = facts(pair, title=title)
    g = facts(pair + " Hari itu Pemprov Jatim juga meneken kesepakatan dengan Pemkab Sumba Timur dan Pemko Ternate.",
              title=title)
    assert {p.code for p in f.regions} == {p.code for p in g.regions} == {"35", "81.71"}
    three = facts("Gubernur Riau, Gubernur Jambi dan Gubernur Sumbar meneken kesepakatan bersama, Rabu (5/10/2022).")
    assert len(three.regions) == 3  # named alike: all three are parties


def test_a_dateline_in_either_order_and_a_furniture_title_name_no_party():
    f = facts("KABARKITA, KUPANG – Pemprov Jawa Tengah dan Pemprov Lampung meneken kesepakatan bersama, Senin "
              "(5/1/2026).")
    assert {p.code for p in f.regions} == {"33", "18"}
    f = facts("Bupati Klaten dan Bupati Boyolali meneken MoU pariwisata, Senin (5/1/2026).",
              title="Selamat Datang di Laman Resmi Pemkab Temanggung")
    assert {p.code for p in f.regions} == {"33.10", "33.09"}


def test_the_head_noun_perjanjian_is_a_pks_as_in_a_register():
    f = facts("Kepala Dinas Perhubungan Kota Malang dan Kepala Dinas Perhubungan Kota Batu meneken naskah perjanjian "
              "layanan angkutan terpadu, Jumat (14/12/2018).")
    assert f.doc_code == "PKS"


def test_a_document_still_to_come_is_not_what_was_signed():
    f = facts("Bupati Sikka dan Bupati Ende meneken MoU bidang pertanian, yang nantinya dijabarkan dalam perjanjian "
              "kerja sama, Selasa (5/8/2025).")
    assert f.doc_code == "KB"


def test_one_document_named_twice_is_a_kb_and_two_documents_must_be_presented_as_two():
    # the press's common word and the document's own name for one signing: a KB
    once = ("Pemkab Sumba Barat dan Pemkab Sumba Tengah menandatangani perjanjian kerja sama pengelolaan air baku, "
            "Rabu (1/10/2025). Usai MoU diteken, kedua bupati meninjau mata air di perbatasan.")
    assert facts(once).doc_code == "KB"
    pointing = ("Bupati Tabanan dan Bupati Badung meneken nota kesepahaman soal sampah, Kamis (2/10/2025). Keduanya "
                "juga menyebut perjanjian kerja sama itu berlaku lima tahun.")
    assert facts(pointing).doc_code == "KB"  # "juga", but the agreement is the one already named
    # added, counted, technical or beside the KB in one sentence: two documents
    tail = "Keduanya juga menyebut perjanjian kerja sama itu berlaku lima tahun."
    for second in ("Kepala dinas lingkungan hidup kedua daerah juga meneken perjanjian kerja sama.",
                   "Sesudahnya diteken empat perjanjian kerja sama oleh perangkat daerah.",
                   "Dinas terkait menandatangani perjanjian kerja sama teknis pengangkutan sampah.",
                   "Naskah perjanjian kerja sama diteken bersama nota kesepahaman itu."):
        assert facts(pointing.replace(tail, second)).doc_code == "KB+PKS", second
    # a pointing word after a time word points at the time, not at the document
    day = pointing.replace(tail, "Sebanyak dua perjanjian kerja sama hari itu juga diteken.")
    assert facts(day).doc_code == "KB+PKS"


def test_a_year_left_out_is_not_earlier_than_the_years_the_text_names():
    f = facts("Bupati Sleman meneken nota kesepakatan dengan Universitas Gadjah Mada, Kamis (14/7). "
              "Kerja sama keduanya dimulai pada 2011 dan diperbarui pada 2019.")
    assert (f.date.value, f.date.how) == (dt.date(2022, 7, 14), "weekday")  # 14 July was a Thursday in 2016 too


def test_planned_and_both_documents():
    f = facts("Pemkot Kupang dan City of Darwin dijadwalkan meneken MoU sister city pada Juni mendatang.",
              title="Kupang dan Darwin akan teken MoU", published="2025-04-02")
    assert (f.decision, f.status, f.doc_code) == ("event", "planned", "planned")
    assert [p.kind for p in f.others] == ["luar_negeri"]
    f = facts("Pemkab Sarolangun bersama Pemkab Batanghari meneken perjanjian kerja sama (PKS) sekaligus nota "
              "kesepahaman (MoU), Jumat (8/8/2025).")
    assert f.doc_code == "KB+PKS"


def test_copies_of_one_event_merge_and_events_months_apart_stay_apart():
    base = "Pemkot Jambi dan Pemkab Muaro Jambi meneken nota kesepahaman pengelolaan sampah, {}."
    articles = [art(base.format("Senin (3/3/2025)"), url="https://a.example.id/1", doc_id="A"),
                art(base.format("Selasa (4/3/2025)").replace("nota kesepahaman", "perjanjian kerja sama"),
                    url="https://b.example.id/2", doc_id="B"),
                art(base.format("Senin (3/3/2025)"), url="https://c.example.id/3", doc_id="C"),
                art(base.format("Rabu (4/6/2025)"), url="https://d.example.id/4", doc_id="D")]
    result = extract(articles, as_of=AS_OF)
    rows = result.register_rows()
    assert [r["artikel"] for r in rows] == ["A; B; C", "D"]
    first = rows[0]
    assert first["tanggal_penandatanganan"] == "2025-03-03"
    assert first["sumber"] == "https://a.example.id/1"
    assert first["sumber_lain"] == "https://b.example.id/2 | https://c.example.id/3"
    assert first["outlet"] == "a.example.id; b.example.id; c.example.id"
    assert "tanggal: 2025-03-03 (2), 2025-03-04 (1)" in first["konflik_sumber"]
    assert first["jumlah_artikel"] == 3
    # the same articles in another order give the same events
    again = merge_events([read_article(a, AS_OF) for a in reversed(articles)])
    assert [sorted(f.article.doc_id for f in e.facts) for e in again] == [["A", "B", "C"], ["D"]]


def test_extract_command_writes_register_and_log_that_clean_reads(tmp_path: Path, capsys):
    from kerjasama_study.clean import clean_registers
    from kerjasama_study.cli import main

    src = tmp_path / "berita"
    src.mkdir()
    (src / "a.txt").write_text("=Pemkab Alpha teken MoU\nURL: https://x.example.id/a\n\nPemkab Kotim dan Pemkab "
                               "Seruyan meneken kesepakatan bersama bidang pendidikan, Senin (3/11/2025).\n",
                               encoding="utf-8")
    (src / "b.jsonl").write_text('{"url": "https://y.example.id/b", "title": "Rapat", "text": "Pemkab Kukar '
                                 'menggelar rapat koordinasi kerja sama."}\nbukan json\n', encoding="utf-8")
    (src / "kosong.txt").write_text("", encoding="utf-8")
    out = tmp_path / "register.csv"
    assert main(["extract", str(src), "--out", str(out), "--as-of", "2026-11-29"]) == 0
    printed = capsys.readouterr()
    assert "read 2 articles" in printed.out and "merged into 1 event\n" in printed.out
    assert "b.jsonl, line 2: line is not JSON" in printed.err and "kosong.txt: file is empty" in printed.err
    register = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert register.loc[0, "pihak"] == "Kabupaten Kotawaringin Timur; Kabupaten Seruyan"
    assert register.loc[0, "tentang"] == "pendidikan, Senin"
    log = pd.read_csv(tmp_path / "register_log.csv", dtype=str, keep_default_na=False)
    assert sorted(log["keputusan"]) == ["bukan_peristiwa", "galat", "galat", "peristiwa"]
    assert log.set_index("keputusan").loc["bukan_peristiwa", "alasan"] == "coordination"
    cleaned = clean_registers([out])
    assert len(cleaned.agreements) == 1 and len(cleaned.quarantine) == 0
    assert cleaned.agreements.loc[0, "jumlah_artikel"] == "1"


def test_extract_command_with_nothing_readable_writes_nothing(tmp_path: Path, capsys):
    from kerjasama_study.cli import main

    (tmp_path / "kosong.jsonl").write_text("\n", encoding="utf-8")
    assert main(["extract", str(tmp_path), "--out", str(tmp_path / "x.csv")]) == 2
    assert "nothing was written" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


needs_corpus = pytest.mark.skipif(not (NEWS / "gold.csv").exists(), reason="the news corpus lives in ../shared/news")


@pytest.fixture(scope="module")
def corpus_run():
    found = read_articles([NEWS / "articles.jsonl"])
    return found, extract(found.articles, found.problems, as_of=AS_OF)


@needs_corpus
def test_corpus_scores_do_not_fall_below_the_measured_level(corpus_run):
    from kerjasama_study.extract_eval import evaluate

    _, result = corpus_run
    scores, _ = evaluate(result, pd.read_csv(NEWS / "gold.csv", dtype=str))
    # floors a little under the figures of the session note; a rule change that lowers them fails here
    assert scores.event_precision >= 0.90
    assert scores.event_recall >= 0.90
    assert scores.merge_f1 >= 0.94
    assert scores.region_party_f1 >= 0.91
    assert scores.date_accuracy >= 0.87
    assert scores.doc_type_accuracy >= 0.82
    assert scores.negative_rejection >= 0.84


@needs_corpus
def test_corpus_log_accounts_for_every_article_and_same_result_in_parallel(corpus_run):
    found, result = corpus_run
    log = pd.DataFrame(result.log_rows())
    assert sorted(log["doc_id"]) == sorted(a.doc_id for a in found.articles)
    assert set(log["keputusan"]) == {"peristiwa", "bukan_peristiwa"}
    parallel = extract(found.articles, as_of=AS_OF, jobs=2)
    assert parallel.register_rows() == result.register_rows()


@needs_corpus
def test_corpus_register_goes_through_clean_and_code(corpus_run, tmp_path: Path):
    from kerjasama_study.pipeline import clean_to_dir, code_to_dir, extract_to_files

    out = tmp_path / "berita.csv"
    extract_to_files([NEWS / "articles.jsonl"], out, as_of=AS_OF)
    manifest = clean_to_dir([out], tmp_path / "processed")
    info = manifest["inputs"][0]
    assert info["kept"] + info["quarantined"] == info["data_rows"] == len(corpus_run[1].events)
    assert info["kept"] >= 0.9 * info["data_rows"]
    coded = code_to_dir(tmp_path / "processed", as_of="2026-11-29")
    assert coded["coding"]["outputs"]["agreements"]["rows"] == info["kept"]
