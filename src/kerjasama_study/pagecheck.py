"""Read built report pages as their readers do and list what should not be there.

A page must not show raw column names (``record_id``, ``expiry_basis``), Python values (``True``, ``None``,
``<NA>``, ``nan``) or, on an Indonesian page, English words from a short deny-list. Only what a reader sees is
scanned: the text of the page and the ``alt``/``title`` text of its elements; styles, scripts, links' addresses and
URLs written out in the text are left aside. The deny-list and the literals live in ``data/page_checks.yml``.

>>> page = ('<head><style>p{}</style><title>the</title></head><p>3 catatan</p><td>record_id</td><td>True</td>'
...         '<td class="verbatim">signed the MoU</td><td>reached_pks</td><img alt="Grafik of the year">')
>>> [(f.kind, f.word) for f in scan_html(page, "id", columns={"record_id"})]
[('column', 'record_id'), ('literal', 'True'), ('code', 'reached_pks'), ('english', 'of'), ('english', 'the')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import yaml

from . import config

CHECKS_FILE = config.PACKAGE_DATA_DIR / "page_checks.yml"
#: Addresses and file names are the user's own: not read.
_URL = re.compile(r"(?:https?://|www\.)\S+|[\w.-]+\.(?:xlsx|xlsm|xls|ods|csv|txt|md|html|json|jsonl|yml)\b")
_TOKEN = re.compile(r"<NA>|[A-Za-z_][A-Za-z0-9_]*")
#: A raw identifier: lower-case words joined by underscores (``reached_pks``, ``kb_in_data``).
_IDENTIFIER = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+")


@dataclass(frozen=True)
class Finding:
    """One thing a reader should not see: ``kind`` is column (a column name), code (another raw identifier),
    literal (a Python value) or english (a deny-listed English word on an Indonesian page)."""

    page: str
    kind: str
    word: str
    context: str


class _Visible(HTMLParser):
    """Collects the text a reader sees, one chunk per text node or alt/title attribute."""

    #: Not read: styles, scripts, the head, and text set as code (commands, file and parameter names to copy).
    SKIP = frozenset({"script", "style", "head", "title", "code", "pre"})
    # Also not read: cells of class ``verbatim`` (the register's own words, quoted as written).

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip = 0
        self._skip_tag = ""

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self._skip:  # inside a skipped element: only count nested elements of its own tag
            self._skip += tag == self._skip_tag
            return
        if tag in self.SKIP or "verbatim" in classes:
            self._skip, self._skip_tag = 1, tag
            return
        for name, value in attrs:
            if name in ("alt", "title", "aria-label") and value:
                self.chunks.append(value)

    def handle_endtag(self, tag):
        if self._skip and tag == self._skip_tag:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data)


@lru_cache(maxsize=1)
def rules() -> dict:
    """The literals and the deny-list of English words (``data/page_checks.yml``)."""
    return yaml.safe_load(CHECKS_FILE.read_text(encoding="utf-8"))


def raw_column_names() -> set[str]:
    """Every column name of every written table (from the schemas) that a reader could not mistake for a word."""
    from .codebook import load_codebook
    from .schemas import SCHEMAS

    names = {v["name"] for v in load_codebook().raw["variables"]} | set(load_codebook().raw["report_columns"])
    for schema in SCHEMAS.values():
        names |= set(schema.to_schema().columns)
    return {c for c in names if "_" in c}


def visible_text(page: str) -> list[str]:
    parser = _Visible()
    parser.feed(page)
    return parser.chunks


def scan_html(page: str, lang: str, columns: set[str] | None = None, name: str = "") -> list[Finding]:
    """Everything on ``page`` that is a raw column name, a Python value or (Indonesian pages) an English word."""
    r = rules()
    columns = raw_column_names() if columns is None else columns
    literals = set(r["literals"])
    english = {w.lower() for w in r["english_denylist"]} if lang == "id" else set()
    found = []
    for chunk in visible_text(page):
        text = _URL.sub(" ", chunk)
        for m in _TOKEN.finditer(text):
            word = m.group(0)
            kind = ("column" if word in columns else "literal" if word in literals
                    else "code" if _IDENTIFIER.fullmatch(word) else "english" if word.lower() in english else None)
            if kind:
                ctx = " ".join(text[max(0, m.start() - 40):m.end() + 40].split())
                found.append(Finding(name, kind, word, ctx))
    return found


_HTML_LANG = re.compile(r"""<html[^>]*\blang=["']?([a-z]{2})""", re.IGNORECASE)


def page_language(page: str) -> str:
    """The page's language from its ``<html lang>`` (``id`` when it does not say).

    >>> page_language("<!DOCTYPE html><html lang='en'><body>"), page_language("<p>x</p>")
    ('en', 'id')
    """
    m = _HTML_LANG.search(page[:2000])
    return m.group(1).lower() if m else "id"


def scan_reports(reports_dir: Path) -> list[Finding]:
    """Scan every HTML page under ``reports_dir``."""
    columns = raw_column_names()
    found = []
    for path in sorted(Path(reports_dir).rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        found += scan_html(page, page_language(page), columns, name=str(path.relative_to(reports_dir)))
    return found


def summary(findings: list[Finding]) -> dict[str, int]:
    """Counts by kind (column, code, literal, english)."""
    out = {"column": 0, "code": 0, "literal": 0, "english": 0}
    for f in findings:
        out[f.kind] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m kerjasama_study.pagecheck [REPORTS_DIR]``: print every finding and the counts; exit 1 if any."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else config.REPORTS_DIR
    findings = scan_reports(folder)
    for f in findings:
        print(f"{f.page}\t{f.kind}\t{f.word}\t{f.context}")
    print(summary(findings))
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
