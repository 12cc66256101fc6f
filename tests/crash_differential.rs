//! Differential test of SS002's crash prediction against the real interpreter.
//!
//! Generated trees hold modules that import themselves — module level, function level, class
//! bodies, `from … import`, dotted, aliased, guarded by `try`, under `TYPE_CHECKING`, and
//! through the standard library (`types.py` importing `typing`, `heapq.py` importing `queue`) —
//! with and without the names the import needs defined first. Each module is then really
//! imported (`python -c "import NAME"`, `PYTHONPATH=lib`, clean venv): the set of modules that
//! fail at import time must equal the set stdshadow reports as failing at import time.
//!
//! `STDSHADOW_CRASH_TREES` sets the number of trees (default 200).

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::process::Command;

use common::{Rng, count_from_env, interpreter, json, traceback_failure};

/// Statement templates; `{N}` is the module's own name.
const DIRECT: &[&str] = &[
    "import {N}\nx = {N}.missing\n",
    "attr = 1\nimport {N}\nx = {N}.attr\n",
    "import {N}\n",
    "import {N} as alias\nclass C:\n    y = alias.missing\n",
    "from {N} import missing\n",
    "present = 1\nfrom {N} import present\n",
    "from {N} import *\n",
    "import {N}.sub\n",
    "def f():\n    import {N}\n    return {N}.missing\n",
    "try:\n    from {N} import missing\nexcept ImportError:\n    missing = None\n",
    "TYPE_CHECKING = False\nif TYPE_CHECKING:\n    from {N} import missing\n",
    "import {N}\nf = lambda: {N}.missing\n",
    "class C:\n    import {N}\n",
];

/// (module name, body) pairs whose self-import goes through the standard library. The direct
/// names below are not imported by these chains, so modules of one tree do not interact.
const THROUGH_STDLIB: &[(&str, &str)] = &[
    ("types", "from typing import Dict\n"),
    ("types", "import functools\n"),
    ("types", "GenericAlias = type(int)\nimport functools\n"),
    ("types", "def f():\n    import typing\n"),
    ("heapq", "import queue\n"),
    (
        "heapq",
        "def heappush(h, x): pass\ndef heappop(h): pass\nimport queue\n",
    ),
    (
        "heapq",
        "try:\n    import queue\nexcept ImportError:\n    pass\n",
    ),
    ("bisect", "import random\n"),
];

const NAMES: &[&str] = &[
    "json", "string", "csv", "textwrap", "mymod", "helper", "calendar",
];

#[test]
fn predicted_import_crashes_match_python() {
    let trees = count_from_env("STDSHADOW_CRASH_TREES", 200);
    let python = interpreter();
    let mut rng = Rng(0xc4a5);
    let (mut modules, mut crashes) = (0, 0);
    for tree in 0..trees {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let lib = root.join("lib");
        fs::create_dir(&lib).unwrap();
        let mut planted: Vec<(String, String)> = Vec::new();
        // At most one module reached through the stdlib a tree: two stdlib shadows would break
        // each other's imports, which is SS003's business, not a self-import.
        let mut through_stdlib = false;
        for _ in 0..1 + rng.below(3) {
            let (name, body) = if !through_stdlib && rng.below(3) == 0 {
                through_stdlib = true;
                let (n, b) = *rng.pick(THROUGH_STDLIB);
                (n.to_string(), b.to_string())
            } else {
                let name = rng.pick(NAMES).to_string();
                let body: String = (0..1 + rng.below(2))
                    .map(|_| rng.pick(DIRECT).replace("{N}", &name))
                    .collect();
                (name, body)
            };
            if planted.iter().any(|(n, _)| *n == name) {
                continue;
            }
            fs::write(lib.join(format!("{name}.py")), &body).unwrap();
            planted.push((name, body));
        }
        let version = python.version.to_string();
        let report = json(
            &root,
            &[
                "--select",
                "SS002",
                "--pythonpath",
                "lib",
                "--python-version",
                &version,
            ],
        );
        let predicted: BTreeSet<String> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["crash"]["when"] == "import")
            .map(|d| d["module"].as_str().unwrap().to_string())
            .collect();
        let mut actual = BTreeSet::new();
        let mut errors = Vec::new();
        for (name, _) in &planted {
            let run = Command::new(&python.python)
                .args(["-c", &format!("import {name}")])
                .env("PYTHONPATH", &lib)
                .current_dir(&root)
                .output()
                .unwrap();
            if !run.status.success() {
                actual.insert(name.clone());
                let stderr = String::from_utf8_lossy(&run.stderr);
                errors.push(format!(
                    "{name}: {}",
                    stderr.lines().last().unwrap_or_default()
                ));
            }
            modules += 1;
        }
        crashes += actual.len();
        assert_eq!(
            predicted, actual,
            "tree {tree}: modules {planted:#?}\npython: {errors:#?}\nstdshadow: {report:#}"
        );
    }
    println!(
        "crash differential: {trees} trees, {modules} modules imported, {crashes} crashes, all predicted"
    );
}

/// Stdlib-named modules whose self-import goes through the standard library and through the
/// project's own modules: `{S}` is the shadowing module, `{H}` a local helper, `{T}` a stdlib
/// module that (in some versions) imports `{S}` back.
const SHADOWS: &[(&str, &[&str])] = &[
    (
        "types",
        &[
            "copy",
            "typing",
            "functools",
            "dataclasses",
            "inspect",
            "weakref",
        ],
    ),
    ("enum", &["re", "json", "string", "inspect", "signal"]),
    ("heapq", &["queue", "random", "asyncio"]),
    ("bisect", &["random", "statistics"]),
    ("weakref", &["copy", "logging", "tempfile"]),
    ("typing", &["asyncio", "functools", "dataclasses"]),
    ("keyword", &["collections", "dataclasses"]),
    ("tokenize", &["linecache", "inspect", "traceback"]),
    ("string", &["logging", "email.utils", "textwrap"]),
    ("copy", &["dataclasses", "weakref", "email.message"]),
    ("select", &["selectors", "subprocess", "socket"]),
];

/// Bodies of the shadowing module: what runs before and after the import that starts a chain.
const SHADOW_BODIES: &[&str] = &[
    "import {T}\n",
    "from {T} import *\n",
    "import {H}\n",
    "from {H} import value\n",
    "GenericAlias = type(int)\nIntFlag = int\nimport {T}\n",
    "try:\n    import {T}\nexcept ImportError:\n    pass\n",
    "def f():\n    import {T}\n",
    "class C:\n    import {T}\n",
    "import {H}\nimport {T}\n",
    "value = 1\nimport {T} as alias\nx = alias.__name__\n",
    // The shadow re-enters its importer: `import helper` → stdlib → this shadow → `helper`.
    "import {H}\nx = {H}.value\n",
    "import {H} as h\nclass C:\n    y = h.value\n",
];

/// Bodies of a helper module the shadow imports: chains that pass through the project's code.
const HELPER_BODIES: &[&str] = &[
    "import {T}\nvalue = 1\n",
    "value = 1\nimport {T}\n",
    "from {T} import *\nvalue = 2\n",
    "def value():\n    import {T}\n",
    "try:\n    import {T}\nexcept ImportError:\n    value = None\nelse:\n    value = 3\n",
    "import {H2}\nvalue = 4\n",
];

/// The crash stdshadow predicts for `module`: the first import-time failure (line and text).
fn predicted_failure(report: &serde_json::Value, module: &str) -> Option<(u64, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["module"] == module && d["crash"]["when"] == "import")
        .map(|d| {
            (
                d["crash"]["line"].as_u64().unwrap(),
                d["crash"]["error"].as_str().unwrap().to_string(),
            )
        })
        .min()
}

/// `python -c "import MODULE"` with `PYTHONPATH=lib`: whether it failed, where the import of
/// `lib/MODULE.py` stopped (the innermost line of that file) with the exception, and stderr.
fn first_import(
    python: &std::path::Path,
    root: &std::path::Path,
    module: &str,
) -> (bool, Option<(u64, String)>, String) {
    let run = Command::new(python)
        .args(["-c", &format!("import {module}")])
        .env("PYTHONPATH", root.join("lib"))
        .current_dir(root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    let failure = (!run.status.success())
        .then(|| traceback_failure(&stderr, root, Some(&format!("lib/{module}.py"))))
        .flatten()
        .map(|(_, line, error)| (line, error));
    (!run.status.success(), failure, stderr)
}

/// Chains through the standard library and through local modules, compared on the line where
/// the import of the shadowing module stops and the exact exception CPython prints.
#[test]
fn chain_failures_match_python_line_and_text() {
    let trees = count_from_env("STDSHADOW_CRASH_TREES", 200);
    let python = interpreter();
    let mut rng = Rng(0x5eed_c4a1);
    let (mut crashes, mut fine, mut reentries) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for tree in 0..trees {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let lib = root.join("lib");
        fs::create_dir(&lib).unwrap();
        let (shadow, targets) = *rng.pick(SHADOWS);
        if python.builtins.iter().any(|b| b == shadow) {
            continue; // built into this build: never shadowed here (stdshadow assumes a source build)
        }
        let fill = |body: &str, rng: &mut Rng| {
            let target: &&str = rng.pick(targets);
            body.replace("{T}", target)
                .replace("{H2}", "helper2")
                .replace("{H}", "helper")
        };
        let bodies = [
            *rng.pick(SHADOW_BODIES),
            *rng.pick(HELPER_BODIES),
            *rng.pick(&HELPER_BODIES[..5]),
        ];
        let planted: Vec<(String, String)> = [shadow, "helper", "helper2"]
            .iter()
            .zip(bodies)
            .map(|(name, body)| (name.to_string(), fill(body, &mut rng)))
            .collect();
        for (name, body) in &planted {
            fs::write(lib.join(format!("{name}.py")), body).unwrap();
        }
        let version = python.version.to_string();
        let report = json(
            &root,
            &[
                "--select",
                "SS002",
                "--pythonpath",
                "lib",
                "--no-infer",
                "--python-version",
                &version,
            ],
        );
        let (failed, actual, stderr) = first_import(&python.python, &root, shadow);
        if failed {
            crashes += 1;
        } else {
            fine += 1;
        }
        let predicted = predicted_failure(&report, shadow);
        if predicted != actual {
            disagreements.push(format!(
                "tree {tree}: {planted:?}\npredicted {predicted:?}\npython    {actual:?}\n{stderr}"
            ));
        }
        // The helper as the first import: the standard library may re-enter it through the
        // shadow. Compared where the failure is about the half-initialized helper itself.
        let (_, actual, stderr) = first_import(&python.python, &root, "helper");
        let actual = actual.filter(|(_, error)| error.contains("module 'helper'"));
        let predicted = predicted_failure(&report, "helper");
        if (actual.is_some() || predicted.is_some()) && predicted != actual {
            reentries += 1;
            disagreements.push(format!(
                "tree {tree} (import helper): {planted:?}\npredicted {predicted:?}\npython    {actual:?}\n{stderr}"
            ));
        } else if actual.is_some() {
            reentries += 1;
        }
    }
    println!(
        "chain differential: {trees} trees, {crashes} crashes, {fine} clean imports, {reentries} re-entries of the helper"
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
