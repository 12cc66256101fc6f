//! The crash explanations, case by case: each reproduction of a class of wrong answers (see the
//! closing notes of the simulation issue), checked against what `python3` really raises — the
//! line where the import of the module stops and the exception text — or that it imports fine.

mod common;

use std::path::Path;
use std::process::Command;

use common::{interpreter, json, traceback_failure, tree};

/// What stdshadow predicts for importing `module` (SS002 and SS004 crashes at import time):
/// `(path, line, error)`, paths relative to the project.
fn predicted(
    root: &Path,
    args: &[&str],
    module: &str,
    version: &str,
) -> Vec<(String, u64, String)> {
    let mut options = vec!["--no-infer", "--python-version", version];
    options.extend_from_slice(args);
    let report = json(root, &options);
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["crash"]["when"] == "import" && (d["module"] == module || d["code"] == "SS004")
        })
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["crash"]["line"].as_u64().unwrap(),
                d["crash"]["error"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// What `python -c "import module"` raises with `PYTHONPATH=pythonpath` (relative to `root`):
/// the innermost project frame's file and line, and the exception, or `None`.
fn python(root: &Path, pythonpath: &str, module: &str) -> Option<(String, u64, String)> {
    python_in(root, pythonpath, module, None)
}

/// [`python`], at the innermost frame of `only_file` (relative to `root`) when given.
fn python_in(
    root: &Path,
    pythonpath: &str,
    module: &str,
    only_file: Option<&str>,
) -> Option<(String, u64, String)> {
    let python = interpreter();
    let out = Command::new(&python.python)
        .args(["-c", &format!("import {module}")])
        .env("PYTHONPATH", root.join(pythonpath))
        .current_dir(root)
        .output()
        .unwrap();
    if out.status.success() {
        return None;
    }
    traceback_failure(&String::from_utf8_lossy(&out.stderr), root, only_file)
}

/// The JSON report of `--script SCRIPT` alone, for the interpreter's version.
fn script_report(root: &Path, script: &str) -> serde_json::Value {
    let v = version();
    json(
        root,
        &["--no-infer", "--python-version", &v, "--script", script],
    )
}

fn version() -> String {
    interpreter().version.to_string()
}

fn root_of(t: &tempfile::TempDir) -> std::path::PathBuf {
    t.path().canonicalize().unwrap()
}

/// Case 1: An import in a stdlib `except` handler does not run: `hashlib`'s `import logging`.
#[test]
fn handlers_not_taken_do_not_import() {
    let t = tree(&[("src/logging.py", b"import hashlib\n")]);
    let root = root_of(&t);
    assert_eq!(python(&root, "src", "logging"), None);
    assert_eq!(
        predicted(&root, &["--pythonpath", "src"], "logging", &version()),
        vec![]
    );
}

/// Case 2: A chain through a local module: `types` → `helper` → `copy` → `weakref` → `_weakrefset`.
#[test]
fn chains_through_local_modules() {
    let t = tree(&[
        ("src/types.py", b"import helper\n"),
        ("src/helper.py", b"import copy\n"),
    ]);
    let root = root_of(&t);
    let actual = python(&root, "src", "types").expect("crashes");
    let (file, line, _) = &actual;
    assert_eq!((file.as_str(), *line), ("src/helper.py", 1));
    let found = predicted(&root, &["--pythonpath", "src"], "types", &version());
    assert_eq!(found.len(), 1, "{found:?}");
    // stdshadow reports it where the shadow's own import started it (types.py:1).
    assert_eq!((found[0].0.as_str(), found[0].1), ("src/types.py", 1));
    assert_eq!(found[0].2, actual.2);
}

/// Case 4: `from . import staggered` descends into the submodule, whose annotations use `typing`.
#[test]
fn from_imports_of_submodules_and_annotations() {
    let t = tree(&[("src/typing.py", b"import asyncio\n")]);
    let root = root_of(&t);
    let v = version();
    let actual = python(&root, "src", "typing");
    let found = predicted(&root, &["--pythonpath", "src"], "typing", &v);
    if v.as_str() < "3.14" {
        // 3.8–3.10: `typing.Iterable` in staggered's annotations; 3.11+ fails earlier, on a
        // `from typing import …` of asyncio's own.
        let actual = actual.expect("crashes up to 3.13");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].1, &found[0].2), (1, &actual.2));
    }
}

/// Case 5: Attribute uses at import time: `re` uses `enum.global_enum`.
#[test]
fn attribute_uses_in_the_stdlib() {
    let t = tree(&[("src/enum.py", b"import re\nX = 1\n")]);
    let root = root_of(&t);
    let actual = python(&root, "src", "enum").expect("crashes");
    let found = predicted(&root, &["--pythonpath", "src"], "enum", &version());
    assert_eq!(
        found,
        vec![("src/enum.py".to_string(), 1, actual.2.clone())],
        "{actual:?}"
    );
}

/// Case 6: Self-imports inside packages: `from enum import Enum` in `enum/__init__.py`, a stdlib
/// submodule the local package lacks.
#[test]
fn self_imports_in_packages() {
    for (file, body, module) in [
        (
            "src/enum/__init__.py",
            &b"from enum import Enum\n"[..],
            "enum",
        ),
        (
            "src/collections/__init__.py",
            &b"from collections.abc import Callable\n"[..],
            "collections",
        ),
    ] {
        let t = tree(&[(file, body)]);
        let root = root_of(&t);
        let actual = python(&root, "src", module).expect("crashes");
        let found = predicted(&root, &["--pythonpath", "src"], module, &version());
        assert_eq!(found, vec![actual.clone()], "{module}");
    }
}

/// Case 7: The earlier failure wins: `smtplib`'s `import email.utils` on a plain `email.py`.
#[test]
fn the_first_failure_and_its_exception() {
    let t = tree(&[("src/email.py", b"import smtplib\n")]);
    let root = root_of(&t);
    let actual = python(&root, "src", "email").expect("crashes");
    assert_eq!(
        actual.2,
        "ModuleNotFoundError: No module named 'email.utils'; 'email' is not a package"
    );
    let found = predicted(&root, &["--pythonpath", "src"], "email", &version());
    assert_eq!(
        found,
        vec![("src/email.py".to_string(), 1, actual.2.clone())]
    );
}

/// Case 8: A platform branch: `shutil` imports `nt` only on Windows.
#[test]
fn platform_branches_are_evaluated_for_linux() {
    let t = tree(&[("src/nt.py", b"import shutil\n")]);
    let root = root_of(&t);
    assert_eq!(python(&root, "src", "nt"), None);
    assert_eq!(
        predicted(&root, &["--pythonpath", "src"], "nt", &version()),
        vec![]
    );
}

/// Case 9: Cycles that always work are no finding: a child imported first initialises its parent;
/// `from . import b` takes the submodule; a function's self-import runs when the module is
/// complete; and the classic failing pair is reported with CPython's text.
#[test]
fn cycles_that_work_and_one_that_fails() {
    let t = tree(&[
        (
            "pkg/__init__.py",
            b"def helper():\n    pass\nfrom pkg.sub import f\nfrom . import a\n",
        ),
        (
            "pkg/sub.py",
            b"from pkg import helper\ndef f():\n    pass\n",
        ),
        ("pkg/a.py", b"from . import b\n"),
        ("pkg/b.py", b"X = 1\n"),
        (
            "pkg/mod.py",
            b"DEBUG = 1\ndef f():\n    import pkg.mod\n    return pkg.mod.DEBUG\n",
        ),
    ]);
    let root = root_of(&t);
    for module in ["pkg", "pkg.sub", "pkg.a", "pkg.mod"] {
        assert_eq!(python(&root, ".", module), None, "{module}");
    }
    assert_eq!(predicted(&root, &[], "pkg", &version()), vec![]);
    let t = tree(&[
        ("app/__init__.py", b""),
        (
            "app/models.py",
            b"from app.views import render\nclass User:\n    pass\n",
        ),
        (
            "app/views.py",
            b"from app.models import User\ndef render():\n    pass\n",
        ),
    ]);
    let root = root_of(&t);
    let mut actual: Vec<_> = ["app.models", "app.views"]
        .iter()
        .filter_map(|m| python(&root, ".", m))
        .collect();
    actual.sort();
    let mut found = predicted(&root, &[], "app", &version());
    found.sort();
    assert_eq!(found, actual);
}

/// Case 7b: the shadow is the script itself (`python select.py`): it runs as `__main__`, the
/// stdlib's `import select` runs the file again to its end, and `select.select` then fails on
/// a finished module — CPython's plain AttributeError, not "partially initialized".
#[test]
fn the_script_itself_is_a_finished_module_when_the_stdlib_uses_it() {
    let t = tree(&[("select.py", b"import selectors\n")]);
    let root = root_of(&t);
    let python = interpreter();
    if python.builtins.iter().any(|b| b == "select") {
        return; // a build with `select` compiled in: nothing to shadow
    }
    // An absolute path: 3.8 shows `__main__`'s file as given on the command line.
    let out = Command::new(&python.python)
        .arg(root.join("select.py"))
        .current_dir(&root)
        .env_remove("PYTHONPATH")
        .output()
        .unwrap();
    let (file, line, error) = traceback_failure(
        &String::from_utf8_lossy(&out.stderr),
        &root,
        Some("select.py"),
    )
    .expect("python select.py fails");
    assert_eq!((file.as_str(), line), ("select.py", 1));
    let report = script_report(&root, "select.py");
    let d = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "SS002")
        .expect("SS002");
    let explained: Vec<&serde_json::Value> = match d["explanations"].as_array() {
        Some(list) if !list.is_empty() => list.iter().collect(),
        _ => vec![d],
    };
    let script = explained
        .iter()
        .find(|e| e["contexts"].to_string().contains("script select.py"))
        .expect("the script context explains it");
    let message = script["message"].as_str().unwrap();
    assert!(
        message.ends_with(&format!("`{error}`")),
        "{message}\nCPython: {error}"
    );
}

/// Case 8c: a script starts differently from `python -c`: from 3.13 `-c` pre-imports `linecache`
/// and a script does not, so `app/linecache.py` beside `app/main.py` is the module the script
/// gets (until 3.15 freezes `linecache`).
#[test]
fn a_script_does_not_preimport_linecache() {
    let t = tree(&[
        (
            "app/main.py",
            b"import linecache\nprint(linecache.__file__)\n",
        ),
        ("app/linecache.py", b"X = 1\n"),
    ]);
    let root = root_of(&t);
    let out = Command::new(&interpreter().python)
        .arg("app/main.py")
        .current_dir(&root)
        .env_remove("PYTHONPATH")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let loaded_local = String::from_utf8_lossy(&out.stdout)
        .trim()
        .ends_with("app/linecache.py");
    let report = script_report(&root, "app/main.py");
    let reported = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "SS001" && d["path"] == "app/linecache.py");
    assert_eq!(reported, loaded_local, "{report:#}");
}

/// Case 8b: a start-up module replaced from `PYTHONPATH` (3.8–3.10; frozen from 3.11): start-up
/// imports `abc` before `site` has loaded `os` and `_collections_abc`, so the local `abc.py`'s
/// `import collections` reaches `_collections_abc`, whose `from abc import ABCMeta` stops the
/// interpreter.
#[test]
fn start_up_modules_replaced_from_pythonpath() {
    let t = tree(&[("lib/abc.py", b"import collections\n")]);
    let root = root_of(&t);
    let actual = python(&root, "lib", "abc");
    let found = predicted(&root, &["--pythonpath", "lib"], "abc", &version());
    assert_eq!(found, actual.into_iter().collect::<Vec<_>>());
}

/// Case 3: re-entry through a local shadow: `import helper` → the stdlib's `copy` → `import
/// types` gets the project's `types.py` → its `import helper` gets the half-initialized helper,
/// and `helper.X` fails. Reported where helper's own import starts it (helper.py:1), with
/// CPython's exception.
#[test]
fn reentry_through_a_local_shadow() {
    let t = tree(&[
        ("src/helper.py", b"import copy\nX = 1\n"),
        ("src/types.py", b"import helper\nY = helper.X\n"),
    ]);
    let root = root_of(&t);
    // Where helper's own import stops, and the exception.
    let actual = python_in(&root, "src", "helper", Some("src/helper.py"));
    let found = predicted(&root, &["--pythonpath", "src"], "helper", &version());
    assert_eq!(found, actual.into_iter().collect::<Vec<_>>());
}
