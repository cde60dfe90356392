"""Provenance of an output: git commit, package versions, parameters and input hashes.

>>> info = colophon_data({"inputs": [{"path": "data/raw/x.csv", "sha256": "ab" * 32}]}, parameters={"lang": "id"})
>>> sorted(info)
['created_utc', 'git_commit', 'inputs', 'parameters', 'python', 'versions']
"""

from __future__ import annotations

import html
import subprocess

from . import config
from .outputs import environment_info, now_utc


def git_commit(root=None) -> str:
    """The checked-out commit (with ``+dirty`` when the tree has uncommitted changes), or ``unknown``."""
    root = root or config.PROJECT_ROOT
    try:
        sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                             timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10, check=False).stdout.strip()
        return sha + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def colophon_data(manifest: dict, parameters: dict | None = None) -> dict:
    env = environment_info()
    return {
        "created_utc": now_utc(),
        "git_commit": git_commit(),
        "python": env["python"],
        "versions": env["packages"],
        "parameters": parameters or {},
        "inputs": [{"path": i["path"], "sha256": i["sha256"]} for i in manifest.get("inputs", [])],
    }


COLOPHON_LABELS = {
    "id": {"title": "Kolofon", "built": "Dibuat", "params": "Parameter", "default": "(bawaan)",
           "codebook": "Buku kode", "inputs": "Masukan"},
    "en": {"title": "Colophon", "built": "Built", "params": "Parameters", "default": "(defaults)",
           "codebook": "Codebook", "inputs": "Inputs"},
}


def colophon_html(manifest: dict, parameters: dict | None = None, title: str | None = None, lang: str = "id") -> str:
    """An HTML block stating how an output was made, in ``lang`` (names, hashes and parameters as code)."""
    d = colophon_data(manifest, parameters)
    L = COLOPHON_LABELS[lang]
    esc = html.escape
    versions = ", ".join(f"{k} {v}" for k, v in d["versions"].items() if v)
    inputs = "".join(f"<li><code>{esc(i['path'])}</code> sha256 <code>{esc(i['sha256'])}</code></li>"
                     for i in d["inputs"])
    params = ", ".join(f"<code>{esc(str(k))}={esc(repr(v))}</code>" for k, v in d["parameters"].items()) or L["default"]
    extra = manifest.get("codebook_version")
    codebook = f"<li>{L['codebook']}: {esc(str(extra))}</li>" if extra else ""
    return (
        f'<section class="colophon"><h2>{esc(title or L["title"])}</h2><ul>'
        f"<li>{L['built']}: {esc(d['created_utc'])}</li>"
        f"<li>Git commit: <code>{esc(d['git_commit'])}</code></li>"
        f"<li>Python {esc(d['python'])}; <code>{esc(versions)}</code></li>"
        f"<li>{L['params']}: {params}</li>{codebook}"
        f"<li>{L['inputs']}:<ul>{inputs}</ul></li></ul></section>"
    )
