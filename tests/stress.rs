//! A large hostile tree: many packages, a symlink loop, a FIFO, a dangling link, and files
//! removed while the check walks. It must finish with diagnostics, never hang or panic.
//! `STDSHADOW_STRESS_FILES` sets the number of files (default 20,000; 100,000 on demand).

use std::path::Path;
use std::process::Command;

fn build(root: &Path, files: usize) {
    let lib = root.join("lib");
    for i in 0..files {
        let pkg = lib.join(format!("pkg{}", i / 100));
        if i % 100 == 0 {
            std::fs::create_dir_all(&pkg).unwrap();
            std::fs::write(pkg.join("__init__.py"), "").unwrap();
        }
        let text = format!(
            "import json\nfrom . import mod{}\nimport pkg{}.mod{}\n\ndef f():\n    return json.dumps({i})\n",
            (i + 1) % 100,
            (i / 100 + 1) % (files / 100).max(1),
            i % 100
        );
        std::fs::write(pkg.join(format!("mod{}.py", i % 100)), text).unwrap();
    }
    std::fs::write(lib.join("random.py"), "import random\nrandom.seed(1)\n").unwrap();
    std::os::unix::fs::symlink(&lib, lib.join("pkg0/loop")).unwrap();
    std::os::unix::fs::symlink(lib.join("missing.py"), lib.join("dangling.py")).unwrap();
    let fifo = lib.join("pipe.py");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::fs::write(root.join("stdshadow.toml"), "pythonpath = [\"lib\"]\n").unwrap();
}

#[test]
fn a_large_hostile_tree_completes() {
    let files: usize = std::env::var("STDSHADOW_STRESS_FILES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000);
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    build(root, files);
    let child = Command::new(env!("CARGO_BIN_EXE_stdshadow"))
        .args(["check", "--output-format", "json"])
        .current_dir(root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Remove files while the walk and the scan run.
    let lib = root.join("lib");
    for i in (0..files).step_by(97) {
        let _ = std::fs::remove_file(lib.join(format!("pkg{}/mod{}.py", i / 100, i % 100)));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<(&str, &str)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["path"].as_str().unwrap()))
        .collect();
    assert!(codes.contains(&("SS001", "lib/random.py")), "{codes:?}");
    assert!(codes.contains(&("SS002", "lib/random.py")), "{codes:?}");
    assert!(
        codes
            .iter()
            .any(|(c, p)| *c == "SS900" && p.starts_with("lib/pkg0/loop")),
        "{codes:?}"
    );
    assert!(codes.contains(&("SS900", "lib/dangling.py")), "{codes:?}");
    let checked = v["summary"]["files_checked"].as_u64().unwrap() as usize;
    assert!(checked > files * 9 / 10, "{checked} of {files}");
}
