"""The reference-data registry: third-party files declared by public URL and sha256, never committed.

``data/reference_registry.csv`` lists every file (boundaries, population, area, region splits, licences).
:func:`fetch` returns a verified local copy under ``data/external/``:

1. a copy already there whose sha256 matches is used as it is;
2. else, when ``KERJASAMA_REFERENCE_MIRROR`` names a mirror folder (the same relative paths), the file is
   copied from it;
3. else it is downloaded from its URL with pooch.

A sha256 mismatch is always an error (:class:`ReferenceDataError`). With neither a mirror nor network the
file is :class:`ReferenceUnavailable`, and callers carry on without the covariates it provides.

>>> reg = registry()
>>> sorted(reg["kind"].unique())
['area', 'boundaries', 'license', 'population', 'splits']
>>> int((reg["kind"] == "boundaries").sum())
38
"""

from __future__ import annotations

import json
import os
import re
import shutil
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import config
from .outputs import sha256_file

REGISTRY_FILE = config.PACKAGE_DATA_DIR / "reference_registry.csv"


class ReferenceDataError(RuntimeError):
    """A reference file exists but its sha256 does not match the registry."""


class ReferenceUnavailable(RuntimeError):
    """A reference file could not be obtained (no mirror, no network)."""


@lru_cache(maxsize=1)
def registry() -> pd.DataFrame:
    """The registry as a DataFrame (name, kind, path, url, sha256, license)."""
    return pd.read_csv(REGISTRY_FILE, dtype=str)


def _entry(key: str) -> pd.Series:
    reg = registry()
    hit = reg[(reg["name"] == key) | (reg["path"] == key)]
    if hit.empty:
        raise KeyError(f"{key!r} is not in the reference registry {REGISTRY_FILE}")
    return hit.iloc[0]


def fetch(key: str, external_dir: Path | None = None, mirror: Path | None = None,
          allow_download: bool | None = None) -> Path:
    """A verified local copy of a registered file (by name or path).

    Downloads are allowed unless ``allow_download`` is False or the environment variable
    ``KERJASAMA_OFFLINE`` is set to 1.
    """
    entry = _entry(key)
    if allow_download is None:
        allow_download = os.environ.get("KERJASAMA_OFFLINE", "") not in ("1", "true", "yes")
    external_dir = Path(external_dir or config.EXTERNAL_DIR)
    mirror = mirror if mirror is not None else config.reference_mirror()
    target = external_dir / entry["path"]
    if target.exists():
        if sha256_file(target) == entry["sha256"]:
            return target
        target.unlink()  # a stale or partial copy: fetch again, then verify
    target.parent.mkdir(parents=True, exist_ok=True)
    if mirror is not None:
        source = Path(mirror) / entry["path"]
        if source.exists():
            digest = sha256_file(source)
            if digest != entry["sha256"]:
                raise ReferenceDataError(
                    f"{source}: sha256 {digest} does not match the registry ({entry['sha256']}) for {entry['name']}"
                )
            tmp = target.with_name(target.name + ".part")
            shutil.copyfile(source, tmp)
            tmp.replace(target)
            return target
    if not allow_download:
        raise ReferenceUnavailable(
            f"{entry['name']}: not in {external_dir}, no mirror holds it (KERJASAMA_REFERENCE_MIRROR) and "
            "downloads are off (KERJASAMA_OFFLINE=1)")
    return _download(entry, target)


def _download(entry: pd.Series, target: Path) -> Path:
    import pooch

    try:
        path = pooch.retrieve(entry["url"], known_hash=f"sha256:{entry['sha256']}", fname=target.name,
                              path=target.parent, progressbar=False,
                              downloader=pooch.HTTPDownloader(timeout=60, progressbar=False))
    except ValueError as exc:  # pooch's hash mismatch
        raise ReferenceDataError(f"{entry['url']}: {exc}") from exc
    except Exception as exc:  # network errors of every kind
        raise ReferenceUnavailable(
            f"{entry['name']}: cannot download {entry['url']} ({type(exc).__name__}); set "
            "KERJASAMA_REFERENCE_MIRROR to a folder holding the reference files to work offline"
        ) from exc
    return Path(path)


def fetch_kind(kind: str, **kwargs) -> list[Path]:
    """Verified local copies of every registered file of one kind."""
    reg = registry()
    return [fetch(p, **kwargs) for p in reg.loc[reg["kind"] == kind, "path"]]


def input_hashes(kinds: tuple[str, ...]) -> dict[str, str]:
    """``{path: sha256}`` of the registered files of ``kinds`` (for caches and manifests)."""
    reg = registry()
    sel = reg[reg["kind"].isin(kinds)]
    return dict(zip(sel["path"], sel["sha256"]))


# --- parsers -------------------------------------------------------------------------------------------------

_SQL_STR = r"'((?:[^'\\]|\\.|'')*)'"
_BOUNDARY_ROW = re.compile(
    rf"\(\s*'(\d{{2}}\.\d{{2}})'\s*,\s*{_SQL_STR}\s*,\s*(-?[\d.eE+-]+)\s*,\s*(-?[\d.eE+-]+)\s*,\s*'(\[[^']*\])'"
)


def _depth(x) -> int:
    d = 0
    while isinstance(x, list):
        d += 1
        x = x[0] if x else 0
    return d


def _to_geometry(path_json: str):
    from shapely.geometry import MultiPolygon, Polygon

    data = json.loads(path_json)
    polys = data if _depth(data) == 4 else [data]
    shapes = []
    for poly in polys:
        rings = [[(lng, lat) for lat, lng in ring] for ring in poly if len(ring) >= 4]
        if rings:
            shapes.append(Polygon(rings[0], rings[1:]))
    return MultiPolygon(shapes) if len(shapes) > 1 else (shapes[0] if shapes else None)


def read_boundaries(paths: list[Path]) -> pd.DataFrame:
    """Kabupaten/kota polygons: code, name, lat, lng (the source's label point) and a shapely geometry (lng, lat)."""
    rows = []
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        for m in _BOUNDARY_ROW.finditer(text):
            code, name, lat, lng, geo = m.groups()
            rows.append({"code": code, "name": name.replace("''", "'"), "lat": float(lat), "lng": float(lng),
                         "geometry": _to_geometry(geo)})
    df = pd.DataFrame(rows).drop_duplicates("code").sort_values("code", ignore_index=True)
    return df


_TUPLE = re.compile(r"\(\s*'([\d.]+)'\s*,\s*'((?:[^'\\]|\\.|'')*)'\s*,\s*([^)]*)\)")


def _sql_tuples(path: Path):
    text = Path(path).read_text(encoding="utf-8")
    for m in _TUPLE.finditer(text):
        values = [v.strip().strip("'") for v in m.group(3).split(",")]
        yield m.group(1), m.group(2), values


def _fix_code(code: str) -> str:
    """Codes that lost a trailing zero upstream ('11.1' -> '11.10', '31.0' -> '31')."""
    if code == "31.0":
        return "31"
    if re.fullmatch(r"\d{2}\.\d", code):
        return code + "0"
    return code


def read_population(path: Path) -> pd.DataFrame:
    """Population by province and kabupaten/kota (Dukcapil, semester II 2024): code, population."""
    rows = [{"code": c, "population": int(v[-1])} for c, _n, v in _sql_tuples(path)
            if c != "0" and c.count(".") <= 1 and v and v[-1].isdigit()]
    return pd.DataFrame(rows).drop_duplicates("code")


def read_area(path: Path) -> pd.DataFrame:
    """Area in km² by province and kabupaten/kota (December 2024): code, area_km2 (upstream code defects fixed)."""
    rows = []
    for c, _n, v in _sql_tuples(path):
        code = _fix_code(c)
        if code.count(".") <= 1:
            try:
                rows.append({"code": code, "area_km2": float(v[-1])})
            except ValueError:
                continue
    return pd.DataFrame(rows).drop_duplicates("code")


def read_splits(path: Path) -> pd.DataFrame:
    """The 1999-2014 region splits (Ditjen Otda), with child and parent resolved to today's codes.

    Columns: child_code, child_name_raw, parent_code, parent_name_raw, law, law_year, date_in_force,
    province_raw, child_method, parent_method.
    """
    from .dates import parse_date
    from .regions import resolve_name

    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = []
    for r in raw.itertuples():
        child = resolve_name(r.nama_daerah_otonom_hasil_pemekaran)
        parent = resolve_name(r.daerah_induk)
        law_m = re.search(r"(\d+)\s*TAHUN\s*(\d{4})", r.uu_pembentukan.upper())
        date = parse_date(r.tggl_berlaku_uu)
        rows.append({
            "child_code": child.region_code, "child_name_raw": r.nama_daerah_otonom_hasil_pemekaran,
            "parent_code": parent.region_code, "parent_name_raw": r.daerah_induk,
            "law": f"UU {int(law_m.group(1))}/{law_m.group(2)}" if law_m else r.uu_pembentukan,
            "law_year": int(law_m.group(2)) if law_m else (date.value.year if date.value else None),
            "date_in_force": date.value, "province_raw": r.wilayah_provinsi,
            "child_method": child.match_method, "parent_method": parent.match_method,
        })
    return pd.DataFrame(rows)
