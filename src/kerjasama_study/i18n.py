"""One translation table for report titles, labels and narrative (Indonesian default, English).

>>> t("coverage_by_year"), t("coverage_by_year", "en")
('Catatan kerja sama menurut tahun', 'Cooperation records by year')
>>> t("n_records", "en", n=80)
'80 records'
>>> format_number(152076, "id"), format_number(152076, "en"), format_number(0.25, "id"), format_date("2026-01-29", "en")
('152.076', '152,076', '0,25', '29 January 2026')
>>> plain("watch_title", "id", as_of="2026-11-28")
'Daftar pantau per 28 November 2026'
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re

LANGS = ("id", "en")

TEXT: dict[str, dict[str, str]] = {
    # report titles
    "title_00": {"id": "Mulai di sini: register kerja sama Anda", "en": "Start here: your cooperation register"},
    "title_01": {"id": "Gambaran data kerja sama daerah", "en": "Overview of the cooperation data"},
    "title_02": {"id": "Bidang (urusan) kerja sama", "en": "Sectors (urusan) of cooperation"},
    "title_05": {"id": "Profil kerja sama daerah", "en": "Regional cooperation profile"},
    "index_title": {"id": "Laporan kerja sama daerah", "en": "Regional cooperation reports"},
    "index_intro": {
        "id": "Laporan dibuat ulang dari register dengan satu perintah (make reports). Setiap laporan diakhiri kolofon "
              "yang mencatat versi paket, commit git, parameter, dan sha256 data masukan.",
        "en": "Reports are rebuilt from the registers with one command (make reports). Every report ends with a "
              "colophon listing package versions, git commit, parameters and the sha256 of the inputs."},
    # generic labels
    "year": {"id": "Tahun", "en": "Year"},
    "period": {"id": "Periode", "en": "Period"},
    "province": {"id": "Provinsi", "en": "Province"},
    "records": {"id": "Jumlah catatan", "en": "Number of records"},
    "n_records": {"id": "{n} catatan", "en": "{n} records"},
    "share_records": {"id": "Persen catatan (%)", "en": "Share of records (%)"},
    "party_kind": {"id": "Jenis pihak", "en": "Party kind"},
    "doc_type": {"id": "Jenis dokumen", "en": "Document type"},
    "urusan": {"id": "Urusan", "en": "Affair (urusan)"},
    "category": {"id": "Kategori urusan", "en": "Affair category"},
    "partner_kind": {"id": "Jenis mitra", "en": "Partner kind"},
    "unknown_date": {"id": "tanpa tanggal", "en": "no date"},
    "source": {"id": "Sumber", "en": "Source"},
    "overview_summary": {
        "id": "{n} catatan kerja sama dari {files} berkas masukan; {q} baris dikarantina; {u} catatan tanpa tanggal. "
              "Pihak daerah: {regions}; pihak lain: {others}.",
        "en": "{n} cooperation records from {files} input file(s); {q} rows quarantined; {u} records without a date. "
              "Region parties: {regions}; other parties: {others}."},
    "data_quality": {"id": "Mutu data", "en": "Data quality"},
    "match_method": {"id": "Cara pencocokan", "en": "Matching method"},
    "parties": {"id": "Jumlah pihak", "en": "Number of parties"},
    "sector_summary": {
        "id": "{n} catatan; {k} urusan berbeda disebut. {g} catatan hanya menyebut tujuan umum (kode 0.00).",
        "en": "{n} records; {k} distinct affairs named. {g} records name general aims only (code 0.00)."},
    "co_note": {"id": "Diagonal: jumlah catatan yang menyebut urusan itu.", "en": "Diagonal: records naming that affair."},
    "date": {"id": "Tanggal", "en": "Date"},
    # 01 overview
    "coverage_by_year": {"id": "Catatan kerja sama menurut tahun", "en": "Cooperation records by year"},
    "coverage_by_province": {"id": "Catatan menurut provinsi pihak", "en": "Records by province of the parties"},
    "coverage_by_party_kind": {"id": "Pihak menurut jenis", "en": "Parties by kind"},
    "coverage_by_doc_type": {"id": "Catatan menurut jenis dokumen", "en": "Records by document type"},
    "news_sources": {"id": "Sumber berita", "en": "News sources"},
    "news_sources_intro": {
        "id": "Register ini dibuat oleh `kerjasama extract` dari {articles} artikel berita dari {outlets} media: "
              "{records} catatan, masing-masing dari 1 sampai {most} artikel. Kolom bukti (kalimat sumber, "
              "keyakinan, konflik antar-sumber) ada di register hasil ekstraksi.",
        "en": "This register was built by `kerjasama extract` from {articles} news articles from {outlets} "
              "outlets: {records} records, each from 1 to {most} articles. The evidence columns (source sentences, "
              "confidence, conflicts between copies) are in the extracted register."},
    "articles_per_record": {"id": "Artikel per catatan", "en": "Articles per record"},
    "articles": {"id": "Artikel", "en": "Articles"},
    "outlets_table": {"id": "Media yang memberitakan", "en": "Outlets that reported the records"},
    "quality_quarantine": {"id": "Baris yang dikarantina dan alasannya", "en": "Quarantined rows and reasons"},
    "quality_match": {"id": "Cara nama pihak dicocokkan", "en": "How party names were matched"},
    "quality_unresolved": {"id": "Nama yang tidak terselesaikan atau ambigu", "en": "Unresolved or ambiguous names"},
    "quality_precision": {"id": "Presisi tanggal", "en": "Date precision"},
    "none": {"id": "(tidak ada)", "en": "(none)"},
    # 02 sectors
    "sector_shares": {"id": "Urusan yang paling sering menjadi bidang kerja sama", "en": "Affairs most often named as fields of cooperation"},
    "sector_by_period": {"id": "Urusan menurut periode", "en": "Affairs by period"},
    "sector_by_partner": {"id": "Urusan menurut jenis mitra", "en": "Affairs by partner kind"},
    "basic_vs_optional": {"id": "Pelayanan dasar, non-pelayanan dasar, pilihan, penunjang", "en": "Basic services, non-basic, optional, supporting"},
    "cooccurrence": {"id": "Urusan yang muncul bersama (jumlah catatan)", "en": "Affairs named together (number of records)"},
    "sector_trend": {"id": "Tren urusan utama per tahun", "en": "Trend of the main affairs by year"},
    "top_by_province": {"id": "Urusan teratas per provinsi", "en": "Top affairs by province"},
    "level_mismatch": {"id": "Ketidaksesuaian kewenangan (urusan provinsi tanpa pihak provinsi)", "en": "Authority mismatches (provincial affairs without a province among the parties)"},
    # 05 region
    "region_agreements": {"id": "Semua catatan kerja sama", "en": "All cooperation records"},
    "region_partners": {"id": "Mitra kerja sama", "en": "Cooperation partners"},
    "region_sectors": {"id": "Bidang kerja sama", "en": "Fields of cooperation"},
    "region_timeline": {"id": "Garis waktu", "en": "Timeline"},
    "region_followups": {"id": "Tindak lanjut terbuka", "en": "Open follow-ups"},
    "region_not_found": {"id": "Daerah tidak ditemukan: {name}", "en": "Region not found: {name}"},
    "region_summary": {
        "id": "{name} ({code}) tercatat dalam {n} catatan kerja sama dengan {p} mitra berbeda.",
        "en": "{name} ({code}) appears in {n} cooperation records with {p} distinct partners."},
    # 03 follow-through
    "title_03": {"id": "Tindak lanjut: dari kesepakatan ke perjanjian dan pelaksanaan", "en": "Follow-through: from memorandum to agreement and implementation"},
    "ft_summary": {
        "id": "Per {as_of}: {n} KB (kesepakatan bersama); {yes} sudah sampai PKS, {no} berakhir tanpa PKS, {open} masih terbuka. "
              "Masa berlaku tanpa data dianggap 5 tahun (PP 28/2018) untuk {assumed} KB.",
        "en": "As of {as_of}: {n} KBs (memoranda); {yes} reached a PKS, {no} expired without one, {open} still open. "
              "Where no term is recorded, 5 years (the PP 28/2018 maximum) is assumed, for {assumed} KBs."},
    "implementation": {"id": "pelaksanaan", "en": "implementation"},
    "funnel": {"id": "Dari KB ke PKS ke pelaksanaan", "en": "From KB to PKS to implementation"},
    "km_title": {"id": "Peluang belum sampai PKS sejak KB (Kaplan-Meier)", "en": "Probability of no PKS yet since the KB (Kaplan-Meier)"},
    "km_by_kind": {"id": "menurut jenis kerja sama", "en": "by cooperation kind"},
    "km_by_contiguity": {"id": "menurut perbatasan", "en": "by contiguity"},
    "months_since_kb": {"id": "Bulan sejak KB", "en": "Months since the KB"},
    "share_no_pks": {"id": "Proporsi tanpa PKS", "en": "Share without a PKS"},
    "logrank": {"id": "Uji log-rank: chi2 = {chi2}, p = {p}", "en": "Log-rank test: chi2 = {chi2}, p = {p}"},
    "models": {"id": "Model", "en": "Models"},
    "cox_title": {"id": "Model Cox (PHReg): waktu sampai PKS", "en": "Cox model (PHReg): time to PKS"},
    "logit_title": {"id": "Model logistik: PKS dalam {m} bulan", "en": "Logistic model: PKS within {m} months"},
    "model_n": {"id": "n = {n} KB, {e} kejadian.", "en": "n = {n} KBs, {e} events."},
    "swimlane": {"id": "Riwayat hubungan kerja sama (dua catatan atau lebih)", "en": "Histories of relationships with two or more records"},
    "region_neighbours": {"id": "Daerah yang berbatasan dan kerja samanya",
                          "en": "Bordering regions and their agreements"},
    "region_neighbours_note": {"id": "Kerja sama daerah wajib antara daerah yang berbatasan untuk urusan bersama (UU 23/2014); baris dengan 0 catatan bersama adalah celah yang bisa dijajaki.",
                               "en": "Cooperation is mandatory between bordering regions for shared affairs (UU 23/2014); a row with 0 shared records is a gap to explore."},
    "region_neighbour_sectors": {"id": "Urusan yang dikerjasamakan tetangga dengan daerah lain",
                                 "en": "Affairs the neighbours cooperate on with others"},
    "no_boundaries": {"id": "Data batas wilayah tidak tersedia, jadi tetangga tidak dapat ditampilkan.",
                      "en": "Boundary data are missing, so neighbours cannot be shown."},
    "gap_pairs": {"id": "Pasangan berbatasan tanpa kerja sama dalam data ({scope})",
                  "en": "Bordering pairs without an agreement in the data ({scope})"},
    "km_section": {"id": "Waktu sampai PKS berikutnya", "en": "Time to a later PKS"},
    "km_sample": {"id": "{together} KB ditandatangani bersama PKS-nya pada hari yang sama (hasil tersendiri, bukan PKS setelah 0 bulan); kurva di bawah hanya untuk {n} KB lainnya.",
                  "en": "{together} KBs were signed together with their PKS on the same day (an outcome of its own, not a PKS after 0 months); the curves below cover the other {n} KBs."},
    "km_ci": {"id": "Pita: pita keyakinan simultan 95% (`SurvfuncRight.simultaneous_cb` dari statsmodels; pita titik Greenwood bila hanya ada satu waktu kejadian).",
              "en": "Bands: simultaneous 95% confidence band (statsmodels `SurvfuncRight.simultaneous_cb`; Greenwood pointwise band when there is one event time)."},
    "km_legend": {"id": "{group} (n = {n}, kejadian = {e})", "en": "{group} (n = {n}, events = {e})"},
    "at_risk": {"id": "Jumlah KB yang masih berisiko menurut bulan", "en": "Number at risk by month"},
    "logrank_excluded": {"id": "Kelompok dengan kurang dari {m} KB tidak diikutkan dalam uji log-rank: {groups}.",
                         "en": "Groups with fewer than {m} KBs are left out of the log-rank test: {groups}."},
    "sample_flow": {"id": "Dari KB dalam data ke n setiap analisis", "en": "From the KBs in the data to the n of each analysis"},
    "selection_note": {"id": "Catatan: data dihimpun dari pemberitaan dan portal pemerintah daerah, bukan sensus kerja sama; angka di sini menggambarkan kerja sama yang diberitakan.",
                       "en": "Note: the records were compiled from press and portal reports, not a census of agreements; the figures describe reported cooperation."},
    "partial_year": {"id": "tahun terakhir belum penuh (data sampai {as_of})", "en": "last year not complete (data to {as_of})"},
    "small_groups_note": {"id": "Kolom abu-abu berarsir: kelompok dengan kurang dari {m} catatan; persentasenya tertulis tetapi tidak diwarnai karena terlalu sedikit untuk dibandingkan.",
                          "en": "Grey hatched columns: groups with fewer than {m} records; their percentages are written but not coloured, as they are too few to compare."},
    "ties_note": {"id": "Urusan dengan jumlah catatan yang sama mendapat peringkat yang sama (kolom tied), jadi satu provinsi dapat menampilkan lebih dari tiga.",
                  "en": "Affairs with the same number of records share a rank (column tied), so a province may show more than three."},
    "reference_category": {"id": "Kategori acuan: {ref}.", "en": "Reference category: {ref}."},
    "robustness_title": {"id": "Uji ketahanan model pilihan mitra", "en": "Robustness of the partner-choice model"},
    "robustness_note": {"id": "Estimasi utama di samping pemeriksaan: tanpa perjanjian dengan 4 pihak atau lebih, ikatan dibobot 1/(k-1) untuk k daerah, galat baku dikelompokkan per perjanjian, dan hanya perjanjian dua daerah. Ikatan hanya dari perjanjian yang ditandatangani (rencana, draf, forum, LoI dan evaluasi tidak dihitung).",
                        "en": "The main estimate beside checks: without agreements of 4 or more parties, ties weighted 1/(k-1) for k regions, standard errors clustered by agreement, and two-region agreements only. Ties come only from signed agreements (plans, drafts, forums, letters of intent and evaluations do not count)."},
    "cite_title": {"id": "Cara mengutip", "en": "How to cite"},
    "cite_text": {"id": "kerjasama-study developers (2026). kerjasama-study: paket penelitian kerja sama daerah di Indonesia, versi 0.1.0 (kode MIT; data CC BY 4.0; lihat CITATION.cff). Sebutkan versi buku kode dan tanggal acuan di kolofon laporan. Catatan dihimpun dari pemberitaan dan portal pemerintah daerah, jadi menggambarkan kerja sama yang diberitakan, bukan semua kerja sama.",
                  "en": "kerjasama-study developers (2026). kerjasama-study: a reproducible research package on Indonesian regional cooperation agreements, version 0.1.0 (code MIT; data CC BY 4.0; see CITATION.cff). State the codebook version and the as-of date in the reports' colophon. The records were compiled from press and portal reports, so they describe reported cooperation, not all agreements."},
    "watch_title": {"id": "Daftar pantau per {as_of}", "en": "Watch lists as of {as_of}"},
    "as_of_build_date": {"id": "Tanggal acuan {as_of} adalah tanggal laporan dibuat.",
                         "en": "The reference date {as_of} is the day the report was built."},
    "as_of_parameter": {"id": "Tanggal acuan {as_of} ditetapkan lewat parameter (bukan tanggal laporan dibuat).",
                        "en": "The reference date {as_of} was set by a parameter (not the day the report was built)."},
    "as_of_recomputed": {"id": "Tabel tindak lanjut dihitung ulang per {as_of} (parameter as_of); tabel di data/processed diukur per {pipeline}.",
                         "en": "The follow-through table was recomputed as of {as_of} (parameter as_of); the table in data/processed is measured as of {pipeline}."},
    "watch_kb_without_pks": {"id": "KB lebih dari {m} bulan, masih berlaku, tanpa PKS dan tanpa kabar kemajuan",
                             "en": "KBs older than {m} months, still valid, with no PKS and no progress reported"},
    "watch_pks_without_implementation": {"id": "PKS lebih dari {m} bulan, masih berlaku, tanpa laporan pelaksanaan",
                                         "en": "PKS older than {m} months, still valid, with no implementation reported"},
    "watch_implementation_without_evaluation": {"id": "Sudah dilaksanakan, belum ada evaluasi",
                                                "en": "Implemented, not yet evaluated"},
    "watch_expiring": {"id": "Dokumen bertanda tangan yang berakhir dalam {m} bulan ke depan",
                       "en": "Signed documents ending within the next {m} months"},
    "watch_expired_without_renewal": {"id": "Berakhir dalam {m} bulan terakhir tanpa perpanjangan atau dokumen lanjutan",
                                      "en": "Ended in the last {m} months with no renewal or later document"},
    "watch_assumed_note": {"id": "Masa berlaku bertanda \"asumsi 5 tahun\" adalah batas 5 tahun PP 28/2018 yang diasumsikan, bukan tanggal dari dokumen: periksa naskahnya.",
                           "en": "An expiry marked \"assumed 5 years\" is the assumed 5-year maximum (PP 28/2018), not a date from the document: check the text."},
    "status_words": {"id": "Kata status yang dikodekan menjadi kejadian", "en": "Status words coded into events"},
    # 04 partners
    "title_04": {"id": "Pola mitra: siapa bekerja sama dengan siapa", "en": "Partner patterns: who cooperates with whom"},
    "partners_summary": {
        "id": "Periode {period}: {n} pasangan daerah dengan kerja sama dari {risk} pasangan yang mungkin ({scope}).",
        "en": "Period {period}: {n} region pairs with an agreement out of {risk} possible pairs ({scope})."},
    "map_title": {"id": "Jaringan kerja sama antardaerah", "en": "Network of inter-regional cooperation"},
    "network_title": {"id": "Jaringan kerja sama (tata letak gaya; data batas wilayah tidak tersedia)", "en": "Cooperation network (force layout; boundary data not available)"},
    "top_partners": {"id": "Daerah paling sentral", "en": "Most central regions"},
    "kind_matrix": {"id": "Jenis pihak yang bekerja sama (jumlah pasangan dalam catatan)", "en": "Kinds of party that cooperate (pairs within records)"},
    "shares_title": {"id": "Sifat pasangan: teramati dibanding pasangan acak", "en": "Properties of ties: observed against random pairing"},
    "partner_model": {"id": "Model pilihan mitra (logit diadik, galat baku dikelompokkan dua arah)", "en": "Partner-choice model (dyadic logit, two-way clustered standard errors)"},
    "dyad_n": {"id": "{n} pasangan (diad), {e} dengan kerja sama.", "en": "{n} dyads, {e} with an agreement."},
    # colophon
    "colophon": {"id": "Kolofon", "en": "Colophon"},
    # model messages (survival, partners)
    "too_few_events": {
        "id": "kejadian terlalu sedikit untuk model ini: {events} kejadian di antara {n} KB; diperlukan sedikitnya "
              "{needed} untuk {k} koefisien ({per} kejadian per koefisien, minimal {minimum}). Estimasinya tidak "
              "dapat diandalkan, jadi model tidak dihitung.",
        "en": "too few events for this model: {events} events among {n} KBs; at least {needed} are needed for {k} "
              "coefficient(s) ({per} events per coefficient, minimum {minimum}). The estimates would not be "
              "reliable, so the model is not fitted."},
    "no_covariate_varies": {"id": "tidak ada kovariat yang bervariasi dalam data ini",
                            "en": "no covariate varies in these data"},
    "too_few_ties": {"id": "ikatan terlalu sedikit untuk model: {events} pasangan dengan kerja sama di antara {n}",
                     "en": "too few ties for a model: {events} dyads with an agreement among {n}"},
    "not_converged": {"id": "estimasi tidak konvergen dalam 200 iterasi (pemisahan pada kategori yang jarang); baca dengan hati-hati",
                      "en": "the fit did not converge in 200 iterations (separation in a sparse category); read with care"},
    "rare_events": {
        "id": "kejadian langka: {events} ikatan di antara {n} pasangan ({share}%). Koefisien logit condong menjauhi nol "
              "pada data kejadian langka (King dan Zeng 2001); bacalah rasio odds sebagai asosiasi, bukan efek, dan "
              "bandingkan dengan proporsi di atas.",
        "en": "rare events: {events} ties among {n} dyads ({share}%). Logit coefficients are biased away from zero in "
              "rare-events data (King and Zeng 2001); read the odds ratios as associations, not effects, and compare "
              "them with the shares above."},
    "weighted_glm_note": {"id": "GLM binomial berbobot: galat baku klaster dengan bobot hanya perkiraan di statsmodels",
                          "en": "weighted binomial GLM: cluster-robust SEs with weights are approximate in statsmodels"},
    "reference_kinds_pair": {"id": "pasangan jenis {pair}", "en": "pair of kinds {pair}"},
    # values
    "chart": {"id": "Grafik", "en": "Chart"},
    "no_chart_data": {"id": "tidak ada data untuk grafik ini.", "en": "no data for this chart."},
    "yes": {"id": "ya", "en": "yes"},
    "no": {"id": "tidak", "en": "no"},
    "more_rows": {"id": "… {n} baris lagi", "en": "… {n} more rows"},
}

PARTY_KIND_LABELS = {
    "provinsi": {"id": "provinsi", "en": "province"}, "kabupaten": {"id": "kabupaten", "en": "regency"},
    "kota": {"id": "kota", "en": "city"}, "pihak_ketiga": {"id": "pihak ketiga", "en": "third party"},
    "pusat": {"id": "pemerintah pusat", "en": "central government"},
    "luar_negeri": {"id": "luar negeri", "en": "abroad"}, "unknown": {"id": "tidak diketahui", "en": "unknown"},
}


MONTHS = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}
#: Integers at or above this get a thousands separator (so a year stays 2026, not 2.026).
GROUP_FROM = 10_000
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _missing(value) -> bool:
    """None, NaN, pandas' NA and NaT (without importing pandas)."""
    if value is None or str(value) in ("<NA>", "NaT", "nan"):
        return True
    return isinstance(value, float) and math.isnan(value)


def format_number(value, lang: str = "id", precision: int = 3) -> str:
    """A number as its readers write it: ``.`` groups thousands and ``,`` marks decimals in Indonesian; at most
    ``precision`` decimals, trailing zeros dropped; missing values are empty."""
    if _missing(value):
        return ""
    if isinstance(value, bool):
        return TEXT["yes" if value else "no"][lang]
    v = float(value)
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    if v.is_integer():
        text = f"{int(v):,}" if abs(v) >= GROUP_FROM else str(int(v))
    else:
        text = f"{v:,.{precision}f}".rstrip("0").rstrip(".")
        if text in ("0", "-0"):
            text = f"{v:.{precision}g}"
    if lang == "id":
        text = text.translate(str.maketrans({",": ".", ".": ","}))
    return text


def format_date(value, lang: str = "id") -> str:
    """A date as ``29 Januari 2026`` / ``29 January 2026`` (empty when missing)."""
    if _missing(value):
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    return f"{value.day} {MONTHS[lang][value.month - 1]} {value.year}"


def format_value(value, lang: str = "id"):
    """A value placed in a sentence: dates (and ISO date strings) with month names, numbers with the language's
    separators, booleans as words; anything else unchanged."""
    if isinstance(value, bool) or isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value, lang)
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.match(value)):
        return format_date(value, lang)
    if type(value).__module__.startswith("numpy") and hasattr(value, "item"):
        return format_value(value.item(), lang)
    return value


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def md_escape(value: object) -> str:
    """A value as literal text inside Markdown that becomes HTML: HTML characters escaped, Markdown punctuation
    backslashed, so a register cell never turns into a tag, a link or emphasis.

    >>> md_escape("<img src=x onerror=alert(1)> *Kota* [x](javascript:y)")
    '&lt;img src=x onerror=alert\\\\(1\\\\)&gt; \\\\*Kota\\\\* \\\\[x\\\\]\\\\(javascript:y\\\\)'
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))


def t(key: str, lang: str = "id", **kwargs) -> str:
    """The text of ``key`` in ``lang`` (falls back to Indonesian), formatted with ``kwargs`` (text values are
    escaped with :func:`md_escape`, since they may come from a register)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    values = {k: format_value(v, lang) for k, v in kwargs.items()}
    return plain(key, lang, **{k: md_escape(v) if isinstance(v, str) else v for k, v in values.items()})


def plain(key: str, lang: str = "id", **kwargs) -> str:
    """:func:`t` without Markdown escaping, for text that is drawn (figure titles, axis labels, legends)."""
    entry = TEXT[key]
    text = entry.get(lang) or entry["id"]
    return text.format(**{k: format_value(v, lang) for k, v in kwargs.items()}) if kwargs else text


def kind_label(kind: str, lang: str = "id") -> str:
    return PARTY_KIND_LABELS.get(kind, {"id": kind, "en": kind})[lang]
