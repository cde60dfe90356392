"""The codebook: versioned data files (``data/codebook.yml``, ``data/urusan.csv``) and their readable rendering.

>>> cb = load_codebook()
>>> cb.version, len(cb.urusan), cb.urusan.loc["3.27", "name_en"]
('2026.11.5', 43, 'agriculture')
>>> [d["code"] for d in cb.doc_types][:3]
['DRAFT', 'EVALUASI', 'BERITA_ACARA']
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from .config import PACKAGE_DATA_DIR

CODEBOOK_FILE = PACKAGE_DATA_DIR / "codebook.yml"
URUSAN_FILE = PACKAGE_DATA_DIR / "urusan.csv"

CATEGORY_LABELS = {
    "wajib_pelayanan_dasar": {"id": "wajib, pelayanan dasar", "en": "mandatory, basic services"},
    "wajib_non_pelayanan_dasar": {"id": "wajib, bukan pelayanan dasar", "en": "mandatory, non-basic services"},
    "pilihan": {"id": "pilihan", "en": "optional"},
    "penunjang": {"id": "unsur penunjang dan pendukung", "en": "supporting units"},
    "umum": {"id": "umum", "en": "general"},
}


@dataclass(frozen=True)
class Codebook:
    version: str
    raw: dict
    urusan: pd.DataFrame  # indexed by code

    @property
    def doc_types(self) -> list[dict]:
        return self.raw["doc_types"]

    @property
    def stages(self) -> list[dict]:
        return self.raw["stages"]

    @property
    def cooperation_kinds(self) -> list[dict]:
        return self.raw["cooperation_kinds"]

    def keywords(self, code: str) -> list[str]:
        return [k for k in str(self.urusan.loc[code, "keywords"]).split(";") if k]


@lru_cache(maxsize=1)
def load_codebook() -> Codebook:
    """Read and check the codebook files (cached per process)."""
    raw = yaml.safe_load(CODEBOOK_FILE.read_text(encoding="utf-8"))
    urusan = pd.read_csv(URUSAN_FILE, dtype=str, keep_default_na=False).set_index("code", drop=False)
    _check(raw, urusan)
    return Codebook(str(raw["version"]), raw, urusan)


def _check(raw: dict, urusan: pd.DataFrame) -> None:
    concurrent = urusan[urusan["code"].str.match(r"^[123]\.")]
    if len(concurrent) != 32:
        raise ValueError(f"{URUSAN_FILE}: expected the 32 concurrent urusan of UU 23/2014, found {len(concurrent)}")
    if urusan["code"].duplicated().any():
        raise ValueError(f"{URUSAN_FILE}: duplicated codes")
    bad = set(urusan["category"]) - set(CATEGORY_LABELS)
    if bad:
        raise ValueError(f"{URUSAN_FILE}: unknown categories {sorted(bad)}")
    for row in urusan.itertuples():
        for kw in str(row.keywords).split(";"):
            if kw and kw.strip() != kw:
                raise ValueError(f"{URUSAN_FILE}: keyword {kw!r} of {row.code} has surrounding spaces")
            if kw.lower() == "kb":
                raise ValueError(f"{URUSAN_FILE}: 'kb' means Kesepakatan Bersama and is never a sector cue")
    stages = {s["code"] for s in raw["stages"]}
    for d in raw["doc_types"]:
        if d["stage"] and d["stage"] not in stages:
            raise ValueError(f"{CODEBOOK_FILE}: doc type {d['code']} has unknown stage {d['stage']}")


def _t(obj, lang: str) -> str:
    if isinstance(obj, dict):
        return str(obj.get(lang) or obj.get("en") or "")
    return "" if obj is None else str(obj)


_LABELS = {
    "id": {"version": "Versi", "urusan": "Urusan pemerintahan (bidang kerja sama)", "code": "Kode", "name": "Nama",
           "category": "Kategori", "authority": "Kewenangan", "keywords": "Kata kunci", "example": "Contoh",
           "doc_types": "Jenis dokumen", "definition": "Definisi", "stage": "Tahap", "cues": "Isyarat",
           "stages": "Tahap kerja sama", "kinds": "Jenis kerja sama", "basis": "Dasar hukum", "rules": "Aturan",
           "regimes": "Rezim hukum", "variables": "Variabel", "table": "Tabel", "ksdd": "Dasar KSDD",
           "weak": "Kata kunci lemah (hanya bila segmen tidak menyebut urusan lain)", "stop": "Frasa yang diabaikan",
           "generic": "Tujuan umum (kode 0.00 bila hanya ini yang disebut)", "level": "Catatan kewenangan",
           "party_cues": "Isyarat jenis pihak (data/party_cues.yml)",
           "news_cues": "Isyarat berita untuk kerjasama extract (data/news_cues.yml)", "role": "Peran", "group": "Kelompok", "kind": "Jenis pihak",
           "prefixes": "Kata sebelum nama daerah", "order": "Urutan: kelompok yang lebih awal menang",
           "sister": "Frasa dokumen kota/provinsi kembar (KSDPL)",
           "variable": "Variabel", "from": "Dari", "to": "Sampai",
           "intro": "Buku kode ini dibuat otomatis dari berkas data buku kode; jangan disunting langsung."},
    "en": {"version": "Version", "urusan": "Government affairs (fields of cooperation)", "code": "Code", "name": "Name",
           "category": "Category", "authority": "Authority", "keywords": "Keywords", "example": "Example",
           "doc_types": "Document types", "definition": "Definition", "stage": "Stage", "cues": "Cues",
           "stages": "Cooperation stages", "kinds": "Cooperation kinds", "basis": "Legal basis", "rules": "Rules",
           "regimes": "Legal regimes", "variables": "Variables", "table": "Table", "ksdd": "KSDD basis",
           "weak": "Weak keywords (count only when the segment names no other affair)", "stop": "Ignored phrases",
           "generic": "Generic aims (coded 0.00 when nothing else is named)", "level": "Authority note",
           "party_cues": "Party-kind cues (data/party_cues.yml)",
           "news_cues": "News cues of kerjasama extract (data/news_cues.yml)", "role": "Role", "group": "Group", "kind": "Party kind",
           "prefixes": "Words before a region's name", "order": "Order: an earlier group wins",
           "sister": "Sister-city/province document phrases (KSDPL)",
           "variable": "Variable", "from": "From", "to": "To",
           "intro": "This codebook is generated from the codebook data files; do not edit it by hand."},
}


def _one_language(text: str, lang: str) -> str:
    """``"indonesian / english"`` notes: the part in ``lang`` (the whole text when it is not written that way)."""
    parts = str(text).split(" / ")
    return parts[0 if lang == "id" else -1] if len(parts) == 2 else str(text)


def _code_words(lang: str) -> re.Pattern:
    """The words that are codes (values written in the data) in running text: lower-case identifiers with
    underscores, and, on the Indonesian page, the English-looking code values of the ``value_labels``."""
    values = {str(k) for col in load_codebook().raw["value_labels"].values() for k in col
              if re.fullmatch(r"[A-Za-z][A-Za-z0-9]*", str(k)) and str(k) not in ("True", "False")}
    words = sorted(values, key=len, reverse=True) if lang == "id" else []
    alternatives = [r"[\w/-]+\.(?:yml|csv|json)", r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?::<[^>]+>)?"]
    alternatives += [re.escape(w) for w in words]
    return re.compile(r"(?<![\w<>/.-])(" + "|".join(alternatives) + r")(?![\w-])")


def _html_with_codes(text: str, pattern: re.Pattern) -> str:
    """Escaped ``text`` with every code word set as ``<code>``."""
    out, last = [], 0
    for m in pattern.finditer(text):
        out += [html.escape(text[last:m.start()]), f"<code>{html.escape(m.group(0))}</code>"]
        last = m.end()
    return "".join(out) + html.escape(text[last:])


_NEWS_ROLES = {
    "id": {"event": "peristiwa", "doc": "jenis dokumen", "object": "bukan kerja sama (objek)",
           "activity": "bukan penandatanganan (kegiatan)", "negation": "penyangkalan", "page": "bagian halaman",
           "title": "jabatan atau pemerintah", "venue": "tempat atau asal", "stop": "bukan nama daerah tanpa awalan",
           "unnamed": "mitra tanpa nama", "digits": "angka", "to_come": "dokumen yang baru akan menyusul",
           "second": "dokumen kedua (KB+PKS)", "refers": "menunjuk dokumen yang sudah disebut"},
    "en": {"event": "event", "doc": "document type", "object": "not a cooperation (object)",
           "activity": "no signing (activity)", "negation": "denial", "page": "page furniture",
           "title": "official or government", "venue": "venue or origin", "stop": "not a region without a prefix",
           "unnamed": "unnamed partners", "digits": "digits", "to_come": "document still to come",
           "second": "second document (KB+PKS)", "refers": "refers back to a document named"},
}


def _news_cue_rows(lang: str) -> tuple[list[list[str]], str]:
    """The cue phrases of ``kerjasama extract`` (data/news_cues.yml) as codebook rows, and the section's note."""
    import yaml

    from .config import PACKAGE_DATA_DIR

    raw = yaml.safe_load((PACKAGE_DATA_DIR / "news_cues.yml").read_text(encoding="utf-8"))
    R = _NEWS_ROLES[lang]

    def join(cues) -> str:
        return ", ".join(map(str, cues))

    rows = [[R["event"], _t(raw[k]["label"], lang), join(raw[k]["cues"])]
            for k in ("signing", "cooperation", "planned", "renewal")]
    rows += [[R["doc"], _t(v["label"], lang), join(v["cues"])] for v in raw["doc_types"].values()]
    rows += [[R[v["kind"]], _t(v["label"], lang), join(v["cues"])] for v in raw["negatives"].values()]
    unnamed = raw["unnamed_partners"]
    quantities = join(q for q in unnamed["quantities"] if q != "[0-9]+")
    rows.append([R["unnamed"], _t(unnamed["label"], lang),
                 f"{quantities}, {R['digits']} + {join(unnamed['governments'])}"])
    rows.append([R["to_come"], "", join(raw["doc_to_come"])])
    second = raw["second_document"]
    counted = join(q for q in second["counted"] if q != "[0-9]+")
    rows.append([R["second"], _t(second["label"], lang),
                 (f"{join(second['additive'])}; {counted}, {R['digits']} (+ {join(second['counted_units'])}); "
                  f"{join(second['technical'])}")])
    rows.append([R["refers"], "", join(second["refers_back"])])
    rows += [[R["title"], "", join(raw["officials"])], [R["venue"], "", join(raw["venue_words"])],
             [R["stop"], "", join(raw["bare_stoplist"])],
             [R["page"], "", join(p.lstrip("^").rstrip("$") for p in raw["noise_lines"])]]
    note = {"id": "Versi {v}. Artikel melaporkan peristiwa bila satu kalimat memuat kata penandatanganan dan kata "
                  "kerja sama atau dokumen (atau kata rencana: peristiwa yang direncanakan). Isyarat objek menolak "
                  "penandatanganan bila muncul di kalimat itu atau judul; isyarat kegiatan dan penyangkalan menolak "
                  "artikel bila tidak ada penandatanganan. Daerah menjadi pihak menurut tempat dan cara namanya "
                  "disebut (judul, kalimat penandatanganan, didahului jabatan atau pemerintah), bukan bila hanya "
                  "tempat acara.",
            "en": "Version {v}. An article reports an event when one sentence holds a signing word and a "
                  "cooperation or document word (or a planning word: a planned event). Object cues reject the "
                  "signing when they stand in that sentence or the title; activity and denial cues reject the "
                  "article when nothing is signed. A region is a party by where and how it is named (title, "
                  "signing sentence, after an official's title or a government word), not when it is only the "
                  "venue."}[lang].format(v=raw["version"])
    return rows, note


def _sections(lang: str) -> list[tuple[str, list[str], list[list[str]], str]]:
    """(title, header, rows, note) tables shared by the Markdown and HTML renderings."""
    cb = load_codebook()
    L = _LABELS[lang]
    name_col = "name_id" if lang == "id" else "name_en"
    urusan_rows = []
    for r in cb.urusan.itertuples():
        kws = str(r.keywords).replace(";", "; ")
        if r.weak_keywords:
            kws += f" ({L['weak'].split(' (')[0].lower()}: {r.weak_keywords})"
        urusan_rows.append([r.code, getattr(r, name_col), CATEGORY_LABELS[r.category][lang], r.authority,
                            kws or "—", r.example or "—", _one_language(r.level_note or "", lang)])
    raw = cb.raw
    doc_rows = [[d["code"], _t(d["name"], lang), d["stage"] or "—", _t(d["definition"], lang),
                 ", ".join(d["cues"]) or "—", d.get("example") or "—"] for d in cb.doc_types]
    stage_rows = [[s["code"], _t(s["name"], lang), _t(s["definition"], lang)] for s in cb.stages]
    kind_rows = [[k["code"], _t(k["name"], lang), _t(k["definition"], lang), k.get("basis") or "—"]
                 for k in cb.cooperation_kinds]
    regime_rows = [[g["code"], _t(g["name"], lang), g["from"] or "—", g["to"] or "—"] for g in raw["regimes"]]
    ksdd_rows = [[k["code"], _t(k["name"], lang), _t(k["definition"], lang)] for k in raw["ksdd_basis"]]
    var_rows = [[v["name"], v["table"], _t(v["label"], lang), _t(v["definition"], lang)] for v in raw["variables"]]
    from .regions import party_cues

    cues = party_cues()
    cue_rows = [[name, cues.raw["groups"][name]["kind"], _t(cues.raw["groups"][name]["label"], lang),
                 ", ".join(map(str, cues.raw["groups"][name]["cues"]))] for name in cues.raw["order"]]
    cue_rows.append(["region_prefixes", "provinsi / kabupaten / kota", L["prefixes"],
                     ", ".join(f"{p} → {k or '—'}" for p, k in cues.prefixes.items())])
    news_rows, news_note = _news_cue_rows(lang)
    return [
        (L["variables"], [L["variable"], L["table"], L["name"], L["definition"]], var_rows, ""),
        (L["urusan"], [L["code"], L["name"], L["category"], L["authority"], L["keywords"], L["example"], L["level"]],
         urusan_rows, (f"{L['stop']}: {', '.join(raw['stop_phrases'])}. {L['generic']}: "
                       f"{', '.join(raw['generic_phrases'])}.")),
        (L["doc_types"], [L["code"], L["name"], L["stage"], L["definition"], L["cues"], L["example"]], doc_rows,
         f"{L['rules']}: {_t(raw['doc_type_rules'], lang)}"),
        (L["stages"], [L["code"], L["name"], L["definition"]], stage_rows, ""),
        (L["kinds"], [L["code"], L["name"], L["definition"], L["basis"]], kind_rows,
         (f"{L['rules']}: {_t(raw['cooperation_kind_rules'], lang)} {L['sister']}: "
          f"{', '.join(raw.get('sister_phrases', []))}.")),
        (L["party_cues"], [L["group"], L["kind"], L["name"], L["cues"]], cue_rows,
         f"{L['version']} {cues.version}. {L['order']}: {', '.join(cues.raw['order'])}."),
        (L["news_cues"], [L["role"], L["name"], L["cues"]], news_rows, news_note),
        (L["ksdd"], [L["code"], L["name"], L["definition"]], ksdd_rows, ""),
        (L["regimes"], [L["code"], L["name"], L["from"], L["to"]], regime_rows, _t(raw["regime_rule"], lang)),
    ]


def codebook_markdown(lang: str = "id") -> str:
    """The readable codebook as Markdown (``lang`` = ``id`` or ``en``)."""
    cb = load_codebook()
    L = _LABELS[lang]
    out = [f"# {_t(cb.raw['title'], lang)}", "", f"{L['version']}: **{cb.version}**. {L['intro']}", ""]
    for title, header, rows, note in _sections(lang):
        out += [f"## {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
        out += ["", note, ""] if note else [""]
    return "\n".join(out)


def codebook_html(lang: str = "id") -> str:
    """The readable codebook as a standalone HTML page."""
    cb = load_codebook()
    L = _LABELS[lang]
    esc = html.escape
    parts = [f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>",
             f"<title>{esc(_t(cb.raw['title'], lang))} {esc(cb.version)}</title>",
             ("<style>body{font-family:system-ui,sans-serif;max-width:1200px;margin:2rem auto;padding:0 1rem}"
              "table{border-collapse:collapse;font-size:.88rem;margin-bottom:1rem}th,td{border:1px solid #ccc;"
              "padding:.25rem .45rem;vertical-align:top;text-align:left}th{background:#eef}</style></head><body>"),
             f"<h1>{esc(_t(cb.raw['title'], lang))}</h1>",
             f"<p>{esc(L['version'])}: <strong>{esc(cb.version)}</strong>. {esc(L['intro'])}</p>"]
    codes = _code_words(lang)
    for title, header, rows, note in _sections(lang):
        parts.append(f"<h2>{_html_with_codes(title, codes)}</h2><table><thead><tr>"
                     + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr></thead><tbody>")
        quoted = {i for i, h in enumerate(header) if h in (L["keywords"], L["cues"], L["example"])}
        for row in rows:  # codes and table names as code; keywords, cues and examples as quoted words
            parts.append("<tr>" + "".join(
                f"<td><code>{esc(str(c))}</code></td>" if i == 0 or (i == 1 and header[1] == L["table"])
                else f"<td class='verbatim'>{esc(str(c))}</td>" if i in quoted
                else f"<td>{_html_with_codes(str(c), codes)}</td>"
                for i, c in enumerate(row)) + "</tr>")
        parts.append("</tbody></table>")
        if note:
            parts.append(f"<p>{_html_with_codes(note, codes)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_codebook(out_dir: Path | str) -> list[Path]:
    """Write ``codebook_{id,en}.{md,html}`` into ``out_dir``; returns the paths."""
    from .outputs import write_text

    out_dir = Path(out_dir)
    paths = []
    for lang in ("id", "en"):
        for ext, render in (("md", codebook_markdown), ("html", codebook_html)):
            path = out_dir / f"codebook_{lang}.{ext}"
            write_text(render(lang), path)
            paths.append(path)
    return paths
