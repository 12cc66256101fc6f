#!/usr/bin/env python3
"""List the attribute loads in the annotations of stdlib functions defined at import time,
read off real CPython sources; writes scripts/data/annotation-uses.json, which
stdlib_replay.py adds to the shared facts' events.

Up to 3.13 a `def`'s parameter and return annotations are evaluated when the `def` runs (unless
the module has `from __future__ import annotations`; 3.14 evaluates them lazily, PEP 649). The
facts' events leave them out, and they matter: `asyncio/staggered.py` line 15,
`coro_fns: typing.Iterable[...]`, is where a local `typing.py` that imports asyncio dies on
3.8–3.13 (`AttributeError: partially initialized module 'typing' has no attribute 'Iterable'`).

Only `def`s at module level or directly in a module-level class body are read (their control
context is then known: none, or the class). Run each version's sources with that version's
interpreter (pyenv's CPython 3.8–3.13 trees):
    for v in 3.8 3.9 3.10 3.11 3.12 3.13; do ~/.pyenv/versions/$v*/bin/python \
        scripts/find_annotation_uses.py $v; done > /tmp/uses.jsonl
    python3 scripts/find_annotation_uses.py --merge /tmp/uses.jsonl
"""

import ast
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FACTS = ROOT.parent / "shared" / "python-facts"
OUT = ROOT / "scripts" / "data" / "annotation-uses.json"


def attribute_roots(node):
    """(root name, first attribute, line) of every `name.attr...` load inside `node`."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute):
            chain = sub
            while isinstance(chain.value, ast.Attribute):
                chain = chain.value
            if isinstance(chain.value, ast.Name):
                yield chain.value.id, chain.attr, sub.lineno, sub.col_offset


def annotations(fn):
    args = fn.args
    for a in args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]:
        if a is not None and a.annotation is not None:
            yield a.annotation
    if fn.returns is not None:
        yield fn.returns


def uses(tree):
    future = any(
        isinstance(n, ast.ImportFrom) and n.module == "__future__" and any(a.name == "annotations" for a in n.names)
        for n in tree.body
    )
    if future:
        return []
    found = set()
    defs = [(n, []) for n in tree.body]
    defs += [(m, [f"class:{n.name}"]) for n in tree.body if isinstance(n, ast.ClassDef) for m in n.body]
    for node, ctx in defs:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for ann in annotations(node):
                for root, attr, line, col in attribute_roots(ann):
                    found.add((line, col, root, attr, tuple(ctx)))
    # Evaluation order: an annotation `typing.Iterable[typing.Callable]` loads left to right.
    return [["attr", r, a, l, list(c)] for l, _, r, a, c in sorted(found)]


def read(version):
    events = json.loads((FACTS / f"cpython-{version}-stdlib-events.json").read_text())["modules"]
    lib = pathlib.Path(sys.prefix) / "lib" / f"python{version}"
    out = {}
    for name, info in events.items():
        path = lib / (name.replace(".", "/") + ("/__init__.py" if info["package"] else ".py"))
        try:
            tree = ast.parse(path.read_bytes())
        except (OSError, SyntaxError):
            continue
        found = uses(tree)
        if found:
            out[name] = found
    return out


if __name__ == "__main__":
    if sys.argv[1] == "--merge":
        merged = {}
        for line in pathlib.Path(sys.argv[2]).read_text().splitlines():
            merged.update(json.loads(line))
        OUT.write_text(json.dumps(merged, indent=0, sort_keys=True) + "\n")
    else:
        print(json.dumps({sys.argv[1]: read(sys.argv[1])}))
