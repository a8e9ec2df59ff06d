"""Where the tests find Debian's Chromium, and the flags it runs headless with here.

One place for both the page checks (`test_pages`, Chromium on the command line) and the web
app's browser tests (`serve/test_browser`, Chromium under Playwright). Without the
background-networking flags Chromium keeps trying to reach Google's hosts, which this
machine's closed network refuses; as root it needs `--no-sandbox`.
"""

from __future__ import annotations

import os
import shutil

CHROMIUM: str | None = (
    os.environ.get("ROLEFIT_CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)
HEADLESS_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
