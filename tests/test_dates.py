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


def _date_cells(n: int, seed: int) -> list:
    import random

    from kerjasama_study.dates import MONTHS

    rng = random.Random(seed)
    weekdays = ["Senin", "selasa", "RABU", "Kamis", "Jum'at", "hari Sabtu", "Minggu", "Mon", "monday", "Sun", "sen", ""]
    months = list(MONTHS) + ["Foo", "Sept.", "Nop", "MEI"]
    cells: list = []
    for _ in range(n):
        d, m = rng.randint(0, 33), rng.randint(0, 14)
        y = rng.choice([1899, 1900, 1999, 2013, 2024, 2100, 2101, 25, 2])
        sep, w = rng.choice(["/", "-", ".", " / ", "/ "]), rng.choice(weekdays)
        shape = rng.choice([f"{d}{sep}{m}{sep}{y}", f"{y}{sep}{m}{sep}{d}", f"{d} {rng.choice(months)} {y}",
                            f"{rng.choice(months)} {y}", f"{y}", f"{d:02d}/{m:02d}/{y}", f"{y}-{m:02d}-{d:02d}",
                            f"{rng.choice(months)} {d}, {y}", f"{y}-{m}"])
        before = rng.choice(["", f"{w} ", f"{w}, ", f"{w} (", f"{w}(", " ", "tanggal ", "(", f"{w},"])
        after = ")" if "(" in before and rng.random() < 0.8 else rng.choice(["", " ", ".", ")"])
        cells.append(before + shape + after)
    return cells + [None, "", "  ", "-", "n/a", "\xa0", "２０２４", "3/11/2025\u200b", 45000, 2013, 45000.5, "nan",
                    D(2020, 1, 2), dt.datetime(2020, 1, 2, 5), "2024.0"]


@pytest.mark.parametrize("dayfirst", [True, False])
def test_parse_date_column_equals_parse_date_cell_by_cell(dayfirst):
    import numpy as np

    from kerjasama_study.dates import parse_date_column

    cells = _date_cells(6000, seed=5)
    col = parse_date_column(cells, dayfirst=dayfirst)
    got = [(None if np.isnat(v) else v.astype(D), p, e) for v, p, e in zip(col.value, col.precision, col.error)]
    expected = [(p.value, p.precision, p.error) for p in (parse_date(c, dayfirst=dayfirst) for c in cells)]
    assert got == expected
    assert sum(e is not None for _, _, e in got) > 100  # the generator makes impossible and unreadable dates too
