"""Render reports/index.html and every report in headless Chromium and save PNG screenshots.

Usage: python scripts/screenshot_reports.py [--reports reports] [--out reports/screenshots] [--height 5000]

Needs Debian's `chromium` package (apt-get install chromium). Chromium starts with background networking off,
so the screenshots show what an offline reader sees.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--hide-scrollbars",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def screenshot(html: Path, png: Path, width: int, height: int, chromium: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
                        f"--screenshot={png}", html.resolve().as_uri()],
                       check=True, capture_output=True, timeout=120)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=Path, default=Path("reports"))
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=5000)
    args = ap.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chromium:
        raise SystemExit("chromium not found: apt-get install chromium")
    out = args.out or args.reports / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    pages = sorted(args.reports.glob("*.html"))
    for page in pages:
        png = out / f"{page.stem}.png"
        screenshot(page, png, args.width, args.height if page.name != "index.html" else 1200, chromium)
        print(f"{page} -> {png} ({png.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
