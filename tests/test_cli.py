"""The kerjasama command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kerjasama_study.cli import build_parser, main


@pytest.mark.parametrize("command", [[], ["clean"], ["resolve"], ["build"], ["code"], ["codebook"]])
def test_help_on_every_subcommand(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main(command + ["--help"])
    assert exc.value.code == 0
    assert "usage: kerjasama" in capsys.readouterr().out


def test_every_subcommand_is_listed():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert {"clean", "resolve", "build", "code", "codebook"} <= set(sub.choices)


def test_resolve_prints_code_name_kind_score(capsys):
    assert main(["resolve", "Pemkab Kotim", "Bandung"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split("\t") == ["Pemkab Kotim", "62.02", "Kabupaten Kotawaringin Timur", "kabupaten", "alias", "100.0"]
    assert out[1].startswith("Bandung\t\tBandung\tunknown\tambiguous")


def test_clean_to_a_folder_and_error_exit(tmp_path, messy_csv, capsys):
    assert main(["clean", str(messy_csv), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "18 data rows (1 blank) -> 14 kept, 4 quarantined" in out
    bad = tmp_path / "bad.csv"
    bad.write_text("No,Para Pihak\n1,Kota Palu\n", encoding="utf-8")
    assert main(["clean", str(bad), "--out", str(tmp_path / "out2")]) == 2
    err = capsys.readouterr().err
    assert "bad.csv: missing required column 'date_signed'" in err
    assert not (tmp_path / "out2").exists() or not any((tmp_path / "out2").iterdir())


def test_console_script_is_installed():
    proc = subprocess.run([sys.executable, "-m", "kerjasama_study.cli", "resolve", "Kab. Batang Hari"],
                          capture_output=True, text=True, check=True)
    assert proc.stdout.split("\t")[1] == "15.04"


def test_code_and_codebook_subcommands(tmp_path, default_register, capsys):
    assert main(["clean", str(default_register), "--out", str(tmp_path)]) == 0
    assert main(["code", "--processed", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "codebook 20" in out and "sectors" in out
    assert main(["codebook", "--out", str(tmp_path / "cb")]) == 0
    assert (tmp_path / "cb" / "codebook_id.html").exists()
