//! `--python` precise mode against the interpreters themselves: with each interpreter found
//! here (the `python3` on PATH — a source build whose site-packages `.pth` files pre-import
//! modules — and Debian's `/usr/bin/python3`, which compiles more modules in), the SS001 files
//! of random trees are exactly the local files that interpreter loads with the same
//! `PYTHONPATH`. The embedded tables cannot know either difference.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Oracle, Rng, ask_python};

const NAMES: &[&str] = &[
    "json", "typing", "math", "select", "random", "re", "types", "zlib", "array", "enum", "abc",
    "string", "fnmatch", "weakref",
];

fn interpreters() -> Vec<PathBuf> {
    let mut found = vec![PathBuf::from("python3")];
    if Path::new("/usr/bin/python3").exists() {
        found.push(PathBuf::from("/usr/bin/python3"));
    }
    found
}

#[test]
fn precise_mode_agrees_with_each_interpreter() {
    let mut rng = Rng(0x9e3779b9);
    let mut compared = 0;
    for python in interpreters() {
        for _ in 0..12 {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path().canonicalize().unwrap();
            let lib = root.join("lib");
            std::fs::create_dir(&lib).unwrap();
            for _ in 0..1 + rng.below(5) {
                let name = rng.pick(NAMES);
                std::fs::write(lib.join(format!("{name}.py")), "X = 1\n").unwrap();
            }
            let out = Command::new(env!("CARGO_BIN_EXE_stdshadow"))
                .args([
                    "check",
                    "--output-format",
                    "json",
                    "--select",
                    "SS001",
                    "--no-infer",
                ])
                .args(["--pythonpath", "lib", "--python"])
                .arg(&python)
                .current_dir(&root)
                .output()
                .unwrap();
            let report: serde_json::Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
            let reported: BTreeSet<PathBuf> = report["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| root.join(d["path"].as_str().unwrap()))
                .collect();
            let scratch = root.join("cwd");
            std::fs::create_dir(&scratch).unwrap();
            match ask_python(
                &python,
                std::slice::from_ref(&lib),
                &[],
                &[],
                NAMES,
                &scratch,
            ) {
                Oracle::FailedToStart(stderr) => {
                    let messages = report.to_string();
                    assert!(
                        messages.contains("start-up"),
                        "{} failed to start and stdshadow predicted no start-up failure: {stderr}",
                        python.display()
                    );
                }
                Oracle::Answers(answers) => {
                    let loaded: BTreeSet<PathBuf> = answers
                        .values()
                        .filter(|(kind, origin)| {
                            kind == "found" && origin.starts_with(lib.to_str().unwrap())
                        })
                        .map(|(_, origin)| PathBuf::from(origin))
                        .collect();
                    assert_eq!(reported, loaded, "{}: {report:#}", python.display());
                }
            }
            compared += 1;
        }
    }
    assert!(compared >= 12);
}
