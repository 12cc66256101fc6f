//! SARIF 2.1.0 (OASIS), the format GitHub code scanning and most security dashboards ingest:
//! one run, the rules with their documentation, one result a finding with its related
//! locations. Validated against the official schema in `tests/formats.rs`.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::check::Report;
use crate::diagnostic::Range;
use crate::paths::display_path;
use crate::rules::{Rule, Severity};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where a rule's documentation is published: `docs/rules.md` of the repository.
pub fn help_uri(rule: Rule) -> String {
    format!(
        "{}/blob/main/docs/rules.md#{}-{}",
        env!("CARGO_PKG_REPOSITORY"),
        rule.code().to_ascii_lowercase(),
        rule.name()
    )
}

/// A relative path as a URI reference: `/` kept, everything outside RFC 3986's unreserved
/// set percent-encoded; absolute paths become `file://` URIs.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn region(range: Range) -> Value {
    json!({
        "startLine": range.start.line,
        "startColumn": range.start.column,
        "endLine": range.end.line,
        "endColumn": range.end.column,
    })
}

/// SARIF's levels include ours by name (`error`, `warning`).
fn level(severity: Severity) -> String {
    severity.to_string()
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = Rule::all()
        .map(|rule| {
            json!({
                "id": rule.code(),
                "name": rule.name(),
                "shortDescription": { "text": rule.description() },
                "fullDescription": { "text": rule.rationale() },
                "help": { "text": rule.doc(), "markdown": rule.doc() },
                "helpUri": help_uri(rule),
                "defaultConfiguration": { "level": level(rule.severity()) },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|d| {
            let location = |path: &std::path::Path, range: Option<Range>| {
                let mut physical = json!({
                    "artifactLocation": { "uri": uri(&display_path(path, &report.cwd)) },
                });
                if let Some(range) = range {
                    physical["region"] = region(range);
                }
                physical
            };
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(id, r)| {
                    json!({
                        "id": id,
                        "physicalLocation": location(&r.path, r.range),
                        "message": { "text": report.text(&r.message) },
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": d.rule.code(),
                "ruleIndex": Rule::all().position(|r| r == d.rule),
                "level": level(d.severity()),
                "message": { "text": report.text(&d.message) },
                "locations": [{ "physicalLocation": location(&d.path, Some(d.range)) }],
                "properties": {
                    "contexts": report.texts(&d.contexts),
                    "pythonVersions": d.versions.iter().map(ToString::to_string).collect::<Vec<_>>(),
                },
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            result
        })
        .collect();
    let document = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "stdshadow",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &document).map_err(io::Error::from)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("src/logging.py"), "src/logging.py");
        assert_eq!(uri("my dir/100%.py"), "my%20dir/100%25.py");
        assert_eq!(uri("/abs/x.py"), "file:///abs/x.py");
    }
}
