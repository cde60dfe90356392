"""From news to records: read press reports and write a register, one row per cooperation event.

Each article is read on its own (:func:`read_article`): page furniture ("Baca juga", editor lines) is dropped,
the text is split into sentences, and the cue phrases of ``data/news_cues.yml`` decide

- **whether it reports an event**: a sentence with a signing word and a cooperation or document word (a signed
  event), or a planning word (a planned one); otherwise, or when the signed object is a boundary or a budget
  memorandum, or nothing is signed yet, it is not an event and the log says why;
- **the parties**: regions named after a government word or an official's title ("Pemkab Kotim", "Bupati
  Sarolangun", "Gubernur Kalteng"), by a kind word ("Kabupaten Seruyan") or bare ("Kotim – Seruyan" in a
  title), resolved by :func:`kerjasama_study.regions.resolve_name`; a region counts as a party by where it is
  named (title, signing sentence, with a title or bare) and not when it is only a venue ("di Hotel X, Batam"),
  a province after its kabupaten ("Kabupaten Bogor, Jawa Barat") or in a dropped "Baca juga" line. Firms,
  universities, agencies and foreign governments named in a signing sentence are typed as the cleaner types them;
- **the date**: the date stated in the signing sentence ("Senin (3/11/2025)", "(12/8)", "5 September 2022",
  "November 3, 2025"), or a relative one ("kemarin", "Selasa") resolved against the publication date; a year
  left out is taken from the publication date; a weekday that does not fit the date is flagged;
- **the document type**: KB (MoU, nota kesepahaman, kesepakatan bersama), PKS, both (KB+PKS), an amendment or
  renewal, or planned.

Articles about the same event are then merged (:func:`merge_events`): the same regions, and dates no more
than :data:`MERGE_DAYS` days apart (or the same month when a date is only known to the month). Facts on which
the copies disagree are decided by majority and flagged.

>>> from kerjasama_study.articles import Article
>>> a = Article("t1", "https://contoh.id/1", "Pemkab Kotim dan Pemkab Seruyan Teken Kesepakatan Bersama",
...             "SAMPIT - Bupati Kotim dan Bupati Seruyan menandatangani kesepakatan bersama bidang pendidikan "
...             "di Sampit, Senin (3/11/2025).", "", "a.jsonl", 1)
>>> f = read_article(a)
>>> f.decision, f.date.value.isoformat(), f.doc_code, [p.name for p in f.regions]
('event', '2025-11-03', 'KB', ['Kabupaten Kotawaringin Timur', 'Kabupaten Seruyan'])
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlparse

from .articles import Article, InputProblem
from .coding import code_sector_text
from .config import PACKAGE_DATA_DIR
from .dates import MONTHS
from .regions import classify_non_region, gazetteer, party_cues, resolve_name
from .text import fold as _fold_text

NEWS_CUES_FILE = PACKAGE_DATA_DIR / "news_cues.yml"
#: Typographic punctuation of news pages, read as the spaces :func:`kerjasama_study.text.fold` makes of it (so
#: that folding stays on its fast ASCII path).
_PUNCT_TO_SPACE = str.maketrans({c: " " for c in "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u00a0\u00b7"})


def fold(text) -> str:
    """:func:`kerjasama_study.text.fold`, faster on press typography (curly quotes, dashes)."""
    return _fold_text(text.translate(_PUNCT_TO_SPACE) if isinstance(text, str) else text)
#: Copies of one event may date it this many days apart (a press release copied the next days, "kemarin").
MERGE_DAYS = 4
#: Articles per extra worker process (below this, one process reads them all).
PARALLEL_MIN = 1000
#: A region is a party when its evidence score reaches this (see :func:`_party_score`).
PARTY_SCORE = 2.0
#: ... and this share of the best-named region's score (a region named once beside a region named ten times is
#: a mention, not a party).
PARTY_SHARE = 0.2
#: Two regions are the pair an article reports when the second scores this many times the third or more.
PAIR_MARGIN = 1.5


# --- cues ------------------------------------------------------------------------------------------------------

def cue_regex(cues) -> re.Pattern:
    """One pattern for a list of cue phrases, matched on folded text on word boundaries (``*``: any ending).

    >>> bool(cue_regex(["menandatangan*", "mou"]).search("resmi menandatanganani mou"))
    True
    """
    parts = []
    for cue in sorted({fold(c.rstrip("*")) + ("*" if c.endswith("*") else "") for c in cues}, key=len,
                      reverse=True):
        body = re.escape(cue.rstrip("*")).replace(r"\ ", " ")
        parts.append(body + (r"[a-z]*" if cue.endswith("*") else ""))
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b")


@dataclass(frozen=True)
class Negative:
    name: str
    kind: str  # object, activity or negation
    pattern: re.Pattern
    own_affairs: frozenset[str] | None = None  # an object cue does not veto a sentence naming other affairs

    def vetoes(self, s: Sentence) -> bool:
        """Whether this object cue rejects sentence ``s`` (it names the object, and no other affair when
        ``own_affairs`` is set).

        >>> n = Negative("boundary", "object", re.compile("batas wilayah"), frozenset({"4.01"}))
        >>> n.vetoes(Sentence(0, "Usulkan batas wilayah", "usulkan batas wilayah"))
        True
        >>> n.vetoes(Sentence(0, "MoU keamanan, kepurbakalaan dan batas wilayah",
        ...                   "mou keamanan kepurbakalaan dan batas wilayah"))
        False
        """
        if not self.pattern.search(s.folded):
            return False
        if self.own_affairs is None:
            return True
        return not {code for code, _ in code_sector_text(s.text)} - self.own_affairs - {"0.00"}


def word_alternation(words) -> str:
    """A regular-expression alternation of folded cue words, longest first; ``[0-9]+`` stands for digits.

    >>> word_alternation(["dua", "Dua Belas", "[0-9]+"])
    'dua\\\\ belas|[0-9]+|dua'
    """
    return "|".join(w if w == "[0-9]+" else re.escape(fold(w)) for w in sorted(map(str, words), key=len, reverse=True))


@dataclass(frozen=True)
class SecondDocument:
    """When an article that names a KB and a PKS presents them as two documents (``second_document`` in
    ``data/news_cues.yml``): both in one sentence, or the PKS added, counted or technical; a document word that
    refers back ("perjanjian tersebut") presents nothing new.

    >>> c = news_cues()
    >>> c.second_document.presents_two([Sentence(0, "", "gubernur meneken mou"),
    ...                                 Sentence(1, "", "perjanjian kerja sama tersebut berlaku lima tahun")])
    False
    >>> c.second_document.presents_two([Sentence(0, "", "gubernur meneken mou"),
    ...                                 Sentence(1, "", "para kepala dinas juga meneken perjanjian kerja sama")])
    True
    """

    additive: re.Pattern  # folded text before the PKS word (its clause): a word of addition
    counted: re.Pattern  # folded text before the PKS word: a count
    technical: re.Pattern  # folded text after the PKS word: technical or between offices
    refers_back: re.Pattern  # folded text after a document word: a pointing word

    def presents_two(self, sents: list[Sentence]) -> bool:
        kb, pks = news_cues().doc_types["kb"], news_cues().doc_types["pks"]
        for s in sents:
            for m in signed_documents(pks, s):
                before, after = s.folded[:m.start()], s.folded[m.end():]
                if self.refers_back.match(after):
                    continue
                if (next(signed_documents(kb, s), None) or self.additive.search(before)
                        or self.counted.search(before) or self.technical.match(after)):
                    return True
        return False

    @classmethod
    def from_raw(cls, raw: dict) -> SecondDocument:
        alt = word_alternation
        between = rf"(?: (?!(?:{alt(raw['not_between'])})\b)[a-z0-9]+){{0,2}}"
        return cls(additive=re.compile(rf"\b(?:{alt(raw['additive'])})\b.{{0,60}}$"),
                   counted=re.compile(rf"\b(?:{alt(raw['counted'])})(?: (?:{alt(raw['counted_units'])}))? $"),
                   technical=re.compile(rf"(?: [a-z0-9]+)?? (?:{alt(raw['technical'])})\b"),
                   refers_back=re.compile(rf"{between} (?:{alt(raw['refers_back'])})\b"))


@dataclass(frozen=True)
class NewsCues:
    """The compiled cues of ``data/news_cues.yml``."""

    version: str
    signing: re.Pattern
    strong_signing: re.Pattern
    cooperation: re.Pattern
    doc_types: dict[str, re.Pattern]
    planned: re.Pattern
    renewal: re.Pattern
    negatives: tuple[Negative, ...]
    noise: re.Pattern
    official: re.Pattern  # official or government words before a region name (on original text)
    venue_tail: re.Pattern  # folded text before a mention ending in a venue word
    bare_stoplist: frozenset[str]
    relative_days: dict[str, int | None]
    unnamed: re.Pattern  # folded text: regional partners counted, not named
    to_come: re.Pattern  # folded text before a document cue: the document is still to come
    second_document: SecondDocument
    raw: dict


#: Signing words that report a signature by themselves; the others ("sepakat", "menjalin kerja sama") need a
#: document word in the same sentence.
_STRONG = ("tandatang", "nandatang", "tanda tangan", "penanda tangan", "teken", "meneken", "penekenan", "signed", "signing", "inked", "naskah")


@lru_cache(maxsize=1)
def news_cues() -> NewsCues:
    """The news cues (loaded and compiled once).

    >>> c = news_cues()
    >>> bool(c.signing.search("bupati meneken mou")), bool(c.planned.search("mou akan ditandatangani"))
    (True, True)
    """
    import yaml

    raw = yaml.safe_load(NEWS_CUES_FILE.read_text(encoding="utf-8"))
    signing = raw["signing"]["cues"]
    strong = [c for c in signing if any(s in c for s in _STRONG)]
    officials = sorted({str(o) for o in raw["officials"]} | set(party_cues().prefixes), key=len, reverse=True)
    official_alt = "|".join(re.escape(o).replace(r"\ ", r"\s+") for o in officials)
    venue = sorted((fold(v) for v in raw["venue_words"]), key=len, reverse=True)
    return NewsCues(
        version=str(raw["version"]),
        signing=cue_regex(signing),
        strong_signing=cue_regex(strong),
        cooperation=cue_regex(raw["cooperation"]["cues"]),
        doc_types={k: cue_regex(v["cues"]) for k, v in raw["doc_types"].items()},
        planned=cue_regex(raw["planned"]["cues"]),
        renewal=cue_regex(raw["renewal"]["cues"]),
        negatives=tuple(Negative(k, v["kind"], cue_regex(v["cues"]),
                                 frozenset(map(str, v["own_affairs"])) if "own_affairs" in v else None)
                        for k, v in raw["negatives"].items()),
        noise=re.compile("|".join(f"(?:{p})" for p in raw["noise_lines"])),
        official=re.compile(rf"(?i)\b(?:{official_alt})\.?(?:\s*\([^()]{{1,15}}\))?\s+$"),
        venue_tail=re.compile(r"\b(?:" + "|".join(re.escape(v) for v in venue) + r")(?: [a-z0-9]+){0,6}$"),
        bare_stoplist=frozenset(fold(s) for s in raw["bare_stoplist"]),
        relative_days={fold(k): v for k, v in raw["relative_days"].items()},
        unnamed=_unnamed_regex(raw["unnamed_partners"]),
        to_come=re.compile(rf"\b(?:{word_alternation(raw['doc_to_come'])})\b[^,;]{{0,80}}$"),
        second_document=SecondDocument.from_raw(raw["second_document"]),
        raw=raw,
    )


def _unnamed_regex(spec: dict) -> re.Pattern:
    """A quantity (words, or digits written ``[0-9]+``), at most one more word, then a government word.

    >>> bool(_unnamed_regex({"quantities": ["delapan"], "governments": ["gubernur"]}).search("delapan orang gubernur"))
    True
    """
    quantities, governments = word_alternation(spec["quantities"]), word_alternation(spec["governments"])
    return re.compile(rf"\b(?:{quantities})(?: [a-z]+)?? (?:{governments})\b")


def reason_label(reason: str, lang: str = "id") -> str:
    """The reader's words for a decision reason (a negative group, a party rule, or a planned/signed event).

    >>> reason_label("discussion"), reason_label("central_only", "en")
    ('pertemuan yang baru membahas kerja sama', 'only a central or vertical agency as partner')
    """
    raw = news_cues().raw
    if reason in raw["negatives"]:
        return raw["negatives"][reason]["label"][lang]
    if reason in raw["party_rules"]:
        return raw["party_rules"][reason][lang]
    if reason in ("signing", "planned"):
        return raw[reason]["label"][lang]
    return reason


# --- sentences -------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Sentence:
    index: int  # -1 for the title
    text: str
    folded: str


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREV_END = re.compile(r"(?:\b[A-Z][a-z]{0,2}|\b[A-Z]|\bNo|\bdkk|\bJl|\bSt)\.$")


def sentences(article: Article) -> list[Sentence]:
    """The title and the sentences of the text, page furniture and a repeated title left out (a title that is
    itself page furniture, "Selamat datang di ...", counts as no title)."""
    cues = news_cues()
    title = "" if cues.noise.match(fold(article.title)) else article.title
    out = [Sentence(-1, title, fold(title))]
    title_key = out[0].folded
    idx = 0
    for line in article.text.splitlines():
        line = line.strip()
        if not line:
            continue
        folded_line = fold(line)
        if not folded_line or cues.noise.match(folded_line) or folded_line == title_key:
            continue
        pieces = _SENTENCE_END.split(line)
        merged: list[str] = []
        for piece in pieces:
            if merged and _ABBREV_END.search(merged[-1]):
                merged[-1] += " " + piece
            else:
                merged.append(piece)
        for piece in merged:
            f = fold(piece)
            if f:
                out.append(Sentence(idx, piece, f))
                idx += 1
    return out


# --- dates -----------------------------------------------------------------------------------------------------

_WD = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum at": 4, "sabtu": 5, "minggu": 6,
       "ahad": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
       "sunday": 6}
_WD_RE = r"(?P<wd>senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    # Senin (3/11/2025), Kamis 16/11/2023, (12/8), Jumat malam (24/10/2025)
    re.compile(rf"(?i)(?:\b{_WD_RE}\b[\s,]*(?:malam|pagi|siang|sore|petang|dini hari|lalu)?\s*)?"
               r"\(\s*(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{2,4}))?\s*\)"),
    re.compile(rf"(?i)\b{_WD_RE}\b[\s,]*(?:malam|pagi|siang|sore)?\s*(?:tanggal\s+)?"
               r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})(?:\s*/\s*(?P<y>\d{2,4}))?\b"),
    re.compile(r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d\d)\b"),
    # Senin, 5 September 2022; 3 November 2025; pada 12 Agustus
    re.compile(rf"(?i)(?:\b{_WD_RE}\b[\s,]*(?:malam|pagi|siang|sore)?\s*(?:tanggal\s+)?)?\b(?P<d>\d{{1,2}})\s+"
               rf"(?P<mon>{_MONTH_ALT})\.?(?:\s+(?P<y>(?:19|20)\d\d))?\b"),
    # November 3, 2025
    re.compile(rf"(?i)\b(?P<mon>{_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>(?:19|20)\d\d)\b"),
    # 2025-08-12
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d{2})-(?P<d>\d{2})\b"),
)
_WEEKDAY_ONLY = re.compile(rf"(?i)\b(?:pada\s+|hari\s+)?{_WD_RE}\b(?:\s+(?:malam|pagi|siang|sore|lalu|kemarin))?"
                           r"(?=\s*[,.)]|\s+(?:lalu|kemarin|di|ini|malam|pagi|siang|sore)\b)")
_TIME = re.compile(r"(?i)\b\d{1,2}[:.]\d{2}\s*(?:wib|wita|wit)?\b")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d{1,2})(?:/(\d{1,2}))?/")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_REGULATION_YEAR = re.compile(r"(?i)\b(?:nomor|no\.?)\s*\d+[a-z]?\s*(?:tahun|th\.?)\s*(?:19|20)\d\d\b|\b(?:sejak|pada tahun)\s+(?:19|20)\d\d\b")


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date read from an article: the value, its precision, the words it came from and how it was read."""

    value: dt.date | None
    precision: str  # day, month, year or unknown
    text: str = ""
    how: str = ""  # stated, relative, published, url or ""
    weekday_conflict: bool = False
    sentence: int | None = None


NO_DATE = FoundDate(None, "unknown")


def _year(y: str | None) -> int | None:
    if not y:
        return None
    n = int(y)
    return n + 2000 if n < 100 else n


def _make_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _stated_dates(s: Sentence, ref: FoundDate, as_of: dt.date | None = None) -> list[FoundDate]:
    """Every full or partial date stated in a sentence; a missing year is taken from ``ref`` (see
    :func:`_infer_year`)."""
    found: list[tuple[int, FoundDate]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(s.text):
            if any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
                continue
            g = m.groupdict()
            month = MONTHS.get(g["mon"].lower().rstrip(".")) if g.get("mon") else int(g["m"])
            if not month or not 1 <= month <= 12:
                continue
            day = int(g["d"])
            weekday = _WD[fold(g["wd"]).replace(" ", "")] if g.get("wd") else None
            year = _year(g.get("y"))
            how = "stated"
            if year is None:
                year, how = _infer_year(month, day, weekday, ref, as_of)
                if year is None:
                    continue
            value = _make_date(year, month, day)
            if value is None:
                continue
            conflict = weekday is not None and weekday != value.weekday()
            taken.append((m.start(), m.end()))
            found.append((m.start(), FoundDate(value, "day", m.group(0).strip(), how, conflict, s.index)))
    return [f for _, f in sorted(found, key=lambda t: t[0])]


def _infer_year(month: int, day: int, weekday: int | None, ref: FoundDate,
                as_of: dt.date | None = None) -> tuple[int | None, str]:
    """The year of a date written without one ("Kamis (28/1)"): that of the publication date (the year before
    when the month lies ahead of it); else the first year that fits the weekday from the latest year written
    in the text on (an article is written no earlier than the years it names), up to ``as_of``; else the
    latest that fits before the reference date."""
    if ref.value is not None and ref.how in ("published", "url"):
        year = ref.value.year - (1 if month > ref.value.month + 1 else 0)
        return year, "stated"
    if ref.value is None or weekday is None:
        return (ref.value.year, "stated") if ref.value is not None and ref.how == "text" else (None, "")
    if ref.how == "text" and as_of is not None:
        for year in range(ref.value.year, as_of.year + 1):
            d = _make_date(year, month, day)
            if d is not None and d.weekday() == weekday and d <= as_of:
                return year, "weekday"
    for year in range(ref.value.year, ref.value.year - 15, -1):
        d = _make_date(year, month, day)
        if d is not None and d.weekday() == weekday and d <= ref.value:
            return year, "weekday"
    return None, ""


def _relative_date(s: Sentence, pub: FoundDate) -> FoundDate | None:
    """"kemarin", "hari ini", or a weekday without a date, resolved against a day-precise publication date."""
    if pub.precision != "day" or pub.value is None:
        return None
    for word, days in news_cues().relative_days.items():
        if days is not None and re.search(rf"\b{word}\b", s.folded):
            return FoundDate(pub.value + dt.timedelta(days=days), "day", word, "relative", False, s.index)
    if m := _WEEKDAY_ONLY.search(s.text):
        back = (pub.value.weekday() - _WD[fold(m.group("wd")).replace(" ", "")]) % 7
        return FoundDate(pub.value - dt.timedelta(days=back), "day", m.group(0).strip(), "relative", False,
                         s.index)
    return None


def publication_date(article: Article) -> FoundDate:
    """When the article was published: its ``published`` field, a stamp line near the top, or its URL.

    >>> a = Article("x", "https://berita.id/2025/11/judul", "Judul", "Isi", "", "f", 1)
    >>> publication_date(a).value, publication_date(a).precision
    (datetime.date(2025, 11, 1), 'month')
    """
    if article.published:
        s = Sentence(0, article.published, fold(article.published))
        got = _stated_dates(s, NO_DATE)
        if got:
            return FoundDate(got[0].value, "day", article.published, "published")
    top = article.text[:600].splitlines()[:12]
    for line in top:
        line_s = Sentence(0, line, fold(line))
        if _TIME.search(line) or len(line) < 60 or re.search(r"(?i)\b(?:diterbitkan|published|diposting)\b", line):
            got = [d for d in _stated_dates(line_s, NO_DATE) if d.value]
            if got and (_TIME.search(line) or len(fold(line).split()) <= 8):
                return FoundDate(got[0].value, "day", line.strip(), "published")
    if m := _URL_DATE.search(article.url or ""):
        y, mo, d = int(m.group(1)), int(m.group(2)), m.group(3)
        if 1 <= mo <= 12:
            if d and (value := _make_date(y, mo, int(d))):
                return FoundDate(value, "day", m.group(0), "url")
            return FoundDate(dt.date(y, mo, 1), "month", m.group(0), "url")
    return NO_DATE


def _reference_date(article: Article, pub: FoundDate, as_of: dt.date) -> FoundDate:
    """The date that supplies a missing year: the publication date, else the latest year in the text (not after
    ``as_of``), else ``as_of`` itself (then only a weekday can fix the year)."""
    if pub.value is not None:
        return pub
    text = _REGULATION_YEAR.sub(" ", article.text)  # "Nomor 50 Tahun 2007" dates a regulation, not the article
    years = [int(y) for y in _YEAR.findall(text) if 1990 <= int(y) <= as_of.year]
    if years:
        return FoundDate(dt.date(max(years), 12, 31), "year", str(max(years)), "text")
    return FoundDate(as_of, "day", "", "as_of")


# --- parties ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Mention:
    """One region named in an article."""

    code: str
    name: str
    sentence: int
    start: int
    strength: str  # official (after a government word or a title), kind (Kabupaten/Kota/Provinsi) or bare
    venue: bool  # a venue, an origin or a province qualifying a place


@dataclass(frozen=True, slots=True)
class Party:
    name: str  # the official name of a region, or the name as written
    kind: str  # party kind as the cleaner types it
    code: str = ""  # Kemendagri code of a region
    score: float = 0.0
    evidence: str = ""


_CAP_RUN = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=[(\"“'/–—-]))([A-Z][A-Za-z'’\-]*(?:\s+[A-Z][A-Za-z'’\-]*){0,7})")
#: A dateline opening a report ("BANDUNG –", "KOTA BANDUNG -", "Bisnis.com, MANADO—", "TRIBUNJATENG.COM, KLATEN
#: -"): the place the report was filed from, not a party.
_DATELINE = re.compile(r"^\s*(?:[A-Za-z0-9.\-]+\.(?:com|id|net|co|COM|ID|NET|CO)\S*\s*,\s*)?([A-Z][A-Z'.\- ]{2,40}?)"
                       r"\s*(?:,\s*[A-Za-z0-9. ]{2,30}?)?\s*(?:[-–—]|\()")
#: A government building named after an official ("Pendopo Bupati Cianjur") is a venue.
_VENUE_PLACE = re.compile(r"\b(?:pendopo|pendapa|kantor|rumah jabatan|rumah dinas|rujab|aula|gedung|balai|ruang)"
                          r"(?: [a-z]+){1,3}$")
_WEBBY = re.compile(r"\S+\.(?:com|id|co|net|org|go|news)\b\S*", re.IGNORECASE)
_KIND_WORDS = {"kabupaten": "Kabupaten", "kab": "Kabupaten", "kota": "Kota", "provinsi": "Provinsi",
               "propinsi": "Provinsi", "prov": "Provinsi"}
_GOV_KIND = (("kabupaten", "Kabupaten"), ("pemkab", "Kabupaten"), ("bupati", "Kabupaten"), ("wabup", "Kabupaten"),
             ("kota", "Kota"), ("pemkot", "Kota"), ("pemko", "Kota"), ("walikota", "Kota"), ("wawali", "Kota"),
             ("provinsi", "Provinsi"), ("propinsi", "Provinsi"), ("pemprov", "Provinsi"), ("pemprop", "Provinsi"),
             ("gubernur", "Provinsi"), ("wagub", "Provinsi"), ("prov", "Provinsi"))


def _kind_of_prefix(prefix: str) -> str:
    words = fold(prefix).replace("wali kota", "walikota").split()
    for w in reversed(words):
        for key, kind in _GOV_KIND:
            if w == key:
                return kind
    return ""


@lru_cache(maxsize=100_000)
def _resolve_run(kind: str, run: str) -> tuple[str, str, int] | None:
    """The region named at the start of a run of capitalised words: (code, official name, words used)."""
    words = run.split()
    for n in range(min(4, len(words)), 0, -1):
        name = " ".join(words[:n])
        m = resolve_name(f"{kind} {name}".strip())
        if m.region_code and (m.match_method in ("exact", "alias") or (m.match_score or 0) >= 92):
            return m.region_code, m.name_canonical, n
    return None


@lru_cache(maxsize=1)
def _bare_index() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Folded names that name one region by themselves (official base names and aliases), and ambiguous ones."""
    gaz = gazetteer()
    unique: dict[str, str] = {}
    ambiguous: dict[str, tuple[str, ...]] = {}
    for key, codes in gaz.base_index.items():
        codes = tuple(dict.fromkeys(codes))
        if len(codes) == 1:
            unique[key] = codes[0]
        else:
            ambiguous[key] = codes
    for key, code in gaz.alias_index.items():
        if " " in key or len(key) >= 4:
            unique.setdefault(key, code)
    # a city named like the end of its province's name ("Yogyakarta", "Daerah Istimewa Yogyakarta") is as
    # ambiguous as "Jambi" or "Bengkulu"
    provinces = {c: fold(r.name) for c, r in gaz.by_code.items() if r.kind == "provinsi"}
    for key, code in list(unique.items()):
        province = provinces.get(code.split(".")[0])
        if "." in code and province and province.endswith(" " + key):
            ambiguous[key] = (code.split(".")[0], code)
            del unique[key]
    return unique, ambiguous


def _mentions(sents: list[Sentence]) -> tuple[list[Mention], list[tuple[int, str, tuple[str, ...]]]]:
    """Regions named in the sentences, and bare ambiguous names (sentence, name, candidate codes)."""
    cues = news_cues()
    unique, ambiguous = _bare_index()
    gaz = gazetteer()
    found: list[Mention] = []
    unsure: list[tuple[int, str, tuple[str, ...]]] = []
    for s in sents:
        text = s.text
        inside = [(m.start(1), m.end(1)) for m in _OTHER_PARTY.finditer(text)
                  if m.group(1).split()[0] not in ("Kota", "Provinsi", "Pemerintah")]
        inside += [(m.start(), m.end()) for m in _WEBBY.finditer(text)]
        dateline = _DATELINE.match(text)
        for m in _CAP_RUN.finditer(text):
            words = [(w.start() + m.start(1), w.group(0)) for w in re.finditer(r"\S+", m.group(1))]
            k = 0
            while k < len(words):
                pos = words[k][0]
                run = " ".join(w for _, w in words[k:])
                prefix = cues.official.search(text[max(0, pos - 60): pos])
                got = None
                strength = "bare"
                if prefix:
                    kind = _kind_of_prefix(prefix.group(0))
                    got = _resolve_run(kind, run)
                    pwords = fold(prefix.group(0)).split()
                    strength = "kind" if pwords and all(w in _KIND_WORDS for w in pwords) else "official"
                if got is None:
                    got = _bare(run, unique, ambiguous, unsure, s.index, cues)
                    strength = "bare"
                if got is None or any(a <= pos < b for a, b in inside):
                    k += 1
                    continue
                code, name, n = got
                tail = fold(text[max(0, pos - 70): pos])
                venue = bool((cues.venue_tail if strength != "official" else _VENUE_PLACE).search(tail))
                if gaz.by_code[code].kind == "provinsi" and re.search(r",\s*$", text[max(0, pos - 3): pos]) \
                        and found and found[-1].sentence == s.index and pos - found[-1].start < 60:
                    venue = True  # "Kabupaten Bogor, Jawa Barat": the province places the region
                if dateline and dateline.start(1) <= pos < dateline.end():  # "PLACE, OUTLET –" or "OUTLET, PLACE –"
                    venue = True
                found.append(Mention(code, name, s.index, pos, strength, venue))
                k += n
    return found, unsure


def _bare(run, unique, ambiguous, unsure, index, cues):
    words = run.split()
    for n in range(min(3, len(words)), 0, -1):
        key = fold(" ".join(words[:n]))
        if not key or key in cues.bare_stoplist:
            continue
        code = unique.get(key) or unique.get(key.replace(" ", ""))
        if code:
            return code, gazetteer().by_code[code].name, n
        if key in ambiguous:
            unsure.append((index, key, ambiguous[key]))
            return None
    return None


_WEIGHTS = {  # (strength, where) -> score of one mention
    ("official", "title"): 2.0, ("official", "signing"): 2.0, ("official", "lead"): 1.5, ("official", "body"): 1.0,
    ("kind", "title"): 2.0, ("kind", "signing"): 2.0, ("kind", "lead"): 1.0, ("kind", "body"): 0.5,
    ("bare", "title"): 2.0, ("bare", "signing"): 1.0, ("bare", "lead"): 0.5, ("bare", "body"): 0.25,
}


def _party_score(mentions: list[Mention], signing_idx: set[int]) -> dict[str, float]:
    score: dict[str, float] = {}
    for m in mentions:
        if m.venue:
            continue
        where = ("title" if m.sentence < 0 else "signing" if m.sentence in signing_idx
                 else "lead" if m.sentence <= 1 else "body")
        score[m.code] = score.get(m.code, 0.0) + _WEIGHTS[(m.strength, where)]
    return score


def _choose_parties(score: dict[str, float], mentions: list[Mention], decision_idx: set[int]) -> list[Party]:
    """The regions whose score reaches :data:`PARTY_SCORE` and :data:`PARTY_SHARE` of the best one's.

    A province whose own kabupaten/kota are parties is their place ("Kabupaten Kapuas, Kalimantan Tengah")
    unless its government or governor is named in the title or a signing sentence. When two regions stand out
    (the second scores :data:`PAIR_MARGIN` times the third or more), the article reports their agreement and
    the others are named in passing: witnesses, hosts, signatories of the other agreements of a ceremony.
    """
    if not score:
        return []
    top = max(score.values())
    chosen = {c for c, v in score.items() if v >= PARTY_SCORE and v >= PARTY_SHARE * top}
    acting = {m.code for m in mentions if m.strength == "official" and not m.venue
              and (m.sentence < 0 or m.sentence in decision_idx)}
    for c in list(chosen):
        if "." not in c and c not in acting and any(o.startswith(c + ".") for o in chosen):
            chosen.discard(c)
    ranked = sorted(chosen, key=lambda c: (-score[c], c))
    if len(ranked) > 2 and score[ranked[1]] >= PAIR_MARGIN * score[ranked[2]]:
        ranked = ranked[:2]
    gaz = gazetteer()
    return [Party(gaz.by_code[c].name, gaz.by_code[c].kind, c, round(score[c], 2)) for c in ranked]


_OTHER_PARTY = re.compile(
    r"\b((?:PT|CV|Perum|Perumda|Perumdam|PDAM|Bank|BPJS|Universitas|Institut|Politeknik|Poltekkes|Sekolah Tinggi|"
    r"STIKES|Stikes|UIN|IAIN|Yayasan|Koperasi|Kementerian|Kementrian|Kemen[A-Z][a-zA-Z]+|Kejaksaan|Kejari|Kejati|"
    r"Kepolisian|Polda|Polres|Balai Besar|BBWS|Badan|Lembaga|Otoritas|Rumah Sakit|Asosiasi|Persatuan|Kamar Dagang|"
    r"Kadin|Perusahaan|City of|Kota|Pemerintah Kota|Provinsi|Prefektur|Prefecture)\b\.?"
    r"(?:\s+(?:[A-Z][\w&'’\-.]*|of|the|\([^()]{1,30}\))){0,6})")
#: Agency words that name a party by themselves ("Kejari", "BBWS"); the others need a name after them.
_ALONE = frozenset({"Kejari", "Kejati", "BBWS", "Kadin", "Polda", "Polres", "BPJS", "PDAM"})


_FOREIGN_HEAD = re.compile(r"\b(?:Wali\s?[Kk]ota|Gubernur|Mayor|Governor|Pemerintah Kota|City of)\s+"
                           r"((?:[A-Z][a-z'’\-]+)(?:\s+[A-Z][a-z'’\-]+)?)")


_NOT_COUNTRIES = frozenset({"city of", "state of", "prefecture", "prefektur", "county", "municipality",
                            "negara bagian", "sister city", "sister province", "province of"})


def _country(folded_text: str) -> str:
    """The first foreign country named in a text (folded), or ""."""
    for m in party_cues().groups[0][2].finditer(folded_text):
        if m.group(0) not in _NOT_COUNTRIES:
            return m.group(0)
    return ""


def _other_parties(s: Sentence, country: str = "") -> list[Party]:
    """Firms, universities, agencies and foreign governments named in a sentence (``country``: the foreign
    country the article names, for a mayor or governor whose city is not an Indonesian region)."""
    out = []
    if country:
        for m in _FOREIGN_HEAD.finditer(s.text):
            words = m.group(1).split()
            if not resolve_name(words[0]).region_code and not resolve_name(m.group(1)).region_code:
                head = fold(m.group(0)).split()[0]
                kind_word = "Provinsi" if head in ("gubernur", "governor") else "Kota"
                out.append(Party(f"{kind_word} {words[0]} ({country.title()})", "luar_negeri", evidence=s.text))
    for m in _OTHER_PARTY.finditer(s.text):
        name = re.split(r"\.\s", m.group(1), maxsplit=1)[0]
        name = re.sub(r"\s+(?:of|the)$", "", name.strip(" .,")).strip()
        if " " not in name and name not in _ALONE:
            continue
        match = resolve_name(name)
        if match.region_code:
            continue
        kind = classify_non_region(name)
        if kind in (None, "perangkat_daerah"):
            if name.split()[0] in ("Kota", "Pemerintah", "Provinsi", "Prefektur", "Prefecture", "City"):
                tail = fold(s.text[m.end(): m.end() + 30])
                if party_cues().groups[0][2].search(tail):
                    out.append(Party(f"{name} ({s.text[m.end():m.end() + 30].strip(' ,()').split(',')[0]})",
                                     "luar_negeri", evidence=s.text))
            continue
        out.append(Party(name, kind, evidence=s.text))
    return out


# --- one article -----------------------------------------------------------------------------------------------

@dataclass
class ArticleFacts:
    """What one article says: the decision, its reason and evidence, and the event's facts."""

    article: Article
    decision: str  # event or no_event
    status: str  # signed, planned or ""
    reason: str  # the cue group or party rule behind the decision
    evidence: str  # the sentence behind the decision
    date: FoundDate = NO_DATE
    published: FoundDate = NO_DATE
    regions: list[Party] = field(default_factory=list)
    others: list[Party] = field(default_factory=list)
    doc_code: str = ""  # KB, PKS, KB+PKS, adendum, planned or ""
    doc_phrase: str = ""
    doc_evidence: str = ""
    renewal: bool = False
    subject: str = ""
    follow_up: str = ""
    confidence: float = 0.0
    unnamed_partners: str = ""  # partners counted, not named ("delapan gubernur")

    @property
    def region_codes(self) -> frozenset[str]:
        return frozenset(p.code for p in self.regions)


def signed_documents(pattern: re.Pattern, s: Sentence) -> Iterator[re.Match]:
    """The matches of a document cue in a sentence, except a document named as still to come.

    >>> [m.group(0) for m in signed_documents(news_cues().doc_types["pks"],
    ...                                       Sentence(0, "", "mou akan dijabarkan dalam pks"))]
    []
    """
    to_come = news_cues().to_come
    return (m for m in pattern.finditer(s.folded) if not to_come.search(s.folded[:m.start()]))


def _doc_type(sents: list[Sentence], signing_idx: set[int], status: str) -> tuple[str, str, str]:
    cues = news_cues()
    if status == "planned":
        return "planned", "rencana", ""
    where = [s for s in sents if s.index in signing_idx] or [s for s in sents if s.index < 0]
    found: dict[str, tuple[str, str]] = {}

    for s in where:
        for code, pattern in cues.doc_types.items():
            if code not in found and (m := next(signed_documents(pattern, s), None)):
                found[code] = (m.group(0), s.text)
    if not found:
        for s in sents:
            for code, pattern in cues.doc_types.items():
                if code not in found and (m := next(signed_documents(pattern, s), None)):
                    found[code] = (m.group(0), s.text)
            if found:
                break
    if "adendum" in found:
        return "adendum", found["adendum"][0], found["adendum"][1]
    if "kb" in found and "pks" in found:
        if cues.second_document.presents_two(sents):
            return "KB+PKS", f"{found['kb'][0]} + {found['pks'][0]}", found["pks"][1]
        return "KB", found["kb"][0], found["kb"][1]  # one document named twice: by its own name
    if "pks" in found:
        return "PKS", found["pks"][0], found["pks"][1]
    if "kb" in found:
        return "KB", found["kb"][0], found["kb"][1]
    return "KB", "kerja sama", ""


_SUBJECT = re.compile(r"(?i)\b(?:tentang|bidang|terkait|mengenai|soal|dalam hal|untuk)\s+([^.;:()\"“”]{4,140})")


def _subject(sents: list[Sentence], signing_idx: set[int]) -> str:
    for s in [x for x in sents if x.index in signing_idx] + sents[:1]:
        if m := _SUBJECT.search(s.text):
            return m.group(1).strip(" ,")
    return sents[0].text.strip()


def read_article(article: Article, as_of: dt.date | None = None) -> ArticleFacts:
    """Decide whether one article reports a cooperation event, and read its facts.

    ``as_of`` (default today) bounds the years a date written without one can take.
    """
    as_of = as_of or dt.date.today()
    cues = news_cues()
    sents = sentences(article)
    title = sents[0]
    title_coop = bool(cues.cooperation.search(title.folded))
    signing_idx, planned_idx, negation_idx, any_sign_idx = set(), set(), set(), set()
    for s in sents:
        if cues.signing.search(s.folded):
            any_sign_idx.add(s.index)
        coop = cues.cooperation.search(s.folded)
        if not coop and not (title_coop and s.index <= 2):
            continue
        has_sign = cues.signing.search(s.folded)
        strong = cues.strong_signing.search(s.folded)
        doc_word = any(p.search(s.folded) for p in cues.doc_types.values())
        planned = cues.planned.search(s.folded)
        if any(n.kind == "negation" and n.pattern.search(s.folded) for n in cues.negatives):
            negation_idx.add(s.index)
        elif planned and has_sign:
            planned_idx.add(s.index)
        elif has_sign and (strong or doc_word):
            signing_idx.add(s.index)
        elif planned and (doc_word or coop):
            planned_idx.add(s.index)
    pub = publication_date(article)
    ref = _reference_date(article, pub, as_of)

    def no_event(reason: str, evidence: str) -> ArticleFacts:
        return ArticleFacts(article, "no_event", "", reason, evidence, published=pub)

    # object cues veto the signing when they name what was signed
    key_sents = [title] + [s for s in sents if s.index in signing_idx | planned_idx | any_sign_idx]
    for n in cues.negatives:
        if n.kind == "object":
            for s in key_sents:
                if n.vetoes(s):
                    return no_event(n.name, s.text)
    status = "signed" if signing_idx else "planned" if planned_idx else ""
    if status == "planned" or not status:
        # an activity cue in the title, or anywhere when nothing is signed, says what the article is about
        for where in ([title], sents):
            for n in cues.negatives:
                if n.kind in ("activity", "negation"):
                    for s in where:
                        if n.pattern.search(s.folded):
                            return no_event(n.name, s.text)
        if negation_idx:
            first = min(negation_idx)
            return no_event("negation", next(s.text for s in sents if s.index == first))
    if not status:
        return no_event("no_cue", title.text)

    decision_idx = signing_idx if status == "signed" else planned_idx
    mentions, unsure = _mentions(sents)
    score = _party_score(mentions, decision_idx)
    # a bare ambiguous name ("Malang") counts for the region of that name named elsewhere with its kind
    for idx, key, codes in unsure:
        named = [c for c in codes if c in score]
        if len(named) == 1:
            where = "title" if idx < 0 else "signing" if idx in decision_idx else "body"
            score[named[0]] += _WEIGHTS[("bare", where)]
    regions = _choose_parties(score, mentions, decision_idx)
    others: list[Party] = []
    seen = set()
    country = _country(fold(article.text))
    for s in [x for x in sents if x.index in decision_idx] + [title]:
        for p in _other_parties(s, country):
            key = fold(p.name)
            if key not in seen:
                seen.add(key)
                others.append(p)
    evidence = next(s.text for s in sents if s.index == min(decision_idx))
    acting = {m.code for m in mentions if m.strength != "bare" and not m.venue
              and (m.sentence < 0 or m.sentence in decision_idx)}
    if others and not acting & {p.code for p in regions}:
        return no_event("no_region", evidence)  # the signatories named are firms, universities or agencies
    if not regions:
        return no_event("no_region", evidence)
    unnamed = ""
    if len(regions) == 1 and not others:  # a partner may still be counted without its name
        unnamed = next((m.group(0) for s in sents if s.index in decision_idx
                        for m in [cues.unnamed.search(s.folded)] if m), "")
        if not unnamed:
            return no_event("one_region_only", evidence)
    if len(regions) == 1 and others and all(p.kind == "pusat" for p in others):
        return no_event("central_only", evidence)

    # the date: stated in a decision sentence, else relative there, else stated near cooperation words, else
    # the first stated in the body, else the publication date
    date = NO_DATE
    ordered = sorted(sents, key=lambda s: (s.index not in decision_idx, s.index < 0,
                                           not cues.cooperation.search(s.folded), s.index))
    for s in ordered:
        stated = [d for d in _stated_dates(s, ref, as_of) if not _is_stamp(d, pub, s)]
        if stated:
            date = stated[0]
            break
        if s.index in decision_idx and (rel := _relative_date(s, pub)):
            date = rel
            break
    if date.value is None and pub.value is not None:
        date = FoundDate(pub.value, pub.precision, pub.text, "published")
    doc_code, phrase, doc_evidence = _doc_type(sents, decision_idx, status)
    strong_two = any(sum(1 for m in mentions if m.sentence == i and not m.venue) >= 2 for i in decision_idx)
    confidence = 0.9 if strong_two else 0.75
    if status == "planned":
        confidence -= 0.2
    if date.how in ("published", "url") or date.weekday_conflict:
        confidence -= 0.1
    if unnamed:
        confidence -= 0.1
    follow = [s.text for s in sents if s.index not in decision_idx and s.index >= 0
              and re.search(r"\b(?:tindak lanjut|menindaklanjuti|ditindaklanjuti|implementasi|pelaksanaan)\b",
                            s.folded)]
    renewal = any(cues.renewal.search(s.folded) for s in sents if s.index < 0 or s.index in decision_idx)
    return ArticleFacts(article, "event", status, "signing" if status == "signed" else "planned", evidence,
                        date, pub, regions, others, doc_code, phrase, doc_evidence, renewal,
                        _subject(sents, decision_idx), follow[0][:300] if follow else "", round(confidence, 2),
                        unnamed)


def _is_stamp(d: FoundDate, pub: FoundDate, s: Sentence) -> bool:
    return pub.how == "published" and s.index >= 0 and pub.text and d.text in pub.text


# --- events ----------------------------------------------------------------------------------------------------

@dataclass
class Event:
    """One cooperation event and the articles that report it."""

    facts: list[ArticleFacts]
    event_id: str = ""
    date: FoundDate = NO_DATE
    doc_code: str = ""
    conflicts: list[str] = field(default_factory=list)

    @property
    def lead(self) -> ArticleFacts:
        return max(self.facts, key=lambda f: (f.confidence, -self.facts.index(f)))

    def date_key(self) -> tuple:
        return (self.date.value or dt.date.max,)

    def region_codes(self) -> frozenset[str]:
        """The regions named as parties by at least half of the articles."""
        need = (len(self.facts) + 1) // 2
        counts = Counter(c for f in self.facts for c in f.region_codes)
        return frozenset(c for c, n in counts.items() if n >= need)


def _compatible(a: ArticleFacts, b: ArticleFacts) -> bool:
    ra, rb = a.region_codes, b.region_codes
    shared = len(ra & rb)
    if shared < min(2, len(ra), len(rb)):
        return False
    if len(ra) == 1 or len(rb) == 1:  # one region and third parties: the partners must agree too
        ka = {fold(p.name).split()[-1] for p in a.others}
        kb = {fold(p.name).split()[-1] for p in b.others}
        if ka and kb and not ka & kb:
            return False
    da, db = a.date, b.date
    if da.value is None or db.value is None:
        return ra == rb and (da.value is None and db.value is None)
    if da.precision == "day" and db.precision == "day":
        return abs((da.value - db.value).days) <= MERGE_DAYS
    return (da.value.year, da.value.month) == (db.value.year, db.value.month)


def merge_events(facts: list[ArticleFacts]) -> list[Event]:
    """Group the event articles that report the same event (see :func:`_compatible`), in a stable order."""
    events = [f for f in facts if f.decision == "event"]
    parent = list(range(len(events)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    blocks: dict[str, list[int]] = {}
    for i, f in enumerate(events):
        for code in f.region_codes:
            blocks.setdefault(code, []).append(i)
    for members in blocks.values():
        members = sorted(members, key=lambda i: (events[i].date.value or dt.date.min, i))
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                di, dj = events[i].date.value, events[j].date.value
                if di and dj and (dj - di).days > 40:
                    break
                if find(i) != find(j) and _compatible(events[i], events[j]):
                    parent[find(j)] = find(i)
    # an undated article joins the one dated event of exactly its regions, if there is only one
    dated: dict[frozenset[str], set[int]] = {}
    for i, f in enumerate(events):
        if f.date.value is not None:
            dated.setdefault(f.region_codes, set()).add(find(i))
    for i, f in enumerate(events):
        if f.date.value is None and len(roots := dated.get(f.region_codes, set())) == 1:
            root = next(iter(roots))
            years = {int(y) for y in _YEAR.findall(f.article.text)}
            if not years or events[root].date.value.year in years:
                parent[find(i)] = root
    groups: dict[int, list[ArticleFacts]] = {}
    for i, f in enumerate(events):
        groups.setdefault(find(i), []).append(f)
    out = [_settle(Event(g)) for g in groups.values()]
    out.sort(key=lambda e: (e.date_key(), sorted(e.region_codes()), e.facts[0].article.doc_id))
    for n, e in enumerate(out, start=1):
        e.event_id = f"EX-{n:04d}"
    return out


def _majority(values: list, what: str, conflicts: list[str]):
    counts = Counter(v for v in values if v not in (None, ""))
    if not counts:
        return None
    ranked = counts.most_common()
    if len(ranked) > 1:
        conflicts.append(f"{what}: " + ", ".join(f"{_show(v)} ({n})" for v, n in ranked))
    return ranked[0][0]


def _show(v) -> str:
    return v.isoformat() if isinstance(v, dt.date) else str(v)


def _settle_doc_type(codes: list[str], conflicts: list[str]) -> str:
    """The document type of an event from its copies: the type they agree on; when copies name a KB and a PKS
    (or one names both), both were signed (KB+PKS), since an outlet names the document it was told of; an
    amendment or a plan by majority. Disagreements are flagged."""
    counts = Counter(c for c in codes if c)
    if len(counts) > 1:
        conflicts.append("jenis dokumen: " + ", ".join(f"{c} ({n})" for c, n in counts.most_common()))
    signed = {c for c in counts if c in ("KB", "PKS", "KB+PKS")}
    if ("KB+PKS" in signed or {"KB", "PKS"} <= signed) and sum(counts[c] for c in signed) * 2 >= sum(counts.values()):
        return "KB+PKS"
    return counts.most_common(1)[0][0] if counts else ""


def _settle(e: Event) -> Event:
    conflicts: list[str] = []
    stated = [f.date.value for f in e.facts if f.date.how in ("stated", "relative")]
    value = _majority(stated or [f.date.value for f in e.facts], "tanggal", conflicts)
    e.date = next((f.date for f in e.facts if f.date.value == value), NO_DATE)
    e.doc_code = _settle_doc_type([f.doc_code for f in e.facts], conflicts)
    e.conflicts = conflicts
    return e


def outlet(url: str) -> str:
    """The outlet of an article: its web host without ``www.``.

    >>> outlet("https://www.tintaborneo.com/2025/11/x")
    'tintaborneo.com'
    """
    host = urlparse(url or "").netloc.lower()
    return host.removeprefix("www.")


# --- tables ----------------------------------------------------------------------------------------------------

REGISTER_COLUMNS = (
    "id", "tanggal_penandatanganan", "presisi_tanggal", "pihak", "mitra_tanpa_nama", "jenis_dokumen", "tentang",
    "tindak_lanjut",
    "sumber", "sumber_lain", "bukti_tanggal", "bukti_pihak", "bukti_jenis", "keyakinan", "artikel",
    "jumlah_artikel", "outlet", "hari_tidak_cocok", "konflik_sumber",
)
LOG_COLUMNS = ("berkas", "baris", "doc_id", "url", "judul", "keputusan", "id_peristiwa", "alasan", "keterangan",
               "bukti", "tanggal", "pihak")

_DOC_WORDS = {"KB": "kesepakatan bersama", "PKS": "perjanjian kerja sama",
              "KB+PKS": "kesepakatan bersama + perjanjian kerja sama", "adendum": "adendum",
              "planned": "rencana kerja sama"}


def event_row(e: Event) -> dict:
    """The register row of one event, with its evidence columns."""
    lead = e.lead
    codes = e.region_codes() or lead.region_codes
    gaz = gazetteer()
    regions = sorted(codes, key=lambda c: (-max((p.score for f in e.facts for p in f.regions if p.code == c),
                                                 default=0), c))
    others: list[Party] = []
    seen = set()
    for f in e.facts:
        for p in f.others:
            if fold(p.name) not in seen:
                seen.add(fold(p.name))
                others.append(p)
    parties = [gaz.by_code[c].name for c in regions] + [p.name for p in others]
    urls = list(dict.fromkeys(f.article.url for f in e.facts if f.article.url))
    doc = _DOC_WORDS.get(e.doc_code, "kerja sama")
    if sum(f.renewal for f in e.facts) * 2 >= len(e.facts):
        doc = f"perpanjangan {doc}"
    phrases = sorted({f.doc_phrase for f in e.facts if f.doc_phrase and f.doc_code == e.doc_code})
    if phrases:
        doc = f"{doc} (di berita: {', '.join(phrases)})"
    precision = e.date.precision if e.date.value else "unknown"
    return {
        "id": e.event_id,
        "tanggal_penandatanganan": e.date.value.isoformat() if e.date.value else "",
        "presisi_tanggal": precision,
        "pihak": "; ".join(parties),
        "mitra_tanpa_nama": "; ".join(dict.fromkeys(f.unnamed_partners for f in e.facts if f.unnamed_partners)),
        "jenis_dokumen": doc,
        "tentang": lead.subject,
        "tindak_lanjut": next((f.follow_up for f in e.facts if f.follow_up), ""),
        "sumber": urls[0] if urls else "",
        "sumber_lain": " | ".join(urls[1:]),
        "bukti_tanggal": e.date.text and f"{e.date.text} ({e.date.how})",
        "bukti_pihak": lead.evidence[:400],
        "bukti_jenis": next((f.doc_evidence for f in e.facts if f.doc_code == e.doc_code and f.doc_evidence),
                            "")[:400],
        "keyakinan": round(sum(f.confidence for f in e.facts) / len(e.facts), 2),
        "artikel": "; ".join(f.article.doc_id for f in e.facts),
        "jumlah_artikel": len(e.facts),
        "outlet": "; ".join(dict.fromkeys(outlet(f.article.url) for f in e.facts if f.article.url)),
        "hari_tidak_cocok": "ya" if any(f.date.weekday_conflict for f in e.facts) else "",
        "konflik_sumber": "; ".join(e.conflicts),
    }


def log_rows(facts: list[ArticleFacts], events: list[Event], problems: list[InputProblem]) -> list[dict]:
    """One row per input article (and per unreadable input): its decision, event and reason."""
    where = {id(f): e.event_id for e in events for f in e.facts}
    rows = []
    for f in facts:
        a = f.article
        rows.append({
            "berkas": a.source, "baris": a.line if a.line is not None else "", "doc_id": a.doc_id, "url": a.url,
            "judul": a.title[:200], "keputusan": "peristiwa" if f.decision == "event" else "bukan_peristiwa",
            "id_peristiwa": where.get(id(f), ""), "alasan": f.reason, "keterangan": reason_label(f.reason),
            "bukti": f.evidence[:400],
            "tanggal": f.date.value.isoformat() if f.date.value else "",
            "pihak": "; ".join([p.name for p in f.regions] + [p.name for p in f.others]),
        })
    for p in problems:
        rows.append({"berkas": p.source, "baris": p.line if p.line is not None else "", "doc_id": p.doc_id,
                     "url": "", "judul": "", "keputusan": "galat", "id_peristiwa": "", "alasan": "input",
                     "keterangan": p.message, "bukti": "", "tanggal": "", "pihak": ""})
    return rows


@dataclass
class Extraction:
    facts: list[ArticleFacts]
    events: list[Event]
    problems: list[InputProblem]

    def register_rows(self) -> list[dict]:
        return [event_row(e) for e in self.events]

    def log_rows(self) -> list[dict]:
        return log_rows(self.facts, self.events, self.problems)


def _read_one(item: tuple[Article, dt.date]) -> ArticleFacts:
    return read_article(*item)


def _warm_up() -> None:
    """Load the cues and the gazetteer once, before worker processes are forked from this one."""
    news_cues()
    _bare_index()
    resolve_name("Pemkab Kotim")


def extract(articles: list[Article], problems: list[InputProblem] | None = None,
            as_of: dt.date | None = None, jobs: int | None = None) -> Extraction:
    """Read every article and merge the events (the whole of ``kerjasama extract`` but the files).

    Articles are read in ``jobs`` processes (default: one per core, one per :data:`PARALLEL_MIN` articles);
    the result is the same for any number.
    """
    as_of = as_of or dt.date.today()
    jobs = min(jobs or os.cpu_count() or 1, max(1, len(articles) // PARALLEL_MIN))
    if jobs > 1:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        _warm_up()
        with ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork")) as pool:
            facts = list(pool.map(_read_one, [(a, as_of) for a in articles], chunksize=64))
    else:
        facts = [read_article(a, as_of) for a in articles]
    return Extraction(facts, merge_events(facts), list(problems or []))
