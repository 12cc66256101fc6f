//! Differential test of the token-level import scan against Python's own `ast`, on a real
//! corpus: the installed Python's standard library (plus any roots in `STDSHADOW_AST_CORPUS`,
//! `:`-separated). Every import of every file `ast` accepts must come out of the scan with the
//! same line, column, target and context; files `ast` rejects must still scan without a panic.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use stdshadow::imports::{ImportTarget, extract};

fn corpus_roots() -> Vec<PathBuf> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['stdlib'])",
        ])
        .output()
        .expect("python3 runs");
    let mut roots = vec![PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())];
    if let Ok(extra) = std::env::var("STDSHADOW_AST_CORPUS") {
        roots.extend(
            extra
                .split(':')
                .filter(|s| !s.is_empty())
                .map(PathBuf::from),
        );
    }
    roots
}

fn scanned(path: &Path) -> Vec<Value> {
    let mut out: Vec<Value> = extract(path, &stdshadow::sources::Sources::default())
        .imports
        .iter()
        .map(|i| {
            let target = match &i.target {
                ImportTarget::Module { module, alias } => json!(["module", module, alias]),
                ImportTarget::From {
                    level,
                    module,
                    names,
                } => json!(["from", level, module, names]),
            };
            let c = i.context;
            json!([i.line, i.column, target, {
                "in_function": c.in_function,
                "type_checking": c.type_checking,
                "guarded": c.guarded,
                "dynamic": c.dynamic,
            }])
        })
        .collect();
    out.sort_by_key(|v| v.to_string());
    out
}

#[test]
fn scan_agrees_with_python_ast() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ast_imports.py");
    let out = Command::new("python3")
        .arg(&script)
        .args(corpus_roots())
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (mut files, mut imports, mut rejected) = (0, 0, 0);
    let mut mismatches = Vec::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        let path = PathBuf::from(record["path"].as_str().unwrap());
        let ours = scanned(&path);
        let Some(expected) = record["imports"].as_array() else {
            rejected += 1;
            continue;
        };
        let mut expected = expected.clone();
        expected.sort_by_key(|v| v.to_string());
        files += 1;
        imports += expected.len();
        if ours != expected {
            let missing: Vec<_> = expected.iter().filter(|e| !ours.contains(e)).collect();
            let extra: Vec<_> = ours.iter().filter(|o| !expected.contains(o)).collect();
            mismatches.push(format!(
                "{}:\n  ast only:  {missing:?}\n  scan only: {extra:?}",
                path.display()
            ));
        }
    }
    println!(
        "import scan vs ast: {files} files, {imports} imports agreed; {rejected} files rejected by ast still scanned"
    );
    assert!(files > 500, "the corpus is too small: {files} files");
    assert!(
        mismatches.is_empty(),
        "{} files differ:\n{}",
        mismatches.len(),
        mismatches
            .iter()
            .take(15)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
