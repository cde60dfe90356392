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
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import is_blank, split_outside_parens

SEPARATORS = [";", ",", " dan ", " & ", "\n", "\r"]
_KEEP_WHOLE = re.compile(r"pangkajene\s+dan\s+kepulauan", re.IGNORECASE)
_PLACEHOLDER = "\x00"
_NUMBERED = re.compile(r"^\d+[.)]\s+")
_SUFFIX_ONLY = re.compile(r"^(?:tbk|persero|\(persero\)|ltd|inc|s\.?h\.?|m\.?si|dkk)\.?$", re.IGNORECASE)


@lru_cache(maxsize=200_000)
def _split(text: str) -> tuple[str, ...]:
    protected = _KEEP_WHOLE.sub(lambda m: m.group(0).replace(" ", _PLACEHOLDER), text)
    parts = split_outside_parens(protected, SEPARATORS)
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


def split_parties(cell: object) -> list[str]:
    """The party names in one cell, in order."""
    if is_blank(cell):
        return []
    return list(_split(str(cell)))
