"""kerjasama_study: clean and code records of Indonesian regional cooperation agreements.

The library turns cooperation registers (CSV or Excel, as kept by a Bagian Kerja Sama or compiled from
public reports) into tidy, validated tables, and codes them by sector, document stage and cooperation kind.

Layers, lowest first (a module imports only from its own layer or below):

- utilities: ``config`` (every path), ``text`` (folding, blank cells, empty markers, per-distinct-value
  mapping, phrase tries), ``outputs`` (atomic folders, hashes, formula-safe CSV), ``i18n`` (report texts,
  Markdown escaping), ``graphs`` (betweenness and greedy modularity on a dense matrix, networkx's results),
  ``background`` (one function in a forked process)
- input parsing: ``headers`` (header synonyms), ``readers`` (CSV/XLSX/XLS/ODS, encodings, notes), ``dates``
  (date cells, precision, plausibility), ``parties`` (splitting party cells), ``articles`` (news articles from
  JSON Lines, text and HTML files)
- reference data: ``regions`` (gazetteer, aliases, party-kind cues), ``reference`` (registry of third-party
  files), ``geo`` (boundaries, neighbours, centroids)
- cleaning: ``clean`` (rows kept or quarantined, owner, flags), ``schemas`` (data contracts), ``synthetic``
  (seeded messy registers with their truth)
- coding: ``codebook`` (versioned rules and their rendering), ``coding`` (sectors, document type, kind),
  ``dyads``, ``followthrough`` (lifecycles, follow-through measures), ``panels`` (region-year, pair-year),
  ``reliability``, ``labels`` (codes, yes/no, numbers and dates as readers see them, from the codebook),
  ``extract`` (news articles to register rows, one per event; reads subjects with the sector keywords)
- analysis: ``analysis`` (tables for reports), ``survival``, ``partners``, ``plots``, ``extract_eval``
  (extraction scored against a gold file)
- reporting and orchestration: ``provenance`` (colophon), ``quality``, ``dictionary`` (data dictionary, data
  package), ``report`` (notebooks to HTML, Excel), ``pagecheck`` (built pages read for raw names, Python values
  and English), ``pipeline`` (the clean and code steps), ``cli``

>>> from kerjasama_study import resolve_name
>>> resolve_name("Pemkab Kotim").region_code
'62.02'
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kerjasama-study")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__", "resolve_name"]


def __getattr__(name: str):
    # loaded on first use, so that `kerjasama` starts (and answers Ctrl-C) before pandas and the gazetteer load
    if name == "resolve_name":
        from .regions import resolve_name

        return resolve_name
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
