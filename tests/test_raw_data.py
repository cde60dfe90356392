"""data/raw is immutable: its files match the committed sha256 manifest."""

from __future__ import annotations

import hashlib

from kerjasama_study import config


def test_raw_files_match_sha256sums():
    lines = (config.RAW_DIR / "SHA256SUMS").read_text().split("\n")
    entries = [line.split("  ", 1) for line in lines if line.strip()]
    assert {name for _, name in entries} >= {"kerjasama_public_reports.csv", "kerjasama_public_reports_human_codes.csv"}
    for digest, name in entries:
        assert hashlib.sha256((config.RAW_DIR / name).read_bytes()).hexdigest() == digest, name


def test_every_raw_file_is_in_the_manifest():
    listed = {line.split("  ", 1)[1] for line in (config.RAW_DIR / "SHA256SUMS").read_text().splitlines() if line}
    present = {p.name for p in config.RAW_DIR.iterdir() if p.is_file() and p.name not in {"SHA256SUMS", "README.md"}}
    assert present == listed


def test_default_registers_exclude_coding_files():
    assert [p.name for p in config.default_registers()] == ["kerjasama_public_reports.csv"]
