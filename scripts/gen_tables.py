#!/usr/bin/env python3
"""Generate src/python/tables.rs: per-version import facts embedded in stdshadow.

Inputs (nothing is asked of a running interpreter):
  * ../shared/python-facts/cpython-X.Y-linux.json   real CPython 3.8-3.13 dumps
  * ../shared/python-facts/debian-python3.1[45]-linux.json   real Debian builds of 3.14.10, 3.15.2
  * ../shared/python-facts/cpython-X.Y-stdlib-events.json    each stdlib module's import-time
                                                     events (3.8-3.15), for the stdlib import graph
  * ../shared/python-facts/cpython-X.Y-import-trees.json     what `-X importtime` really imported,
                                                     to report how faithful the graph's replay is
  * scripts/data/annotation-uses.json                attribute loads in the annotations of stdlib
                                                     `def`s (3.8-3.13), which the events leave out
  * scripts/data/typeshed-stdlib-VERSIONS            typeshed's stdlib/VERSIONS (from the mypy 2.4.1
                                                     wheel, Apache-2.0, see typeshed-LICENSE), for the
                                                     3.8/3.9 non-Linux names

Where each table comes from:
  * 3.10-3.13 stdlib names: `sys.stdlib_module_names` from the dump.
  * 3.8/3.9 stdlib names (no `sys.stdlib_module_names` there): the build's own top-level
    importable names (`lib_scan_linux` + built-ins) minus the test-only modules that 3.10+ leave
    out of `stdlib_module_names`, plus the non-Linux modules (`winreg`, `msvcrt`, ...) of 3.10
    that typeshed says exist in that version.
  * 3.14, 3.15: `sys.stdlib_module_names` of the Debian builds; their built-in set minus the
    modules Debian compiles in that a source build ships as extension modules (the 3.11
    Debian-vs-source difference, plus the new ones the facts' README names), so that only what
    no build lets a file shadow counts as built in.
  * built-in, frozen and start-up (script mode, clean venv) sets: the dumps.
  * the stdlib import graph: scripts/stdlib_replay.py over the events (platform tests for Linux,
    handlers only when their `try` failed, no main guard / TYPE_CHECKING / lazy imports).

Usage: python3 scripts/gen_tables.py [--check] [path/to/python-facts]
       (default facts: ../shared/python-facts; --check: fail if the committed file is stale)
"""

import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
ARGS = [a for a in sys.argv[1:] if a != "--check"]
CHECK = "--check" in sys.argv[1:]
FACTS = pathlib.Path(ARGS[0]) if ARGS else ROOT.parent / "shared" / "python-facts"
VERSIONS_FILE = ROOT / "scripts" / "data" / "typeshed-stdlib-VERSIONS"
OUT = ROOT / "src" / "python" / "tables.rs"
GRAPH_DIR = ROOT / "src" / "python" / "graph"
HOSTS_OUT = ROOT / "src" / "python" / "host_tables.rs"
REPLAY_DOC = ROOT / "docs" / "stdlib-replay.md"
HOSTS_DATA = ROOT / "scripts" / "data" / "hosts"
sys.path.insert(0, str(ROOT / "scripts"))
import stdlib_replay  # noqa: E402

DUMPED = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"]
# Attribute loads in `def` annotations, evaluated at import time up to 3.13 (find_annotation_uses.py).
ANNOTATION_USES = json.loads((ROOT / "scripts" / "data" / "annotation-uses.json").read_text())
DEBIAN = ["3.14", "3.15"]
# Extension modules that Debian compiles into its interpreter but a source build (python.org,
# the official Docker images) ships as shared libraries, which a local file does shadow.
DEBIAN_BUILT_IN_EXTRA = {
    "3.14": {"_sha2", "_json", "_contextvars", "_types"},
    "3.15": {"_sha2", "_json", "_contextvars", "_types", "_asyncio", "_math_integer", "_zstd"},
}


def minor(v):
    return int(v.split(".")[1])


# The facts' start-up sets are read with `python -c`. From 3.13 on, `-c` also imports `linecache`
# (to show the command's source in tracebacks); a script, `python -m` and stdin do not (checked
# on 3.13.0, Debian's 3.13.18, 3.14.10 and 3.15.2), so a local `linecache.py` beside a script is
# not inert there. The tables hold the script-mode set, which is how nearly all code runs.
ONLY_WITH_DASH_C = {"linecache"}


def script_mode(version, names):
    """`names` (start-up's modules under `-c`) as a script's start-up has them."""
    return [n for n in names if not (minor(version) >= 13 and n in ONLY_WITH_DASH_C)]


def startup_modules(d):
    return script_mode(d["version"], top_level(d["startup_modules"]["default"]))


def typeshed_ranges():
    ranges = {}
    for line in VERSIONS_FILE.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, rng = (part.strip() for part in line.split(":", 1))
        lo, hi = rng.split("-")
        ranges[name] = (minor(lo), minor(hi) if hi else 99)
    return ranges


def top_level(names):
    return sorted({n.split(".")[0] for n in names})


def main():
    ranges = typeshed_ranges()

    def typeshed_has(name, v):
        lo, hi = ranges[name]
        return lo <= minor(v) <= hi

    facts = {v: json.loads((FACTS / f"cpython-{v}-linux.json").read_text()) for v in DUMPED}
    tables = {}
    for v, d in facts.items():
        tables[v] = {
            "builtin": sorted(d["builtin_module_names"]),
            # A frozen submodule (`importlib.util`) does not serve its package: only names
            # without a dot count.
            "frozen": sorted(n for n in d["frozen_module_names"] or [] if "." not in n),
            "startup": startup_modules(d),
            "full_version": d["full_version"],
        }

    # Test-only names that builds install but `sys.stdlib_module_names` leaves out.
    test_only = set()
    for v in ["3.10", "3.11", "3.12", "3.13"]:
        d = facts[v]
        test_only |= set(d["lib_scan_linux"]) - set(d["stdlib_module_names"])
    ref = facts["3.10"]
    non_linux = set(ref["stdlib_module_names"]) - set(ref["lib_scan_linux"]) - set(ref["builtin_module_names"])

    for v in DUMPED:
        d = facts[v]
        if d["stdlib_module_names"] is not None:
            names = set(d["stdlib_module_names"])
            tables[v]["stdlib_source"] = f"sys.stdlib_module_names of CPython {d['full_version']}"
        else:
            names = (set(d["lib_scan_linux"]) | set(d["builtin_module_names"])) - test_only
            names |= {n for n in non_linux if n not in ranges or typeshed_has(n, v)}
            tables[v]["stdlib_source"] = (
                f"importable names of CPython {d['full_version']} minus test modules, "
                "plus typeshed's non-Linux modules"
            )
        tables[v]["stdlib"] = sorted(names)

    debian311 = json.loads((FACTS / "debian-python3.11-linux.json").read_text())
    debian_extra = set(debian311["builtin_module_names"]) - set(facts["3.11"]["builtin_module_names"])
    for v in DEBIAN:
        d = json.loads((FACTS / f"debian-python{v}-linux.json").read_text())
        facts[v] = d
        tables[v] = {
            "stdlib": sorted(d["stdlib_module_names"]),
            "builtin": sorted(set(d["builtin_module_names"]) - debian_extra - DEBIAN_BUILT_IN_EXTRA[v]),
            "frozen": sorted(n for n in d["frozen_module_names"] or [] if "." not in n),
            "startup": startup_modules(d),
            "full_version": d["full_version"],
            "stdlib_source": f"sys.stdlib_module_names of Debian's CPython {d['full_version']}",
        }

    for v, t in tables.items():
        # Start-up's imports in the order they finish (`-X importtime`), stdlib only (the dumps'
        # environments add `sitecustomize` and the like).
        trees = json.loads((FACTS / f"cpython-{v}-import-trees.json").read_text())
        stdlib = set(t["stdlib"])
        t["startup_order"] = script_mode(v, [n for n in trees["startup"] if n.split(".")[0] in stdlib])

    out = [
        "// @generated by scripts/gen_tables.py from ../shared/python-facts and typeshed's stdlib/VERSIONS.",
        "// Do not edit by hand: re-run the script.",
        "",
        "use super::VersionTable;",
        "",
        "pub(super) static TABLES: &[VersionTable] = &[",
    ]
    for v in sorted(tables, key=minor):
        t = tables[v]
        out.append("    VersionTable {")
        out.append(f"        minor: {minor(v)},")
        out.append(f'        source: "{t["stdlib_source"]}",')
        for key in ["stdlib", "builtin", "frozen", "startup", "startup_order"]:
            items = ", ".join(f'"{n}"' for n in t[key])
            out.append(f"        {key}: &[{items}],")
        out.append("    },")
    out.append("];")
    outputs = {OUT: rustfmt("\n".join(out) + "\n")}
    # The stdlib's own import graph, one compact JSON a version, from the events.
    report = []
    replay_doc = [
        "<!-- @generated by scripts/gen_tables.py: do not edit by hand. -->",
        "# The stdlib replay against real imports",
        "",
        "For every stdlib module of every version, `scripts/stdlib_replay.py` replays `import M` over",
        "the import graph the rules read (built from the events facts) and compares the modules it",
        'reaches with what `python -I -X importtime -c "import M"` really loaded on that build (the',
        "import-trees facts). This lists every module where the two differ, and why. Reasons:",
        "",
        *(f"- **{k}**: {text}." for k, text in stdlib_replay.REASONS.items()),
        "",
    ]
    for v in DUMPED + DEBIAN:
        events = json.loads((FACTS / f"cpython-{v}-stdlib-events.json").read_text())["modules"]
        available = set(facts[v]["lib_scan_linux"]) | set(facts[v]["builtin_module_names"])
        annotations = ANNOTATION_USES.get(v, {})
        trees = json.loads((FACTS / f"cpython-{v}-import-trees.json").read_text())
        imported = {m: {n for _, n in t["imports"]} for m, t in trees["modules"].items()}
        graph = {
            m: stdlib_replay.edges(events, m, available, annotations, imported.get(m))
            for m in sorted(events)
        }
        outputs[GRAPH_DIR / f"cpython-{v}.json"] = json.dumps(graph, separators=(",", ":")) + "\n"
        preloaded = (
            set(trees["startup"])
            | set(facts[v]["startup_modules"]["isolated (-I)"])
            | {"importlib._bootstrap", "importlib._bootstrap_external"}
        )
        compared, same = stdlib_replay.agreement(graph, trees, preloaded, available)
        report.append(f"{v}: {same}/{compared}")
        replay_doc.extend(replay_section(v, same, compared, stdlib_replay.differences(graph, trees, preloaded, available, events)))
    outputs[HOSTS_OUT] = rustfmt(host_tables())
    outputs[REPLAY_DOC] = "\n".join(replay_doc) + "\n"
    print("replay of `import M` vs -X importtime, modules reaching exactly the same set: " + ", ".join(report))
    if CHECK:
        stale = [p for p, t in outputs.items() if not p.exists() or p.read_text() != t]
        if stale:
            sys.exit(f"{', '.join(str(p.relative_to(ROOT)) for p in stale)} stale: run python3 scripts/gen_tables.py")
        print("generated tables are up to date")
        return
    GRAPH_DIR.mkdir(exist_ok=True)
    for path, text in outputs.items():
        path.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)}: " + ", ".join(f"{v}: {len(tables[v]['stdlib'])} names" for v in sorted(tables, key=minor)))


def replay_section(version, same, compared, differences):
    """The report's part for one version: the counts by reason, then each module."""
    by_reason = {}
    for _, why, _, _ in differences:
        by_reason[why] = by_reason.get(why, 0) + 1
    counts = ", ".join(f"{why} {n}" for why, n in sorted(by_reason.items(), key=lambda kv: -kv[1]))
    lines = [f"## Python {version}", "", f"{same} of {compared} modules reach exactly the same set; {compared - same} differ ({counts}).", ""]
    lines += ["| module | reason | CPython loaded, the replay did not | the replay reached, CPython did not |", "|---|---|---|---|"]
    shown = lambda names: ", ".join(f"`{n}`" for n in names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")  # noqa: E731
    for name, why, missing, extra in differences:
        lines.append(f"| `{name}` | {why} | {shown(missing)} | {shown(extra)} |")
    return lines + [""]


def rustfmt(source):
    """The layout `cargo fmt` gives the file, so that --check and `cargo fmt --check` agree."""
    edition = next(l.split('"')[1] for l in (ROOT / "Cargo.toml").read_text().splitlines() if l.startswith("edition"))
    done = subprocess.run(
        ["rustfmt", "--edition", edition, "--emit", "stdout"], input=source, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"rustfmt failed on generated code:\n{done.stderr}")
    return done.stdout


def host_tables():
    """What real hosts import before the user's code, measured by scripts/host_imports.py."""
    docs = sorted(
        (json.loads(p.read_text()) for p in HOSTS_DATA.glob("*.json")),
        key=lambda d: (d["host"], minor(".".join(d["python"].split(".")[:2]))),
    )
    out = [
        "// @generated by scripts/gen_tables.py from scripts/data/hosts (scripts/host_imports.py).",
        "// Do not edit by hand: re-run the scripts.",
        "",
        "use super::hosts::HostTable;",
        "",
        "pub(super) static HOST_TABLES: &[HostTable] = &[",
    ]
    for d in docs:
        v = ".".join(d["python"].split(".")[:2])
        out.append("    HostTable {")
        out.append(f'        host: "{d["host"]}",')
        out.append(f'        package_version: "{d["package_version"]}",')
        out.append(f"        minor: {minor(v)},")
        out.append(f'        python: "{d["python"]}",')
        out.append(f'        entries_first: {str(d["entries_first"]).lower()},')
        for key in ["before", "with_entries"]:
            items = ", ".join(f'"{n}"' for n in d[key])
            out.append(f"        {key}: &[{items}],")
        out.append("    },")
    out.append("];")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
