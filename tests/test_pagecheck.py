"""Built report pages, read as their readers read them: no raw column names or identifiers, no Python values, and
no English on Indonesian pages (kerjasama_study.pagecheck)."""

from __future__ import annotations

from kerjasama_study.pagecheck import scan_html, scan_reports, summary


def test_scanner_reads_what_readers_see():
    page = ("<html><head><title>records of the year</title><style>.x{}</style></head><body>"
            "<h1>Daftar pantau</h1><p>Per 28 November 2026: 17 catatan</p>"
            "<table><tr><th>record_id</th><th>status</th></tr>"
            "<tr><td>None</td><td class='verbatim'>signed and implemented</td></tr></table>"
            "<p>Jalankan <code>kerjasama build --as_of 2026-11-28</code></p>"
            "<p>Lihat https://example.org/the_records_of_2026 untuk sumber.</p>"
            "<img alt='No description has been provided for this image'><p>too few events</p></body></html>")
    found = scan_html(page, "id", columns={"record_id"})
    assert [(f.kind, f.word) for f in found] == [
        ("column", "record_id"), ("literal", "None"), ("english", "description"), ("english", "has"), ("english", "been"),
        ("english", "provided"), ("english", "image"), ("english", "too"), ("english", "few"), ("english", "events")]
    # English pages are not checked for English words, but still for names and values
    assert summary(scan_html(page, "en", columns={"record_id"})) == {"column": 1, "code": 0, "literal": 1, "english": 0}


def _report(found, limit=25):
    return "\n".join(f"{f.page}: {f.kind} {f.word!r} in …{f.context}…" for f in found[:limit])


def test_every_page_of_the_default_build_in_both_languages_speaks_its_language(default_reports):
    reports = default_reports[0] / "reports"
    pages = sorted(p.name for p in reports.rglob("*.html"))
    assert len([p for p in pages if p.endswith("_en.html")]) >= 9 and len(pages) >= 20
    found = scan_reports(reports)
    assert found == [], _report(found)
