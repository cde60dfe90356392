"""The ``kerjasama`` command line.

>>> main(["resolve", "Pemkab Kotim"])  # doctest: +NORMALIZE_WHITESPACE
Pemkab Kotim 62.02 Kabupaten Kotawaringin Timur kabupaten alias 100.0
0
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import __version__, config


def _cmd_clean(args) -> int:
    from .pipeline import clean_to_dir

    t0 = time.perf_counter()
    manifest = clean_to_dir(args.inputs or None, args.out, dayfirst=False if args.monthfirst else None,
                            owner=args.owner)
    for info in manifest["inputs"]:
        print(f"{info['path']}: {info['data_rows']} data rows ({info['blank_rows']} blank) -> "
              f"{info['kept']} kept, {info['quarantined']} quarantined")
        for sheet in info["sheets"]:
            if sheet.get("owner"):
                print(f"  owner: {sheet['owner']} (from {sheet['owner_source']})")
    for note in manifest["notes"]:
        print(f"note: {note}")
    out = Path(args.out) if args.out else config.PROCESSED_DIR
    rows = ", ".join(f"{k} {v['rows']}" for k, v in manifest["outputs"].items())
    print(f"wrote {out}: {rows} ({time.perf_counter() - t0:.1f} s)")
    return 0


def _count(n: int, noun: str) -> str:
    """``_count(1, "event")`` -> ``"1 event"``, ``_count(3, "event")`` -> ``"3 events"``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _cmd_extract(args) -> int:
    from .pipeline import extract_to_files

    t0 = time.perf_counter()
    summary = extract_to_files(args.inputs, args.out, args.log, as_of=args.as_of)
    if summary is None:
        return EXIT_BAD_INPUT
    for problem in summary["problems"]:
        print(f"problem: {problem}", file=sys.stderr)
    log, out = summary["files"]
    problems, reporting = len(summary["problems"]), summary["event_articles"]
    print(f"read {_count(summary['articles'], 'article')} ({_count(problems, 'input')} could not be read; see the "
          f"log); {reporting} {'reports' if reporting == 1 else 'report'} a cooperation event, merged into "
          f"{_count(summary['events'], 'event')}")
    print(f"wrote {out} ({_count(summary['events'], 'row')}) and {log} (one row per input article); news cues "
          f"{summary['news_cues_version']}, dates read as of {summary['as_of']} ({time.perf_counter() - t0:.1f} s)")
    return 0


def _cmd_resolve(args) -> int:
    from .regions import resolve_name

    print("name\tcode\tcanonical\tkind\tmethod\tscore", file=sys.stderr)
    for name in args.names:
        m = resolve_name(name)
        score = "" if m.match_score is None else f"{m.match_score:.1f}"
        row = [name, m.region_code or "", m.name_canonical, m.party_kind, m.match_method, score]
        if m.candidates:
            row.append(f"candidates: {m.candidates}")
        print("\t".join(row))
    return 0


def _cmd_code(args) -> int:
    from .pipeline import code_to_dir

    t0 = time.perf_counter()
    manifest = code_to_dir(args.processed, args.human_codes, as_of=args.as_of, jobs=args.jobs)
    coding = manifest["coding"]
    rows = ", ".join(f"{k} {v['rows']}" for k, v in coding["outputs"].items())
    print(f"codebook {coding['codebook_version']}: wrote {rows} ({time.perf_counter() - t0:.1f} s)")
    for item in coding["missing_covariates"]:
        print(f"missing covariate: {item}")
    if coding.get("human_codes_note"):
        print(f"note: {coding['human_codes_note']}")
    return 0


def _cmd_codebook(args) -> int:
    from .codebook import write_codebook

    for path in write_codebook(args.out):
        print(f"wrote {path}")
    return 0


def _build_kwargs(args) -> dict:
    return {"inputs": args.inputs or None, "params_file": args.params, "only": args.only or None,
            "lang": args.lang, "processed_dir": args.processed, "reports_dir": args.reports, "owner": args.owner,
            "dayfirst": False if args.monthfirst else None, "as_of": args.as_of, "force": args.force,
            "variants_file": args.variants}


def _cmd_build(args) -> int:
    from .build import build_reports, plan, status_lines

    if args.dry_run:
        return _print_status(plan(**_build_kwargs(args)), status_lines)
    build_reports(**_build_kwargs(args), timeout=args.timeout, jobs=args.jobs, verbose=args.verbose,
                  tty=None if not args.verbose else False, log=lambda msg: print(msg, flush=True))
    return 0


def _cmd_status(args) -> int:
    from .build import plan, status_lines

    return _print_status(plan(**_build_kwargs(args)), status_lines)


def _print_status(p: dict, status_lines) -> int:
    for line in status_lines(p):
        print(line)
    stale = sum(s.stale for s in p["steps"])
    print(f"{stale} of {len(p['steps'])} steps stale" if stale else "everything is up to date")
    return 0


def _register_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--owner", metavar="REGION", default=None,
                   help="the region that keeps the register, for registers that list only the partner (a name "
                   "such as 'Provinsi Jawa Barat' or a Kemendagri code); added as the first party of every record")
    p.add_argument("--monthfirst", action="store_true",
                   help="read numeric dates as mm/dd/yyyy (default: dd/mm/yyyy, unless a sheet is plainly month first)")


def _iso_date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def _as_of_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", metavar="YYYY-MM-DD", default=None,
                   help="the date at which follow-through and watch lists are measured (default: today); pin it "
                   "to reproduce earlier figures")


def _build_options(p: argparse.ArgumentParser) -> None:
    """The options that say what a build is made of (shared by ``build`` and ``status``)."""
    p.add_argument("--input", dest="inputs", action="append", type=Path, metavar="FILE",
                   help="a register to use instead of data/raw (repeatable)")
    p.add_argument("--params", type=Path, default=None, metavar="FILE",
                   help="YAML of parameters: keys are report names, notebook names or 'all'")
    p.add_argument("--only", action="append", metavar="NAME", help="build only this report or notebook (repeatable)")
    p.add_argument("--lang", choices=["id", "en", "both"], default="both",
                   help="report language: id, en, or both (default: every report in Indonesian and, as <name>_en, "
                   "in English)")
    p.add_argument("--processed", type=Path, default=config.PROCESSED_DIR, help="processed-data folder")
    p.add_argument("--reports", type=Path, default=config.REPORTS_DIR, help="reports folder")
    p.add_argument("--variants", type=Path, default=None, metavar="FILE",
                   help="the report variants to build (default: reports.yml of the project)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kerjasama",
        description="Clean and code registers of Indonesian regional cooperation agreements (kerja sama daerah).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("clean", help="clean registers into data/processed (agreements, parties, quarantine)",
                       description="Read registers (CSV or XLSX), resolve parties and dates, and write "
                       "agreements, parties, quarantine (CSV + Parquet) and manifest.json. Every input row is "
                       "either kept or quarantined with a reason.")
    p.add_argument("inputs", nargs="*", type=Path, metavar="INPUT",
                   help="register files or folders of them (default: every .csv/.xlsx/.xls/.ods register in data/raw)")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: data/processed)")
    _register_options(p)
    p.set_defaults(func=_cmd_clean)

    p = sub.add_parser("extract", help="turn news articles into a register, one row per cooperation event",
                       description="Read news articles (JSON Lines with url, title, text and optional published "
                       "and doc_id; or .txt, .md, .html files; or folders of them), decide which report a "
                       "cooperation event, merge the copies of one event, and write a register that `kerjasama "
                       "clean` and `kerjasama build --input` read, with evidence columns, plus a log of every "
                       "input article and its decision.")
    p.add_argument("inputs", nargs="+", type=Path, metavar="INPUT", help="article files or folders of them")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.csv", help="the register to write")
    p.add_argument("--log", type=Path, default=None, metavar="FILE.csv",
                   help="the decision log (default: <out>_log.csv beside the register)")
    p.add_argument("--as-of", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                   help="the latest date a date written without its year can take (default: today); pin it to "
                   "reproduce an earlier extraction")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("resolve", help="resolve region names to Kemendagri codes",
                       description="Print, per name: the Kemendagri code, canonical name, party kind, match "
                       "method and score (tab-separated).")
    p.add_argument("names", nargs="+", metavar="NAME", help='names such as "Pemkab Kotim" or "Kab. Batang Hari"')
    p.set_defaults(func=_cmd_resolve)

    p = sub.add_parser("code", help="code the cleaned tables (sectors, document type, kind, regions, dyads)",
                       description="Code the cleaned tables in --processed: sectors (urusan), document type and "
                       "stage, cooperation kind, KSDD basis, regime; write sectors, regions, adjacency, dyads and "
                       "(when a human coding of the records exists) reliability tables.")
    p.add_argument("--processed", type=Path, default=config.PROCESSED_DIR, help="processed-data folder")
    p.add_argument("--human-codes", type=Path, default=None,
                   help="human coding to compare with (default: data/raw/*_human_codes.csv)")
    _as_of_option(p)
    p.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="processes (default: the available cores; 1 computes everything in one process; the "
                   "outputs are the same)")
    p.set_defaults(func=_cmd_code)

    p = sub.add_parser("codebook", help="write the readable codebook (Markdown and HTML, id and en)",
                       description="Write codebook_id.md, codebook_id.html, codebook_en.md and codebook_en.html "
                       "from the codebook data files.")
    p.add_argument("--out", type=Path, default=config.REPORTS_DIR, help="output folder (default: reports)")
    p.set_defaults(func=_cmd_codebook)

    p = sub.add_parser("build", help="clean and code the registers and write the reports",
                       description="Run every step: clean the registers into data/processed, code them, run the "
                       "notebooks of reports.yml with papermill and write reports/<name>.html, index.html, "
                       "manifest.json, the codebook, the data-quality summary and kerjasama_tables.xlsx. A failing "
                       "notebook leaves the previous reports intact.")
    _build_options(p)
    p.add_argument("--timeout", type=int, default=900, help="execution timeout per notebook cell, seconds")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="reports run at once (default: the number of cores); outputs are the same for any N")
    p.add_argument("--force", action="store_true", help="ignore the build cache: run every step")
    p.add_argument("--dry-run", action="store_true",
                   help="list every step as up to date or stale, with the reason, and run nothing")
    p.add_argument("--verbose", action="store_true", help="plain progress lines and the kernels' own messages")
    _register_options(p)
    _as_of_option(p)
    p.set_defaults(func=_cmd_build)

    s = sub.add_parser("status", help="which build steps are up to date or stale, and why (runs nothing)",
                       description="The same as `kerjasama build --dry-run`: every step (clean, code, each "
                       "report in each language) as up to date or stale, with the reason.")
    _build_options(s)
    s.add_argument("--force", action="store_true", help="show every step as stale (what --force would run)")
    _register_options(s)
    _as_of_option(s)
    s.set_defaults(func=_cmd_status, dry_run=True)
    return parser


#: Exit codes: 0 done, 1 an unexpected failure (a bug: please report it with --debug), 2 bad input or a failed
#: report, 130 interrupted (Ctrl-C).
EXIT_OK, EXIT_BUG, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


def main(argv: list[str] | None = None) -> int:
    """Run one command; user errors end in one line on stderr and exit code 2, never a traceback (``--debug``
    shows it), and Ctrl-C in one line and exit code 130, the previous outputs untouched."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv  # accepted anywhere on the line
    args = build_parser().parse_args([a for a in argv if a != "--debug"])
    args.debug = debug
    try:
        return args.func(args)
    except KeyboardInterrupt:
        if debug:
            raise
        print("interrupted: nothing was replaced; the previous outputs are as they were", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if debug:
            raise
        return _report_error(exc)


def _report_error(exc: Exception) -> int:
    """One line on stderr for an error, and its exit code (the error classes are imported only when needed, so
    that nothing heavy loads before the command's own error handling is in place)."""
    from .outputs import OutputError
    from .readers import RegisterError
    from .reference import ReferenceDataError
    from .report import BuildError

    if isinstance(exc, (RegisterError, FileNotFoundError, ReferenceDataError, BuildError, OutputError)):
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if isinstance(exc, PermissionError):
        print(f"error: {exc.filename}: permission denied ({exc.strerror}); choose a file or folder you can "
              "read and write", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"error: unexpected {type(exc).__name__}: {exc}. This is a bug in kerjasama-study; run the same "
          "command with --debug and report the traceback", file=sys.stderr)
    return EXIT_BUG


def run() -> None:  # pragma: no cover - the console script
    """The ``kerjasama`` console script: :func:`main`, then exit; a Ctrl-C after the work is done (while Python
    shuts down) is ignored, since there is nothing left to interrupt."""
    import signal

    code = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
