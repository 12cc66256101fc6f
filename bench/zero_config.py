#!/usr/bin/env python3
"""Zero-config recall: run `stdshadow check` with no flags on incident layouts and count what it finds.

    python3 bench/zero_config.py [--binary PATH ...] [--clean]

Each incident is a faithful reconstruction of a public project's layout at the commit before a
documented stdlib-shadowing fix: the shadowing file, the code that ran it and *how* it was run
(a file inside a package run by an IDE, a script without a main guard, a Makefile target, a
`subprocess` literal, a launch configuration, a notebook…), with the rest of the project reduced
to what decides the answer. An incident counts as found when a finding names the shadowing file
(any rule) with no flags and no configuration, from the project root, as a new user runs it.
Each incident has a negative twin (the same project after its fix: the module renamed), which
must produce no finding for that file.

With `--clean`, also runs bench/clean_projects.py (popular projects without an incident) for
the noise side of the same trade-off.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NOTEBOOK = json.dumps({
    "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
               "source": ["import pandas as pd\n", "df = pd.DataFrame()\n"]}],
    "metadata": {}, "nbformat": 4, "nbformat_minor": 5})

# (name, how it ran, shadowing file, files). The shadowing file is renamed in the twin.
INCIDENTS = [
    ("lambda-pythonpath-src", "Dockerfile ENV PYTHONPATH", "src/logging.py", {
        "Dockerfile": "FROM public.ecr.aws/lambda/python:3.12\nCOPY src/ ${LAMBDA_TASK_ROOT}/src/\n"
                      "ENV PYTHONPATH=${LAMBDA_TASK_ROOT}/src\nCMD [\"handler.main\"]\n",
        "src/logging.py": "import logging\n\nclass JsonFormatter(logging.Formatter):\n    pass\n",
        "src/handler.py": "import logging\n\ndef main(event, ctx):\n    return logging.getLogger().name\n"}),
    ("package-file-run-by-ide", "file inside a package run directly", "bot/logging.py", {
        "bot/__init__.py": "",
        "bot/main.py": "import logging\n\nimport handlers\n\nif __name__ == '__main__':\n    handlers.run()\n",
        "bot/handlers.py": "def run():\n    pass\n",
        "bot/logging.py": "import logging\nlog = logging.getLogger('bot')\n"}),
    ("package-types", "file inside a package run directly", "pkg/types.py", {
        "pkg/__init__.py": "",
        "pkg/cli.py": "import argparse\nimport config\n\nif __name__ == '__main__':\n    argparse.ArgumentParser().parse_args()\n",
        "pkg/config.py": "X = 1\n",
        "pkg/types.py": "from typing import NamedTuple\n\nclass Row(NamedTuple):\n    a: int\n"}),
    ("package-platform", "file inside a package run directly", "app/platform.py", {
        "app/__init__.py": "",
        "app/server.py": "import uuid\nimport settings\n\nif __name__ == '__main__':\n    print(uuid.uuid4())\n",
        "app/settings.py": "DEBUG = True\n",
        "app/platform.py": "NAME = 'linux'\n"}),
    ("benchmark-math", "file inside a package run directly", "benchmark/math.py", {
        "benchmark/__init__.py": "",
        "benchmark/run.py": "import random\nimport cases\n\nif __name__ == '__main__':\n    cases.go()\n",
        "benchmark/cases.py": "def go():\n    pass\n",
        "benchmark/math.py": "def mean(xs):\n    return sum(xs) / len(xs)\n"}),
    ("course-code", "sibling scripts without a main guard", "week3/code.py", {
        "week3/code.py": "def encode(s):\n    return s[::-1]\n",
        "week3/exercise.py": "import code\nimport pdb\n\nprint(code.encode('abc'))\n"}),
    ("course-queue", "sibling scripts without a main guard", "lab/queue.py", {
        "lab/queue.py": "class Queue:\n    pass\n",
        "lab/producer.py": "import threading\nimport queue\n\nq = queue.Queue()\nthreading.Thread(target=print).start()\n"}),
    ("examples-random", "sibling scripts without a main guard", "examples/random.py", {
        "examples/random.py": "SEED = 1\n",
        "examples/demo.py": "import random\nimport tempfile\n\nprint(random.random(), tempfile.gettempdir())\n"}),
    ("os-system-crawler", "os.system literal", "modules/html.py", {
        "main.py": "import os\n\nos.system('python modules/crawler.py')\n",
        "modules/crawler.py": "import urllib.request\n\nurllib.request.urlopen('https://example.org')\n",
        "modules/html.py": "def clean(s):\n    return s\n"}),
    ("subprocess-tools", "subprocess.run literal", "tools/secrets.py", {
        "app/__init__.py": "",
        "app/jobs.py": "import subprocess\n\ndef rotate():\n    subprocess.run(['python', 'tools/rotate.py'])\n",
        "tools/rotate.py": "import secrets\nprint(secrets.token_hex(8))\n",
        "tools/secrets.py": "VAULT = 'dev'\n"}),
    ("makefile-target", "Makefile recipe", "scripts/csv.py", {
        "Makefile": "export:\n\tpython scripts/export.py > out.csv\n",
        "scripts/export.py": "import csv\nimport sys\n\ncsv.writer(sys.stdout).writerow([1])\n",
        "scripts/csv.py": "ROWS = []\n"}),
    ("justfile-recipe", "justfile recipe", "tasks/calendar.py", {
        "justfile": "release:\n    python tasks/release.py\n",
        "tasks/release.py": "import calendar\nprint(calendar.month(2026, 1))\n",
        "tasks/calendar.py": "DAYS = 7\n"}),
    ("procfile-worker", "Procfile", "worker/email.py", {
        "Procfile": "worker: python worker/run.py\n",
        "worker/run.py": "import smtplib\nsmtplib.SMTP\n",
        "worker/email.py": "WELCOME = 'hi'\n"}),
    ("tox-commands", "tox commands", "checks/tokenize.py", {
        "tox.ini": "[testenv:lint]\ncommands =\n    python checks/style.py\n",
        "checks/style.py": "import tokenize\n",
        "checks/tokenize.py": "WIDTH = 100\n"}),
    ("ci-run-step", "CI run: step", "ci/select.py", {
        ".github/workflows/ci.yml": "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python ci/check.py\n",
        "ci/check.py": "import selectors\n",
        "ci/select.py": "CHOICES = []\n"}),
    ("readme-command", "README code block", "demo/turtle.py", {
        "README.md": "# Demo\n\n```\npython demo/draw.py\n```\n",
        "demo/draw.py": "import turtle\nturtle.forward(10)\n",
        "demo/turtle.py": "SPEED = 3\n"}),
    ("vscode-launch", "VS Code launch.json", "service/uuid.py", {
        ".vscode/launch.json": "{\n  // debug\n  \"configurations\": [{\"name\": \"Service\", \"type\": \"debugpy\", \"request\": \"launch\",\n"
                               "    \"program\": \"${workspaceFolder}/service/app.py\",},]\n}\n",
        "service/app.py": "import uuid\nprint(uuid.uuid4())\n",
        "service/uuid.py": "PREFIX = 'svc'\n"}),
    ("pycharm-source-root", "PyCharm source root", "lib/numbers.py", {
        ".idea/project.iml": "<module><component name=\"NewModuleRootManager\"><content url=\"file://$MODULE_DIR$\">\n"
                             "<sourceFolder url=\"file://$MODULE_DIR$/lib\" isTestSource=\"false\" />\n</content></component></module>\n",
        "lib/numbers.py": "PHONE = '555'\n",
        "bin/run.py": "import numbers\n"}),
    ("notebook-types", "Jupyter notebook", "analysis/types.py", {
        "analysis/explore.ipynb": NOTEBOOK,
        "analysis/types.py": "from dataclasses import dataclass\n\n@dataclass\nclass Row:\n    a: int\n"}),
]


def materialize(root: Path, files: dict, rename: str | None = None) -> None:
    for rel, text in files.items():
        if rel == rename:
            p = Path(rel)
            rel = str(p.with_name(f"{p.parent.name or 'local'}_{p.name}"))
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def findings(binary: str, root: Path) -> list:
    out = subprocess.run([binary, "check", "--output-format", "json", "--exit-zero"],
                         cwd=root, capture_output=True, text=True)
    return json.loads(out.stdout)["diagnostics"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", action="append", default=None)
    ap.add_argument("--clean", action="store_true")
    args = ap.parse_args()
    binaries = [str(Path(b).resolve()) for b in args.binary or [ROOT / "target" / "release" / "stdshadow"]]
    totals = {b: [0, 0, 0] for b in binaries}  # found, declared, twin noise
    print(f"{'incident':26} {'how it ran':40} " + " ".join(Path(b).parent.parent.name[:12].rjust(12) for b in binaries))
    for name, how, shadow, files in INCIDENTS:
        row = []
        for binary in binaries:
            with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as twin:
                materialize(Path(tmp), files)
                hits = [d for d in findings(binary, Path(tmp)) if d["path"] == shadow]
                materialize(Path(twin), files, rename=shadow)
                noise = [d for d in findings(binary, Path(twin))
                         if Path(d["path"]).parent == Path(shadow).parent and d["code"] in ("SS001", "SS002", "SS003")]
                found = bool(hits)
                declared = any(d.get("confidence", "declared") == "declared" for d in hits)
                totals[binary][0] += found
                totals[binary][1] += found and declared
                totals[binary][2] += bool(noise)
                mark = ("declared" if declared else "possible") if found else "missed"
                row.append((mark + ("+noise" if noise else "")).rjust(12))
        print(f"{name:26} {how:40} " + " ".join(row))
    for binary, (found, declared, noise) in totals.items():
        print(f"{binary}: found {found} of {len(INCIDENTS)} incidents ({declared} as declared, "
              f"{found - declared} as possible); twins with a finding: {noise}")
    if args.clean:
        subprocess.run([sys.executable, str(ROOT / "bench" / "clean_projects.py")]
                       + sum((["--binary", b] for b in binaries), []), check=True)


if __name__ == "__main__":
    main()
