"""kerjasama_study: clean and code records of Indonesian regional cooperation agreements.

The library turns cooperation registers (CSV or Excel, as kept by a Bagian Kerja Sama or compiled from
public reports) into tidy, validated tables, and codes them by sector, document stage and cooperation kind.

>>> from kerjasama_study import resolve_name
>>> resolve_name("Pemkab Kotim").region_code
'62.02'
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kerjasama-study")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

from .regions import resolve_name  # noqa: E402

__all__ = ["__version__", "resolve_name"]
