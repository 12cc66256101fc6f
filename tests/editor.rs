//! Editor mode: one file checked within its whole project, from disk or from standard input.

mod common;

use std::path::Path;

use common::{reported, run, run_with_stdin, testdata};

fn json_of(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> serde_json::Value {
    let mut all = vec!["check", "--output-format", "json"];
    all.extend_from_slice(args);
    let r = run_with_stdin(dir, &all, stdin);
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

const LOGGING: &str = "services/ai-processor/src/logging.py";

/// A single file gets exactly its share of the whole-project diagnostics, computed under the
/// project's contexts (here the Dockerfile's, which only a whole-project walk finds).
#[test]
fn one_file_gets_its_diagnostics_from_the_whole_project() {
    let dir = testdata("lambda-service");
    let whole = json_of(&dir, &[], None);
    let one = json_of(&dir, &[LOGGING], None);
    let expected: Vec<(String, String)> = reported(&whole)
        .into_iter()
        .filter(|(_, path)| path == LOGGING)
        .collect();
    assert_eq!(reported(&one), expected);
    assert!(expected.iter().any(|(c, _)| c == "SS001"));
    assert!(expected.iter().any(|(c, _)| c == "SS002"));
    assert_eq!(one["contexts"], whole["contexts"]);
    // From inside the service, with the file relative to there: the same findings.
    let inner = dir.join("services/ai-processor");
    let r = run(
        &inner,
        &["check", "--output-format", "concise", "src/logging.py"],
    );
    assert!(
        r.stdout.contains("src/logging.py:1:1: SS001"),
        "{}",
        r.stdout
    );
    // A clean file of the same project: exit 0, nothing reported.
    let r = run(
        &dir,
        &["check", "services/ai-processor/src/lambda_handler.py"],
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
}

/// `--stdin-filename`: the buffer replaces the file on disk, for the scan and the full parse.
#[test]
fn stdin_buffer_stands_in_for_the_file() {
    let dir = testdata("lambda-service");
    // The fix, unsaved: no self-import left, the shadow stays.
    let fixed = b"import json\n\ndef log(message):\n    print(json.dumps({'message': message}))\n";
    let v = json_of(&dir, &["--stdin-filename", LOGGING], Some(fixed));
    assert_eq!(reported(&v), [("SS001".to_string(), LOGGING.to_string())]);
    // An edit, unsaved, that imports the shadow: SS003 at the buffer's line, not the disk's.
    let edited = b"\"\"\"AWS Lambda entry point.\"\"\"\n\nimport time\nimport logging\n\nlog = logging.getLogger(__name__)\n";
    let path = "services/ai-processor/src/lambda_handler.py";
    let v = json_of(&dir, &["--stdin-filename", path], Some(edited));
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "SS003", "{v}");
    assert_eq!(d["path"], path);
    assert_eq!(d["range"]["start"]["line"], 4);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1, "{v}");
    // The code frame of the human format shows the buffer, not the disk.
    let r = run_with_stdin(&dir, &["check", "--stdin-filename", path], Some(edited));
    assert!(r.stdout.contains("import logging"), "{}", r.stdout);
    // A buffer for a file not on disk yet is checked for its own syntax, but is no module of
    // any context until saved.
    let r = run_with_stdin(
        &dir,
        &[
            "check",
            "--stdin-filename",
            "services/ai-processor/src/new.py",
        ],
        Some(b"import (\n"),
    );
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("SS901"), "{}", r.stdout);
}

#[test]
fn stdin_filename_in_a_missing_directory_is_a_usage_error() {
    let r = run_with_stdin(
        &testdata("clean-project"),
        &["check", "--stdin-filename", "no/such/dir/x.py"],
        Some(b"import json\n"),
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--stdin-filename"), "{}", r.stderr);
}
