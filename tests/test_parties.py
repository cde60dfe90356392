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


ATOMS = ["Pemkab Kotim", "Kota Palu", "PT Bank X (Persero)", "Tbk", "tbk.", "Kabupaten Pangkajene dan Kepulauan",
         "PANGKAJENE DAN KEPULAUAN", "1. Kota A", "2) Kab. B", "  Kab. C .", "-", ".", "Dinas X [Prov]",
         "Universitas Y", "Kota Médan", "S.H.", "dkk", "Kab.\tD", "CV Maju & Jaya", "Kota\xa0Bandung", "", "Persero"]
SEPARATORS = [";", ",", " dan ", " DAN ", " & ", "\n", "\r\n", "; ", " , ", "dan", "&", "\t"]


def test_split_party_column_equals_split_parties_cell_by_cell():
    import random

    from kerjasama_study.parties import split_party_column

    rng = random.Random(11)
    cells: list = []
    for _ in range(4000):
        cell = rng.choice(ATOMS)
        for _ in range(rng.randint(0, 3)):
            cell += rng.choice(SEPARATORS) + rng.choice(ATOMS)
        cells.append(cell)
    cells += [None, "", "   ", 12, 3.5, "Kota A;;Kota B", ";", "(unclosed; Kota B", "Kota A) ; Kota B"]
    rows, names = split_party_column(cells)
    expected = [(i, name) for i, cell in enumerate(cells) for name in split_parties(cell)]
    assert list(zip(rows.tolist(), names.to_pylist())) == expected
    # brackets, suffixes, tabs and non-ASCII all took the cell-by-cell path and still agree
    assert any("(" in n for n in names.to_pylist()) and any(n.endswith(", Tbk") for n in names.to_pylist())


@pytest.mark.parametrize("keep_together", ["resolver", "lowercase"])
def test_split_party_column_with_keep_together_equals_cell_by_cell(keep_together):
    """Splitting at " dan " only before a party gives the same names column-wise as cell by cell."""
    import random

    from kerjasama_study.clean import _not_a_party
    from kerjasama_study.parties import split_party_column

    judge = _not_a_party if keep_together == "resolver" else (lambda right: not right[:1].isupper())
    rng = random.Random(5)
    atoms = ATOMS + ["Informatika Kesehatan", "kebudayaan", "Akademi Perekam Medis", "Seruyan", "Kabupaten Sigi",
                     "Dinas Pariwisata", "Universitas Andalas", "pemuda", ""]
    cells: list = []
    for _ in range(3000):
        cell = rng.choice(atoms)
        for _ in range(rng.randint(0, 3)):
            cell += rng.choice(SEPARATORS + [" dan ", " dan ", " DAN "]) + rng.choice(atoms)
        cells.append(cell)
    cells += [" dan Kota A", "Kota A dan ", "Kota A dan  dan Kota B", "dan", None, 7]
    rows, names = split_party_column(cells, keep_together=judge)
    expected = [(i, n) for i, cell in enumerate(cells) for n in split_parties(cell, keep_together=judge)]
    assert list(zip(rows.tolist(), names.to_pylist())) == expected
    assert any(" dan " in n.lower() for n in names.to_pylist())  # some names were kept whole
