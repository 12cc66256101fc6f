//! Every fixture tree, checked for the installed Python's version, against the real
//! interpreter: the files stdshadow reports as SS001 in a context are exactly the local files
//! `python3` loads for a stdlib name under that context's search path.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Oracle, ask_python, interpreter};

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

#[test]
fn fixtures_agree_with_python() {
    let python = interpreter();
    let version = python.version.to_string();
    let names: Vec<&str> = python.version.table().stdlib.to_vec();
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(testdata())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    fixtures.sort();
    let (mut compared, mut with_findings) = (0, 0);
    for dir in fixtures {
        let out = Command::new(env!("CARGO_BIN_EXE_stdshadow"))
            .args(["check", "--output-format", "json", "--select", "SS001"])
            .arg("--ignore-suppressions")
            .args(["--python-version", &version])
            .current_dir(&dir)
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for context in v["contexts"].as_array().unwrap() {
            let name = context["name"].as_str().unwrap();
            // A host's own imports (pytest's, a Jupyter kernel's) are not plain `python`'s:
            // tests/hosts.rs checks those contexts against the real hosts.
            if name == "pytest" || name.starts_with("notebook ") {
                continue;
            }
            let paths = |key: &str| -> Vec<PathBuf> {
                context[key]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| dir.join(e["path"].as_str().unwrap()))
                    .map(|p| p.canonicalize().unwrap_or(p))
                    .collect()
            };
            let entries = paths("search_path");
            let site_packages = paths("site_packages");
            let reported: BTreeSet<PathBuf> = v["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["contexts"].as_array().unwrap().iter().any(|c| c == name))
                .map(|d| {
                    dir.join(d["path"].as_str().unwrap())
                        .canonicalize()
                        .unwrap()
                })
                .collect();
            let scratch = tempfile::tempdir().unwrap();
            // A script's directory (or `-m`'s working directory) is inserted after start-up; the
            // rest is PYTHONPATH.
            let at_startup: Vec<bool> = context["search_path"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["searched_at_startup"] == true)
                .collect();
            let pick = |startup: bool| -> Vec<PathBuf> {
                entries
                    .iter()
                    .zip(&at_startup)
                    .filter(|(_, s)| **s == startup)
                    .map(|(e, _)| e.clone())
                    .collect()
            };
            let (startup_entries, inserted) = (pick(true), pick(false));
            let loaded = match ask_python(
                &python.python,
                &startup_entries,
                &inserted,
                &site_packages,
                &names,
                scratch.path(),
            ) {
                Oracle::FailedToStart(stderr) => {
                    assert!(
                        v["diagnostics"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .any(|d| d["message"].as_str().unwrap().contains("start-up")),
                        "{}: python failed to start, stdshadow predicted no start-up failure\n{stderr}",
                        dir.display()
                    );
                    continue;
                }
                Oracle::Answers(answers) => answers
                    .values()
                    .filter(|(kind, _)| kind == "found")
                    .map(|(_, origin)| PathBuf::from(origin))
                    .filter(|p| p.starts_with(&dir))
                    .collect::<BTreeSet<_>>(),
            };
            assert_eq!(reported, loaded, "{} context {name}", dir.display());
            compared += 1;
            with_findings += usize::from(!reported.is_empty());
        }
    }
    assert!(compared >= 8, "only {compared} contexts compared");
    assert!(
        with_findings >= 6,
        "only {with_findings} contexts had findings"
    );
}
