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
                               capture_output=True, text=True, timeout=10).stdout.strip()
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


def colophon_html(manifest: dict, parameters: dict | None = None, title: str = "Kolofon / Colophon") -> str:
    """An HTML block stating how an output was made."""
    d = colophon_data(manifest, parameters)
    esc = html.escape
    versions = ", ".join(f"{k} {v}" for k, v in d["versions"].items() if v)
    inputs = "".join(f"<li><code>{esc(i['path'])}</code> sha256 <code>{esc(i['sha256'])}</code></li>"
                     for i in d["inputs"])
    params = ", ".join(f"{esc(str(k))}={esc(repr(v))}" for k, v in d["parameters"].items()) or "(default)"
    extra = manifest.get("codebook_version")
    codebook = f"<li>Codebook: {esc(str(extra))}</li>" if extra else ""
    return (
        f'<section class="colophon"><h2>{esc(title)}</h2><ul>'
        f"<li>Dibuat / built: {esc(d['created_utc'])}</li>"
        f"<li>Git commit: <code>{esc(d['git_commit'])}</code></li>"
        f"<li>Python {esc(d['python'])}; {esc(versions)}</li>"
        f"<li>Parameter: {params}</li>{codebook}"
        f"<li>Input:<ul>{inputs}</ul></li></ul></section>"
    )
