"""Date parsing: formats clerks use, precision, impossible dates."""

from __future__ import annotations

import datetime as dt

import pytest

from kerjasama_study.dates import parse_date

D = dt.date


@pytest.mark.parametrize(
    "text, value, precision",
    [
        ("2025-11-03", D(2025, 11, 3), "day"), ("2025-11", D(2025, 11, 1), "month"), ("2013", D(2013, 1, 1), "year"),
        ("03/11/2025", D(2025, 11, 3), "day"), ("3/11/2025", D(2025, 11, 3), "day"), ("3-11-2025", D(2025, 11, 3), "day"),
        ("03.11.2025", D(2025, 11, 3), "day"), ("2025/11/03", D(2025, 11, 3), "day"),
        ("3 November 2025", D(2025, 11, 3), "day"), ("3 Nopember 2025", D(2025, 11, 3), "day"),
        ("3 Pebruari 2021", D(2021, 2, 3), "day"), ("17 Agustus 2020", D(2020, 8, 17), "day"),
        ("17 Agt 2020", D(2020, 8, 17), "day"), ("1 Okt 2019", D(2019, 10, 1), "day"), ("5 Des 2018", D(2018, 12, 5), "day"),
        ("Senin (3/11/2025)", D(2025, 11, 3), "day"), ("Senin, 3-11-2025", D(2025, 11, 3), "day"),
        ("Kamis, 21 Januari 2021", D(2021, 1, 21), "day"), ("Jum'at, 12 Agustus 2022", D(2022, 8, 12), "day"),
        ("tanggal 5 Mei 2021", D(2021, 5, 5), "day"), ("Nov 2025", D(2025, 11, 1), "month"),
        ("November 2025", D(2025, 11, 1), "month"), ("Maret 2010", D(2010, 3, 1), "month"),
        ("November 3, 2025", D(2025, 11, 3), "day"), ("3rd November 2025", D(2025, 11, 3), "day"),
        ("October 8, 2019", D(2019, 10, 8), "day"), ("1 Juli 21", D(2021, 7, 1), "day"),
        ("2025-11-03 00:00:00", D(2025, 11, 3), "day"), ("45234", D(2023, 11, 4), "day"),
    ],
)
def test_text_dates(text, value, precision):
    parsed = parse_date(text)
    assert (parsed.value, parsed.precision, parsed.error) == (value, precision, None)


def test_excel_cells():
    assert parse_date(dt.datetime(2025, 11, 3, 0, 0)).value == D(2025, 11, 3)
    assert parse_date(D(2025, 11, 3)).precision == "day"
    assert parse_date(45234).value == D(2023, 11, 4)  # Excel serial
    assert parse_date(2013).precision == "year"


def test_day_first_is_the_default_and_month_first_is_an_option():
    assert parse_date("04/05/2021").value == D(2021, 5, 4)
    assert parse_date("04/05/2021", dayfirst=False).value == D(2021, 4, 5)


@pytest.mark.parametrize("text", ["31/02/2024", "30-02-2021", "31 April 2019", "13/13/2024", "0/1/2020"])
def test_impossible_dates_are_errors(text):
    parsed = parse_date(text)
    assert parsed.value is None and parsed.error.startswith("impossible date")


@pytest.mark.parametrize("text", ["", "  ", "-", "n/a", "Tidak ada", None, float("nan")])
def test_empty_markers_are_unknown_without_error(text):
    parsed = parse_date(text)
    assert (parsed.value, parsed.precision, parsed.error) == (None, "unknown", None)


@pytest.mark.parametrize("text", ["besok", "akhir bulan", "Q3"])
def test_unreadable_text_is_an_error(text):
    assert parse_date(text).error.startswith("unreadable date")
