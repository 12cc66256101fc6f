"""Pinned source distributions from PyPI, fetched through the simple index (never built or run)."""

import re
import urllib.request
from pathlib import Path


def download(spec: str, downloads: Path) -> Path:
    """The sdist archive of `name==version` in `downloads`, fetched once."""
    name, version = spec.split("==")
    index = urllib.request.urlopen(f"https://pypi.org/simple/{name}/").read().decode()
    wanted = re.compile(rf"[-_.]?{re.escape(version)}\.tar\.gz#", re.I)
    url = next(u for u in re.findall(r'href="([^"]+)"', index)
               if wanted.search(u) and re.search(rf"/{name.replace('-', '[-_]')}-", u, re.I))
    archive = downloads / url.split("#")[0].rsplit("/", 1)[1]
    if not archive.exists():
        urllib.request.urlretrieve(url.split("#")[0], archive)
    return archive
