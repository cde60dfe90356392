"""Tables, numbers, dates and quarantine reasons as readers see them (kerjasama_study.labels, i18n formatting)."""

from __future__ import annotations

import pandas as pd
import pytest

from kerjasama_study import labels
from kerjasama_study.clean import clean_registers
from kerjasama_study.i18n import format_date, format_number, plain, t


@pytest.mark.parametrize(("value", "lang", "text"), [
    (152076, "id", "152.076"), (152076, "en", "152,076"), (2026, "id", "2026"), (0.25, "id", "0,25"),
    (1234.5678, "id", "1.234,568"), (0.0004, "en", "0.0004"), (None, "id", ""), (float("nan"), "en", ""),
    (pd.NA, "id", ""), (True, "id", "ya"), (False, "en", "no"),
])
def test_numbers_in_the_readers_format(value, lang, text):
    assert format_number(value, lang) == text


def test_dates_with_month_names_and_sentences_format_their_values():
    assert format_date(pd.Timestamp("2026-01-29"), "id") == "29 Januari 2026"
    assert format_date("2027-05-01", "en") == "1 May 2027"
    assert format_date(pd.NaT, "id") == ""
    # numbers and ISO dates placed in a sentence follow the language
    assert plain("partners_summary", "id", period="2018–…", n=150, risk=152076, scope="Indonesia") == (
        "Periode 2018–…: 150 pasangan daerah dengan kerja sama dari 152.076 pasangan yang mungkin (Indonesia).")
    assert t("watch_title", "en", as_of="2026-11-28") == "Watch lists as of 28 November 2026"


def test_processed_tables_localize_without_codes_booleans_or_missing_markers(coded_dir):
    d, _ = coded_dir
    checked = 0
    for name in ("agreements", "parties", "follow_through", "relationships", "quarantine", "reliability"):
        df = pd.read_parquet(d / f"{name}.parquet")
        for lang in ("id", "en"):
            out = labels.localize_table(df, lang)
            assert len(out.columns) == len(set(out.columns)), name
            cells = out.astype(str).to_numpy().ravel()
            assert not {"True", "False", "None", "nan", "<NA>", "NaT"} & set(cells), name
            checked += 1
    assert checked == 12
    ft = labels.localize_table(pd.read_parquet(d / "follow_through.parquet"), "id")
    assert set(ft["dasar tanggal berakhir"]) <= {"asumsi 5 tahun", "dari teks status", "tidak diketahui",
                                                  "rentang tahun", "tanggal berakhir", "jangka waktu"}
    assert ft["tanggal KB"].str.fullmatch(r"(\d{1,2} [A-Z][a-z]+ \d{4})?").all()


def test_every_quarantine_reason_of_a_messy_register_reads_in_indonesian(messy_xlsx, messy_csv):
    q = clean_registers([messy_xlsx, messy_csv]).quarantine
    assert len(q) >= 3
    for reason in q["reason"]:
        text = labels.label_reason(reason, "id")
        assert text != reason, reason
        assert not any(w in text for w in ("no party", "impossible", "unreadable", "duplicate of", "column")), text
        english = labels.label_reason(reason, "en")
        assert english.split(":")[0].split(" (")[0] == reason.split(":")[0].split(" (")[0]
        assert "pihak_ketiga" not in english


def test_value_labels_name_codes_and_prefixes():
    assert labels.label_value("step", "logit_n_outcome_known_at_24", "id") == (
        "n model logistik, hasil diketahui pada bulan ke-24")
    assert labels.label_value("pks_basis", "linked:PR-012", "en") == "later PKS: PR-012"
    assert labels.label_value("doc_type_code", "BERITA_ACARA", "id") == "berita acara"
    assert labels.label_value("match_method", "never-seen", "id") == "never-seen"  # unknown values stay as they are
    evidence = labels.label_evidence("pks_signed: later pks; renewed: extension", "id")
    assert evidence.startswith("PKS ditandatangani: “later pks”;")
