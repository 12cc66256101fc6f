//! Differential test of SS004 against the real interpreter: random packages whose modules import
//! each other — `from pkg import mod`, `from pkg.mod import name`, `from . import mod`,
//! `import pkg.mod` then `pkg.mod.name` at module level, star imports, `try`/`except
//! ImportError`, class bodies, function bodies, the package's `__init__` importing its own
//! submodules — with the names defined before or after. Every module is imported first in a
//! fresh process (`python -c "import pkg.mN"`); the set of failing statements CPython reports
//! for a circular import (file, line, exception text) must equal the set SS004 reports, and a
//! cycle that works in every order must not be reported.
//!
//! `STDSHADOW_CYCLE_TREES` sets the number of trees (default 200).

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::process::Command;

use common::{Rng, count_from_env, interpreter, json, traceback_failure};

/// Statements of a module; `{M}` is another module of the package, `{N}` a name.
const STATEMENTS: &[&str] = &[
    "from pkg import {M}\n",
    "from pkg.{M} import {N}\n",
    "from . import {M}\n",
    "from .{M} import {N}\n",
    "import pkg.{M}\n",
    "import pkg.{M}\nv = pkg.{M}.{N}\n",
    "from . import {M} as alias\nw = alias.{N}\n",
    "from .{M} import *\n",
    "try:\n    from pkg.{M} import {N}\nexcept ImportError:\n    {N} = None\n",
    "class C:\n    from pkg.{M} import {N}\n",
    "def f():\n    from pkg.{M} import {N}\n    return {N}\n",
    "{N} = 1\n",
    "def {N}():\n    pass\n",
    "class {N}:\n    pass\n",
];

const NAMES: &[&str] = &["A", "B"];

#[test]
fn cycle_failures_match_python() {
    let trees = count_from_env("STDSHADOW_CYCLE_TREES", 200);
    let python = interpreter();
    let mut rng = Rng(0xc7c1e);
    let (mut imports, mut failing, mut reported_trees) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for tree in 0..trees {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().canonicalize().unwrap();
        let pkg = root.join("pkg");
        fs::create_dir(&pkg).unwrap();
        let modules = 2 + rng.below(3);
        let mut planted = Vec::new();
        for m in 0..=modules {
            let file = if m == modules {
                "__init__.py".to_string()
            } else {
                format!("m{m}.py")
            };
            let statements = if m == modules {
                rng.below(3)
            } else {
                1 + rng.below(3)
            };
            let mut body = String::new();
            for _ in 0..statements {
                // Never the module itself: a self-import is SS002's.
                let mut other = rng.below(modules);
                if other == m {
                    other = (other + 1) % modules;
                }
                let other = format!("m{other}");
                let name = *rng.pick(NAMES);
                body.push_str(
                    &rng.pick(STATEMENTS)
                        .replace("{M}", &other)
                        .replace("{N}", name),
                );
            }
            fs::write(pkg.join(&file), &body).unwrap();
            planted.push((file, body));
        }
        // The default context: the project root, as `python -c`/`-m` from it (sys.path[0]).
        let version = python.version.to_string();
        let report = json(
            &root,
            &[
                "--select",
                "SS004",
                "--no-infer",
                "--python-version",
                &version,
            ],
        );
        let predicted: BTreeSet<(String, u64, String)> = report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["path"].as_str().unwrap().to_string(),
                    d["crash"]["line"].as_u64().unwrap(),
                    d["crash"]["error"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let mut actual = BTreeSet::new();
        let mut traces = Vec::new();
        for m in std::iter::once("pkg".to_string()).chain((0..modules).map(|m| format!("pkg.m{m}")))
        {
            let run = Command::new(&python.python)
                .args(["-c", &format!("import {m}")])
                .current_dir(&root)
                .env("PYTHONDONTWRITEBYTECODE", "1")
                .output()
                .unwrap();
            imports += 1;
            if !run.status.success() {
                let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
                // Only what a cycle causes: a name a finished module never defines is a plain
                // bug of another kind (and may be set dynamically), not SS004's. (Up to 3.10 a
                // submodule still being imported is a plain "has no attribute 'mN'".)
                if let Some(f) = traceback_failure(&stderr, &root, None)
                    && (f.2.contains("circular import")
                        || f.2.contains("if it has the same name as a library")
                        || f.2
                            .starts_with("AttributeError: module 'pkg' has no attribute 'm"))
                {
                    actual.insert(f);
                }
                traces.push(format!("import {m}:\n{stderr}"));
            }
        }
        failing += actual.len();
        reported_trees += usize::from(!predicted.is_empty());
        if predicted != actual {
            disagreements.push(format!(
                "tree {tree}: {planted:#?}\npredicted {predicted:#?}\npython    {actual:#?}\n{}",
                traces.join("\n")
            ));
        }
    }
    println!(
        "cycle differential: {trees} trees, {imports} imports, {failing} failing statements, {reported_trees} trees reported"
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
