"""Text helpers: the column-wise cleaning gives exactly what cleaning cell by cell gives."""

from __future__ import annotations

import datetime as dt
import random

import pandas as pd
import pyarrow as pa

from kerjasama_study.text import cell_at, clean_text, clean_text_column, fold, take_cells

PIECES = ["Kota", " ", "  ", "Palu", "\t", "\n", "\r\n", "\xa0", "\u2003", "é", "\x1c", "\u200b", "-", "1", "."]


def _messy_cells(n: int, seed: int) -> list:
    rng = random.Random(seed)
    cells: list = ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 7))) for _ in range(n)]
    return cells + [None, 2024, 3.5, dt.date(2021, 1, 5), dt.datetime(2021, 1, 5, 8, 30), float("nan")]


def test_clean_text_column_equals_clean_text_cell_by_cell():
    cells = _messy_cells(5000, seed=3)
    assert clean_text_column(cells).to_pylist() == [clean_text(c) for c in cells]


def test_clean_text_column_accepts_arrow_arrays():
    cells = [c for c in _messy_cells(2000, seed=4) if c is None or isinstance(c, str)]
    arr = pa.array(cells, type=pa.string())
    assert clean_text_column(arr).to_pylist() == [clean_text(c) for c in cells]


def test_cells_from_lists_and_arrow_arrays_are_plain_values():
    arr = pa.array(["Kota Palu", None, "Kabupaten Sigi"])
    assert [cell_at(arr, i) for i in range(3)] == ["Kota Palu", None, "Kabupaten Sigi"]
    assert take_cells(arr, [2, 0]).to_pylist() == ["Kabupaten Sigi", "Kota Palu"]
    assert take_cells(["a", "b", "c"], [2, 0]) == ["c", "a"]


def test_fold_is_the_lookup_key():
    assert fold("PEMKAB  Batang-Hari") == fold("pemkab batang hari") == "pemkab batang hari"
    assert fold("Kota Médan") == "kota medan"


def test_phrase_trie_matches_what_the_longest_first_alternation_matches():
    import random
    import re

    from kerjasama_study.codebook import load_codebook
    from kerjasama_study.text import phrase_alternation

    phrases = sorted({fold(k) for ks in load_codebook().urusan["keywords"] for k in str(ks).split(";") if k})
    phrases += ["air", "air bersih", "air minum", "a+b (c)"]  # nested phrases and regex characters
    plain = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p))) + r")\b")
    trie = re.compile(rf"\b(?:{phrase_alternation(phrases)})\b")
    rng = random.Random(3)
    texts = ["sarana air bersih dan air minum, air", "a+b (c) dan a+b", ""]
    for _ in range(2000):  # phrases side by side, glued together, cut short
        picks = rng.sample(phrases, 4)
        texts += [" ".join(picks), "".join(picks[:2]) + " " + picks[2][:-1] + " " + picks[3]]
    assert [trie.findall(t) for t in texts] == [plain.findall(t) for t in texts]
    assert len(phrases) > 300


def test_map_distinct_calls_once_per_value_and_keeps_order():
    from kerjasama_study.text import map_distinct

    calls = []
    values = pd.Series(["b", None, "a", "b", float("nan")], dtype=object)
    assert map_distinct(values, lambda v: calls.append(v) or (v or "-") * 2) == ["bb", "--", "aa", "bb", "--"]
    assert calls == ["b", None, "a"]  # in order of first appearance; None and NaN are one missing value
