"""Split a parties cell into party names.

Separators are ``;``, ``,``, `` dan ``, `` & `` and line breaks, never inside parentheses. A region whose
official name contains a separator ("Pangkajene dan Kepulauan") stays whole, and a legal suffix split off by
a comma ("PT Bank X (Persero), Tbk") is joined back to its company.

>>> split_parties("Pemkab Kotim dan Pemkab Seruyan")
['Pemkab Kotim', 'Pemkab Seruyan']
>>> split_parties("Kabupaten Pangkajene dan Kepulauan; PT Semen Tonasa (Persero, Tbk)")
['Kabupaten Pangkajene dan Kepulauan', 'PT Semen Tonasa (Persero, Tbk)']
>>> split_parties("PT Bank Rakyat Indonesia (Persero), Tbk & Kota Medan")
['PT Bank Rakyat Indonesia (Persero), Tbk', 'Kota Medan']

A caller that can tell a party from a fragment passes ``keep_together``: the words after a " dan " that it
calls no party stay joined to the words before ("Akademi Perekam Medis dan Informatika Kesehatan").

>>> split_parties("Akademi Perekam Medis dan Informatika Kesehatan; Kota Medan",
...               keep_together=lambda right: not right.startswith("Kota"))
['Akademi Perekam Medis dan Informatika Kesehatan', 'Kota Medan']
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from .text import is_blank, split_outside_parens

if TYPE_CHECKING:  # numpy and pyarrow load only when a column is split
    import numpy as np
    import pyarrow as pa

SEPARATORS = [";", ",", " dan ", " & ", "\n", "\r"]
_KEEP_WHOLE = re.compile(r"pangkajene\s+dan\s+kepulauan", re.IGNORECASE)
_PLACEHOLDER = "\x00"
_NUMBERED = re.compile(r"^\d+[.)]\s+")
_SUFFIX_ONLY = re.compile(r"^(?:tbk|persero|\(persero\)|ltd|inc|s\.?h\.?|m\.?si|dkk)\.?$", re.IGNORECASE)


@lru_cache(maxsize=200_000)
def _split(text: str, keep_together=None) -> tuple[str, ...]:
    protected = _KEEP_WHOLE.sub(lambda m: m.group(0).replace(" ", _PLACEHOLDER), text)
    if keep_together is None:
        parts = split_outside_parens(protected, SEPARATORS)
    else:
        parts = []
        for chunk in split_outside_parens(protected, [s for s in SEPARATORS if s != " dan "]):
            pieces = split_outside_parens(chunk, [" dan "])
            if len(pieces) == 1:
                parts.append(chunk)
                continue
            # rejoin a piece to the one before (with the text between them) when the caller says it is no party
            # on its own
            ends = []
            pos = 0
            for piece in pieces:
                at = chunk.index(piece, pos)
                ends.append((at, at + len(piece)))
                pos = at + len(piece)
            start = 0
            for k in range(1, len(pieces)):
                if not keep_together(pieces[k].replace(_PLACEHOLDER, " ").strip()):
                    parts.append(chunk[ends[start][0]:ends[k - 1][1]])
                    start = k
            parts.append(chunk[ends[start][0]:ends[-1][1]])
    out: list[str] = []
    for part in parts:
        part = part.replace(_PLACEHOLDER, " ").strip(" .-\t")
        part = _NUMBERED.sub("", part)  # numbered lists: "1. Pemkab X"
        if not part:
            continue
        if out and _SUFFIX_ONLY.match(part):
            out[-1] = f"{out[-1]}, {part}"
            continue
        out.append(part)
    return tuple(out)


def split_parties(cell: object, keep_together=None) -> list[str]:
    """The party names in one cell, in order (``keep_together``: see the module docstring)."""
    if is_blank(cell):
        return []
    return list(_split(str(cell), keep_together))


# Cells the vectorised splitter handles exactly like :func:`split_parties`: printable ASCII (line breaks allowed),
# no brackets, no separator word inside a region's name. Everything else goes through :func:`split_parties`.
_SIMPLE_CELL = r"^[\x20-\x7e\r\n]*$"
_NOT_SIMPLE = r"[(\[]|(?i)pangkajene\s+dan\s+kepulauan"
_SEPARATOR_RE = r"(?i) dan | & |;|,|\n|\r"
_SEPARATOR_NO_DAN_RE = r" & |;|,|\n|\r"
_DAN_RE = r"(?i) dan "
_NUMBERED_RE = r"^\d+[.)]\s+"
_SUFFIX_ONLY_RE = r"(?i)^(?:tbk|persero|ltd|inc|s\.?h\.?|m\.?si|dkk)\.?$"


def split_party_column(values, keep_together=None) -> tuple[np.ndarray, pa.StringArray]:
    """Split a whole column of parties cells: ``(row, name)`` pairs as two aligned arrays, in cell order.

    The result equals ``[(i, n) for i, cell in enumerate(values) for n in split_parties(cell, keep_together)]``:
    plain cells are split by Arrow kernels (with ``keep_together``, first at the other separators and then at
    " dan ", asking ``keep_together`` once per distinct piece after a " dan "); only cells with brackets, legal
    suffixes, non-ASCII text or a piece to keep joined go through :func:`split_parties`.

    >>> rows, names = split_party_column(["Pemkab Kotim dan Pemkab Seruyan", None, "PT A (Persero), Tbk; Kota B"])
    >>> list(zip(rows.tolist(), names.to_pylist()))
    [(0, 'Pemkab Kotim'), (0, 'Pemkab Seruyan'), (2, 'PT A (Persero), Tbk'), (2, 'Kota B')]
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from .text import cell_at, string_array

    arr, others = string_array(values)
    simple = pc.and_(pc.match_substring_regex(arr, _SIMPLE_CELL),
                     pc.invert(pc.match_substring_regex(arr, _NOT_SIMPLE))).fill_null(False)
    simple_np = simple.to_numpy(zero_copy_only=False)
    simple_rows = np.flatnonzero(simple_np)
    redo: set[int] = set()
    if keep_together is None:
        parts = pc.split_pattern_regex(arr.filter(simple), _SEPARATOR_RE)
        rows = simple_rows[pc.list_parent_indices(parts).to_numpy()]
        names = pc.list_flatten(parts)
    else:  # split at " dan " only where keep_together says the words after it are a party of their own
        chunks = pc.split_pattern_regex(arr.filter(simple), _SEPARATOR_NO_DAN_RE)
        chunk_rows = simple_rows[pc.list_parent_indices(chunks).to_numpy()]
        pieces = pc.split_pattern_regex(pc.utf8_trim_whitespace(pc.list_flatten(chunks)), _DAN_RE)
        parent = pc.list_parent_indices(pieces).to_numpy()
        rows = chunk_rows[parent]
        names = pc.list_flatten(pieces)
        offsets = pieces.offsets.to_numpy()
        position = np.arange(len(parent)) - offsets[parent]
        trimmed = pc.utf8_trim_whitespace(names)
        after_dan = np.flatnonzero(position > 0)
        if len(after_dan):
            encoded = pc.dictionary_encode(trimmed.take(pa.array(after_dan)))
            # an empty piece ("A dan  dan B") is left to the cell-by-cell splitter, which drops it
            verdict = np.array([bool(keep_together(t)) if t else True for t in encoded.dictionary.to_pylist()],
                               dtype=bool)
            joined = verdict[encoded.indices.to_numpy(zero_copy_only=False)]
            redo |= set(rows[after_dan[joined]].tolist())
    names = pc.utf8_trim(names, " .-")
    names = pc.replace_substring_regex(names, _NUMBERED_RE, "")
    # a legal suffix split off by a comma is joined back by the cell-by-cell splitter
    suffix = pc.match_substring_regex(names, _SUFFIX_ONLY_RE).to_numpy(zero_copy_only=False)
    redo |= set(rows[suffix].tolist())
    keep = pc.not_equal(names, "").to_numpy(zero_copy_only=False)
    if redo:
        keep &= ~np.isin(rows, list(redo))
    rows, names = rows[keep], names.filter(pa.array(keep))

    slow = sorted(set(np.flatnonzero(~simple_np & ~pc.is_null(arr).to_numpy(zero_copy_only=False)).tolist())
                  | set(others) | redo)
    if slow:
        extra_rows, extra_names = [], []
        for i in slow:
            for n in split_parties(cell_at(values, i), keep_together):
                extra_rows.append(i)
                extra_names.append(n)
        rows = np.concatenate([rows, np.asarray(extra_rows, dtype=rows.dtype)])
        names = pa.concat_arrays([names, pa.array(extra_names, type=pa.string())])
        order = np.argsort(rows, kind="stable")
        rows, names = rows[order], names.take(pa.array(order))
    return rows.astype(np.int64), names
