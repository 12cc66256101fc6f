#!/usr/bin/env python3
"""Run stdshadow with no flags on popular, well-maintained projects and count what it says.

    python3 bench/clean_projects.py [--binary PATH ...] [--work DIR]

Each project is a pinned source distribution from PyPI (fetched through the simple index and
unpacked, never built or run), checked from its own root exactly as a new user would:
`stdshadow check --output-format json --exit-zero`. These projects ship and are used by
millions: a finding here is either a real problem a maintainer would act on or noise. The table
gives the findings per project and code for each binary given (e.g. an older build beside the
current one), so a change in noise is measured, not guessed.
"""

import argparse
import collections
import json
import subprocess
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sdists  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = [
    "django==5.1.4", "flask==3.1.0", "requests==2.32.3", "httpx==0.28.1", "sqlalchemy==2.0.36",
    "sympy==1.13.3", "ansible-core==2.17.7", "twisted==24.11.0", "setuptools==75.6.0",
    "pip==24.3.1", "networkx==3.4.2", "pytest==8.3.4", "attrs==24.3.0", "click==8.1.8",
    "black==24.10.0", "rich==13.9.4",
]


def fetch(spec: str, work: Path) -> Path:
    target = work / spec.replace("==", "-")
    if target.exists():
        return target
    archive = sdists.download(spec, work)
    with tarfile.open(archive) as tar:
        top = tar.getnames()[0].split("/")[0]
        tar.extractall(work, filter="data")
    (work / top).rename(target)
    return target


def findings(binary: str, project: Path) -> collections.Counter:
    out = subprocess.run([binary, "check", "--output-format", "json", "--exit-zero"],
                         cwd=project, capture_output=True, text=True)
    try:
        report = json.loads(out.stdout)
    except json.JSONDecodeError:
        return collections.Counter({"error": 1})
    return collections.Counter(d["code"] for d in report["diagnostics"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", action="append", default=None)
    ap.add_argument("--work", type=Path, default=ROOT / "target" / "clean-projects")
    args = ap.parse_args()
    binaries = [str(Path(b).resolve()) for b in args.binary or [ROOT / "target" / "release" / "stdshadow"]]
    args.work.mkdir(parents=True, exist_ok=True)
    totals = [collections.Counter() for _ in binaries]
    with_findings = [0 for _ in binaries]
    print("project".ljust(24) + "".join(f"  {Path(b).parent.parent.name or b:>28}" for b in binaries))
    for spec in PROJECTS:
        project = fetch(spec, args.work)
        cells = []
        for i, binary in enumerate(binaries):
            counts = findings(binary, project)
            totals[i] += counts
            with_findings[i] += bool(counts)
            cells.append(", ".join(f"{c} {n}" for c, n in sorted(counts.items())) or "-")
        print(spec.ljust(24) + "".join(f"  {c:>28}" for c in cells))
    for i, binary in enumerate(binaries):
        total = sum(totals[i].values())
        print(f"{binary}: {total} findings ({dict(sorted(totals[i].items()))}), "
              f"{with_findings[i]} of {len(PROJECTS)} projects with any")


if __name__ == "__main__":
    main()
