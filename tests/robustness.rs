//! Bad input never panics, hangs or overflows the stack: each case is a shadowing module (so it
//! gets the full parse too) with hostile content, checked through the CLI.

use std::process::Command;

fn check(content: &[u8]) -> (i32, serde_json::Value, String) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("lib")).unwrap();
    std::fs::write(tmp.path().join("lib/json.py"), content).unwrap();
    std::fs::write(
        tmp.path().join("stdshadow.toml"),
        "pythonpath = [\"lib\"]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_stdshadow"))
        .args(["check", "--output-format", "json"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {stderr}"));
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (code, json, stderr)
}

fn codes_and_lines(v: &serde_json::Value) -> Vec<(String, u64)> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn has(v: &serde_json::Value, code: &str, line: u64) -> bool {
    codes_and_lines(v).contains(&(code.to_string(), line))
}

#[test]
fn syntax_error_keeps_the_imports_around_it() {
    let (code, v, _) = check(b"import os\nx = (\ndef broken(:\nimport json\nprint(json.dumps)\n");
    assert_eq!(code, 1);
    assert!(
        codes_and_lines(&v).iter().any(|(c, _)| c == "SS901"),
        "{v:#}"
    );
    assert!(
        has(&v, "SS002", 4),
        "the import after the error is still found: {v:#}"
    );
}

#[test]
fn encodings_boms_and_line_endings() {
    let (_, v, _) = check(b"# -*- coding: latin-1 -*-\ns = '\xe9'\nimport json\nx = json.dumps\n");
    assert!(
        has(&v, "SS002", 3) && !codes_and_lines(&v).iter().any(|(c, _)| c == "SS901"),
        "{v:#}"
    );

    let (_, v, _) = check(b"\xef\xbb\xbfimport json\nx = json.dumps\n");
    assert!(has(&v, "SS002", 1), "{v:#}");

    let (_, v, _) = check(b"\"\"\"doc\r\n\"\"\"\r\n\r\nimport json\r\nx = json.dumps\r\n");
    assert!(has(&v, "SS002", 4), "{v:#}");
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["crash"]["line"] == 5),
        "{v:#}"
    );

    let (_, v, _) = check(b"import json\ns = '\xff\xfe'\n");
    assert!(
        has(&v, "SS901", 2) && has(&v, "SS002", 1),
        "undeclared non-UTF-8: {v:#}"
    );
}

#[test]
fn nul_bytes() {
    let (_, v, _) = check(b"import json\nx = 1\0\n");
    let d = v["diagnostics"].as_array().unwrap();
    assert!(
        d.iter()
            .any(|d| d["code"] == "SS901" && d["message"].as_str().unwrap().contains("null bytes")),
        "{v:#}"
    );
}

#[test]
fn deep_nesting_does_not_overflow() {
    let brackets = format!(
        "import json\nx = {}1{}\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let (_, v, _) = check(brackets.as_bytes());
    assert!(has(&v, "SS901", 2) && has(&v, "SS002", 1), "{v:#}");

    let unary = format!(
        "import json\nx = {}1\ny = json.dumps\n",
        "-".repeat(100_000)
    );
    let (_, v, _) = check(unary.as_bytes());
    assert!(has(&v, "SS002", 1), "{v:#}");

    // Just under the limit the full parse runs (on its own large stack) and finds the use.
    let parsed = format!("import json\nx = {}1\ny = json.dumps\n", "-".repeat(1_900));
    let (_, v, _) = check(parsed.as_bytes());
    let crash = &v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "SS002")
        .unwrap()["crash"];
    assert_eq!(crash["line"], 3, "{v:#}");

    let blocks: String = (0..150)
        .map(|i| format!("{}if x:\n", " ".repeat(i)))
        .collect();
    let (_, v, _) = check(format!("import json\n{blocks}{}pass\n", " ".repeat(150)).as_bytes());
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("indentation")),
        "{v:#}"
    );
}

#[test]
fn a_fifty_megabyte_file() {
    let mut content = b"import json\n".to_vec();
    let line = b"VALUE = {'key': [1, 2, 3], \"text\": 'import os'}  # a comment\n";
    while content.len() < 50 * 1024 * 1024 {
        content.extend_from_slice(line);
    }
    let (code, v, _) = check(&content);
    assert_eq!(code, 1);
    assert!(has(&v, "SS001", 1) && has(&v, "SS002", 1), "{v:#}");
}

#[test]
fn binary_garbage() {
    let garbage: Vec<u8> = (0..100_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let (code, _, stderr) = check(&garbage);
    assert!(code == 1, "{stderr}");
}

/// Above `max-file-size` a file is not read: SS900 says why, and its shadow is still reported
/// (resolution needs only its name).
#[test]
fn a_file_above_the_size_limit() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("lib")).unwrap();
    std::fs::write(tmp.path().join("lib/json.py"), vec![b'#'; 2 * 1024 * 1024]).unwrap();
    std::fs::write(
        tmp.path().join("stdshadow.toml"),
        "pythonpath = [\"lib\"]\nmax-file-size = 1048576\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_stdshadow"))
        .args(["check", "--output-format", "concise"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.contains("lib/json.py:1:1: SS900 cannot read this path: the file is 2.0 MiB, above `max-file-size` (1.0 MiB)"),
        "{stdout}"
    );
    assert!(stdout.contains("lib/json.py:1:1: SS001"), "{stdout}");
}
