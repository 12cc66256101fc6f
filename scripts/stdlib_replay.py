"""The standard library's import-time behaviour on Linux, read off the shared facts' events.

`edges(modules, name, available)` turns one stdlib module's import-time events (source order, each
with its control context) into the imports that really run on a Linux build when nothing is
shadowed:

  * `if`/`else`/`while` tests on the platform (`sys.platform == 'win32'`, `os.name == "nt"`,
    `_mswindows`, …) are evaluated for Linux; other tests are unknown and their branch is taken
    (the import may run);
  * a `try` body stops at an import of a module the build does not have (`import msvcrt`), and
    then only the handlers that catch `ModuleNotFoundError` run (`except[...]`), the `else:`
    does not; a `try` that raised nothing skips its handlers;
  * `main-guard`, `type-checking` and `lazy` (3.15 `lazy import`) events never run on import;
  * `call` events run the imports of the module's own function at the call's line;
  * `from P import n` where `P.n` is a stdlib module also imports the submodule.

Each edge is `[target, names or null, line, guarded, attrs]`: `guarded` when a `try` catching
`ImportError` (or a superclass) encloses it; `attrs` the attributes of a plainly imported module
that the importer loads at import time afterwards (`re`: `enum.IntFlag`), with their lines.

`agreement(...)` replays `import M` for every module over these edges and compares the modules
it reaches with what `python -X importtime -c "import M"` really imported (the import-trees
facts): the generator prints it, so a regression of the replay shows at generation time.
"""

import re

WINDOWS_ISH = re.compile(
    r"win32|\bnt\b|_mswindows|_winapi|_MS_WINDOWS|_WINDOWS|WINSERVICE|darwin|aix|emscripten"
    r"|android|cygwin|wasi|\bios\b|vxworks|java"
)
TRUE_ON_LINUX = {
    "os.name == 'posix'", 'os.name == "posix"', "'posix' in _names", "sys.platform != 'win32'",
    '_os.name == "posix"', "_os.name == 'posix'", "_LINUX", "sys.platform == 'linux'",
    "hasattr(select, 'epoll')", "hasattr(select, 'poll')", "_can_use('epoll')",
    "hasattr(selectors, 'PollSelector')", "not hasattr(sys, 'gettotalrefcount')",
    'sys.platform != "win32"', "os.name != 'nt'", 'os.name != "nt"',
}
# Flags the module sets when a C accelerator compiled into every CPython imports: `warnings`
# sets `_warnings_defaults = True` after `from _warnings import …`, so its module-level
# `filterwarnings(...)` calls (whose `import re` would run) happen only without `_warnings`.
TRUE_ON_CPYTHON = {"_warnings_defaults"}
# Module flags that are constants: `xml.sax` sets `_false = 0` and imports its default parser
# under `if _false:` only so that freezing tools see the import.
FALSE_ON_CPYTHON = {"_false"}
PLATFORM_FLAGS = {"_mswindows", "_winapi", "_MS_WINDOWS", "_WINDOWS", "WINSERVICE", "'nt' in _names"}
NEVER_ON_IMPORT = {"main-guard", "type-checking", "lazy"}
CATCHES_IMPORT_ERROR = {"*", "BaseException", "Exception", "ImportError", "ModuleNotFoundError"}


def evaluate(test):
    """The value of an `if` test on Linux, or None when it is not a platform test."""
    t = test.strip()
    if t in TRUE_ON_LINUX or t in TRUE_ON_CPYTHON:
        return True
    if t.startswith("not "):
        inner = evaluate(t[4:])
        return None if inner is None else not inner
    for op, absorbing in ((" and ", False), (" or ", True)):
        if op in t:
            parts = [evaluate(p) for p in t.split(op)]
            if absorbing in parts:
                return absorbing
            if all(p is (not absorbing) for p in parts):
                return not absorbing
            return None
    platform_test = re.fullmatch(r"\(?_?(sys\.platform|os\.name)\b.*", t) or t in PLATFORM_FLAGS
    if platform_test and "linux" not in t and "posix" not in t and WINDOWS_ISH.search(t):
        return False
    if t in ("TYPE_CHECKING", "False", "0") or t in FALSE_ON_CPYTHON:
        return False
    if t in ("True", "1"):
        return True
    return None


def _catches(handlers, exc):
    return any(h.strip() in ({"*", "BaseException", "Exception", "ImportError", exc}) for h in handlers.split(","))


def line_of(event):
    return event[2] if event[0] == "call" else event[3]


def with_annotation_uses(events, extra):
    """`events` with the attribute loads of `def` annotations (find_annotation_uses.py), in
    source order: the facts' events leave those out."""
    if not extra:
        return events
    return sorted(events + extra, key=line_of)  # stable: same-line events keep their order


def edges(modules, name, available, annotation_uses=None, imported=None):
    """The imports `name` runs on import, as edges (see the module doc).

    `imported`: what a real `import name` loaded (the import-trees facts), when known. The
    imports of a function called at import time count only if that happened: the events list
    every import in a function's body, nested functions' included (functools' 3.14 decorator
    `_warn_python_reduce_kwargs` imports `warnings` only inside the wrapper it returns), and
    loops that may not run (`warnings._processoptions` over empty options).
    """
    info = modules[name]
    out = []
    # Per control prefix (the frames enclosing a `try`): the exception its current body raised.
    raised = {}

    def fails(target):
        return target.split(".")[0] not in available and target not in modules

    def runs(ctx):
        for i, frame in enumerate(ctx):
            key = tuple(ctx[:i])
            if frame in NEVER_ON_IMPORT:
                return False
            if frame.startswith("except["):
                exc = raised.get(key)
                if not exc or exc == "done" or not _catches(frame[7:-1], exc):
                    return False
            elif frame == "try-else":
                if raised.get(key) not in (None, "done"):
                    return False
            elif frame.startswith("try["):
                if raised.get(key) not in (None, "done"):
                    return False  # the body stopped at the import that failed
            elif frame.startswith(("if:", "while:")) and evaluate(frame.split(":", 1)[1]) is False:
                return False
            elif frame.startswith("else:") and evaluate(frame[5:]) is True:
                return False
        return True

    def failed(ctx):
        for i in range(len(ctx) - 1, -1, -1):
            if ctx[i].startswith("try["):
                raised[tuple(ctx[:i])] = "ModuleNotFoundError"
                return

    def guarded(ctx):
        return any(
            f.startswith("try[") and any(h.strip() in CATCHES_IMPORT_ERROR for h in f[4:-1].split(","))
            for f in ctx
        )

    bound = {}  # name bound by a plain `import` → its edge, for attribute loads

    def walk(events, outer, in_call=False):
        for event in events:
            kind, ctx = event[0], outer + event[-1]
            if not runs(ctx):
                continue
            if in_call and imported is not None and kind in ("import", "from") and event[1] not in imported:
                continue
            if kind == "import":
                target, asname, line = event[1], event[2], event[3]
                edge = [target, None, line, guarded(ctx), []]
                out.append(edge)
                if "." not in target or asname:
                    bound[asname or target] = edge
                if fails(target):
                    failed(ctx)
            elif kind == "from":
                base, names, line = event[1], event[2], event[3]
                out.append([base, names, line, guarded(ctx), []])
                if fails(base):
                    failed(ctx)
                for n in names:
                    if f"{base}.{n}" in modules:
                        out.append([f"{base}.{n}", None, line, guarded(ctx), []])
            elif kind == "attr":
                root, path, line = event[1], event[2], event[3]
                edge = bound.get(root)
                first = path.split(".")[0]
                if edge is not None and "." not in edge[0] and [first, line] not in edge[4]:
                    edge[4].append([first, line])
            elif kind == "call":
                walk(info["functions"].get(event[1], []), ctx, in_call=True)

    walk(with_annotation_uses(info["events"], (annotation_uses or {}).get(name)), [])
    return out


def replay(graph, start, preloaded):
    """The modules `import start` reaches over `graph` (each once), parents first."""
    done = set(preloaded)
    reached = []
    stack = [start]
    # Depth first in line order, without recursion.
    work = []

    def push(target):
        parts = target.split(".")
        for i in reversed(range(len(parts))):
            work.append(".".join(parts[: i + 1]))

    push(start)
    while work:
        module = work.pop()
        if module in done:
            continue
        done.add(module)
        reached.append(module)
        for edge in reversed(graph.get(module, [])):
            push(edge[0])
    del stack
    return reached


# Why a module's replay differs from what `-X importtime -c "import M"` loaded, checked in order.
# Each is a difference between the two measurements, not a mistake of the graph the rules read.
REASONS = {
    "raises": "its import raises on this build (CPython's list stops at the failure and adds "
    "what printing the traceback imports; the replay does not model `raise`)",
    "environment": "the interpreter that measured it had setuptools' `_distutils_hack`, which "
    "serves `distutils` from setuptools: non-stdlib modules in the list",
    "warning": "importing it shows a `DeprecationWarning` under `-c`, and showing a warning "
    "imports `linecache` (and what it needs); in a program the warning is usually not shown",
    "c-extension": "a C extension module imports it while it initialises (`_decimal` imports "
    "`numbers`, `math` `_math_integer`): the events cover Python source only",
    "call": "a function run at import time imports it through another module or a variable "
    "(`hashlib` calls its builtin constructors through `__get_hash`, `optparse` calls "
    "`gettext`, the CJK codecs' `getcodec` imports `_codecs_jp`): the replay follows calls of "
    "the module's own functions by name only",
    "alias": "`importlib` registers the frozen `_frozen_importlib_external` under the name "
    "`importlib._bootstrap_external`, which `-X importtime` lists when a module imports it by "
    "that name; the replay counts it as loaded at start-up (no code runs)",
    "lazy": "a module it imports sets `__lazy_modules__` (3.15, PEP 810), which makes the imports "
    "it lists lazy; the events record the binding but not the list, so the replay runs them",
    "extra": "the replay reaches modules CPython did not load: an `if` test it cannot evaluate "
    "(both branches are assumed to run) or a handler taken on another build",
}


def differences(graph, trees, preloaded, available, events):
    """Every module whose replay differs from the import-trees facts: (module, reason,
    missing, extra), the reason a key of `REASONS`."""
    loadable = lambda m: m in graph or m in available  # noqa: E731
    out = []
    for name, tree in sorted(trees["modules"].items()):
        if name not in graph:
            continue
        truth = {m for _, m in tree["imports"] if loadable(m)}
        got = {m for m in replay(graph, name, preloaded) if loadable(m)}
        if got == truth:
            continue
        missing, extra = sorted(truth - got), sorted(got - truth)
        lazy = any("__lazy_modules__" in (d[0] for d in events.get(m, {}).get("defs", [])) for m in got | {name})
        why = "lazy" if lazy and extra and not missing else reason(name, tree, missing, extra, events)
        out.append((name, why, missing, extra))
    return out


def reason(name, tree, missing, extra, events):
    """Which of `REASONS` explains one module's difference."""
    imports = tree["imports"]
    if tree.get("error"):
        return "raises"
    if any(m.split(".")[0] in ("setuptools", "pkg_resources", "_distutils_hack") for _, m in imports):
        return "environment"
    if extra:
        return "extra"
    if set(missing) <= {"importlib._bootstrap", "importlib._bootstrap_external"}:
        return "alias"
    # `-X importtime` lists a module's imports before it, one level deeper.
    importer = {}
    for i, (depth, module) in enumerate(imports):
        importer[module] = next((m for d, m in imports[i + 1:] if d == depth - 1), None)
    roots = [m for m in missing if importer.get(m) not in missing]
    if "linecache" in roots:
        return "warning"
    if all(importer.get(m) not in events for m in roots):
        return "c-extension"
    return "call"


def agreement(graph, trees, preloaded, available):
    """(modules compared, modules whose replay reaches exactly what CPython imported).

    Only modules the build has count on both sides: `-X importtime` also lists failed attempts
    (`nt` on Linux) and the replay names aliases that `sys.modules` serves (`collections.abc`
    in 3.14+); neither runs any code.
    """
    loadable = lambda m: m in graph or m in available  # noqa: E731
    compared = same = 0
    for name, tree in trees["modules"].items():
        if name not in graph:
            continue
        compared += 1
        truth = {m for _, m in tree["imports"] if loadable(m)}
        if {m for m in replay(graph, name, preloaded) if loadable(m)} == truth:
            same += 1
    return compared, same
