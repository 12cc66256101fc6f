#!/usr/bin/env python3
"""A generated many-context monorepo: N services at a fixed total file count.

    python3 bench/monorepo.py DEST --services N [--files 3000]

Each service is shaped like a real serverless/container service: odd services deploy with a SAM
template (CodeUri `src/`, `PYTHONPATH` naming a vendored `lib/`), even ones with a Dockerfile that
copies `src/` and `lib/` into the image and puts both on `PYTHONPATH`; every service has a
script with a main guard (its own `sys.path[0]`) and a `tests/` directory. The Python files are
spread evenly over the services, so the total is the same for every N and only the number of
contexts changes. One service in ten carries a real shadow (`src/logging.py` importing itself),
so every run has findings to report.
"""

import argparse
from pathlib import Path

HANDLER = '''import json
import logging

from {pkg} import core


def handler(event, context):
    logging.getLogger(__name__).info("event %s", json.dumps(event))
    return core.process(event)
'''

CORE = '''"""Business logic of {svc}."""
import dataclasses
import datetime

from {pkg}.models import Item{n}


@dataclasses.dataclass
class Result:
    when: datetime.datetime
    item: "Item{n}"


def process(event):
    return Result(datetime.datetime.now(), Item{n}(event))
'''

MODULE = '''"""Filler module {k} of {svc}."""
import collections
import functools
import re

from {pkg} import core

PATTERN = re.compile(r"[a-z]+{k}")


@functools.lru_cache(maxsize=None)
def lookup(key):
    return collections.Counter(key)
'''

SHADOW = '''"""A service-local logging helper that shadows the standard library."""
import logging

Formatter = logging.Formatter
'''

SCRIPT = '''#!/usr/bin/env python3
import argparse
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.parse_args()
    return 0


if __name__ == "__main__":
    sys.exit(main())
'''

TEMPLATE = '''AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Function:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: {pkg}.handler.handler
      Runtime: python3.12
      Environment:
        Variables:
          PYTHONPATH: /var/task/lib
'''

DOCKERFILE = '''FROM python:3.12-slim
WORKDIR /app
COPY src/ /app/src/
COPY lib/ /app/lib/
ENV PYTHONPATH=/app/src:/app/lib
CMD ["python", "-m", "{pkg}.handler"]
'''


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def build(dest: Path, services: int, files: int) -> int:
    per_service = max(6, files // services)
    written = 0
    for s in range(services):
        svc = f"svc{s:03d}"
        pkg = f"svc{s:03d}_app"
        root = dest / "services" / svc
        src = root / "src" / pkg
        if s % 2:
            write(root / "template.yaml", TEMPLATE.format(pkg=pkg))
        else:
            write(root / "Dockerfile", DOCKERFILE.format(pkg=pkg))
        write(src / "__init__.py", "")
        write(src / "handler.py", HANDLER.format(pkg=pkg))
        write(src / "core.py", CORE.format(svc=svc, pkg=pkg, n=s))
        write(src / "models.py", f"class Item{s}(dict):\n    pass\n")
        write(root / "lib" / "vendored.py", "VERSION = '1.0'\n")
        write(root / "scripts" / "migrate.py", SCRIPT)
        write(root / "tests" / "test_core.py", f"from {pkg} import core\n\n\ndef test_process():\n    assert core.process({{}})\n")
        count = 7
        if s % 10 == 0:
            write(root / "src" / "logging.py", SHADOW)
            count += 1
        k = 0
        while count < per_service:
            write(src / f"module{k}.py", MODULE.format(svc=svc, pkg=pkg, k=k))
            k += 1
            count += 1
        written += count
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dest", type=Path)
    ap.add_argument("--services", type=int, required=True)
    ap.add_argument("--files", type=int, default=3000)
    args = ap.parse_args()
    print(build(args.dest, args.services, args.files))


if __name__ == "__main__":
    main()
