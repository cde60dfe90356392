"""Small text helpers shared by the cleaning and coding modules.

>>> fold("  Pemkab  Batang-Hari ")
'pemkab batang hari'
>>> compact("Muko Muko")
'mukomuko'
>>> split_outside_parens("PT A (BUMD X; Y); Kota B", [";"])
['PT A (BUMD X; Y)', 'Kota B']
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def strip_accents(text: str) -> str:
    """Remove diacritics (``é`` becomes ``e``) and normalise Unicode compatibility forms."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: object) -> str:
    """Lower-case, accent-free, punctuation as single spaces: the key used for every name lookup."""
    if text is None:
        return ""
    s = str(text)
    if not s.isascii():
        s = strip_accents(s)
    return _NON_ALNUM.sub(" ", s.lower()).strip()


def compact(text: object) -> str:
    """:func:`fold` without spaces, so that spacing and hyphen variants meet ("Batang Hari" = "Batanghari")."""
    return fold(text).replace(" ", "")


def is_blank(value: object) -> bool:
    """True for None, NaN, pandas NA/NaT, empty or whitespace-only strings."""
    if value is None:
        return True
    if type(value) is str:
        return not value.strip()
    if isinstance(value, float):
        return value != value
    return value.__class__.__name__ in ("NAType", "NaTType")


@lru_cache(maxsize=32)
def _separator_re(separators: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(s) for s in sorted(separators, key=len, reverse=True)), re.IGNORECASE)


def split_outside_parens(text: str, separators: list[str]) -> list[str]:
    """Split ``text`` on any of ``separators`` (plain strings, matched case-insensitively), never inside ( ) or [ ]."""
    if "(" not in text and "[" not in text:
        return [p.strip() for p in _separator_re(tuple(separators)).split(text) if p.strip()]
    parts: list[str] = []
    depth = 0
    start = 0
    i = 0
    low = text.lower()
    seps = sorted(separators, key=len, reverse=True)
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        elif depth == 0:
            hit = next((s for s in seps if low.startswith(s, i)), None)
            if hit:
                parts.append(text[start:i])
                i += len(hit)
                start = i
                continue
        i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]
