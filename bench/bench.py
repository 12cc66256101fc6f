#!/usr/bin/env python3
"""Benchmark stdshadow against the walk+read floor and ruff, in the same run.

    python3 bench/bench.py [--files 10000] [--rounds 5] [--corpus DIR] [--no-sdists] [--no-ruff]
                           [--services 1,30,300] [--monorepo-files 3000] [--no-corpus]

Builds a corpus (unless --corpus is given): copies of the installed Python's standard library
(real code) as packages under one root until --files Python files exist, plus a few top-level
modules that shadow the stdlib, plus (unless --no-sdists) the source distributions of large
real projects, pinned, downloaded from PyPI. Then times, round-robin so machine noise hits all
equally:

  floor            find CORPUS -name '*.py' -print0 | xargs -0 cat > /dev/null
  stdshadow        stdshadow check CORPUS --pythonpath CORPUS --output-format concise
                   (context inference on: scripts, pytest … as a user gets it)
  stdshadow (no flags)   stdshadow check CORPUS (zero-config: the contexts it infers)
  stdshadow --no-infer   the first row with only the configured context
  stdshadow 1 file stdshadow check CORPUS/logging.py ... (editor mode: the whole project, one file's report)
  ruff             ruff check --no-cache --isolated --select A005,PLW0406 CORPUS  (PyPI, in a venv)
  ruff graph       ruff analyze graph --isolated CORPUS

Then the many-context rows: for each N of --services, a monorepo of N services (bench/monorepo.py:
a SAM template or a Dockerfile each, scripts, tests) at the same total file count, checked with no
flags (every context inferred), beside the floor and ruff on the same tree.

Machines here are noisy: it prints medians as ratios to the floor, never a lone absolute time,
and the peak resident memory of each tool.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sdists  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RUFF_VERSION = "0.14.0"
# Real projects, pinned: the sdists the import-graph issue measured with.
SDISTS = [
    "django==5.1.4", "sympy==1.13.3", "ansible-core==2.17.7", "twisted==24.11.0",
    "setuptools==75.6.0", "pip==24.3.1", "networkx==3.4.2", "sqlalchemy==2.0.36",
]


def add_sdists(target: Path, work: Path) -> None:
    """Fetches each pinned sdist through PyPI's simple index (no build: `pip download` would
    prepare metadata, and compile Cython for some) and unpacks it under the corpus."""
    downloads = work / "sdists"
    downloads.mkdir(exist_ok=True)
    real = target / "sdists"
    real.mkdir()
    for spec in SDISTS:
        with tarfile.open(sdists.download(spec, downloads)) as tar:
            tar.extractall(real, filter="data")


def build_corpus(target: Path, files: int) -> None:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    sources = sorted(
        p for p in stdlib.rglob("*.py")
        if "site-packages" not in p.parts and "test" not in p.parts and "tests" not in p.parts
    )
    target.mkdir(parents=True)
    count = 0
    copy = 0
    while count < files:
        pkg = target / f"copy{copy}"
        for src in sources:
            if count >= files:
                break
            dest = pkg / src.relative_to(stdlib)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
            count += 1
        for d in [pkg, *(p for p in pkg.rglob("*") if p.is_dir())]:
            (d / "__init__.py").touch()
        copy += 1
    for name in ["logging", "types", "json", "random"]:
        (target / f"{name}.py").write_text(f'"""A local {name} on the path."""\nimport {name}\n')


def ensure_ruff(work: Path) -> Path | None:
    found = shutil.which("ruff")
    if found:
        return Path(found)
    venv = work / "ruff-venv"
    if not venv.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        result = subprocess.run(
            [venv / "bin/pip", "install", "-q", f"ruff=={RUFF_VERSION}"],
            capture_output=True,
        )
        if result.returncode != 0:
            print("ruff could not be installed; skipping it", file=sys.stderr)
            return None
    return venv / "bin/ruff"


def timed(cmd, shell=False):
    """Wall time and peak RSS (KiB) of one run of `cmd`.

    The peak comes from GNU time, a small process of its own: a child forked (or spawned
    with a shared address space) from this Python process would start its high-water mark at
    Python's own size, hiding every tool smaller than it.
    """
    argv = ["/bin/sh", "-c", cmd] if shell else [str(c) for c in cmd]
    with tempfile.NamedTemporaryFile("r") as peak:
        wrapped = ["/usr/bin/time", "-f", "%M", "-o", peak.name, *argv] if TIME else argv
        start = time.perf_counter()
        proc = subprocess.run(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        text = peak.read().strip().splitlines()
    rss = int(text[-1]) if TIME and text and text[-1].isdigit() else 0
    return elapsed, rss, proc.returncode


TIME = os.path.exists("/usr/bin/time")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--no-ruff", action="store_true")
    ap.add_argument("--no-sdists", action="store_true")
    ap.add_argument("--no-corpus", action="store_true", help="only the many-context rows")
    ap.add_argument("--services", default="1,30,300", help="N of the many-context rows ('' for none)")
    ap.add_argument("--monorepo-files", type=int, default=3000)
    args = ap.parse_args()

    work = ROOT / "target" / "bench"
    work.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = ROOT / "target" / "release" / "stdshadow"
    ruff = None if args.no_ruff else ensure_ruff(work)
    if not args.no_corpus:
        corpus_rows(args, work, binary, ruff)
    services = [int(n) for n in args.services.split(",") if n]
    if services:
        monorepo_rows(binary, ruff, work, services, args.monorepo_files, args.rounds)


def corpus_rows(args, work, binary, ruff):

    corpus = args.corpus
    if corpus is None:
        corpus = work / (f"corpus-{args.files}" + ("" if args.no_sdists else "-sdists"))
        if not corpus.exists():
            print(f"building a {args.files}-file corpus in {corpus} ...", file=sys.stderr)
            build_corpus(corpus, args.files)
            if not args.no_sdists:
                add_sdists(corpus, work)
    n_files = sum(1 for _ in corpus.rglob("*.py"))
    size = sum(p.stat().st_size for p in corpus.rglob("*.py"))

    commands = {
        "floor": (f"find '{corpus}' -name '*.py' -print0 | xargs -0 cat > /dev/null", True),
        "stdshadow": ([str(binary), "check", str(corpus), "--pythonpath", str(corpus),
                       "--output-format", "concise", "--exit-zero"], False),
        # Zero-config, as a new user runs it: every context inferred from the tree.
        "stdshadow (no flags)": ([str(binary), "check", str(corpus), "--output-format", "concise",
                                  "--exit-zero"], False),
        "stdshadow --no-infer": ([str(binary), "check", str(corpus), "--pythonpath", str(corpus),
                                  "--no-infer", "--output-format", "concise", "--exit-zero"], False),
        # Editor mode, run from the project like an editor does.
        "stdshadow 1 file": (f"cd '{corpus}' && '{binary}' check logging.py --pythonpath . "
                             "--output-format json --exit-zero", True),
    }
    if ruff:
        commands["ruff A005+PLW0406"] = (
            [str(ruff), "check", "--no-cache", "--isolated", "--exit-zero",
             "--select", "A005,PLW0406", str(corpus)], False)
        commands["ruff analyze graph"] = (
            [str(ruff), "analyze", "graph", "--isolated", str(corpus)], False)

    times, peaks = measure(commands, args.rounds)
    floor = statistics.median(times["floor"])
    print(f"corpus: {corpus} ({n_files} Python files, {size / 1e6:.1f} MB), {args.rounds} rounds, "
          f"{os.cpu_count()} cores")
    table(times, peaks)
    one = statistics.median(times["stdshadow 1 file"]) / statistics.median(times["stdshadow"])
    print(f"editor mode (one file, whole project modelled) costs {one:.2f}x a whole check")
    if "ruff A005+PLW0406" in times:
        ratio = statistics.median(times["ruff A005+PLW0406"]) / statistics.median(times["stdshadow"])
        print(f"stdshadow is {ratio:.1f}x faster than ruff's two rules on this corpus")
        graph = statistics.median(times["ruff analyze graph"]) / statistics.median(times["stdshadow"])
        print(f"stdshadow is {graph:.1f}x faster than `ruff analyze graph` on this corpus")


def measure(commands, rounds):
    """Median-ready wall times and peak RSS of each command, run round-robin."""
    for cmd, shell in commands.values():  # warm the page cache
        timed(cmd, shell)
    times = {name: [] for name in commands}
    peaks = {name: 0 for name in commands}
    for _ in range(rounds):
        for name, (cmd, shell) in commands.items():
            elapsed, rss, _ = timed(cmd, shell)
            times[name].append(elapsed)
            peaks[name] = max(peaks[name], rss)
    return times, peaks


def table(times, peaks):
    floor = statistics.median(times["floor"])
    print(f"{'command':<24} {'median / floor':>15} {'min / floor':>12} {'peak RSS':>10}")
    for name in times:
        med = statistics.median(times[name]) / floor
        best = min(times[name]) / floor
        print(f"{name:<24} {med:>14.2f}x {best:>11.2f}x {peaks[name] / 1024:>8.1f} MB")


def monorepo_rows(binary, ruff, work, services, files, rounds):
    """Time against the number of contexts at a fixed file count. Every tree is timed in the
    same round-robin, so the ratios between N are paired (machine drift hits every N alike).
    Beside each tree's no-flags run: `--no-infer` on the same tree (one context: what the
    contexts themselves cost) and ruff on the same tree (what the tree's shape costs: N
    services have more directories than one)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import json
    import monorepo

    commands = {}
    described = []
    for n in services:
        tree = work / f"monorepo-{n}-{files}"
        if not tree.exists():
            monorepo.build(tree, n, files)
        contexts = subprocess.run([str(binary), "path", str(tree), "--output-format", "json"],
                                  capture_output=True, text=True, check=True)
        n_contexts = len(json.loads(contexts.stdout)["contexts"])
        n_dirs = sum(1 for p in tree.rglob("*") if p.is_dir())
        described.append((n, n_contexts, n_dirs))
        commands[f"floor N={n}"] = (f"find '{tree}' -name '*.py' -print0 | xargs -0 cat > /dev/null", True)
        commands[f"stdshadow N={n}"] = ([str(binary), "check", str(tree), "--output-format", "concise",
                                         "--exit-zero"], False)
        commands[f"--no-infer N={n}"] = ([str(binary), "check", str(tree), "--no-infer",
                                          "--output-format", "concise", "--exit-zero"], False)
        if ruff:
            commands[f"ruff N={n}"] = (
                [str(ruff), "check", "--no-cache", "--isolated", "--exit-zero",
                 "--select", "A005,PLW0406", str(tree)], False)
    times, peaks = measure(commands, rounds)
    med = {name: statistics.median(t) for name, t in times.items()}
    first = services[0]
    print(f"\nmany-context monorepo: {files} Python files, {rounds} rounds, one round-robin")
    print(f"{'N':>5} {'contexts':>8} {'dirs':>6} {'floor vs N=' + str(first):>13} {'stdshadow':>10} {'vs N=' + str(first):>9} "
          f"{'--no-infer':>11} {'ruff':>8} {'ruff vs N=' + str(first):>12} {'ruff / us':>10} {'peak RSS':>9}")
    for n, n_contexts, n_dirs in described:
        floor = med[f"floor N={n}"]
        own = med[f"stdshadow N={n}"]
        row = (f"{n:>5} {n_contexts:>8} {n_dirs:>6} {floor / med[f'floor N={first}']:>12.2f}x {own / floor:>9.2f}x "
               f"{own / med[f'stdshadow N={first}']:>8.2f}x {med[f'--no-infer N={n}'] / floor:>10.2f}x")
        if ruff:
            theirs = med[f"ruff N={n}"]
            row += (f" {theirs / floor:>7.2f}x {theirs / med[f'ruff N={first}']:>11.2f}x "
                    f"{theirs / own:>9.2f}x")
        print(row + f" {peaks[f'stdshadow N={n}'] / 1024:>7.1f} MB")
    print("(stdshadow, --no-infer and ruff as multiples of that tree's walk+read floor; "
          "'ruff / us' > 1: stdshadow is faster)")


if __name__ == "__main__":
    main()
