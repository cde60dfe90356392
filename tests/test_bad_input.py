"""The bad-input corpus: hostile and awkward registers through the command line, as a new user would give them.

Every case runs ``kerjasama`` in-process against an output folder that already holds the tables of a good run,
and checks the exit code, the first line of the message (naming the file and, where it applies, the row or
column, and the fix), that no traceback is printed, and the state of the output folder afterwards: ``kept``
(byte-identical to before: nothing was replaced) or ``replaced`` (a complete new run, with what it must say).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from kerjasama_study import cli

GOOD_ROWS = [["1", "3/11/2025", "Pemkab Kotim dan Pemkab Seruyan", "KB", "pendidikan"],
             ["2", "8 Agustus 2025", "Kab. Sarolangun; Kab. Batang Hari", "PKS", "pelayanan publik"]]
HEADER = ["No", "Tanggal", "Pihak", "Jenis", "Tentang"]


def write_csv(path: Path, rows: list[list[object]], header: list[str] = HEADER, encoding: str = "utf-8",
              delimiter: str = ",") -> Path:
    with open(path, "w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh, delimiter=delimiter)
        if header:
            w.writerow(header)
        w.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[object]], header: list[str] | None = HEADER, edit=None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    if header:
        ws.append(header)
    for r in rows:
        ws.append(r)
    if edit:
        edit(wb, ws)
    wb.save(path)
    return path


@dataclass
class Case:
    """One bad or awkward input: how to make it, the command, and what must come out."""

    id: str
    make: Callable[[Path], list[str]]  # writes the input into the folder, returns the command line (without --out)
    code: int
    message: str  # a piece of the first line on stderr (code 2) or of the notes/reasons (code 0)
    state: str  # "kept" (output untouched) or "replaced"
    check: Callable[[Path], None] | None = field(default=None)
    out: bool = True  # add --out OUT to the command


def _csv(rows, header=HEADER, **kw):
    return lambda d: ["clean", str(write_csv(d / "r.csv", rows, header, **kw))]


def _bytes(name: str, data: bytes):
    def make(d: Path) -> list[str]:
        (d / name).write_bytes(data)
        return ["clean", str(d / name)]
    return make


def _xlsx(rows, header=HEADER, edit=None):
    return lambda d: ["clean", str(write_xlsx(d / "r.xlsx", rows, header, edit))]


def _quarantine(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "quarantine.csv", dtype=str)


def _agreements(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "agreements.csv", dtype=str, keep_default_na=False)


def _notes(out: Path) -> str:
    return " ".join(json.loads((out / "manifest.json").read_text())["notes"])


def _flag(record: str, flag: str):
    def check(out: Path) -> None:
        a = _agreements(out).set_index("record_id")
        assert flag in a.loc[record, "flags"].split(";")
    return check


def _merged(wb, ws):
    ws.merge_cells("B2:B3")


def _formula(wb, ws):
    ws["F1"] = "Catatan"
    ws["F2"] = "=LEN(C2)"


def _title_rows(n):
    return lambda d: ["clean", str(write_csv(d / "r.csv", [[f"judul {k}"] for k in range(n)] + [HEADER] + GOOD_ROWS,
                                             header=None))]


def _two_folders(d: Path) -> list[str]:
    for sub in ("a", "b"):
        (d / sub).mkdir()
    write_csv(d / "a" / "register.csv", GOOD_ROWS)
    write_csv(d / "b" / "register.csv", [["9", "2020", "Kota Palu; Kabupaten Sigi", "KB", "air"]])
    return ["clean", str(d / "a" / "register.csv"), str(d / "b" / "register.csv")]


def _same_twice(d: Path) -> list[str]:
    p = write_csv(d / "r.csv", GOOD_ROWS)
    return ["clean", str(p), str(p)]


def _folder_input(d: Path) -> list[str]:
    (d / "in").mkdir()
    write_csv(d / "in" / "one.csv", GOOD_ROWS)
    write_xlsx(d / "in" / "two.xlsx", [["5", "2021-01-05", "Kota Palu; Kabupaten Sigi", "KB", "air"]])
    return ["clean", str(d / "in")]


def _empty_folder(d: Path) -> list[str]:
    (d / "in").mkdir()
    return ["clean", str(d / "in")]


def _xls(d: Path) -> list[str]:
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("KSD")
    for i, row in enumerate([HEADER] + GOOD_ROWS):
        for j, v in enumerate(row):
            ws.write(i, j, v)
    wb.save(str(d / "r.xls"))
    return ["clean", str(d / "r.xls")]


def _ods(d: Path) -> list[str]:
    pd.DataFrame(GOOD_ROWS, columns=HEADER).to_excel(d / "r.ods", engine="odf", index=False)
    return ["clean", str(d / "r.ods")]


def _out_is_file(d: Path) -> list[str]:
    (d / "taken.txt").write_text("x")
    return ["clean", str(write_csv(d / "r.csv", GOOD_ROWS)), "--out", str(d / "taken.txt")]


def _out_foreign(d: Path) -> list[str]:
    (d / "mine").mkdir()
    (d / "mine" / "thesis.docx").write_text("x")
    return ["clean", str(write_csv(d / "r.csv", GOOD_ROWS)), "--out", str(d / "mine")]


def _out_unwritable(d: Path) -> list[str]:
    return ["clean", str(write_csv(d / "r.csv", GOOD_ROWS)), "--out", "/proc/kerjasama-out"]


def _code_on(damage: Callable[[Path], None]):
    def make(d: Path) -> list[str]:
        return ["code", "--processed", str(d / "OUT")]
    make.damage = damage  # applied to the populated output folder before the command
    return make


def _truncate_parquet(out: Path) -> None:
    p = out / "agreements.parquet"
    p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2])


def _break_manifest(out: Path) -> None:
    (out / "manifest.json").write_text("{ not json")


def _remove_manifest(out: Path) -> None:
    (out / "manifest.json").unlink()


def _interrupt(monkeypatch_target: str):
    def make(d: Path) -> list[str]:
        return ["clean", str(write_csv(d / "r.csv", GOOD_ROWS))]
    make.interrupt = monkeypatch_target
    return make


def _human_ids(d: Path) -> list[str]:
    rows = [["PR-001", "2021-01-05", "Kota Palu; Kabupaten Sigi", "KB", "air"],
            ["PR-002", "2021-02-05", "Kota Bekasi; Kabupaten Bogor", "KB", "sampah"]]
    return ["clean", str(write_csv(d / "r.csv", rows))]


MIXED = ("No,Tanggal,Pihak,Jenis,Tentang\n1,2021,Kota Palu; Kabupaten Sigi,KB,caf\u00e9\n".encode("utf-8")
         + "2,2022,Kabupaten Bantul; Kabupaten Sleman,KB,pariwisata \u2013 budaya\n".encode("cp1252"))
UNCLOSED = (b'No,Tanggal,Pihak,Jenis,Tentang\n1,2021,"Kota Palu; Kabupaten Sigi,KB,air\n'
            b"2,2022,Kabupaten Bantul; Kabupaten Sleman,KB,pariwisata\n3,2023,Kota Medan; Kabupaten Deli Serdang,KB,"
            b"banjir\n")

CASES = [
    # --- files that cannot be read as a register: exit 2, nothing replaced
    Case("empty_file", _bytes("r.csv", b""), 2, "r.csv: the file is empty", "kept"),
    Case("blank_lines_only", _bytes("r.csv", b"\n \n\r\n"), 2, "r.csv: the file is empty", "kept"),
    Case("binary_file", _bytes("r.csv", b"\x00\x01\x02PK\x00" * 50), 2, "not a text file", "kept"),
    Case("prose_no_header", _bytes("r.csv", b"Laporan kerja sama tahun ini baik.\nTerima kasih.\n"), 2,
         "no header row found in the first 100 rows", "kept"),
    Case("no_party_column", _csv(GOOD_ROWS, ["No", "Tanggal", "Mitra Kerja", "Jenis", "Tentang"]), 2,
         "looks like the header row", "kept"),
    Case("no_date_column", _csv([r[:1] + r[2:] for r in GOOD_ROWS], ["No", "Pihak", "Jenis", "Tentang"]), 2,
         "missing required column 'date_signed'", "kept"),
    Case("unsupported_type", _bytes("r.pdf", b"%PDF-1.4"), 2, "unsupported file type '.pdf'", "kept"),
    Case("no_extension", _bytes("register", b"No,Tanggal,Pihak\n"), 2, "unsupported file type '(none)'", "kept"),
    Case("missing_file", lambda d: ["clean", str(d / "nope.csv")], 2, "nope.csv: no such file", "kept"),
    Case("empty_folder", _empty_folder, 2, "the folder holds no register", "kept"),
    Case("same_file_twice", _same_twice, 2, "the same file is given twice", "kept"),
    Case("unclosed_quote", _bytes("r.csv", UNCLOSED), 2, "line 2, column 'Pihak': a quote", "kept"),
    Case("broken_xlsx", _bytes("r.xlsx", b"PK\x03\x04 this is not a workbook"), 2, "cannot open the workbook", "kept"),
    Case("empty_workbook", _xlsx([], header=None), 2, "no register found in the workbook", "kept"),
    Case("workbook_without_header", _xlsx([["catatan rapat"], ["tidak ada tabel"]], header=None), 2,
         "no header row found", "kept"),
    Case("workbook_no_party_column", _xlsx(GOOD_ROWS, ["No", "Tanggal", "Daerah X", "Jenis", "Tentang"]), 2,
         "looks like the header row", "kept"),
    Case("owner_not_a_region", lambda d: ["clean", str(write_csv(d / "r.csv", GOOD_ROWS)), "--owner", "Biro Umum"],
         2, "--owner 'Biro Umum' is not a region", "kept"),
    Case("owner_ambiguous", lambda d: ["clean", str(write_csv(d / "r.csv", GOOD_ROWS)), "--owner", "Bandung"], 2,
         "(candidates: 32.04 Kabupaten Bandung; 32.73 Kota Bandung)", "kept"),
    Case("out_is_a_file", _out_is_file, 2, "is a file, not a folder", "kept", out=False),
    Case("out_holds_other_files", _out_foreign, 2, "holds files not written by kerjasama (thesis.docx)", "kept",
         out=False),
    Case("out_unwritable", _out_unwritable, 2, "cannot write the output folder", "kept", out=False),
    Case("code_truncated_parquet", _code_on(_truncate_parquet), 2, "agreements.parquet: cannot be read", "kept",
         out=False),
    Case("code_damaged_manifest", _code_on(_break_manifest), 2, "manifest.json: damaged", "kept", out=False),
    Case("code_without_manifest", _code_on(_remove_manifest), 2, "manifest.json: missing", "kept", out=False),
    Case("interrupted_while_writing", _interrupt("write_tables"), 130, "interrupted: nothing was replaced", "kept"),
    Case("interrupted_while_reading", _interrupt("read_register"), 130, "interrupted", "kept"),
    # --- awkward but readable: exit 0, a complete new folder that says what happened
    Case("utf16_excel_unicode_text", lambda d: ["clean", str(write_csv(d / "r.txt", GOOD_ROWS, encoding="utf-16",
                                                                         delimiter="\t"))], 0, "", "replaced",
         check=lambda o: _agreements(o).shape[0] == 2 or pytest.fail("UTF-16 rows lost")),
    Case("mixed_encodings", _bytes("r.csv", MIXED), 0, "mixed encodings: 1 line(s) read as UTF-8 and 1 as cp1252",
         "replaced", check=lambda o: _agreements(o)["subject"].tolist() == ["café", "pariwisata – budaya"]
         or pytest.fail("mojibake")),
    Case("month_first_register", _csv([["1", "12/25/2024", "Kota Palu; Kabupaten Sigi", "KB", "air"],
                                       ["2", "3/14/2023", "Kota Bekasi; Kabupaten Bogor", "KB", "air"],
                                       ["3", "1/2/2022", "Kota Medan; Kabupaten Deli Serdang", "KB", "air"]]), 0,
         "dates read month first", "replaced",
         check=lambda o: _agreements(o)["date_signed"].tolist() == ["2024-12-25", "2023-03-14", "2022-01-02"]
         or pytest.fail("not month first")),
    Case("month_25_suggests_monthfirst", _csv([["1", "3/25/2024", "Kota Palu; Kabupaten Sigi", "KB", "air"],
                                               ["2", "25/3/2024", "Kota Bekasi; Kabupaten Bogor", "KB", "air"]]), 0,
         "month 25 does not exist (if the register writes the month first (mm/dd/yyyy), run with --monthfirst)",
         "replaced"),
    Case("two_digit_year", _csv([["1", "1/1/69", "Kota Palu; Kabupaten Sigi", "KB", "air"]] + GOOD_ROWS[1:]), 0,
         "", "replaced", check=lambda o: (_flag("1", "two_digit_year")(o),
                                          _agreements(o).loc[0, "date_signed"] == "1969-01-01" or pytest.fail())),
    Case("future_date", _csv([["1", "1/1/2099", "Kota Palu; Kabupaten Sigi", "KB", "air"]] + GOOD_ROWS[1:]), 0,
         "", "replaced", check=_flag("1", "date_in_future")),
    Case("date_before_1945", _csv([["1", "1900-01-01", "Kota Palu; Kabupaten Sigi", "KB", "air"]] + GOOD_ROWS[1:]),
         0, "", "replaced", check=_flag("1", "date_before_1945")),
    Case("impossible_date", _csv([["1", "31/02/2024", "Kota Palu; Kabupaten Sigi", "KB", "air"]] + GOOD_ROWS[1:]),
         0, "impossible date: day 31 does not exist in 2024-02 (column 'Tanggal')", "replaced"),
    Case("formula_without_value", _xlsx(GOOD_ROWS, edit=_formula), 0,
         "1 cell(s) hold a formula saved without its value and are read as empty (F2)", "replaced"),
    Case("merged_cells", _xlsx(GOOD_ROWS, edit=_merged), 0, "merged range(s): the value of the first cell was copied",
         "replaced", check=lambda o: _agreements(o)["date_raw"].tolist() == ["3/11/2025", "3/11/2025"]
         or pytest.fail("merged value lost")),
    Case("duplicate_date_header", _csv([r + ["2020"] for r in GOOD_ROWS], HEADER + ["Tanggal"]), 0,
         "header 'Tanggal' appears twice (columns 2 and 6)", "replaced"),
    Case("header_on_row_35", _title_rows(34), 0, "", "replaced",
         check=lambda o: _agreements(o)["source_row"].tolist() == ["36", "37"] or pytest.fail()),
    Case("one_megabyte_cell", _csv([GOOD_ROWS[0][:4] + ["x" * 1_000_000], GOOD_ROWS[1]]), 0, "", "replaced",
         check=lambda o: len(_agreements(o).loc[0, "subject"]) == 1_000_000 or pytest.fail()),
    Case("ragged_rows", _bytes("r.csv", b"No,Tanggal,Pihak,Jenis,Tentang\n1,2021,Kota Palu; Kabupaten Sigi\n"
                                        b"2,2022,Kota Medan; Kabupaten Deli Serdang,KB,air,extra\n"), 0,
         "1 row(s) have fewer cells than the header (5); the missing cells are read as empty: line(s) 2", "replaced"),
    Case("folder_input", _folder_input, 0, "", "replaced",
         check=lambda o: sorted(_agreements(o)["source_file"]) == ["one.csv", "one.csv", "two.xlsx"] or pytest.fail()),
    Case("same_name_two_folders", _two_folders, 0, "", "replaced",
         check=lambda o: sorted(set(_agreements(o)["source_file"])) == ["a/register.csv", "b/register.csv"]
         or pytest.fail()),
    Case("xls_workbook", _xls, 0, "", "replaced", check=lambda o: len(_agreements(o)) == 2 or pytest.fail()),
    Case("ods_workbook", _ods, 0, "", "replaced", check=lambda o: len(_agreements(o)) == 2 or pytest.fail()),
    Case("dash_and_na_are_empty", _csv([["1", "3/11/2025", "Kota Palu; Kabupaten Sigi", "–", "n/a"],
                                        ["2", "-", "Kota Bekasi; Kabupaten Bogor", "KB", "-"]]), 0, "", "replaced",
         check=lambda o: (_agreements(o)["subject"].tolist() == ["", ""] and _flag("2", "no_date")(o) is None)
         or pytest.fail()),
    Case("partner_only_without_owner", _csv([["1", "2021", "Universitas Andalas", "MoU", "riset"]],
                                            ["No", "Tanggal", "Mitra", "Jenis", "Tentang"]), 0,
         "no party resolves to a region: Universitas Andalas [pihak_ketiga] (a partner-only register: name your "
         "region with --owner)", "replaced"),
    Case("title_names_two_regions", lambda d: ["clean", str(write_csv(
        d / "r.csv", [["KERJA SAMA KABUPATEN BANTUL DAN KABUPATEN SLEMAN"], ["No", "Tanggal", "Mitra"],
                      ["1", "2021", "Universitas Gadjah Mada"]], header=None))], 0,
         "the title rows name several regions (Kabupaten Bantul, Kabupaten Sleman)", "replaced"),
    Case("user_ids_like_the_project", _human_ids, 0, "", "replaced"),
    Case("formula_payloads", _csv([["1", "2021", "Kota Palu; Kabupaten Sigi", "KB", "=HYPERLINK(\"http://x\")"]]), 0,
         "", "replaced", check=lambda o: _agreements(o).loc[0, "subject"].startswith("'=HYPERLINK") or pytest.fail()),
]


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def good_output(tmp_path_factory) -> Path:
    """A folder holding the tables of a good run (cleaned and coded when the reference mirror is there)."""
    d = tmp_path_factory.mktemp("good")
    reg = write_csv(d / "good.csv", GOOD_ROWS)
    out = d / "OUT"
    assert cli.main(["clean", str(reg), "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, tmp_path, good_output, capsys, monkeypatch):
    import shutil

    out = tmp_path / "OUT"
    shutil.copytree(good_output, out)
    damage = getattr(case.make, "damage", None)
    if damage:
        damage(out)
    before = _snapshot(out)
    argv = case.make(tmp_path)
    if case.out:
        argv += ["--out", str(out)]
    target = getattr(case.make, "interrupt", None)
    if target:
        from kerjasama_study import clean, pipeline

        def stop(*a, **k):
            raise KeyboardInterrupt

        monkeypatch.setattr(pipeline if target == "write_tables" else clean, target, stop)
    capsys.readouterr()
    code = cli.main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code == case.code, err
    if code != 0:
        first = err.strip().splitlines()[0]
        assert case.message in first, first
        assert len(err.strip().splitlines()) == 1
    else:
        said = " ".join([_notes(out), " ".join(_quarantine(out)["reason"].dropna())])
        assert case.message in said, said
    if case.state == "kept":
        assert _snapshot(out) == before
    else:
        assert (out / "manifest.json").exists() and _snapshot(out) != before
        manifest = json.loads((out / "manifest.json").read_text())
        assert all(i["data_rows"] == i["kept"] + i["quarantined"] for i in manifest["inputs"])
        assert not (out / "sectors.parquet").exists()  # a re-clean leaves no coded table of an earlier run
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".OUT.")], "temporary folders left behind"
    if case.check:
        case.check(out)


def test_the_corpus_is_large():
    assert len(CASES) >= 40
    assert {c.code for c in CASES} == {0, 2, 130}


def test_code_keeps_previous_coded_tables_when_it_fails(tmp_path, coded_dir):
    import shutil

    d, _ = coded_dir
    out = tmp_path / "coded"
    shutil.copytree(d, out)
    before = _snapshot(out)
    (out / "parties.parquet").write_bytes(b"PAR1 broken")
    before["parties.parquet"] = _snapshot(out)["parties.parquet"]
    assert cli.main(["code", "--processed", str(out)]) == 2
    assert _snapshot(out) == before


def test_human_codes_of_other_records_are_not_used(tmp_path, capsys):
    from kerjasama_study.pipeline import clean_to_dir, code_to_dir

    if not Path(__file__).parents[1].joinpath("data/raw").exists():  # pragma: no cover
        pytest.skip("no data/raw")
    reg = _human_ids(tmp_path)[1]
    clean_to_dir([reg], tmp_path / "p")
    manifest = code_to_dir(tmp_path / "p")
    assert not (tmp_path / "p" / "reliability.parquet").exists()
    assert "not used: 0 of 2 records with the same id have the same region parties" in manifest["coding"][
        "human_codes_note"]


def test_dates_are_flagged_not_used_as_analysis_date():
    from kerjasama_study.clean import clean_frame
    from kerjasama_study.followthrough import as_of_date

    r = clean_frame(pd.DataFrame({"tanggal": ["1/1/2099", "2021-03-04", "1900-01-01"],
                                  "pihak": ["Kota Palu; Kabupaten Sigi"] * 3, "bidang": ["a", "b", "c"]}))
    assert r.agreements["flags"].tolist() == ["date_in_future", "", "date_before_1945"]
    assert as_of_date(r.agreements) == pd.Timestamp("2021-03-04")
    assert dt.date.today().year < 2099
