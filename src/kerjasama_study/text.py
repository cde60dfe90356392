"""Small text helpers shared by the cleaning and coding modules.

>>> fold("  Pemkab  Batang-Hari ")
'pemkab batang hari'
>>> compact("Muko Muko")
'mukomuko'
>>> split_outside_parens("PT A (BUMD X; Y); Kota B", [";"])
['PT A (BUMD X; Y)', 'Kota B']
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pyarrow loads only when a column is cleaned
    import pyarrow as pa

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


def phrase_alternation(phrases) -> str:
    """A regular expression (without anchors) matching any of ``phrases``, written as a trie so that the engine
    follows one branch per character instead of trying every phrase at every position. Like an alternation of
    the phrases longest first, it matches the longest phrase that fits (and backs off to a shorter one when what
    follows, such as a word boundary, fails).

    >>> import re
    >>> pattern = re.compile(rf"\\b(?:{phrase_alternation(['air', 'air bersih', 'air minum'])})\\b")
    >>> pattern.findall("sarana air bersih dan air minum, air")
    ['air bersih', 'air minum', 'air']
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = True  # a phrase ends here

    def render(node: dict) -> str:
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer phrase is tried first

    return render(trie)


def map_distinct(values, fn) -> list:
    """``fn`` of every value, computed once per distinct value; a missing value (None, NaN, NA) is passed as None.

    >>> map_distinct(["Kota Palu", None, "Kota Palu"], fold)
    ['kota palu', '', 'kota palu']
    """
    import numpy as np
    import pandas as pd

    which, distinct = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    results = np.empty(len(distinct), dtype=object)
    for i, v in enumerate(distinct):  # element by element: a result may itself be a tuple
        results[i] = fn(None if is_blank_value(v) else v)
    return results[which].tolist()


def is_blank_value(value: object) -> bool:
    """True for a missing value (None, NaN, pandas NA/NaT); unlike :func:`is_blank`, an empty string is a value."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or value.__class__.__name__ in (
        "NAType", "NaTType")


def is_blank(value: object) -> bool:
    """True for None, NaN, pandas NA/NaT, empty or whitespace-only strings."""
    if value is None:
        return True
    if type(value) is str:
        return not value.strip()
    if isinstance(value, float):
        return math.isnan(value)
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


#: Cells that mean "nothing here" in registers; they are read as empty (compared after trimming, any case).
EMPTY_MARKERS = ("-", "--", "---", "\u2013", "\u2014", "n/a", "#n/a", "n.a.", "n.a", "null")

# A cell that :func:`clean_text` returns unchanged: printable ASCII, single spaces, no space at either end.
_NEEDS_PYTHON_TEXT = r"[^\x20-\x7e]|^ | $|  "


def clean_text(value: object) -> str | None:
    """A cell as trimmed text with single spaces, or None when blank.

    >>> clean_text("  Kota   Palu\\n"), clean_text("   "), clean_text(2024), clean_text(" – "), clean_text("N/A")
    ('Kota Palu', None, '2024', None, None)
    """
    if type(value) is str:
        value = value.strip()
        if not value or (len(value) <= 5 and value.lower() in EMPTY_MARKERS):
            return None
        return " ".join(value.split()) if ("  " in value or "\n" in value or "\t" in value) else value
    if is_blank(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def cell_at(values, i: int) -> object:
    """The ``i``-th cell of a column held as a list or as an Arrow array, as a plain Python value."""
    value = values[i]
    return value.as_py() if hasattr(value, "as_py") else value


def take_cells(values, positions):
    """The cells of a column (list or Arrow array) at ``positions``, in the same kind of container."""
    if hasattr(values, "take"):
        import pyarrow as pa

        return values.take(pa.array(positions, type=pa.int64()))
    return [values[j] for j in positions]


def string_array(values) -> tuple[pa.StringArray, list[int]]:
    """``values`` as an Arrow string array (non-text cells as null) and the positions of the non-text cells."""
    import pyarrow as pa

    if isinstance(values, pa.Array):
        return (values if values.type == pa.string() else values.cast(pa.string())), []
    try:
        return pa.array(values, type=pa.string()), []
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        others = [i for i, v in enumerate(values) if v is not None and type(v) is not str]
        return pa.array([v if type(v) is str else None for v in values], type=pa.string()), others


def clean_text_column(values) -> pa.StringArray:
    """:func:`clean_text` over a column at once (an Arrow string array; null where blank).

    Cells that are plain printable ASCII with single spaces are taken as they are; only the others go through
    :func:`clean_text`, so the result is the same as cleaning cell by cell.

    >>> clean_text_column(["Kota Palu", "  Kota   Palu ", "", None, 7, "-"]).to_pylist()
    ['Kota Palu', 'Kota Palu', None, None, '7', None]
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    arr, others = string_array(values)
    odd = pc.match_substring_regex(arr, _NEEDS_PYTHON_TEXT).fill_null(False).to_numpy(zero_copy_only=False)
    redo = np.flatnonzero(odd).tolist()
    if redo or others:
        texts = arr.to_pylist()
        for i in redo:
            texts[i] = clean_text(texts[i])
        for i in others:
            texts[i] = clean_text(values[i])
        arr = pa.array(texts, type=pa.string())
    empty = pc.or_(pc.equal(arr, ""), pc.is_in(pc.utf8_lower(arr), value_set=pa.array(EMPTY_MARKERS)))
    return pc.if_else(empty, pa.scalar(None, pa.string()), arr)
