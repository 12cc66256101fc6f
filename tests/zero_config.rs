//! What `stdshadow check` finds with no flags: the run sources and hosts inference reads, and
//! how `--contexts` selects between what a project declares and what merely may happen.

mod common;

use common::{concise, diagnostics, json, reported, testdata};

/// `(code, path, confidence)` of each finding.
fn found(v: &serde_json::Value) -> Vec<(String, String, String)> {
    diagnostics(v)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["confidence"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn files_that_may_be_run_directly_are_possible_findings() {
    let dir = testdata("run-directly");
    let v = json(&dir, &[]);
    let found = found(&v);
    // A main guard and a bare import of a sibling inside a package, top-level code outside
    // one: possible, and warnings.
    for (code, path) in [
        ("SS001", "benchmark/math.py"),
        ("SS003", "benchmark/workloads.py"),
        ("SS001", "course/queue.py"),
    ] {
        assert!(
            found.contains(&(code.into(), path.into(), "possible".into())),
            "{code} {path}: {found:?}"
        );
    }
    for d in diagnostics(&v) {
        assert_eq!(d["severity"], "warning", "{d}");
    }
    // The negative twins: a main guard in a package that imports through the package (run
    // with `python -m`), a package module with no main guard, a directory of definitions.
    for path in ["tracker/logging.py", "lib/types.py", "helpers/code.py"] {
        assert!(!found.iter().any(|f| f.1 == path), "{path}: {found:?}");
    }
}

#[test]
fn contexts_declared_drops_and_all_adds_possible_script_directories() {
    let dir = testdata("run-directly");
    let declared = concise(&dir, &["--contexts", "declared"]);
    assert_eq!(declared.code, 0, "{}", declared.stdout);
    let all = reported(&json(&dir, &["--contexts", "all"]));
    for path in [
        "tracker/logging.py",
        "lib/types.py",
        "helpers/code.py",
        "course/queue.py",
    ] {
        assert!(
            all.contains(&("SS001".into(), path.into())),
            "{path}: {all:?}"
        );
    }
    let bad = concise(&dir, &["--contexts", "some"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
}

#[test]
fn run_commands_in_the_projects_files_are_declared_contexts() {
    let v = json(&testdata("run-commands"), &[]);
    let found = found(&v);
    // Each source names the shadow of the directory its command runs a script from, and says
    // where the command is written.
    for (path, written) in [
        ("tools/queue.py", "Makefile:2"),
        ("worker/email.py", "Procfile:1"),
        ("scripts/calendar.py", ".github/workflows/report.yml:12"),
        ("jobs/code.py", "app/schedule.py:6"),
        ("demo/random.py", "README.md:7"),
        ("checks/tokenize.py", "tox.ini:7"),
    ] {
        let d = diagnostics(&v)
            .iter()
            .find(|d| d["code"] == "SS001" && d["path"] == path)
            .unwrap_or_else(|| panic!("{path}: {found:?}"));
        assert_eq!(d["confidence"], "declared", "{d}");
        assert_eq!(d["search_path_entry"]["kind"], "command", "{d}");
        let contexts = d["contexts"].to_string();
        assert!(contexts.contains(written), "{path}: {contexts}");
    }
    // Nothing runs the vendored module's directory; `python -c` runs no file.
    assert!(!found.iter().any(|f| f.1 == "vendor/json.py"), "{found:?}");
}

/// The `(path, contexts)` of each SS001.
fn shadows(v: &serde_json::Value) -> Vec<(String, String)> {
    diagnostics(v)
        .iter()
        .filter(|d| d["code"] == "SS001")
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["contexts"].to_string(),
            )
        })
        .collect()
}

#[test]
fn vscode_launch_configurations_and_settings_are_contexts() {
    let found = shadows(&json(&testdata("vscode-project"), &[]));
    for (path, context) in [
        ("services/api/secrets.py", "vscode .vscode/launch.json: API"),
        ("lib/platform.py", "vscode .vscode/launch.json: API"),
        ("jobs/uuid.py", "vscode .vscode/launch.json: Worker"),
        (
            "shared/html.py",
            "vscode .vscode/settings.json: python.envFile",
        ),
    ] {
        assert!(
            found.iter().any(|(p, c)| p == path && c.contains(context)),
            "{path} in {context}: {found:?}"
        );
    }
    // `${file}` names no directory, and nothing puts `tools/` on the path.
    assert!(
        !found.iter().any(|(p, _)| p == "tools/json.py"),
        "{found:?}"
    );
}

#[test]
fn pycharm_roots_join_pythonpath_of_its_run_configurations() {
    let found = shadows(&json(&testdata("pycharm-project"), &[]));
    assert!(
        found.iter().any(|(p, c)| p == "app/numbers.py"
            && c.contains("pycharm .idea/runConfigurations/Server.xml: Server")),
        "{found:?}"
    );
    // A resource folder is not a source root.
    assert!(
        !found.iter().any(|(p, _)| p == "generated/queue.py"),
        "{found:?}"
    );
}

#[test]
fn notebooks_are_kernel_contexts_reported_by_cell() {
    let dir = testdata("notebooks");
    let r = concise(&dir, &[]);
    // A cell's import is shown at its cell and line, as ruff shows it.
    assert!(
        r.stdout
            .contains("reports/weekly.ipynb:cell 1:3:1: SS003 `from types import SimpleNamespace`"),
        "{}",
        r.stdout
    );
    let v = json(&dir, &[]);
    let cell = diagnostics(&v)
        .iter()
        .find(|d| d["path"] == "reports/weekly.ipynb")
        .unwrap();
    assert_eq!(
        (
            cell["cell"].as_u64(),
            cell["range"]["start"]["line"].as_u64()
        ),
        (Some(1), Some(3))
    );
    // `types` is loaded while the kernel starts, from the notebook's directory; `statistics` is
    // not (IPython appends the directory after the stdlib for cells), nor `logging` (imported
    // by the kernel before).
    let found = found(&v);
    assert!(
        found
            .iter()
            .any(|f| f.0 == "SS001" && f.1 == "reports/types.py"),
        "{found:?}"
    );
    for path in ["analysis/statistics.py", "analysis/logging.py"] {
        assert!(!found.iter().any(|f| f.1 == path), "{path}: {found:?}");
    }
}

#[test]
fn copy_from_an_earlier_stage_keeps_the_script_context() {
    let r = concise(&testdata("docker-copy-from"), &[]);
    assert!(
        r.stdout.contains("app/html.py:1:1: SS001")
            && r.stdout
                .contains("[docker Dockerfile: python app/main.py · Python 3.12]"),
        "{}",
        r.stdout
    );
    // Nothing is copied from the `uv` image; no warning that the script comes from no COPY.
    assert!(!r.stderr.contains("comes from no COPY"), "{}", r.stderr);
    assert!(!r.stdout.contains("scripts/json.py"), "{}", r.stdout);
}

#[test]
fn a_broken_notebook_is_reported_and_the_rest_is_checked() {
    let project = common::tree(&[
        ("nb/broken.ipynb", b"{\"cells\": [" as &[u8]),
        ("nb/ok.ipynb", br#"{"cells": [{"cell_type": "code", "source": "from types import SimpleNamespace\n"}]}"#),
        ("nb/types.py", b"X = 1\n"),
    ]);
    let v = json(project.path(), &[]);
    let found = found(&v);
    let broken = diagnostics(&v)
        .iter()
        .find(|d| d["path"] == "nb/broken.ipynb")
        .expect("the broken notebook is reported");
    assert_eq!(broken["code"], "SS900");
    assert!(
        broken["message"]
            .as_str()
            .unwrap()
            .contains("not a notebook: invalid JSON"),
        "{broken}"
    );
    assert!(
        found.iter().any(|f| f.0 == "SS003" && f.1 == "nb/ok.ipynb"),
        "{found:?}"
    );
}

/// A workflow is read for its CI contexts and for its `run:` steps: read and parsed once, so a
/// broken one is one warning, with its line.
#[test]
fn a_broken_workflow_is_one_warning() {
    let project = common::tree(&[
        (
            ".github/workflows/ci.yml",
            b"jobs:\n  test:\n    steps:\n      - run: python app.py\n    env: [\n" as &[u8],
        ),
        ("app.py", b"import json\n"),
    ]);
    let r = common::run(project.path(), &["check", "--output-format", "concise"]);
    assert_eq!(
        r.stderr.matches("cannot read it as YAML").count(),
        1,
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(".github/workflows/ci.yml:"),
        "{}",
        r.stderr
    );
}
