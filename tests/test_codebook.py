"""The codebook files and their readable rendering."""

from __future__ import annotations

import re

from kerjasama_study.codebook import codebook_html, codebook_markdown, load_codebook, write_codebook


def test_codebook_has_the_32_urusan_and_supporting_units():
    cb = load_codebook()
    codes = list(cb.urusan["code"])
    assert sum(c[0] in "123" for c in codes) == 32
    assert {"4.01", "5.01", "5.02", "6.01", "7.01", "8.01", "0.00"} <= set(codes)
    assert set(cb.urusan["category"]) == {"wajib_pelayanan_dasar", "wajib_non_pelayanan_dasar", "pilihan",
                                          "penunjang", "umum"}
    assert cb.urusan.loc["3.28", "authority"] == "provinsi"
    assert all(cb.urusan["name_en"].str.len() > 2)


def test_no_keyword_is_kb_and_none_is_listed_twice_for_one_code():
    cb = load_codebook()
    for code in cb.urusan["code"]:
        kws = cb.keywords(code)
        assert "kb" not in kws
        assert len(kws) == len(set(kws)), code


def test_html_renders_every_category(tmp_path):
    cb = load_codebook()
    for lang in ("id", "en"):
        page = codebook_html(lang)
        for code in cb.urusan["code"]:
            assert f"<td><code>{code}</code></td>" in page
        for d in cb.doc_types:
            assert f"<td><code>{d['code']}</code></td>" in page
        for s in cb.stages:
            assert f"<td><code>{s['code']}</code></td>" in page
        for k in cb.cooperation_kinds:
            assert f"<td><code>{k['code']}</code></td>" in page
        assert cb.version in page
    assert "pertanian" in codebook_html("id") and "agriculture" in codebook_html("en")
    md = codebook_markdown("en")
    assert re.search(r"^\| 3\.27 \| agriculture \|", md, re.MULTILINE)
    paths = write_codebook(tmp_path)
    assert sorted(p.name for p in paths) == ["codebook_en.html", "codebook_en.md", "codebook_id.html", "codebook_id.md"]
