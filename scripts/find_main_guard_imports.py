#!/usr/bin/env python3
"""List the stdlib import edges of ../shared/python-facts that sit under a module-level
`if __name__ == "__main__":`, read off real CPython sources; writes
scripts/data/main-guard-imports.json, which gen_tables.py drops from the import graph.

The facts' `*-stdlib-imports.json` count `if` blocks as running at import time, and a main
guard is an `if` block, but it never runs on import: `heapq` does not import `doctest`.

Needs the CPython trees of pyenv (3.8-3.13); run each version's sources with an interpreter
that parses them (3.12+ need a 3.12+ parser):
    python3.11 scripts/find_main_guard_imports.py 3.8 3.9 3.10 3.11 > /tmp/a.json
    python3.13 scripts/find_main_guard_imports.py 3.12 3.13 > /tmp/b.json
    python3 -c 'import json,sys; a=json.load(open("/tmp/a.json")); a.update(json.load(open("/tmp/b.json"))); \
        json.dump(a, open("scripts/data/main-guard-imports.json", "w"), indent=1, sort_keys=True)'
Checked when written: every fact's line holds an import in these sources (1 multi-line
statement off in 3.8-3.10), so the trees match the builds the facts were read from.
"""

import ast
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FACTS = ROOT.parent / "shared" / "python-facts"
PYENV = pathlib.Path.home() / ".pyenv" / "versions"


def is_main_guard(node):
    t = node.test
    return (
        isinstance(node, ast.If)
        and isinstance(t, ast.Compare)
        and isinstance(t.left, ast.Name)
        and t.left.id == "__name__"
        and len(t.comparators) == 1
        and isinstance(t.comparators[0], ast.Constant)
        and t.comparators[0].value == "__main__"
    )


def main():
    out = {}
    for version in sys.argv[1:]:
        facts = json.loads((FACTS / f"cpython-{version}-stdlib-imports.json").read_text())["modules"]
        lib = next(p for p in sorted(PYENV.glob(f"{version}.*")) if p.is_dir()) / "lib" / f"python{version}"
        found = []
        for module, edges in sorted(facts.items()):
            parts = module.split(".")
            candidates = [lib.joinpath(*parts).with_suffix(".py"), lib.joinpath(*parts, "__init__.py")]
            source = next(c for c in candidates if c.exists())
            tree = ast.parse(source.read_bytes())
            guards = [(n.lineno, n.end_lineno) for n in tree.body if isinstance(n, ast.If) and is_main_guard(n)]
            found += [[module, e[0], e[2]] for e in edges if any(a <= e[2] <= b for a, b in guards)]
        out[version] = found
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
