"""Reading news articles: every input is read or reported with its file, line and fix; nothing is skipped."""

from __future__ import annotations

import json
from pathlib import Path

from kerjasama_study.articles import html_to_text, read_articles

GOOD = {"url": "https://warta.example.id/2025/03/teken", "title": "Pemkab Alpha dan Pemkot Beta Teken MoU",
        "text": "<p>Bupati dan wali kota meneken nota kesepahaman, Senin (3/3/2025).</p>"}


def test_jsonl_bad_lines_are_reported_and_the_rest_is_read(tmp_path: Path):
    path = tmp_path / "berita.jsonl"
    lines = [json.dumps(GOOD), "{tidak json", "", json.dumps([1, 2]), json.dumps({**GOOD, "text": "  "}),
             json.dumps({**GOOD, "doc_id": "B-2", "published": "2025-03-04"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = read_articles([path])
    assert [a.doc_id for a in found.articles] == ["berita:1", "B-2"]
    assert found.articles[0].text == "Bupati dan wali kota meneken nota kesepahaman, Senin (3/3/2025)."
    assert found.articles[1].published == "2025-03-04"
    where = {p.where: p.message for p in found.problems}
    assert where["berita.jsonl, line 2"].startswith("line is not JSON")
    assert "not an object" in where["berita.jsonl, line 4"]
    assert "has no text" in where["berita.jsonl, line 5"]
    assert len(found.problems) == 3


def test_empty_binary_missing_and_other_files(tmp_path: Path):
    (tmp_path / "kosong.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "foto.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "catatan.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "a.md").write_text("# Dua Daerah Teken Kerja Sama Air Minum\n\nURL: https://x.example.id/a\n\n"
                                   "Isi berita.\n", encoding="utf-8")
    found = read_articles([tmp_path, tmp_path / "tidak-ada.jsonl"])
    assert [(a.doc_id, a.title, a.url) for a in found.articles] == [
        ("a", "Dua Daerah Teken Kerja Sama Air Minum", "https://x.example.id/a")]
    messages = {p.where: p.message for p in found.problems}
    assert messages["kosong.jsonl"].startswith("file is empty")
    assert messages["foto.txt"].startswith("binary file")
    assert "not an article file" in messages["catatan.docx"]
    assert "no such file" in messages["tidak-ada.jsonl"]


def test_html_page_title_url_and_date(tmp_path: Path):
    page = ("<html><head><title>Kota Gamma &amp; Kabupaten Delta Sepakat</title>"
            '<link rel="canonical" href="https://portal.example.id/berita/1">'
            '<meta property="article:published_time" content="2024-05-02T08:00:00+07:00"></head>'
            "<body><script>var x = 1;</script><h1>Kota Gamma &amp; Kabupaten Delta Sepakat</h1>"
            "<p>Kedua daerah meneken MoU.</p></body></html>")
    (tmp_path / "halaman.html").write_text(page, encoding="utf-8")
    (article,) = read_articles([tmp_path]).articles
    assert article.title == "Kota Gamma & Kabupaten Delta Sepakat"
    assert article.url == "https://portal.example.id/berita/1"
    assert article.published.startswith("2024-05-02")
    assert "var x" not in article.text and "Kedua daerah meneken MoU." in article.text


def test_html_to_text_keeps_lines():
    assert html_to_text("<div>a</div><div>b &lt;c&gt;</div>") == "a\nb <c>"
