//! The machine-readable formats: SARIF and JSON validate against their schemas on every
//! fixture, GitHub annotations escape their data, GitLab fingerprints are stable and unique.

mod common;

use std::path::{Path, PathBuf};

use common::{run, testdata};

fn fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(testdata(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    dirs
}

fn validator(schema: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(schema);
    // SARIF 2.1.0's `language` patterns have a stray `]` (`…-[a-zA-Z]{2}]?$`) that ECMA regexes
    // read as a literal and the meta-schema's `regex` format rejects; use the pattern they mean.
    // stdshadow never writes `language`.
    let text = std::fs::read_to_string(path).unwrap().replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}(-[a-zA-Z]{2})?$""#,
    );
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("a valid schema")
}

fn output(dir: &Path, format: &str) -> String {
    let r = run(dir, &["check", "--output-format", format]);
    assert!(
        r.code == 0 || r.code == 1,
        "{}: {}",
        dir.display(),
        r.stderr
    );
    r.stdout
}

fn assert_valid(validator: &jsonschema::Validator, text: &str, what: &str) {
    let value: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn sarif_and_json_validate_on_every_fixture() {
    let sarif = validator("tests/data/sarif/sarif-schema-2.1.0.json");
    let json = validator("docs/json-output.schema.json");
    let mut results = 0;
    for dir in fixtures() {
        let text = output(&dir, "sarif");
        assert_valid(&sarif, &text, &format!("SARIF of {}", dir.display()));
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        results += value["runs"][0]["results"].as_array().unwrap().len();
        assert_valid(
            &json,
            &output(&dir, "json"),
            &format!("JSON of {}", dir.display()),
        );
    }
    assert!(
        results >= 20,
        "only {results} SARIF results over the fixtures"
    );
}

/// The schemas are not vacuous: a document with a wrong field fails them.
#[test]
fn schemas_reject_wrong_documents() {
    let json = validator("docs/json-output.schema.json");
    let mut value: serde_json::Value =
        serde_json::from_str(&output(&testdata("lambda-service"), "json")).unwrap();
    value["diagnostics"][0]["range"]["start"]["line"] = 0.into();
    assert!(!json.is_valid(&value));
    let sarif = validator("tests/data/sarif/sarif-schema-2.1.0.json");
    let mut value: serde_json::Value =
        serde_json::from_str(&output(&testdata("lambda-service"), "sarif")).unwrap();
    value["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!sarif.is_valid(&value));
}

#[test]
fn format_snapshots() {
    let dir = testdata("lambda-service");
    for format in ["sarif", "github", "gitlab"] {
        insta::assert_snapshot!(format!("lambda_service_{format}"), output(&dir, format));
    }
}

#[test]
fn gitlab_fingerprints_are_stable_and_unique() {
    let dir = testdata("docker-monorepo");
    let first: serde_json::Value = serde_json::from_str(&output(&dir, "gitlab")).unwrap();
    let second: serde_json::Value = serde_json::from_str(&output(&dir, "gitlab")).unwrap();
    assert_eq!(first, second);
    let prints: Vec<&str> = first
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    let mut unique = prints.clone();
    unique.sort();
    unique.dedup();
    assert!(prints.len() >= 2);
    assert_eq!(unique.len(), prints.len(), "{prints:?}");
}

/// A directory named `lib%50,a:b<newline>c` on the path puts every special character in the
/// annotation's file property and message; each must come out escaped, one line a finding.
#[test]
fn github_annotations_escape_properties_and_data() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = tmp.path().join("lib%50,a:b\nc");
    std::fs::create_dir(&lib).unwrap();
    std::fs::write(lib.join("json.py"), "VALUE = 1\n").unwrap();
    let r = run(
        tmp.path(),
        &[
            "check",
            "--output-format",
            "github",
            "--pythonpath",
            "lib%50,a:b\nc",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", r.stdout);
    let line = lines[0];
    assert!(
        line.starts_with(
            "::error file=lib%2550%2Ca%3Ab%0Ac/json.py,line=1,col=1,endLine=1,endColumn=1,title=SS001 stdlib-shadow::"
        ),
        "{line}"
    );
    let message = line.split_once("::").unwrap().1.split_once("::").unwrap().1;
    assert!(
        message.contains("`lib%2550,a:b%0Ac` is on the search path"),
        "{message}"
    );
}
