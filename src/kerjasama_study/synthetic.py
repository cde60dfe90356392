"""Seeded synthetic registers: realistic messy bureau registers built from the real gazetteer, with the truth.

Names come in the forms clerks write them (Pemkab/Kab./upper case/Bupati ..., abbreviations and former
names from the alias table, spacing variants, the odd typo); dates in mixed formats; headers in Indonesian
with title rows above them; and a share of bad rows (no party, no region party, impossible date, exact
duplicates) plus blank rows. The truth lists, for every row, whether it should be kept or quarantined and the
Kemendagri code of every party.

>>> reg = make_register(50, seed=1)
>>> len(reg.frame), reg.truth_rows["expected"].value_counts().to_dict()["kept"] > 40
(50, True)
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .regions import gazetteer

_MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
              "Oktober", "November", "Desember"]
_MONTHS_ID_VARIANT = {11: "Nopember", 2: "Pebruari"}
_MONTHS_ABBR = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agt", "Sep", "Okt", "Nov", "Des"]
_WEEKDAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
_DOC_TYPES = ["Kesepakatan Bersama", "MoU", "Nota Kesepahaman", "Perjanjian Kerja Sama", "PKS",
              "Adendum PKS", "Kesepakatan Bersama (KB)", "Perpanjangan Kerja Sama"]
_SUBJECTS = ["penyelenggaraan pendidikan", "pelayanan kesehatan rujukan", "pengelolaan sampah regional",
             "penyediaan air minum (SPAM regional)", "penanggulangan bencana", "pengembangan pariwisata",
             "ketahanan pangan dan pengendalian inflasi", "pembangunan jalan perbatasan",
             "pemanfaatan data kependudukan", "pengembangan UMKM", "transportasi umum antarkota",
             "penegasan batas daerah", "peningkatan kapasitas aparatur", "promosi investasi",
             "perlindungan anak dan perempuan", "pengelolaan irigasi"]
_THIRD = ["PT Bank Pembangunan Daerah {p}", "Universitas Negeri {b}", "Kejaksaan Negeri {b}",
          "PT Telekomunikasi Indonesia", "Politeknik Negeri {b}", "Yayasan Peduli {b}", "Perumda Air Minum {b}",
          "Balai Besar Wilayah Sungai {p}", "Kementerian Dalam Negeri", "Koperasi Unit Desa {b}"]
_STATUS = ["sudah PKS", "belum ditindaklanjuti", "berjalan", "berakhir", "diperpanjang", "", "dalam proses"]
HEADER_VARIANTS = {
    "no": ["No", "NO.", "No Urut"],
    "tanggal": ["Tanggal Penandatanganan", "Tgl TTD", "Tanggal", "TANGGAL TTD"],
    "pihak": ["Para Pihak", "Pihak", "PARA PIHAK"],
    "jenis": ["Jenis Dokumen", "Bentuk", "Jenis"],
    "tentang": ["Tentang", "Perihal", "Judul"],
    "nomor": ["Nomor", "Nomor Dokumen"],
    "jangka": ["Jangka Waktu", "Masa Berlaku"],
    "status": ["Keterangan", "Status", "Tindak Lanjut"],
    "unit": ["Unit Pengusul", "OPD Pengampu"],
}


@dataclass
class SyntheticRegister:
    """A synthetic register (``frame``, headers as a clerk writes them) and its truth."""

    frame: pd.DataFrame
    truth_rows: pd.DataFrame  # row (0-based in frame), expected (kept / quarantine kind), blank
    truth_parties: pd.DataFrame  # row, position, name, code (None for non-regions), kind
    title_rows: list[str]


def _region_pools():
    gaz = gazetteer()
    by_prov: dict[str, list] = {}
    for r in gaz.kabkota:
        by_prov.setdefault(r.province_code, []).append(r)
    aliases: dict[str, list[str]] = {}
    for row in gaz.aliases:
        aliases.setdefault(row["code"], []).append(row["alias"])
    return gaz, by_prov, aliases


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 7:
        return word
    i = rng.randrange(2, len(word) - 2)
    return word[:i] + word[i + 1:]


def _render_name(region, gaz, aliases, rng: random.Random, typo_rate: float) -> str:
    base = region.base.title() if region.kind != "provinsi" else region.name.removeprefix("Provinsi ")
    official = region.name
    unique_base = len(gaz.base_index.get(region.base, [])) == 1
    r = rng.random()
    if region.code in aliases and r < 0.25:
        alias = rng.choice(aliases[region.code])
        alias_txt = alias.upper() if len(alias) <= 4 else alias.title()
        prefix = {"provinsi": ["Provinsi ", "Pemprov "], "kabupaten": ["Pemkab ", "Kab. "],
                  "kota": ["Pemkot ", "Kota "]}[region.kind]
        if alias not in gaz.base_index:  # a bare former name may now be another region's name
            prefix.append("")
        return rng.choice(prefix) + alias_txt
    if rng.random() < typo_rate:
        words = base.split()
        j = max(range(len(words)), key=lambda k: len(words[k]))
        words[j] = _typo(words[j], rng)
        base = " ".join(words)
    elif " " in base and rng.random() < 0.15:
        base = base.replace(" ", rng.choice(["", "-"]), 1)
    forms = {
        "provinsi": [f"Provinsi {base}", f"Pemprov {base}", f"Pemerintah Provinsi {base}", f"PROVINSI {base.upper()}",
                     f"Prov. {base}", f"Gubernur {base}"],
        "kabupaten": [official, f"Kab. {base}", f"Pemkab {base}", f"Pemerintah Kabupaten {base}",
                      f"KABUPATEN {base.upper()}", f"Bupati {base}"],
        "kota": [official, f"Pemkot {base}", f"Pemerintah Kota {base}", f"KOTA {base.upper()}",
                 f"Wali Kota {base}"],
    }[region.kind]
    if unique_base and region.kind != "provinsi":
        forms.append(base)
    return rng.choice(forms)


def _render_date(d: dt.date, rng: random.Random, excel: bool):
    k = rng.randrange(11 if excel else 10)
    month_name = _MONTHS_ID_VARIANT.get(d.month) if rng.random() < 0.3 else None
    month_name = month_name or _MONTHS_ID[d.month - 1]
    wd = _WEEKDAYS[d.weekday()]
    return [
        d.isoformat(), f"{d.day:02d}/{d.month:02d}/{d.year}", f"{d.day}-{d.month}-{d.year}",
        f"{d.day} {month_name} {d.year}", f"{d.day} {_MONTHS_ABBR[d.month - 1]} {d.year}",
        f"{wd}, {d.day} {month_name} {d.year}", f"{wd} ({d.day}/{d.month}/{d.year})",
        f"{month_name} {d.year}", f"{d.day}.{d.month:02d}.{d.year}", f"{wd}, {d.day}-{d.month}-{d.year}",
        d,
    ][k]


def make_register(n: int, seed: int = 0, bad_rate: float = 0.04, blank_rate: float = 0.01,
                  typo_rate: float = 0.03, excel_dates: bool = False) -> SyntheticRegister:
    """A register of ``n`` rows (blank rows included), with ``bad_rate`` rows that must be quarantined."""
    rng = random.Random(seed)
    gaz, by_prov, aliases = _region_pools()
    provinces = gaz.provinces
    headers = {k: rng.choice(v) for k, v in HEADER_VARIANTS.items()}
    rows, truth_rows, truth_parties = [], [], []
    kept_rows: list[dict] = []
    for i in range(n):
        if rng.random() < blank_rate:
            rows.append({h: None for h in headers.values()})
            truth_rows.append({"row": i, "expected": "blank"})
            continue
        prov = rng.choice(provinces)
        own = rng.choice(by_prov[prov.code])
        parties = [own]
        k = rng.random()
        n_partners = 0 if k < 0.04 else (1 if k < 0.8 else rng.randint(2, 4))
        for _ in range(n_partners):
            c = rng.random()
            if c < 0.55:
                parties.append(rng.choice(by_prov[prov.code]))
            elif c < 0.7:
                parties.append(prov)
            elif c < 0.88:
                other = rng.choice(provinces)
                parties.append(rng.choice(by_prov[other.code] + [other]))
            else:
                parties.append(rng.choice(_THIRD).format(b=own.base.title(), p=prov.name.removeprefix("Provinsi ")))
        seen, uniq = set(), []
        for p in parties:
            key = p if isinstance(p, str) else p.code
            if key not in seen:
                seen.add(key)
                uniq.append(p)
        names = [p if isinstance(p, str) else _render_name(p, gaz, aliases, rng, typo_rate) for p in uniq]
        sep = rng.choice(["; ", ", ", " dan ", " & ", "; "])
        date = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(0, 6600))
        row = {
            headers["no"]: i + 1,
            headers["tanggal"]: _render_date(date, rng, excel_dates),
            headers["pihak"]: sep.join(names),
            headers["jenis"]: rng.choice(_DOC_TYPES),
            headers["tentang"]: "Kerja sama " + " dan ".join(rng.sample(_SUBJECTS, rng.randint(1, 3))),
            headers["nomor"]: f"{rng.randint(1, 999):03d}/KSD/{date.year}",
            headers["jangka"]: rng.choice(["5 tahun", "3 tahun", "2 tahun", "1 tahun", ""]),
            headers["status"]: rng.choice(_STATUS),
            headers["unit"]: rng.choice(["Bagian Kerja Sama", "Bappeda", "Dinas Kesehatan", "Dinas PUPR"]),
        }
        expected = "kept"
        bad = rng.random() < bad_rate
        if bad:
            kind = rng.choice(["no_party", "impossible_date", "duplicate", "no_region"])
            if kind == "duplicate" and kept_rows:
                row = dict(rng.choice(kept_rows))
                row[headers["no"]] = i + 1
                row[headers["nomor"]] = f"{rng.randint(1, 999):03d}/KSD/DUP"
                expected = "duplicate"
            elif kind == "no_party":
                row[headers["pihak"]] = rng.choice([None, " ", "-"])
                expected = "no_party"
            elif kind == "impossible_date":
                row[headers["tanggal"]] = rng.choice(["31/02/2023", "30/02/2021", "31/04/2019", "32/01/2020"])
                expected = "impossible_date"
            elif kind == "no_region":
                row[headers["pihak"]] = "PT Maju Bersama; CV Sentosa Abadi"
                expected = "no_region"
        if expected == "kept":
            kept_rows.append(row)
            for pos, (p, name) in enumerate(zip(uniq, names), start=1):
                truth_parties.append({"row": i, "position": pos, "name": name,
                                      "code": None if isinstance(p, str) else p.code,
                                      "kind": None if isinstance(p, str) else p.kind})
        rows.append(row)
        truth_rows.append({"row": i, "expected": expected})
    frame = pd.DataFrame(rows, columns=list(headers.values()), dtype=object)
    title = [f"DAFTAR KERJA SAMA DAERAH (data sintetis, seed {seed})", "Bagian Kerja Sama Setda"]
    return SyntheticRegister(frame, pd.DataFrame(truth_rows), pd.DataFrame(truth_parties), title)


def write_register(reg: SyntheticRegister, path: Path | str, encoding: str = "cp1252", delimiter: str = ";",
                   title_rows: bool = True) -> Path:
    """Write a synthetic register as ``.xlsx`` or ``.csv`` with its title rows and a blank row above the header.

    The header then sits on spreadsheet row 4 (row 1 without title rows), data from row 5 (or 2).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    preamble = [[t] for t in reg.title_rows] + [[]] if title_rows else []
    body = [list(reg.frame.columns)] + [
        ["" if (v is None or (isinstance(v, float) and math.isnan(v))) else v for v in r]
        for r in reg.frame.itertuples(index=False, name=None)
    ]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "Register"
        for r in preamble + body:
            ws.append([None if v == "" else v for v in r])
        wb.save(path)
    else:
        import csv

        with open(path, "w", newline="", encoding=encoding, errors="replace") as fh:
            w = csv.writer(fh, delimiter=delimiter)
            for r in preamble + body:
                w.writerow([v.isoformat() if isinstance(v, dt.date) else v for v in r])
    return path


_THREAD_SUBJECTS = ["pengelolaan sampah regional", "penyelenggaraan pendidikan", "pelayanan kesehatan rujukan",
                    "pengembangan pariwisata", "penyediaan air minum", "ketahanan pangan", "transportasi umum",
                    "penanggulangan bencana", "promosi investasi", "pengembangan UMKM"]


def make_lifecycles(n_relationships: int, seed: int = 0, start: dt.date = dt.date(2012, 1, 1)) -> SyntheticRegister:
    """A register of cooperation lifecycles with known truth: each relationship (a pair of parties, names written
    differently from record to record) has one or two threads on different subjects; each thread starts with
    a KB, reaches a PKS after a known number of days with probability 0.6, and may be amended.

    ``truth_rows`` has, per row: relationship, thread, doc_type, and for KB rows ``pks_days`` (None when the
    thread never reaches a PKS).
    """
    rng = random.Random(seed)
    gaz, by_prov, aliases = _region_pools()
    used: set[frozenset] = set()
    rows, truth = [], []
    for rel in range(n_relationships):
        while True:
            prov = rng.choice(gaz.provinces)
            a = rng.choice(by_prov[prov.code])
            third = rng.random() < 0.15
            b = (f"PT Mitra {a.base.title()} Sejahtera" if third
                 else rng.choice(by_prov[prov.code] + [prov] + [rng.choice(gaz.kabkota)]))
            key = frozenset([a.code, b if isinstance(b, str) else b.code])
            if len(key) == 2 and key not in used:
                used.add(key)
                break
        subjects = rng.sample(_THREAD_SUBJECTS, rng.choice([1, 1, 2]))
        for t, subject in enumerate(subjects):
            kb = start + dt.timedelta(days=rng.randrange(0, 4000))
            pks_days = rng.randrange(20, 900) if rng.random() < 0.6 else None
            events = [("Kesepakatan Bersama", kb, pks_days)]
            if pks_days is not None:
                events.append(("Perjanjian Kerja Sama", kb + dt.timedelta(days=pks_days), None))
                if rng.random() < 0.2:
                    events.append(("Adendum Perjanjian Kerja Sama", kb + dt.timedelta(days=pks_days + 300), None))
            for doc, date, pdays in events:
                def name(p):
                    if isinstance(p, str):
                        return rng.choice([p, p.replace("PT ", "PT. ") + " Tbk", p.upper()])
                    return _render_name(p, gaz, aliases, rng, typo_rate=0.0)
                parties = [name(a), name(b)]
                rng.shuffle(parties)
                rows.append({"No": len(rows) + 1, "Tanggal": date.strftime("%d/%m/%Y"), "Para Pihak": "; ".join(parties),
                             "Jenis Dokumen": doc, "Tentang": f"Kerja sama {subject}",
                             "Nomor": f"{rng.randint(100, 999)}/{len(rows) + 1}/KS/{date.year}"})
                truth.append({"row": len(truth), "relationship": f"rel{rel}", "thread": f"rel{rel}-t{t}",
                              "doc_type": doc, "pks_days": pdays if doc == "Kesepakatan Bersama" else None})
    frame = pd.DataFrame(rows, dtype=object)
    return SyntheticRegister(frame, pd.DataFrame(truth), pd.DataFrame(), [f"Register siklus kerja sama (seed {seed})"])


def demo_register(folder: Path | str | None = None) -> Path:
    """The tutorial's messy example register (40 rows, seed 2025), written once to ``data/contoh/`` (or
    ``folder``) so that what the tutorial exports lands beside it and stays."""
    from .config import DATA_DIR

    path = Path(folder or DATA_DIR / "contoh") / "register_contoh.xlsx"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_register(make_register(40, seed=2025, bad_rate=0.12), path)
    return path
