"""Header matching: case-, accent- and space-insensitive, Indonesian or English."""

from __future__ import annotations

import pytest

from kerjasama_study.headers import SYNONYMS, canonical_field


@pytest.mark.parametrize("field, synonyms", SYNONYMS.items())
def test_every_synonym_maps_to_its_field_in_any_case_and_spacing(field, synonyms):
    for syn in synonyms:
        spaced = syn.replace("_", " ")
        for variant in (syn, syn.upper(), f"  {spaced.title()}  ", spaced.replace(" ", "  ")):
            assert canonical_field(variant) == field, variant


@pytest.mark.parametrize(
    "header, field",
    [("Tanggal TTD", "date_signed"), ("TANGGAL PENANDATANGANAN", "date_signed"), ("Tánggal", "date_signed"),
     ("Para-Pihak", "parties"), ("No.", "record_no"), ("Pihak 1", "party_1"), ("PIHAK_2", "party_2"),
     ("Party 3", "party_3"), ("Pihak I", "party_1"), ("Pihak Kedua", "party_2"), ("Perihal", "subject"),
     ("Masa Berlaku", "duration"), ("Tindak Lanjut", "status"), ("URL", "source"), ("Catatan", None),
     ("Unit Pengusul", None)],
)
def test_examples(header, field):
    assert canonical_field(header) == field
