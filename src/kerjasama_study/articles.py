"""Read news articles for ``kerjasama extract``: JSON Lines, text, Markdown and HTML files, or folders of them.

Every input article becomes an :class:`Article`; every input that cannot be read becomes an
:class:`InputProblem` naming the file, the line and the fix, and the rest is still read. Nothing is skipped
silently: the extraction log lists both.

A JSON Lines file holds one article per line with ``url``, ``title``, ``text`` and optionally ``published``
(a date) and ``doc_id``. A text, Markdown or HTML file is one article: its title is the first line (or the
``<title>``/``<h1>`` of a page), its address a ``URL:``/``Sumber:`` line or the page's canonical link, and its
identifier the file name.

>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> row = {"url": "https://example.id/a", "title": "Dua kabupaten teken MoU", "text": "Isi berita."}
>>> _ = (folder / "a.jsonl").write_text(json.dumps(row) + "\\n{not json\\n", encoding="utf-8")
>>> found = read_articles([folder])
>>> [(a.doc_id, a.title) for a in found.articles]
[('a:1', 'Dua kabupaten teken MoU')]
>>> found.problems[0].where, found.problems[0].message.split(":")[0]
('a.jsonl, line 2', 'line is not JSON')
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

#: File suffixes read as one article each, and as one article per line.
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")


@dataclass(frozen=True, slots=True)
class Article:
    """One input article, as read (the text keeps its lines; HTML tags are removed)."""

    doc_id: str
    url: str
    title: str
    text: str
    published: str  # as given by the input (a date in any form), or ""
    source: str  # the file it came from
    line: int | None  # its line in a JSON Lines file


@dataclass(frozen=True, slots=True)
class InputProblem:
    """An input that could not be read as an article: where, why, and what to do."""

    source: str
    line: int | None
    doc_id: str
    message: str

    @property
    def where(self) -> str:
        name = Path(self.source).name
        return f"{name}, line {self.line}" if self.line is not None else name


@dataclass
class ReadResult:
    articles: list[Article] = field(default_factory=list)
    problems: list[InputProblem] = field(default_factory=list)


_BLOCK_TAGS = re.compile(r"(?is)<\s*(?:br|/p|p|/div|div|/h[1-6]|h[1-6]|/li|li|/tr|tr|/figcaption)\b[^>]*>")
_DROP_BLOCKS = re.compile(r"(?is)<\s*(script|style|noscript|nav|footer)\b.*?<\s*/\s*\1\s*>")
_TAG = re.compile(r"(?s)<[^>]{0,2000}>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def html_to_text(text: str) -> str:
    """Text of an HTML fragment: tags removed, block ends as new lines, entities decoded.

    >>> html_to_text("<p>Bupati &amp; Wali Kota</p><p>teken MoU</p>")
    'Bupati & Wali Kota\\nteken MoU'
    """
    if "<" not in text and "&" not in text:
        return text
    text = _DROP_BLOCKS.sub(" ", text)
    text = _BLOCK_TAGS.sub("\n", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n", text).strip()


def _is_binary(data: bytes) -> bool:
    if b"\x00" in data[:4096]:
        return True
    sample = data[:4096]
    odd = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bool(sample) and odd / len(sample) > 0.05


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _files(paths) -> tuple[list[Path], list[InputProblem]]:
    files, problems = [], []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            inside = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
            usable = [f for f in inside if f.suffix.lower() in TEXT_SUFFIXES + JSONL_SUFFIXES]
            for f in inside:
                if f not in usable:
                    problems.append(InputProblem(str(f), None, "", "not an article file (read are "
                                                 f"{', '.join(TEXT_SUFFIXES + JSONL_SUFFIXES)}); left out"))
            files.extend(usable)
        elif p.is_file():
            files.append(p)
        else:
            problems.append(InputProblem(str(p), None, "", "no such file or folder; check the path"))
    return files, problems


_URL_LINE = re.compile(r"(?im)^\s*(?:url|sumber|source|tautan|link)\s*:\s*(https?://\S+)\s*$")
_CANONICAL = re.compile(r"""(?is)<link[^>]+rel=["']canonical["'][^>]*href=["']([^"']+)|<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)""")
_HTML_TITLE = re.compile(r"(?is)<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>")
_PUBLISHED_META = re.compile(r"""(?is)<meta[^>]+(?:property|name)=["'](?:article:published_time|date|pubdate|publish-date)["'][^>]*content=["']([^"']+)""")
_PUBLISHED_LINE = re.compile(r"(?im)^\s*(?:published|diterbitkan|tanggal terbit|date)\s*:\s*(.+?)\s*$")


def _first_title_line(text: str) -> str:
    """The first line that reads like a headline (four words or more), else the first line."""
    lines = [ln.strip().lstrip("#").strip() for ln in text.splitlines() if ln.strip()]
    line = next((ln for ln in lines if len(ln.split()) >= 4), lines[0] if lines else "")
    if len(line) > 160:  # a paragraph, not a headline: its first sentence
        line = re.split(r"(?<=[.!?])\s+(?=[A-Z])", line, maxsplit=1)[0]
    return line


def _text_article(path: Path, raw: str) -> Article:
    url = published = ""
    is_html = path.suffix.lower() in (".html", ".htm")
    title = ""
    if is_html:
        if m := _CANONICAL.search(raw):
            url = m.group(1) or m.group(2)
        if m := _HTML_TITLE.search(raw):
            title = html_to_text(m.group(1) or m.group(2) or "")
        if m := _PUBLISHED_META.search(raw):
            published = m.group(1)
        raw = re.sub(r"(?is)<head\b.*?</head>", " ", raw)
    text = html_to_text(raw) if (is_html or "<p" in raw) else raw
    if m := _URL_LINE.search(text):
        url = url or m.group(1)
        text = text[: m.start()] + text[m.end():]
    if m := _PUBLISHED_LINE.search(text):
        published = published or m.group(1)
        text = text[: m.start()] + text[m.end():]
    if not title:
        title = _first_title_line(text)
    return Article(path.stem, url, title, text.strip(), published, str(path), None)


def _jsonl_articles(path: Path, raw: str, result: ReadResult) -> None:
    seen = 0
    for no, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        seen += 1
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            result.problems.append(InputProblem(str(path), no, "", f"line is not JSON: {err.msg} at column "
                                                f"{err.colno}; write one JSON object per line"))
            continue
        if not isinstance(obj, dict):
            result.problems.append(InputProblem(str(path), no, "", "line is JSON but not an object; write "
                                                '{"url": ..., "title": ..., "text": ...} per line'))
            continue
        doc_id = str(obj.get("doc_id") or obj.get("id") or f"{path.stem}:{no}")
        text = obj.get("text") or obj.get("content") or obj.get("body") or ""
        if not isinstance(text, str) or not text.strip():
            result.problems.append(InputProblem(str(path), no, doc_id, "article has no text (field \"text\" is "
                                                "missing or empty); add the article's text"))
            continue
        title = str(obj.get("title") or "").strip()
        text = html_to_text(text)
        if not title:
            title = _first_title_line(text)
        published = str(obj.get("published") or obj.get("date") or "").strip()
        result.articles.append(Article(doc_id, str(obj.get("url") or "").strip(), html_to_text(title), text,
                                       published, str(path), no))
    if not seen:
        result.problems.append(InputProblem(str(path), None, "", "file holds no articles (only blank lines)"))


def read_articles(paths) -> ReadResult:
    """Every article in ``paths`` (files or folders), with a problem for every input that could not be read."""
    result = ReadResult()
    files, problems = _files(paths)
    result.problems.extend(problems)
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as err:
            result.problems.append(InputProblem(str(path), None, "", f"cannot be read: {err.strerror}"))
            continue
        if not data.strip():
            result.problems.append(InputProblem(str(path), None, "", "file is empty; remove it or add articles"))
            continue
        if _is_binary(data):
            result.problems.append(InputProblem(str(path), None, "", "binary file, not text (read are UTF-8 "
                                                ".jsonl, .txt, .md and .html files); remove it or export as text"))
            continue
        raw = _decode(data)
        if path.suffix.lower() in JSONL_SUFFIXES:
            _jsonl_articles(path, raw, result)
        else:
            article = _text_article(path, raw)
            if not article.text.strip():
                result.problems.append(InputProblem(str(path), None, article.doc_id, "article has no text"))
            else:
                result.articles.append(article)
    return result
