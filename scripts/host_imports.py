#!/usr/bin/env python3
"""Measure which standard-library modules real hosts import before the user's code runs.

    python3 scripts/host_imports.py [--python PATH ...] [--out scripts/data/hosts]

A host is the process that runs the code: a Jupyter kernel (ipykernel) or pytest. For each
interpreter given, a throw-away virtualenv gets the newest ipykernel and pytest from the package
registry, and a probe loaded by a `.pth` file installs an audit hook that records, for every
top-level module the process loads, whether the user's directory was on `sys.path` at that
moment (CPython raises the `import` audit event when a module is first found and loaded):

* ipykernel: the kernel is started headless with `jupyter_client` from an empty working
  directory (the notebook's directory, which ipykernel takes off `sys.path` while it loads and
  IPython puts back), a cell runs, and the probe reports. A module loaded with the directory on
  the path is loaded from a same-named file beside the notebook: it breaks the kernel's start.
  One loaded before is already in `sys.modules` when cells run: a shadow of it is inert there.
* awslambdaric (the runtime interface client AWS's Python base images run): `python -m
  awslambdaric handler.main` from the task root, which `-m` puts at `sys.path[0]` before the
  bootstrap loads: a shadow there of what the bootstrap imports (`json`, `logging`, …) is what
  the function's runtime gets, and it dies before the handler is imported.
* pytest: `pytest` runs one test module in a rootdir-less `tests/` directory under the default
  `prepend` import mode, and the test reports. Modules loaded before pytest inserted `tests/` are
  inert for the tests; the ones loaded after come from `tests/` when it has them.

Writes `<out>/<host>-3.X.json`: the package version, the interpreter's full version, the
sorted stdlib names in `before` and `with_entries`, and `entries_first`: whether the user's
directory is before the standard library on `sys.path` when the code (a cell, a test) runs. `scripts/gen_tables.py` embeds them. The
binary never runs this: it needs the network (the package registry) and minutes.
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import textwrap

ROOT = pathlib.Path(__file__).resolve().parent.parent
FACTS = ROOT.parent / "shared" / "python-facts"

PROBE = textwrap.dedent(
    """
    import os, sys
    _WATCH = os.environ.get("STDSHADOW_PROBE_DIR")
    _seen = {}

    def _on_path():
        cwd = os.getcwd()
        return any(os.path.abspath(e or cwd) == _WATCH for e in sys.path)

    def _hook(event, args):
        if event == "import":
            top = str(args[0]).partition(".")[0]
            if top not in _seen:
                _seen[top] = _on_path()

    if _WATCH:
        sys.addaudithook(_hook)
        if os.environ.get("STDSHADOW_PROBE_OUT"):
            import atexit
            atexit.register(lambda: dump(os.environ["STDSHADOW_PROBE_OUT"]))

    def dump(path):
        # Where the user's directory is when the code runs: before the standard library, or
        # (IPython 8.? and later append it) after it.
        import json
        cwd = os.getcwd()
        paths = [os.path.abspath(e or cwd) for e in sys.path]
        stdlib = os.path.dirname(os.__file__)
        first = _WATCH in paths and stdlib in paths and paths.index(_WATCH) < paths.index(stdlib)
        with open(path, "w") as f:
            json.dump({"seen": _seen, "entries_first": first}, f)
    """
)

KERNEL_DRIVER = textwrap.dedent(
    """
    import json, sys
    from jupyter_client.manager import start_new_kernel
    watch, out = sys.argv[1], sys.argv[2]
    km, kc = start_new_kernel(kernel_name="python3", cwd=watch,
                              env={**__import__("os").environ, "STDSHADOW_PROBE_DIR": watch})
    try:
        kc.execute_interactive("import _stdshadow_probe; _stdshadow_probe.dump(%r)" % out,
                               timeout=120)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    """
)


def run(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def venv_with_hosts(python: str, work: pathlib.Path) -> pathlib.Path:
    env = work / "venv"
    run([python, "-m", "venv", str(env)])
    py = env / "bin" / "python"
    run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check",
         "ipykernel", "pytest", "awslambdaric"])
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (pathlib.Path(site) / "_stdshadow_probe.py").write_text(PROBE)
    (pathlib.Path(site) / "_stdshadow_probe.pth").write_text("import _stdshadow_probe\n")
    # The kernel spec must name this venv's interpreter.
    run([str(py), "-m", "ipykernel", "install", "--prefix", str(env), "--name", "python3"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return py


def package_version(py, name):
    return subprocess.run([str(py), "-c", f"import importlib.metadata as m; print(m.version({name!r}))"],
                          check=True, capture_output=True, text=True).stdout.strip()


def measure_ipykernel(py, work):
    notebook_dir = work / "notebook"
    notebook_dir.mkdir()
    out = work / "ipykernel.json"
    env = {**os.environ, "JUPYTER_PATH": str(py.parent.parent / "share" / "jupyter"),
           "JUPYTER_DATA_DIR": str(work / "jupyter-data"),
           "JUPYTER_RUNTIME_DIR": str(work / "jupyter-runtime"),
           "IPYTHONDIR": str(work / "ipython")}
    run([str(py), "-c", KERNEL_DRIVER, str(notebook_dir.resolve()), str(out)], env=env,
        cwd=work, timeout=300)
    return json.loads(out.read_text())


def measure_pytest(py, work):
    project = work / "project"
    tests = project / "tests"
    tests.mkdir(parents=True)
    out = work / "pytest.json"
    (tests / "test_probe.py").write_text(
        f"def test_probe():\n    import _stdshadow_probe\n    _stdshadow_probe.dump({str(out)!r})\n")
    env = {**os.environ, "STDSHADOW_PROBE_DIR": str(tests.resolve())}
    run([str(py.parent / "pytest"), "-q", "-p", "no:cacheprovider", "tests"], env=env,
        cwd=project, stdout=subprocess.DEVNULL, timeout=300)
    return json.loads(out.read_text())


def measure_lambda(py, work):
    """`python -m awslambdaric handler.main` from the task root, as AWS's Python base images
    start a function (`/lambda-entrypoint.sh`, WORKDIR /var/task); with no runtime API to reach
    it stops after loading the bootstrap, which is what is measured."""
    task = work / "task"
    task.mkdir()
    (task / "handler.py").write_text("def main(event, context):\n    return event\n")
    out = work / "lambda.json"
    env = {**os.environ, "STDSHADOW_PROBE_DIR": str(task.resolve()),
           "STDSHADOW_PROBE_OUT": str(out), "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9",
           "LAMBDA_TASK_ROOT": str(task.resolve()), "_HANDLER": "handler.main"}
    subprocess.run([str(py), "-m", "awslambdaric", "handler.main"], env=env, cwd=task,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    return json.loads(out.read_text())


def stdlib_names(version: str):
    facts = json.loads((FACTS / f"cpython-{version}-linux.json").read_text())
    return set(facts["lib_scan_linux"]) | set(facts["builtin_module_names"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", action="append", default=None,
                    help="an interpreter to measure (default: python3)")
    ap.add_argument("--out", type=pathlib.Path, default=ROOT / "scripts" / "data" / "hosts")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for python in args.python or ["python3"]:
        full = subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                              check=True, capture_output=True, text=True).stdout.strip()
        version = ".".join(full.split(".")[:2])
        stdlib = stdlib_names(version)
        with tempfile.TemporaryDirectory(prefix="stdshadow-hosts-") as tmp:
            work = pathlib.Path(tmp)
            py = venv_with_hosts(python, work)
            for host, package, measure in [("ipykernel", "ipykernel", measure_ipykernel),
                                           ("pytest", "pytest", measure_pytest),
                                           ("awslambdaric", "awslambdaric", measure_lambda)]:
                measured = measure(py, work)
                seen = measured["seen"]
                doc = {
                    "host": host,
                    "package_version": package_version(py, package),
                    "python": full,
                    "entries_first": measured["entries_first"],
                    "before": sorted(n for n, on in seen.items() if not on and n in stdlib),
                    "with_entries": sorted(n for n, on in seen.items() if on and n in stdlib),
                }
                path = args.out / f"{host}-{version}.json"
                path.write_text(json.dumps(doc, indent=1) + "\n")
                print(f"{path.relative_to(ROOT)}: {host} {doc['package_version']} on {full}: "
                      f"{len(doc['before'])} before, {len(doc['with_entries'])} with the entries")


if __name__ == "__main__":
    main()
