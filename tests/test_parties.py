"""Splitting a parties cell."""

from __future__ import annotations

import pytest

from kerjasama_study.parties import split_parties


@pytest.mark.parametrize(
    "cell, parties",
    [
        ("Kabupaten Kotawaringin Timur; Kabupaten Seruyan", ["Kabupaten Kotawaringin Timur", "Kabupaten Seruyan"]),
        ("Pemkab A, Pemkab B dan Pemkot C & Pemprov D", ["Pemkab A", "Pemkab B", "Pemkot C", "Pemprov D"]),
        ("Pemkab A\nPemkab B", ["Pemkab A", "Pemkab B"]),
        ("PT Food Station Tjipinang Jaya (BUMD DKI Jakarta; Jakarta)", ["PT Food Station Tjipinang Jaya (BUMD DKI Jakarta; Jakarta)"]),
        ("Balai Besar Wilayah Sungai (BBWS, Citarum dan Cisadane); Kabupaten Bogor",
         ["Balai Besar Wilayah Sungai (BBWS, Citarum dan Cisadane)", "Kabupaten Bogor"]),
        ("Kabupaten Pangkajene dan Kepulauan dan Kota Makassar", ["Kabupaten Pangkajene dan Kepulauan", "Kota Makassar"]),
        ("PT Bank Rakyat Indonesia (Persero), Tbk; Kota Medan", ["PT Bank Rakyat Indonesia (Persero), Tbk", "Kota Medan"]),
        ("1. Pemkab A; 2. Pemkab B", ["Pemkab A", "Pemkab B"]),
        (" ; ;", []), ("", []), (None, []),
    ],
)
def test_split(cell, parties):
    assert split_parties(cell) == parties


def test_separator_words_inside_names_are_not_split():
    assert split_parties("Kabupaten Pandeglang; Kota Tangerang Selatan") == ["Kabupaten Pandeglang",
                                                                              "Kota Tangerang Selatan"]
    assert split_parties("Kabupaten Sidenreng Rappang") == ["Kabupaten Sidenreng Rappang"]  # 'dan' inside a word
