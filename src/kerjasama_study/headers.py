"""Match register headers (Indonesian or English) to the project's canonical fields.

Headers are compared after folding case, accents, punctuation and spacing, so ``Tanggal TTD``,
``tanggal_ttd`` and ``TANGGAL  TTD`` are one header.

>>> normalize_header(" Tanggal  Penandatanganan ")
'tanggal_penandatanganan'
>>> canonical_field("Para Pihak"), canonical_field("party_2"), canonical_field("Catatan")
('parties', 'party_2', None)
>>> canonical_field("Nama Institusi Mitra"), canonical_field("Tanggal Mulai"), canonical_field("Nomor Mitra")
('partner', 'start_date', 'doc_number_partner')
"""

from __future__ import annotations

import re

from .text import fold

#: canonical field -> accepted headers (normalised), in order of preference.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "record_no": ("id", "no", "no_urut", "nomor_urut", "no_register", "kode"),
    "date_signed": (
        "tanggal_penandatanganan", "tanggal_ttd", "tgl_ttd", "tanggal", "tgl", "date_signed", "date",
        "tanggal_kerja_sama", "tanggal_kesepakatan", "tanggal_perjanjian", "signing_date",
        "tanggal_tanda_tangan", "tgl_penandatanganan",
    ),
    "start_date": ("tanggal_mulai", "tgl_mulai", "mulai_berlaku", "tanggal_mulai_berlaku", "berlaku_mulai",
                   "tanggal_awal", "tgl_awal", "start_date", "tanggal_berlaku", "berlaku_sejak"),
    "parties": ("pihak", "para_pihak", "parties", "pihak_pihak", "para_pihak_yang_bekerja_sama"),
    "partner": ("mitra", "nama_mitra", "mitra_kerja_sama", "nama_mitra_kerja_sama", "mitra_kerjasama",
                "instansi", "institusi", "nama_institusi", "nama_institusi_mitra", "instansi_mitra",
                "nama_instansi", "nama_instansi_mitra", "partner", "partner_name", "lembaga_mitra",
                "nama_lembaga", "pihak_mitra"),
    "doc_type": ("jenis_dokumen", "jenis", "bentuk", "doc_type", "bentuk_kerja_sama", "jenis_kerja_sama",
                 "document_type", "bentuk_dokumen", "jenis_naskah"),
    "subject": ("tentang", "perihal", "judul", "bidang", "sectors", "subject", "title", "ruang_lingkup",
                "bidang_kerja_sama", "objek_kerja_sama", "judul_kerja_sama", "judul_naskah"),
    "doc_number": ("nomor", "nomor_dokumen", "no_dokumen", "nomor_perjanjian", "nomor_kesepakatan",
                   "document_number", "nomor_kami", "nomor_pihak_pertama", "nomor_pks", "no_pks", "nomor_mou",
                   "no_mou", "nomor_naskah"),
    "doc_number_partner": ("nomor_mitra", "no_mitra", "nomor_pihak_kedua", "nomor_dokumen_mitra",
                           "nomor_naskah_mitra", "partner_number"),
    "duration": ("jangka_waktu", "masa_berlaku", "duration", "lama_kerja_sama", "lama_berlaku"),
    "end_date": ("tanggal_berakhir", "end_date", "berlaku_sampai", "tanggal_akhir", "berakhir",
                 "expiry_date", "tgl_akhir", "tgl_berakhir", "tanggal_selesai", "berlaku_hingga",
                 "tanggal_akhir_berlaku", "masa_berlaku_sampai"),
    "status": ("status", "keterangan", "tindak_lanjut", "follow_up", "status_tindak_lanjut"),
    "source": ("sumber", "source", "url", "link", "tautan"),
}  # fmt: skip

#: Fields where several input columns are joined (``" | "``) instead of the first one winning.
MULTI_FIELDS = ("subject", "status", "source")
#: A register must have a parties column (``parties``, ``pihak_1..n``/``party_1..n`` or a partner column) and a
#: date column (the signing date, or else the start date).
REQUIRED_FIELDS = ("parties", "date_signed")
#: Fields that can stand in for a required field.
STAND_INS = {"date_signed": ("start_date",)}

_LOOKUP = {syn: field for field, syns in SYNONYMS.items() for syn in syns}
_PARTY_N = re.compile(r"^(?:pihak|party|mitra)_?(\d{1,2})$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "pertama": 1, "kedua": 2}
_PARTY_WORD = re.compile(r"^pihak_(i|ii|iii|iv|v|vi|pertama|kedua)$")


def normalize_header(header: object) -> str:
    """Fold a header to ``snake_case`` ASCII."""
    return fold(header).replace(" ", "_")


def canonical_field(header: object) -> str | None:
    """The canonical field a header stands for, ``party_N`` for numbered party columns, or None."""
    h = normalize_header(header)
    if h in _LOOKUP:
        return _LOOKUP[h]
    if m := _PARTY_N.match(h):
        return f"party_{int(m.group(1))}"
    if m := _PARTY_WORD.match(h):
        return f"party_{_ROMAN[m.group(1)]}"
    return None


def synonym_rank(header: object) -> int:
    """Position of the header among its field's synonyms (lower is preferred)."""
    h = normalize_header(header)
    field = _LOOKUP.get(h)
    return SYNONYMS[field].index(h) if field else 0


def is_party_field(field: str | None) -> bool:
    """True for the fields that hold party names (``parties``, ``partner``, ``party_N``)."""
    return field in ("parties", "partner") or (field or "").startswith("party_")


def has_parties(fields: list[str | None]) -> bool:
    return any(is_party_field(f) for f in fields)


def header_score(cells: list[object]) -> int:
    """How many cells of a row are known headers (used to find the header row under title rows)."""
    return sum(1 for c in cells if canonical_field(c))
