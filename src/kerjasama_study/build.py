"""The build as a small graph of named steps, with a content-addressed cache and parallel report execution.

Steps, in order: ``clean`` (registers -> cleaned tables), ``code`` (cleaned tables -> coded tables), one step per
report variant (one notebook, one language), and ``finish`` (index pages, codebook, data-quality pages, Excel
workbook, manifest). Every step declares what it reads; the sha256 of each of those (files, parameters, the
package code a step runs, the lock file, the Python version) gives the step's cache key and, compared with the
step's last run, the reason it is stale ("input data/raw/x.csv changed", "parameter region changed").

- A report whose key is in the cache is not executed: its page, figures and tables are taken from the cache
  after checking every file against the sha256 recorded with it (a damaged entry is rebuilt, never served).
  Its colophon is the one written by the build that executed it (same commit and inputs, by construction of
  the key), and the index says the report was reused.
- ``clean`` and ``code`` are skipped when their key is unchanged and the processed folder is exactly what the
  last complete run left (sha256 of every file).
- Report variants run in parallel worker processes (``jobs``, default: the number of cores); each notebook runs
  in its own kernel over IPC sockets (no TCP ports to collide), with the kernel's console output discarded
  unless ``verbose``. Variants of a ``family`` (one profile per region) run in batches that share one warm
  kernel, so one more profile costs an execution, not a kernel start and the imports.
- Everything is written into a staging folder and published in one step, so a failing or interrupted build
  leaves the previous reports exactly as they were.

The cache lives in ``.kerjasama-cache/`` beside the reports folder (git-ignored); ``force`` ignores it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import __version__, config
from .outputs import (
    check_replaceable,
    link_or_copy,
    now_utc,
    sha256_file,
    staged_folder,
    write_json,
    write_text,
)
from .report import (
    EXECUTION_TIMEOUT,
    REPORTS_FILE,
    BuildError,
    Variant,
    excel_tables,
    execute,
    load_variants,
    notebook_parameters,
    resolve_parameters,
    to_html,
    write_excel,
)

#: Package files each data step runs (modules and data files, relative to the package); reports depend on all.
CLEAN_CODE = ("__init__.py", "config.py", "text.py", "outputs.py", "headers.py", "readers.py", "dates.py",
              "parties.py", "regions.py", "reference.py", "clean.py", "schemas.py", "pipeline.py",
              "data/region_aliases.csv", "data/party_cues.yml", "data/reference_registry.csv")
CODE_CODE = CLEAN_CODE + ("codebook.py", "coding.py", "dyads.py", "followthrough.py", "panels.py", "reliability.py",
                          "geo.py", "dictionary.py", "i18n.py", "labels.py", "data/codebook.yml", "data/urusan.csv")
CACHE_NAME = ".kerjasama-cache"
LOCK_FILE = config.PROJECT_ROOT / "requirements.lock"


# --- hashing -------------------------------------------------------------------------------------------------

def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def folder_digest(folder: Path, skip: tuple[str, ...] = ()) -> str:
    """sha256 over the names and contents of every file under ``folder`` (sorted; hidden files left out)."""
    h = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel.startswith(".") or "/." in rel or rel.startswith(skip):
            continue
        h.update(rel.encode("utf-8") + b"\0" + sha256_file(path).encode("ascii") + b"\n")
    return h.hexdigest()


def package_digest(files: tuple[str, ...] | None = None) -> str:
    """sha256 of the package files ``files`` (every .py and data file of the package when None)."""
    root = config.PACKAGE_DIR
    if files is None:
        paths = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    else:
        paths = [root / f for f in files]
    h = hashlib.sha256()
    for p in paths:
        if p.exists():
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + sha256_file(p).encode() + b"\n")
    return h.hexdigest()


# --- steps ---------------------------------------------------------------------------------------------------

@dataclass
class Step:
    """One named step: what it reads (component -> sha256 or value), its key, and whether the cache serves it."""

    name: str
    kind: str  # clean, code, report, finish
    reads: dict[str, str] = field(default_factory=dict)
    stale: bool = True
    reasons: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return _sha(json.dumps(self.reads, sort_keys=True, ensure_ascii=False))


#: How a changed component reads in a staleness reason.
_REASON = {"notebook": "notebook changed", "package": "package code changed", "lock": "lock file changed",
           "python": "Python version changed", "processed": "processed tables changed",
           "codebook": "codebook changed", "reference": "reference files changed", "as_of": "as-of date changed",
           "lang": "language changed", "reports": "reports changed", "clean": "cleaned tables changed",
           "owner": "--owner changed", "dayfirst": "date order changed", "human_codes": "human codes changed"}


def _reasons(old: dict | None, new: dict) -> list[str]:
    if old is None:
        return ["no earlier build"]
    out = []
    for k in sorted(set(old) | set(new)):
        if old.get(k) == new.get(k):
            continue
        if k.startswith("input:"):
            what = k[6:]
            out.append(f"input {what} " + ("added" if k not in old else "removed" if k not in new else "changed"))
        elif k.startswith("param:"):
            out.append(f"parameter {k[6:]} changed")
        else:
            out.append(_REASON.get(k, f"{k} changed"))
    return out or ["output missing or changed"]


class Cache:
    """The build cache: the last record of every step, and report entries by key, each checked on use."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def record(self, step: str) -> dict | None:
        path = self.root / "steps" / f"{_sha(step)[:16]}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def save_record(self, step: Step, **extra) -> None:
        path = self.root / "steps" / f"{_sha(step.name)[:16]}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_json({"step": step.name, "key": step.key, "reads": step.reads, "saved_utc": now_utc(), **extra}, path)

    def notebook_parameters(self, notebook: Path) -> dict:
        """The parameters a notebook declares (papermill's inspection), remembered by the notebook's sha256
        (papermill takes seconds to import; a no-change build should not need it)."""
        path = self.root / "notebook_parameters" / f"{sha256_file(notebook)}.json"
        with contextlib.suppress(OSError, ValueError):
            return json.loads(path.read_text(encoding="utf-8"))
        declared = {k: dict(v) for k, v in notebook_parameters(notebook).items()}
        path.parent.mkdir(parents=True, exist_ok=True)
        write_json(declared, path)
        return declared

    def entry_dir(self, key: str) -> Path:
        return self.root / "entries" / key[:2] / key

    def get(self, key: str) -> dict | None:
        """The entry of ``key`` when every file it lists is present with its recorded sha256, else None (and a
        damaged entry is removed)."""
        folder = self.entry_dir(key)
        meta = folder / "entry.json"
        if not meta.exists():
            return None
        try:
            entry = json.loads(meta.read_text(encoding="utf-8"))
            ok = all(sha256_file(folder / rel) == digest for rel, digest in entry["files"].items())
        except (OSError, ValueError, KeyError):
            ok = False
        if not ok:
            shutil.rmtree(folder, ignore_errors=True)
            return None
        return entry

    def put(self, key: str, files: dict[str, Path], entry: dict) -> None:
        """Store ``files`` (relative name -> path) under ``key`` with their sha256 (written last: an interrupted
        put leaves no usable entry)."""
        folder = self.entry_dir(key)
        tmp = folder.with_name(f".{key}.tmp-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        digests = {}
        for rel, src in files.items():
            dst = tmp / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
            digests[rel] = sha256_file(dst)
        tmp.mkdir(parents=True, exist_ok=True)
        write_json({**entry, "files": digests}, tmp / "entry.json")
        shutil.rmtree(folder, ignore_errors=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, folder)


# --- families: one report per region ---------------------------------------------------------------------------

@dataclass
class Family:
    """A variant family of ``reports.yml``: one report per region present in the data, optionally within one
    province, with at least ``min_records`` records and at most ``limit`` regions (the busiest); regions already
    profiled by a named variant of the same notebook are left out."""

    name: str  # a prefix: the report of a region is <name>_<region slug>
    notebook: str
    for_each: str = "region"
    province: str = ""
    min_records: int = 1
    limit: int = 0  # at most this many regions (those with the most records first); 0 = no limit
    title: dict = field(default_factory=dict)
    description: dict = field(default_factory=dict)
    parameters: dict = field(default_factory=dict)
    show_code: bool = False


def load_families(path: Path | None = None) -> list[Family]:
    data = yaml.safe_load(Path(path or REPORTS_FILE).read_text(encoding="utf-8"))
    families = [Family(**f) for f in data.get("families") or []]
    for f in families:
        if f.for_each != "region":
            raise BuildError(f"family {f.name}: for_each must be 'region', not {f.for_each!r}")
    return families


def _slug(text: str) -> str:
    from .text import fold

    return "_".join("".join(c if c.isalnum() else " " for c in fold(text)).split())


def _province_code(text: str) -> str | None:
    """The two-digit code of a province given as a code or a name ("Jambi" is the province, not Kota Jambi)."""
    from .analysis import find_region

    for candidate in (f"Provinsi {text}", str(text)):
        with contextlib.suppress(LookupError):
            code = find_region(candidate)[0]
            if "." not in code:
                return code
    return None


def expand_family(family: Family, processed: Path, variants: list[Variant]) -> list[Variant]:
    """The variants of ``family`` on the data in ``processed`` (sorted by region code)."""
    import pandas as pd

    from .analysis import find_region

    parties = pd.read_parquet(processed / "parties.parquet", columns=["record_id", "region_code", "party_kind",
                                                                       "name_canonical"])
    regions = parties.dropna(subset=["region_code"])
    if family.province:
        code = _province_code(family.province)
        if code is None:
            raise BuildError(f"family {family.name}: province {family.province!r} is not a province code or name; "
                             "write it as in `kerjasama resolve` (for example '62' or 'Kalimantan Tengah')")
        regions = regions[regions["region_code"].str.startswith(code + ".")]
    counts = regions.groupby("region_code")["record_id"].nunique()
    names = regions.drop_duplicates("region_code").set_index("region_code")["name_canonical"]
    named = set()
    for v in variants:
        if Path(v.notebook).name == Path(family.notebook).name and v.parameters.get("region"):
            with contextlib.suppress(LookupError):
                named.add(find_region(v.parameters["region"])[0])
    chosen = sorted(c for c in counts.index if counts[c] >= family.min_records and c not in named)
    if family.limit:
        chosen = sorted(sorted(chosen, key=lambda c: (-counts[c], c))[:family.limit])
    out = []
    for code in chosen:
        name = str(names[code])
        fill = {"region_name": name, "region_code": code}
        out.append(Variant(name=f"{family.name}_{_slug(name)}", notebook=family.notebook,
                           title={k: str(t).format(**fill) for k, t in family.title.items()},
                           description={k: str(t).format(**fill) for k, t in family.description.items()},
                           parameters={**family.parameters, "region": code}, show_code=family.show_code,
                           family=family.name))
    return out


# --- running notebooks -----------------------------------------------------------------------------------------

@dataclass
class Job:
    """One report to execute: a variant in one language, its final parameters and where it goes."""

    name: str
    lang: str
    variant: Variant
    params: dict
    key: str = ""


def _kernel_manager(verbose: bool):
    """A started ``python3`` kernel over IPC sockets in a private folder, its console discarded unless
    ``verbose``."""
    import subprocess
    import tempfile

    from jupyter_client.manager import KernelManager

    folder = tempfile.mkdtemp(prefix="kerjasama-kernel-")
    km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(folder, "k"),
                       connection_file=os.path.join(folder, "kernel.json"))
    quiet = {} if verbose else {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    km.start_kernel(**quiet)
    km._kerjasama_folder = folder  # removed with the kernel
    return km


def _stop_kernel(km) -> None:
    with contextlib.suppress(Exception):
        km.shutdown_kernel(now=True)
    shutil.rmtree(getattr(km, "_kerjasama_folder", ""), ignore_errors=True)


def _prepare_warm_kernel(km, build: Path, name: str) -> None:
    """Before a notebook runs in a kernel that ran another: point its exports at this report and reset the
    report state (figures closed, export counters, last heading, user namespace)."""
    from .plots import EXPORT_DIR_ENV, REPORT_NAME_ENV

    code = (f"import os\nos.environ[{EXPORT_DIR_ENV!r}] = {str(build)!r}\nos.environ[{REPORT_NAME_ENV!r}] = {name!r}\n"
            "from kerjasama_study.plots import reset_report_state\nreset_report_state()\n%reset -f\n")
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        reply = kc.execute_interactive(code, timeout=60, output_hook=lambda msg: None)
        if reply["content"].get("status") != "ok":
            raise BuildError(f"could not prepare the kernel for {name}: {reply['content'].get('evalue')}")
    finally:
        kc.stop_channels()


def run_batch(jobs: list[Job], build: str, timeout: int, verbose: bool, warm: bool) -> list[dict]:
    """Execute ``jobs`` one after the other and write each page into ``build``; with ``warm``, all in one kernel.
    Returns one manifest entry per job. Runs in a worker process (or in the builder with one job at a time)."""
    from .pipeline import read_manifest
    from .plots import EXPORT_DIR_ENV, REPORT_NAME_ENV
    from .provenance import colophon_html

    folder = Path(build)
    entries = []
    km = None
    try:
        for i, job in enumerate(jobs):
            t1 = time.perf_counter()
            os.environ[EXPORT_DIR_ENV], os.environ[REPORT_NAME_ENV] = str(folder), job.name
            if km is None or not warm:
                if km is not None:
                    _stop_kernel(km)
                km = _kernel_manager(verbose)
            elif i:
                _prepare_warm_kernel(km, folder, job.name)
            executed = folder / f".{job.name}.ipynb"
            try:
                execute(job.variant, job.params, executed, timeout, km=km)
            except Exception as exc:  # noqa: BLE001 - any failure of a notebook becomes one message naming it
                raise BuildError(_failure_message(job.variant, exc)) from None
            v = job.variant
            title = v.title.get(job.lang) or v.name
            manifest = read_manifest(Path(job.params["processed_dir"]))
            colophon = colophon_html(manifest, job.params, lang=job.lang)
            write_text(to_html(executed, title, colophon, v.show_code, lang=job.lang), folder / f"{job.name}.html")
            executed.unlink()
            entries.append({"name": job.name, "file": f"{job.name}.html", "title": title, "lang": job.lang,
                            "description": v.description.get(job.lang, ""), "notebook": v.notebook,
                            "family": v.family, "parameters": job.params,
                            "seconds": round(time.perf_counter() - t1, 1), "built_utc": now_utc()})
    finally:
        if km is not None:
            _stop_kernel(km)
    return entries


def _failure_message(v: Variant, exc: Exception) -> str:
    if isinstance(exc, BuildError):
        return str(exc)
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    cell = getattr(exc, "exec_count", None)
    where = f" in cell {cell}" if cell else ""
    return f"notebook {v.notebook} (report {v.name}) failed{where}: {ename}: {evalue}. Previous reports were kept."


# --- progress --------------------------------------------------------------------------------------------------

class Progress:
    """done/total, the running reports and the elapsed time: one updating line on a terminal, plain lines
    otherwise (and with ``verbose``)."""

    def __init__(self, total: int, log, tty: bool | None = None):
        self.total, self.done, self.log, self.t0 = total, 0, log, time.perf_counter()
        self.tty = sys.stdout.isatty() if tty is None else tty
        self.running: list[str] = []

    def _line(self) -> str:
        running = ", ".join(self.running[:3]) + (" …" if len(self.running) > 3 else "")
        return f"[{self.done}/{self.total}] {time.perf_counter() - self.t0:5.1f} s  {running}"

    def start(self, names: list[str]) -> None:
        self.running += names
        if self.tty:
            print("\r\033[K" + self._line(), end="", flush=True)

    def finish(self, name: str, what: str) -> None:
        self.done += 1
        with contextlib.suppress(ValueError):
            self.running.remove(name)
        if self.tty:
            print("\r\033[K", end="")
        self.log(f"[{self.done}/{self.total}] {name}: {what}")
        if self.tty and self.running:
            print(self._line(), end="", flush=True)


# --- the build -------------------------------------------------------------------------------------------------

def _input_reads(inputs: list[Path]) -> dict[str, str]:
    out = {}
    for path in inputs:
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for f in files:
            try:
                rel = f.resolve().relative_to(config.PROJECT_ROOT).as_posix()
            except ValueError:
                rel = str(f)
            out[f"input:{rel}"] = sha256_file(f)
    return out


def _reference_digest() -> str:
    """What coding reads from outside the package: the registry of reference files (each file is checked against
    its sha256 there) and whether a mirror or download folder can supply them."""
    registry = config.PACKAGE_DATA_DIR / "reference_registry.csv"
    mirror = config.reference_mirror()
    external = sorted(p.name for p in config.EXTERNAL_DIR.glob("*")) if config.EXTERNAL_DIR.is_dir() else []
    return _sha(f"{sha256_file(registry)}|{mirror is not None}|{','.join(external)}")


def plan(inputs: list[Path] | None = None, params_file: Path | None = None, only: list[str] | None = None,
         lang: str = "id", processed_dir: Path | None = None, reports_dir: Path | None = None,
         variants_file: Path | None = None, owner: str | None = None, dayfirst: bool | None = None,
         as_of: str | None = None, force: bool = False, data_fresh: bool = False) -> dict:
    """The steps of a build and which are stale, with reasons, without running anything (``kerjasama status``).
    Report steps of a family are listed once the data are coded (before that, the family is one step)."""

    if lang not in ("id", "en", "both"):
        raise BuildError(f"--lang must be id, en or both, not {lang!r}")
    langs = ["id", "en"] if lang == "both" else [lang]
    processed = Path(processed_dir or config.PROCESSED_DIR).resolve()
    reports = Path(reports_dir or config.REPORTS_DIR).resolve()
    cache = Cache(reports.parent / CACHE_NAME)
    raw = [Path(p) for p in (inputs or config.default_registers())]
    if not raw:
        raise BuildError(f"no register found in {config.RAW_DIR}; give one with --input")
    missing = [str(p) for p in raw if not p.exists()]
    if missing:
        raise BuildError(f"input not found: {', '.join(missing)}")
    as_of_value = as_of or time.strftime("%Y-%m-%d")
    env = {"lock": sha256_file(LOCK_FILE) if LOCK_FILE.exists() else "", "python": platform.python_version()}
    clean = Step("clean", "clean", {**_input_reads(raw), "owner": str(owner or ""), "dayfirst": str(dayfirst),
                                    "package": package_digest(CLEAN_CODE), **env})
    human = sorted(config.RAW_DIR.glob(f"*{config.CODING_FILE_SUFFIX}")) if inputs is None else []
    code = Step("code", "code", {"clean": clean.key, "package": package_digest(CODE_CODE),
                                 "reference": _reference_digest(), "as_of": as_of_value,
                                 "human_codes": _sha("".join(sha256_file(p) for p in human)), **env})
    processed_now = folder_digest(processed) if (processed / "manifest.json").exists() else ""
    last_code = cache.record("code")
    for step in (clean, code):
        old = cache.record(step.name)
        if data_fresh:  # just rebuilt by this build
            step.stale, step.reasons = False, ["rebuilt"]
        elif force:
            step.reasons = ["--force"]
        elif old is None or old["key"] != step.key:
            step.reasons = _reasons(old and old.get("reads"), step.reads)
        elif not processed_now or not last_code or last_code.get("processed") != processed_now:
            step.reasons = ["processed tables missing or changed since the last build"]
        else:
            step.stale, step.reasons = False, ["up to date"]
    if clean.stale and not code.stale:
        code.stale, code.reasons = True, ["cleaned tables will be rewritten"]
    data_stale = clean.stale or code.stale
    processed_key = "(after clean and code)" if data_stale else processed_now

    variants = load_variants(variants_file)
    families = load_families(variants_file)
    if not data_stale and families:
        for fam in families:
            variants += expand_family(fam, processed, variants)
    if only:
        chosen = [v for v in variants if v.name in only or Path(v.notebook).stem in only
                  or (v.family and v.family in only)]
        if not chosen and not (data_stale and any(f.name in only for f in families)):
            raise BuildError(f"--only {only}: no such report; reports are {[v.name for v in variants]}")
        variants = chosen
    jobs: list[Job] = []
    for L in langs:
        params = resolve_parameters(variants, params_file, L, processed, inspect=cache.notebook_parameters)
        for v in variants:
            jobs.append(Job(f"{v.name}_{L}" if L != langs[0] else v.name, L, v, params[v.name]))
    package_all = package_digest()
    notebooks: dict[Path, str] = {}
    steps = [clean, code]
    for job in jobs:
        nb = job.variant.path
        notebooks.setdefault(nb, sha256_file(nb))
        reads = {"notebook": notebooks[nb], "processed": processed_key, "package": package_all, **env,
                 **{f"param:{k}": json.dumps(v, sort_keys=True, ensure_ascii=False) for k, v in job.params.items()}}
        step = Step(job.name, "report", reads)
        job.key = step.key
        if force:
            step.reasons = ["--force"]
        elif data_stale:
            step.reasons = ["data will be rebuilt first"]
            old = cache.record(job.name)
            if old and old["key"] != step.key:
                step.reasons += [r for r in _reasons(old.get("reads"), reads) if r != "processed tables changed"]
        elif cache.entry_dir(step.key).joinpath("entry.json").exists():
            step.stale, step.reasons = False, ["up to date (cached)"]
        else:
            step.reasons = _reasons((cache.record(job.name) or {}).get("reads"), reads)
        steps.append(step)
    if data_stale and families and not only:
        for fam in families:
            steps.append(Step(f"{fam.name}_*", "report", {}, True, ["one report per region, listed after coding"]))
    return {"steps": steps, "jobs": jobs, "clean": clean, "code": code, "langs": langs, "processed": processed,
            "reports": reports, "cache": cache, "raw": raw, "as_of": as_of, "families": families,
            "data_stale": data_stale, "force": force, "env": env}


def status_lines(p: dict) -> list[str]:
    """One line per step: ``name  up to date`` or ``name  stale: reasons``."""
    width = max(len(s.name) for s in p["steps"])
    return [f"{s.name:<{width}}  {'stale: ' + '; '.join(s.reasons) if s.stale else s.reasons[0]}"
            for s in p["steps"]]


def build_reports(inputs: list[Path] | None = None, params_file: Path | None = None, only: list[str] | None = None,
                  lang: str = "id", processed_dir: Path | None = None, reports_dir: Path | None = None,
                  variants_file: Path | None = None, timeout: int = EXECUTION_TIMEOUT, log=print,
                  owner: str | None = None, dayfirst: bool | None = None, as_of: str | None = None,
                  jobs: int | None = None, force: bool = False, verbose: bool = False, tty: bool | None = False
                  ) -> dict:
    """Clean and code the registers, then build every report (see the module docstring). Returns the manifest.

    ``lang``: ``id``, ``en``, or ``both`` (every report in Indonesian, and in English as ``<name>_en.html``).
    ``jobs``: reports run at once (default: the number of cores). ``force``: ignore the cache."""
    from .codebook import write_codebook
    from .pipeline import clean_to_dir, code_to_dir, read_manifest
    from .quality import quality_report_html

    t0 = time.perf_counter()
    p = plan(inputs, params_file, only, lang, processed_dir, reports_dir, variants_file, owner, dayfirst, as_of,
             force)
    processed, reports, cache, langs = p["processed"], p["reports"], p["cache"], p["langs"]
    check_replaceable(reports)
    jobs_n = max(1, jobs or os.cpu_count() or 1)
    clean_step, code_step = p["clean"], p["code"]
    if p["data_stale"]:
        log(f"clean: {'; '.join(clean_step.reasons)}")
        cleaned = clean_to_dir(p["raw"] if inputs else None, processed, dayfirst=dayfirst, owner=owner)
        for note in cleaned["notes"]:
            log(f"  note: {note}")
        log(f"code: {'; '.join(code_step.reasons)} ({time.perf_counter() - t0:.1f} s)")
        manifest = code_to_dir(processed, as_of=as_of, jobs=jobs_n)
        for item in manifest["coding"]["missing_covariates"]:
            log(f"  missing covariate: {item}")
        digest = folder_digest(processed)
        cache.save_record(clean_step)
        cache.save_record(code_step, processed=digest)
        # the data changed: plan the reports again on the new tables (families expand, keys take the new digest)
        p = plan(inputs, params_file, only, lang, processed_dir, reports_dir, variants_file, owner, dayfirst,
                 as_of, force, data_fresh=True)
    else:
        log("clean, code: up to date")
    manifest = read_manifest(processed)
    report_steps = {s.name: s for s in p["steps"] if s.kind == "report"}
    todo = [j for j in p["jobs"] if report_steps[j.name].stale]
    reused = [j for j in p["jobs"] if not report_steps[j.name].stale]

    progress = Progress(len(p["jobs"]) + 1, log, tty=tty)
    entries: list[dict] = []
    with staged_folder(reports) as build:
        (build / "figures").mkdir()
        (build / "tables").mkdir()
        for job in reused:
            entry = cache.get(job.key)
            if entry is None:  # damaged or gone since planning: run it
                todo.append(job)
                continue
            folder = cache.entry_dir(job.key)
            for rel in entry["files"]:
                link_or_copy(folder / rel, build / rel)
            entries.append({**entry["entry"], "reused": True})
            progress.finish(job.name, "up to date (cached)")
        entries += _run_jobs(todo, build, timeout, verbose, jobs_n, progress)
        for job in todo:  # store what ran
            files = {f"{job.name}.html": build / f"{job.name}.html"}
            for sub in ("figures", "tables"):
                for f in sorted((build / sub).glob(f"{job.name}-*")):
                    files[f"{sub}/{f.name}"] = f
            entry = next(e for e in entries if e["name"] == job.name)
            cache.put(job.key, files, {"entry": entry})
            cache.save_record(report_steps[job.name])
        # finish: codebook, data quality, Excel, index pages, manifest
        write_codebook(build)
        primary = langs[0]
        for L in langs:
            write_text(quality_report_html(processed, L), build / page_file("data_quality", L, primary))
        write_excel(excel_tables(processed), build / "kerjasama_tables.xlsx", lang=primary)
        previous = _previous_entries(reports, {e["name"] for e in entries}) if only else []
        for e in previous:  # reports not rebuilt by --only are kept
            link_or_copy(reports / e["file"], build / e["file"])
        if reports.is_dir():
            _keep_other_folders(reports, build, entries if only else None)
        all_entries = sorted(previous + entries, key=lambda e: e["name"])
        page_langs = sorted({e.get("lang", primary) for e in all_entries} | set(langs), key=lambda x: x != primary)
        for L in page_langs:
            other = next((x for x in page_langs if x != L), None)
            write_text(_index_html(all_entries, L, manifest, other=other, primary=primary),
                       build / page_file("index", L, primary))
        progress.finish("finish", "index, codebook, data quality, Excel")
        report_manifest = {
            "package_version": __version__, "created_utc": now_utc(), "lang": "+".join(langs),
            "seconds": round(time.perf_counter() - t0, 1), "processed_dir": str(processed), "jobs": jobs_n,
            "codebook_version": manifest.get("codebook_version"), "inputs": manifest["inputs"],
            "executed": len(todo), "reused": len(p["jobs"]) - len(todo), "reports": all_entries,
        }
        write_json(report_manifest, build / "manifest.json")
    log(f"wrote {len(entries)} reports to {reports} in {time.perf_counter() - t0:.1f} s "
        f"({len(todo)} executed, {len(entries) - len(todo)} reused from the cache)")
    return report_manifest


def _run_jobs(todo: list[Job], build: Path, timeout: int, verbose: bool, jobs_n: int, progress: Progress
              ) -> list[dict]:
    """Execute the stale reports: family members in warm-kernel batches, others one kernel each; in ``jobs_n``
    worker processes (in this process when 1). The first failure stops the build with its error."""
    batches: list[tuple[list[Job], bool]] = []
    family: dict[tuple[str, str], list[Job]] = {}
    for job in todo:
        if job.variant.family:
            family.setdefault((job.variant.family, job.lang), []).append(job)
        else:
            batches.append(([job], False))
    for members in family.values():  # one warm kernel per worker and family
        n = max(1, min(jobs_n, len(members)))
        batches += [(members[i::n], True) for i in range(n)]
    batches.sort(key=lambda b: -len(b[0]))
    if not batches:
        return []
    entries: list[dict] = []
    if jobs_n == 1:
        for batch, warm in batches:
            progress.start([j.name for j in batch])
            for e in run_batch(batch, str(build), timeout, verbose, warm):
                entries.append(e)
                progress.finish(e["name"], f"done in {e['seconds']:.1f} s")
        return entries
    import multiprocessing
    from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait

    # spawned, not forked: a forked copy of a process that has run kernels (threads, zmq sockets) can hang
    with ProcessPoolExecutor(max_workers=jobs_n, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {}
        for batch, warm in batches:
            futures[pool.submit(run_batch, batch, str(build), timeout, verbose, warm)] = batch
        progress.start([b[0].name for b, _ in batches[:jobs_n]])
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for fut in done:
                exc = fut.exception()
                if exc is not None:
                    for other in pending:
                        other.cancel()
                    raise exc if isinstance(exc, BuildError) else BuildError(str(exc))
                for e in fut.result():
                    entries.append(e)
                    progress.finish(e["name"], f"done in {e['seconds']:.1f} s")
    return entries


def _keep_other_folders(reports: Path, build: Path, rebuilt: list[dict] | None) -> None:
    """Folders made by other tools (screenshots/) are kept; with ``--only``, so are the figures and tables of
    the reports not rebuilt."""
    for sub in reports.iterdir():
        if (sub.is_dir() and not sub.name.startswith(".") and sub.name not in ("figures", "tables")
                and not (build / sub.name).exists()):
            shutil.copytree(sub, build / sub.name, copy_function=link_or_copy)
    if rebuilt is None:
        return
    prefixes = tuple(f"{e['name']}-" for e in rebuilt)
    for sub in ("figures", "tables"):
        if (reports / sub).is_dir():
            for f in (reports / sub).iterdir():
                if not f.name.startswith(prefixes) and not (build / sub / f.name).exists():
                    link_or_copy(f, build / sub / f.name)


def _previous_entries(reports: Path, rebuilt: set[str]) -> list[dict]:
    path = reports / "manifest.json"
    if not path.exists():
        return []
    old = json.loads(path.read_text(encoding="utf-8")).get("reports", [])
    return [e for e in old if e["name"] not in rebuilt and (reports / e["file"]).exists()]


# --- index pages -----------------------------------------------------------------------------------------------

INDEX_LABELS = {
    "id": {"report": "Laporan", "contents": "Isi", "notebook": "Buku catatan", "parameters": "Parameter",
           "other": "Laporan dalam bahasa Inggris", "profiles": "Profil daerah", "reused": "dipakai ulang",
           "reused_note": "Laporan bertanda “dipakai ulang” tidak dijalankan ulang: masukan, buku catatan, "
                          "parameter dan kodenya sama dengan pembuatan sebelumnya, jadi kolofonnya mencatat "
                          "pembuatan itu.",
           "extra": [("figures/", "Gambar untuk publikasi (SVG, PNG 300 dpi)"), ("tables/", "Tabel laporan (CSV, LaTeX)"),
                     ("{quality}", "Ringkasan mutu data"), ("codebook_id.html", "Buku kode"),
                     ("kerjasama_tables.xlsx", "Tabel untuk Excel")]},
    "en": {"report": "Report", "contents": "Contents", "notebook": "Notebook", "parameters": "Parameters",
           "other": "Reports in Indonesian", "profiles": "Region profiles", "reused": "reused",
           "reused_note": "Reports marked “reused” were not run again: their inputs, notebook, parameters and code "
                          "are those of an earlier build, so their colophon records that build.",
           "extra": [("figures/", "Figures for publication (SVG, 300-dpi PNG)"), ("tables/", "Report tables (CSV, LaTeX)"),
                     ("{quality}", "Data-quality summary"), ("codebook_en.html", "Codebook"),
                     ("kerjasama_tables.xlsx", "Tables for Excel")]},
}


def page_file(stem: str, lang: str, primary: str) -> str:
    """``stem.html`` in the build's primary language, ``stem_<lang>.html`` in the other."""
    return f"{stem}.html" if lang == primary else f"{stem}_{lang}.html"


def _shown(params: dict) -> dict:
    out = dict(params)
    try:
        out["processed_dir"] = str(Path(out["processed_dir"]).relative_to(config.PROJECT_ROOT))
    except (KeyError, ValueError):
        pass
    return out


def _index_html(entries: list[dict], lang: str, manifest: dict, other: str | None = None, primary: str = "id") -> str:
    """The index page of the reports in ``lang``; ``other``: the other language, when its reports exist too.
    Family members (one profile per region) are listed in a section of their own."""
    import html

    from .i18n import t
    from .provenance import colophon_html

    esc = html.escape
    L = INDEX_LABELS[lang]

    def rows(items):
        return "".join(
            f"<tr><td><a href='{esc(e['file'])}'>{esc(e['title'])}</a>"
            f"{' (' + L['reused'] + ')' if e.get('reused') else ''}</td><td>{esc(e['description'])}</td>"
            f"<td><code>{esc(e['notebook'])}</code></td><td><code>"
            f"{esc(json.dumps(_shown(e['parameters']), ensure_ascii=False))}</code></td></tr>" for e in items)

    mine = [e for e in entries if e.get("lang", "id") == lang]
    head = (f"<table><thead><tr><th>{L['report']}</th><th>{L['contents']}</th><th>{L['notebook']}</th>"
            f"<th>{L['parameters']}</th></tr></thead><tbody>")
    body = head + rows([e for e in mine if not e.get("family")]) + "</tbody></table>"
    profiles = [e for e in mine if e.get("family")]
    if profiles:
        body += f"<h2>{esc(L['profiles'])} ({len(profiles)})</h2>" + head + rows(profiles) + "</tbody></table>"
    if any(e.get("reused") for e in mine):
        body += f"<p><em>{esc(L['reused_note'])}</em></p>"
    extra = [(f.format(quality=page_file("data_quality", lang, primary)), label) for f, label in L["extra"]]
    extra += [(page_file("index", other, primary), L["other"])] if other else []
    links = "".join(f"<li><a href='{esc(f)}'>{esc(label)}</a></li>" for f, label in extra)
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{esc(t('index_title', lang))}"
            "</title><style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;"
            "line-height:1.45}table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.35rem .6rem;"
            "text-align:left;vertical-align:top}th{background:#eef}code{font-size:.85rem}</style></head><body>"
            f"<h1>{esc(t('index_title', lang))}</h1><p>{esc(t('index_intro', lang))}</p>{body}<ul>{links}</ul>"
            f"<h2>{esc(t('cite_title', lang))}</h2><p>{esc(t('cite_text', lang))}</p>"
            f"{colophon_html(manifest, {'lang': lang}, lang=lang)}</body></html>")
